/**
 * A new user with only a BikeTrax app account: the "BikeTrax Cloud" preset, a refused app
 * password, the token route the screen explains, and the webhook view. The preset points at a
 * 5.12 simulator (WEBHOOK_DESK_BIKETRAX_SERVER), as BikeTrax production most likely runs 5.12.
 */
import { expect, screenshot, test } from './fixtures'
import { expectSignedIn } from './support/sign-in'
import { SEED_USERS, startSim, type Sim } from '../src/sim'

let cloud: Sim
let token: string

test.beforeAll(async () => {
  cloud = await startSim({ flavor: '5.12', clock: false })
  const login = await fetch(`${cloud.url}/api/session`, {
    method: 'POST',
    body: new URLSearchParams({ email: SEED_USERS.demo.email, password: SEED_USERS.demo.password }),
  })
  const cookie = login.headers.get('set-cookie')!.split(';')[0]!
  token = await (
    await fetch(`${cloud.url}/api/session/token`, {
      method: 'POST',
      headers: { cookie },
      body: new URLSearchParams({ expiration: '2099-01-01T00:00:00Z' }),
    })
  ).text()
  process.env.WEBHOOK_DESK_BIKETRAX_SERVER = cloud.url
})
test.afterAll(async () => {
  delete process.env.WEBHOOK_DESK_BIKETRAX_SERVER
  await cloud.stop()
})

test('BikeTrax preset → refused app password → token route → webhook view', async ({ app }, testInfo) => {
  const { page } = app
  await page.getByRole('button', { name: 'BikeTrax Cloud' }).click()
  await expect(page.getByLabel('Server')).toHaveValue(cloud.url)
  const guide = page.getByTestId('biketrax-guide')
  await expect(guide).toContainText('Settings → Advanced')
  await screenshot(page, testInfo, 'biketrax-1-preset')

  // The app password is not the Traccar password.
  await page.getByLabel('Email').fill(SEED_USERS.demo.email)
  await page.getByLabel('Password', { exact: true }).fill('my-biketrax-app-password')
  await page.getByRole('button', { name: 'Sign in', exact: true }).click()
  await expect(page.getByText('may not be your Traccar password')).toBeVisible()
  await screenshot(page, testInfo, 'biketrax-2-refused')

  await guide.getByRole('button', { name: 'Use an access token' }).click()
  await expect(page.getByLabel('Email')).toBeHidden()
  await page.getByLabel('Access token', { exact: true }).fill(token)
  await screenshot(page, testInfo, 'biketrax-3-token')
  await page.getByRole('button', { name: 'Sign in', exact: true }).click()
  await expectSignedIn(page, 'Demo Rider')
  await expect(page.getByTestId('webhook-status')).toBeVisible()
  await expect(page.getByTestId('statusbar')).toContainText('Traccar 5.12')
  await screenshot(page, testInfo, 'biketrax-4-signed-in')
})
