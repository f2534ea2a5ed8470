/**
 * English and German: the app follows the system language (--lang stands in for the OS), and the
 * switch in Settings changes every word at once, keeps what is on screen, and is remembered.
 */
import { SEED_USERS } from '../src/sim'
import { expect, screenshot, test } from './fixtures'
import { sendTestToInbox } from './support/inbox'

const { demo } = SEED_USERS

test.describe('on a German system', () => {
  test.use({ appArgs: ['--lang=de'] })

  test('the whole demo loop speaks German, main’s errors and diagnoses included', async ({
    app,
    sim,
  }, testInfo) => {
    const { page } = app
    await expect(page.locator('html')).toHaveAttribute('lang', 'de')
    await expect(
      page.getByText('Webhook der BikeTrax Cloud einrichten, testen und untersuchen.'),
    ).toBeVisible()
    await screenshot(page, testInfo, 'sign-in-de')

    // An error worded by main, not by the window.
    await page.getByLabel('Server').fill(sim.url)
    await page.getByLabel('E-Mail').fill(demo.email)
    await page.getByLabel('Passwort', { exact: true }).fill('not-the-password')
    await page.getByRole('button', { name: 'Anmelden', exact: true }).click()
    await expect(page.getByText('E-Mail oder Passwort stimmen nicht.', { exact: false })).toBeVisible()

    await page.getByRole('button', { name: 'Demo-Server ausprobieren' }).click()
    await expect(page.getByLabel('Angemeldetes Konto')).toContainText('Demo Rider')
    await expect(page.getByRole('status').filter({ hasText: 'eine simulierte BikeTrax Cloud' })).toBeVisible()
    await expect(page.getByTestId('webhook-status')).toHaveText('Webhook aus')
    await screenshot(page, testInfo, 'demo-mode-de')

    await page.getByRole('tab', { name: 'Posteingang' }).click()
    await page.getByRole('button', { name: 'Empfang starten' }).click()
    await page.getByRole('button', { name: 'Als Webhook-URL verwenden' }).click()
    await page.getByRole('button', { name: 'Änderungen prüfen' }).click()
    await page
      .getByRole('dialog', { name: 'Änderungen prüfen' })
      .getByRole('button', { name: 'Auf dem Server speichern' })
      .click()
    await expect(page.getByTestId('webhook-status')).toContainText(
      'Webhook an — alle Ereignisse → http://127.0.0.1:',
    )

    await page.getByRole('tab', { name: 'Test' }).click()
    await page.getByRole('button', { name: 'Test senden' }).click()
    const result = page.getByRole('article', { name: 'Ergebnis der Zustellung' })
    await expect(result.getByText('Zugestellt', { exact: true }).first()).toBeVisible()
    await expect(result).toContainText('Die Cloud zählt das als zugestellt.')
    await screenshot(page, testInfo, 'demo-test-de')

    await page.getByRole('tab', { name: 'Posteingang' }).click()
    await expect(
      page.getByRole('list', { name: 'Eingegangene Anfragen' }).getByRole('button').first(),
    ).toBeVisible({
      timeout: 30_000,
    })
    await screenshot(page, testInfo, 'demo-inbox-de')
    await page.getByRole('tab', { name: 'Ereignisse' }).click()
    await expect(page.getByTestId('events-summary')).toContainText('Ereignis')
    await screenshot(page, testInfo, 'demo-events-de')
  })
})

test('the Settings switch changes the language at once, keeps unsaved input, and is remembered', async ({
  app,
}, testInfo) => {
  const { page } = app
  await page.getByRole('button', { name: 'Try the demo server' }).click()
  await expect(page.getByLabel('Signed-in account')).toContainText('Demo Rider')
  // A test delivery, explained by main in English…
  await sendTestToInbox(page)
  await expect(page.getByRole('article', { name: 'Delivery result' })).toContainText(
    'The cloud counts this as delivered.',
  )
  await page.getByRole('tab', { name: 'Webhook' }).click()
  const url = page.getByRole('textbox', { name: 'Webhook URL' })
  await url.fill('https://example.com/not-saved-yet')
  await screenshot(page, testInfo, 'demo-mode-en')

  await page.getByRole('button', { name: 'Settings' }).click()
  const settings = page.getByRole('dialog', { name: 'Settings' })
  await expect(settings.getByRole('radio', { name: 'System language (English)' })).toBeChecked()
  await settings.getByRole('radio', { name: 'Deutsch (German)' }).check()
  const einstellungen = page.getByRole('dialog', { name: 'Einstellungen' })
  await expect(einstellungen.getByRole('radio', { name: 'Deutsch' })).toBeChecked()
  await screenshot(page, testInfo, 'settings-de')
  await einstellungen.getByRole('button', { name: 'Schließen' }).click()

  await expect(page.locator('html')).toHaveAttribute('lang', 'de')
  await expect(page.getByRole('tab', { name: 'Ereignisse' })).toBeVisible()
  // Nothing on screen is lost by switching.
  await expect(page.getByRole('textbox', { name: 'Webhook-URL' })).toHaveValue(
    'https://example.com/not-saved-yet',
  )
  await expect(page.getByText('Nicht gespeicherte Änderungen').first()).toBeVisible()
  // …and the same delivery in German once the app speaks German.
  await page.getByRole('tab', { name: 'Test' }).click()
  await expect(page.getByRole('article', { name: 'Ergebnis der Zustellung' })).toContainText(
    'Die Cloud zählt das als zugestellt.',
  )

  // Remembered: a new start is German too.
  await page.reload()
  await expect(page.getByRole('tab', { name: 'Ereignisse' })).toBeVisible()
  await page.getByRole('button', { name: 'Einstellungen' }).click()
  await page
    .getByRole('dialog', { name: 'Einstellungen' })
    .getByRole('radio', { name: 'Systemsprache (English)' })
    .check()
  await expect(page.getByRole('dialog', { name: 'Settings' })).toBeVisible()
  await page.getByRole('button', { name: 'Close' }).click()
  await expect(page.getByRole('tab', { name: 'Events' })).toBeVisible()
})
