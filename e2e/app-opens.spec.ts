import { expect, screenshot, test } from './fixtures'

test('the app opens on the sign-in screen', async ({ app }, testInfo) => {
  const { page } = app
  await expect(page).toHaveTitle('Webhook Desk')
  await expect(page.getByRole('heading', { name: 'Webhook Desk' })).toBeVisible()
  await expect(page.getByLabel('Server')).toHaveValue('https://traccar.powunity.com')
  await expect(page.getByLabel('Email')).toBeVisible()
  await expect(page.getByLabel('Password', { exact: true })).toBeVisible()
  await expect(page.getByRole('button', { name: 'Sign in' })).toBeVisible()
  // The version comes from main through window.api: proof the contract works end to end.
  await expect(page.getByText(/Webhook Desk \d+\.\d+\.\d+/)).toBeVisible()
  await screenshot(page, testInfo, 'sign-in-light')
  await page.emulateMedia({ colorScheme: 'dark' })
  await screenshot(page, testInfo, 'sign-in-dark')
})
