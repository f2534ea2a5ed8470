/** axe-core on every screen and state a user meets: no serious or critical violations. */
import { SEED_USERS } from '../src/sim'
import { expect, test } from './fixtures'
import { audit } from './support/axe'
import { sendTestToInbox } from './support/inbox'
import { signIn } from './support/sign-in'

for (const scheme of ['light', 'dark'] as const) {
  test(`every screen passes axe in the ${scheme} theme`, async ({ app, sim }) => {
    // A walk through every screen with an axe audit on each: longer than one journey.
    test.setTimeout(240_000)
    const { page } = app
    await page.emulateMedia({ colorScheme: scheme })
    await audit(page, 'sign-in')

    await signIn(page, sim.url, SEED_USERS.totp.email, SEED_USERS.totp.password, false)
    await expect(page.getByLabel('Verification code')).toBeVisible()
    await audit(page, 'two-factor')
    await page.getByRole('button', { name: 'Back' }).click()

    sim.mutateUser(SEED_USERS.demo.id, {
      attributes: { WebhookURL: 'https://typo.example/', webhookTypes: 'DeviceOnline' },
    })
    await signIn(page, sim.url, SEED_USERS.demo.email, SEED_USERS.demo.password, false)
    await expect(page.getByTestId('webhook-status')).toBeVisible()
    await audit(page, 'webhook editor')
    await page.getByLabel('Webhook URL').fill('https://hooks.example.com/x')
    await page.getByRole('button', { name: 'Fix → deviceOnline' }).click()
    await audit(page, 'webhook editor with changes')
    await page.getByRole('button', { name: 'Review changes' }).click()
    await expect(page.getByRole('dialog', { name: 'Review changes' })).toBeVisible()
    await audit(page, 'review dialog', 'dialog')
    await page.getByRole('button', { name: 'Keep editing' }).click()

    await sendTestToInbox(page)
    await audit(page, 'test result')

    await page.getByRole('tab', { name: 'Events' }).click()
    await expect(page.getByTestId('events-summary')).toBeVisible()
    await audit(page, 'events')

    await page.getByRole('tab', { name: 'Inbox' }).click()
    await expect(page.getByRole('article', { name: 'Request detail' })).toBeVisible()
    await audit(page, 'inbox')

    await page.getByRole('button', { name: 'Settings' }).click()
    await expect(page.getByRole('dialog', { name: 'Settings' })).toBeVisible()
    await audit(page, 'settings dialog', 'dialog')
    // The German window is audited too (labels and names are in the message files).
    await page.getByRole('radio', { name: 'Deutsch (German)' }).check()
    await page.getByRole('button', { name: 'Schließen' }).click()
    await expect(page.getByRole('tab', { name: 'Posteingang' })).toBeVisible()
    await audit(page, 'inbox in German')
  })
}
