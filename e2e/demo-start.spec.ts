import { expect, test } from './fixtures'

test.use({ appArgs: ['--demo'] })

test('starting with --demo goes straight into the demo server', async ({ app }) => {
  await expect(app.page.getByLabel('Signed-in account')).toContainText('Demo Rider')
  await expect(app.page.getByText('Demo server', { exact: true })).toBeVisible()
})
