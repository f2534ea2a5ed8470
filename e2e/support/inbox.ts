/** The app's inbox as the journeys use it: a receiver that needs no outside server. */
import { expect, type Page } from '@playwright/test'

/** Opens the Inbox, starts receiving and returns its URL. */
export async function startInbox(page: Page): Promise<string> {
  await page.getByRole('tab', { name: 'Inbox' }).click()
  await page.getByRole('button', { name: 'Start receiving' }).click()
  return (await page.getByTestId('inbox-url').textContent())!
}

/** Starts the inbox and sends one test delivery to it. */
export async function sendTestToInbox(page: Page): Promise<string> {
  const inboxUrl = await startInbox(page)
  await page.getByRole('tab', { name: 'Test' }).click()
  await page.getByRole('textbox', { name: 'Other URL' }).fill(inboxUrl)
  await page.getByRole('button', { name: 'Send test' }).click()
  await expect(page.getByRole('article', { name: 'Delivery result' })).toBeVisible()
  return inboxUrl
}
