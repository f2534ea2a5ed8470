/** Steps shared by the journeys: sign in to the simulator through the real form. */
import { expect, type Page } from '@playwright/test'

export async function signIn(
  page: Page,
  server: string,
  email: string,
  password: string,
  remember = true,
): Promise<void> {
  await page.getByLabel('Server').fill(server)
  await page.getByLabel('Email').fill(email)
  await page.getByLabel('Password', { exact: true }).fill(password)
  const box = page.getByLabel('Remember me on this computer')
  if ((await box.isChecked()) !== remember) await box.click()
  await page.getByRole('button', { name: 'Sign in', exact: true }).click()
}

export async function expectSignedIn(page: Page, name: string): Promise<void> {
  await expect(page.getByLabel('Signed-in account')).toContainText(name)
}
