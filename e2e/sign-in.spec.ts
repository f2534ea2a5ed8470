import { DEMO_TOTP_KEY, SEED_USERS, startSim, totpCode } from '../src/sim'
import { expect, screenshot, test } from './fixtures'
import { startInbox } from './support/inbox'
import { keychainItemsOf } from './support/keychain'
import { expectSignedIn, signIn } from './support/sign-in'

const { demo, totp } = SEED_USERS

test('sign in to the simulator, then again after a restart without typing the password', async ({
  app,
  sim,
}, testInfo) => {
  let page = app.page
  await signIn(page, `${sim.url}/api/`, demo.email, demo.password)
  await expectSignedIn(page, 'Demo Rider')
  await expect(page.getByLabel('Signed-in account')).toContainText(
    `demo@example.com on 127.0.0.1:${sim.port} · Traccar 6.14.5`,
  )
  await screenshot(page, testInfo, 'signed-in')

  page = await app.restart()
  const saved = page.getByRole('button', { name: /^Sign in as demo@example\.com on 127\.0\.0\.1/ })
  await expect(saved).toBeVisible()
  await screenshot(page, testInfo, 'saved-accounts')
  await saved.click()
  await expectSignedIn(page, 'Demo Rider')

  await page.getByRole('button', { name: 'Sign out' }).click()
  await expect(page.getByRole('heading', { name: 'Saved accounts' })).toBeVisible()
})

test('a wrong password shows its error next to the password field', async ({ app, sim }, testInfo) => {
  const { page } = app
  await signIn(page, sim.url, demo.email, 'not-the-password')
  const password = page.getByLabel('Password', { exact: true })
  await expect(password).toHaveAttribute('aria-invalid', 'true')
  await expect(page.locator('#secret-error')).toHaveText(
    'The email or password is not right. Check both and try again.',
  )
  await screenshot(page, testInfo, 'wrong-password')
  // Nothing was lost: the server and email are still there to correct.
  await expect(page.getByLabel('Server')).toHaveValue(sim.url)
  await expect(page.getByLabel('Email')).toHaveValue(demo.email)
})

test('an unreachable server is named in the error under the server field', async ({ app }, testInfo) => {
  const { page } = app
  await signIn(page, 'https://no-such-server.invalid', demo.email, demo.password)
  await expect(page.locator('#server-error')).toContainText('no-such-server.invalid could not be found')
  await screenshot(page, testInfo, 'server-unreachable')
})

test('a 2FA account is asked for the verification code', async ({ app, sim }, testInfo) => {
  const { page } = app
  await signIn(page, sim.url, totp.email, totp.password, false)
  const code = page.getByLabel('Verification code')
  await expect(code).toBeFocused()
  await screenshot(page, testInfo, 'two-factor')
  await code.fill('000000')
  await page.getByRole('button', { name: 'Verify' }).click()
  await expect(page.locator('#code-error')).toContainText('not right')
  await code.fill(String(totpCode(DEMO_TOTP_KEY)).padStart(6, '0'))
  await code.press('Enter')
  await expectSignedIn(page, 'Two-Factor Rider')
})

test('forget account removes it from the list and the keychain', async ({ app, sim }, testInfo) => {
  let page = app.page
  const accountId = `${sim.url}|${demo.email}`
  await signIn(page, sim.url, demo.email, demo.password)
  await expectSignedIn(page, 'Demo Rider')
  // A save seals a history entry under the account's local-data key, a second keychain item.
  await page.getByLabel('Webhook URL').fill('https://hooks.example.com/forget-me')
  await page.getByRole('button', { name: 'Review changes' }).click()
  await page
    .getByRole('dialog', { name: 'Review changes' })
    .getByRole('button', { name: 'Save to server' })
    .click()
  await expect(page.getByTestId('webhook-status')).toContainText('hooks.example.com')
  await expect.poll(() => keychainItemsOf(accountId)).toEqual([accountId, `${accountId}|local-data-key`])
  await page.getByRole('button', { name: 'Sign out' }).click()
  await page.getByRole('button', { name: /Forget demo@example\.com/ }).click()
  const dialog = page.getByRole('dialog', { name: 'Forget this account?' })
  await expect(dialog).toBeVisible()
  await screenshot(page, testInfo, 'forget-dialog')
  await dialog.getByRole('button', { name: 'Forget account' }).click()
  await expect(page.getByRole('heading', { name: 'Saved accounts' })).toBeHidden()
  expect(await keychainItemsOf(accountId)).toEqual([])
  page = await app.restart()
  await expect(page.getByLabel('Email')).toBeVisible()
  await expect(page.getByRole('heading', { name: 'Saved accounts' })).toBeHidden()
})

