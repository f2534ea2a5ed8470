/** Starts the app's inbox and sends one test delivery to it: a delivery that needs no outside server. */
import { expect, type Page } from '@playwright/test'

export async function sendTestToInbox(page: Page): Promise<string> {
  await page.getByRole('tab', { name: 'Inbox' }).click()
  await page.getByRole('button', { name: 'Start receiving' }).click()
  const inboxUrl = (await page.getByTestId('inbox-url').textContent())!
  await page.getByRole('tab', { name: 'Test' }).click()
  await page.getByRole('textbox', { name: 'Other URL' }).fill(inboxUrl)
  await page.getByRole('button', { name: 'Send test' }).click()
  await expect(page.getByRole('article', { name: 'Delivery result' })).toBeVisible()
  return inboxUrl
}