test('switch account keeps the session until another account signs in', async ({ app, sim }) => {
  const { page } = app
  await signIn(page, sim.url, demo.email, demo.password)
  await expectSignedIn(page, 'Demo Rider')
  await page.getByRole('button', { name: 'Switch account' }).click()
  await expect(page.getByText('You are still signed in as demo@example.com')).toBeVisible()
  await page.getByRole('button', { name: 'Back', exact: true }).click()
  await expectSignedIn(page, 'Demo Rider')
  await page.getByRole('button', { name: 'Switch account' }).click()
  await signIn(page, sim.url, SEED_USERS.rider1.email, SEED_USERS.rider1.password)
  await expectSignedIn(page, 'Rider One')
})

test('"Try the demo server" starts the simulator inside the app and signs in as the demo rider', async ({
  app,
}, testInfo) => {
  const { page } = app
  await page.getByRole('button', { name: 'Try the demo server' }).click()
  await expectSignedIn(page, 'Demo Rider')
  await expect(page.getByText('Demo server', { exact: true })).toBeVisible()
  await expect(
    page.getByRole('status').filter({ hasText: 'a simulated BikeTrax Cloud running on this computer' }),
  ).toBeVisible()
  await expect(page.getByTestId('webhook-status')).toHaveText('Webhook off')
  await screenshot(page, testInfo, 'demo-mode')
  // The whole loop on one machine: inbox URL as the webhook, real forwarded events arrive.
  await startInbox(page)
  await page.getByRole('button', { name: 'Use as webhook URL' }).click()
  await page.getByRole('button', { name: 'Review changes' }).click()
  await page
    .getByRole('dialog', { name: 'Review changes' })
    .getByRole('button', { name: 'Save to server' })
    .click()
  await expect(page.getByTestId('webhook-status')).toContainText(
    'Webhook on — all events → http://127.0.0.1:',
  )
  await page.getByRole('tab', { name: 'Inbox' }).click()
  await expect(page.getByRole('list', { name: 'Arrived requests' }).getByRole('button').first()).toBeVisible({
    timeout: 30_000,
  })
  await screenshot(page, testInfo, 'demo-inbox')
})

test('a server with a web login (OpenID) offers it; the browser harness says it needs the desktop app', async ({
  app,
  sim,
}, testInfo) => {
  const { page } = app
  const webLogin = page.getByRole('button', { name: 'Sign in with the web login' })
  // The plain simulator has no web login: no button.
  await page.getByLabel('Server').fill(sim.url)
  await expect(page.getByTestId('web-login')).toHaveCount(0)
  const openid = await startSim({ flavor: '6', openid: 'enabled', clock: false })
  try {
    await page.getByLabel('Server').fill(openid.url)
    await expect(webLogin).toBeVisible()
    if (testInfo.project.name === 'electron') {
      await expect(webLogin).toBeEnabled()
      await expect(page.getByTestId('web-login')).toContainText('Webhook Desk never sees your password')
    } else {
      await expect(webLogin).toBeDisabled()
      await expect(webLogin).toHaveAccessibleDescription(/opens in a window of the desktop app/)
    }
    await screenshot(page, testInfo, 'web-login-offered')
    // Back to a server without one: the offer goes away.
    await page.getByLabel('Server').fill(sim.url)
    await expect(page.getByTestId('web-login')).toHaveCount(0)
  } finally {
    await openid.stop()
  }
})
