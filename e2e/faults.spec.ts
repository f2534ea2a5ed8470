import { SEED_USERS } from '../src/sim'
import { HTML_PAGE } from '../src/sim/faults'
import { expect, screenshot, test } from './fixtures'
import { expectSignedIn, signIn } from './support/sign-in'

const { demo } = SEED_USERS
const userPath = `/api/users/${demo.id}`

/** Sets a fault through the simulator's control API, as any client could. */
async function fault(simUrl: string, spec: Record<string, unknown>): Promise<void> {
  const res = await fetch(`${simUrl}/sim/faults`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(spec),
  })
  expect(res.ok).toBe(true)
}

async function reviewAndSave(page: import('@playwright/test').Page): Promise<void> {
  await page.getByRole('button', { name: 'Review changes' }).click()
  await page
    .getByRole('dialog', { name: 'Review changes' })
    .getByRole('button', { name: 'Save to server' })
    .click()
}

test('a save whose answer and re-read were lost says the outcome is unknown; Check again settles it', async ({
  app,
  sim,
}, testInfo) => {
  const { page } = app
  await signIn(page, sim.url, demo.email, demo.password)
  await page.getByLabel('Webhook URL').fill('https://lost-answer.example/hook')
  // The save's first read passes; the PUT is carried out but its answer is lost, and so is the re-read.
  await fault(sim.url, { method: 'GET', path: userPath, times: 1 })
  await fault(sim.url, { method: 'PUT', path: userPath, action: 'apply-then-reset', times: 1 })
  await fault(sim.url, { method: 'GET', path: userPath, action: 'reset', times: 1 })
  await reviewAndSave(page)

  const unknown = page.getByRole('status').filter({ hasText: 'Not known whether this was saved' })
  await expect(unknown).toContainText('reading the account back failed too')
  await expect(page.getByText('Unsaved changes', { exact: true })).toBeVisible()
  await expect(page.getByRole('alert').filter({ hasText: 'Not saved' })).toHaveCount(0)
  await screenshot(page, testInfo, 'save-outcome-unknown')
  expect(sim.state.users.get(demo.id)!.json.attributes).toMatchObject({
    webhookUrl: 'https://lost-answer.example/hook',
  })

  await unknown.getByRole('button', { name: 'Check again' }).click()
  await expect(page.getByText('the new values are there')).toBeVisible()
  await expect(unknown).toHaveCount(0)
  await expect(page.getByTestId('webhook-status')).toContainText('https://lost-answer.example/hook')
  await expect(page.getByRole('button', { name: /Restore the values from before/ })).toHaveCount(1)
  await screenshot(page, testInfo, 'save-confirmed-by-reread')
})

test('a server that fails a save with an HTML 500 page: a server error, nothing changed, the edit kept', async ({
  app,
  sim,
}, testInfo) => {
  const { page } = app
  await signIn(page, sim.url, demo.email, demo.password)
  await page.getByLabel('Webhook URL').fill('https://after-500.example/hook')
  await fault(sim.url, {
    method: 'PUT',
    path: userPath,
    status: 500,
    body: HTML_PAGE,
    contentType: 'text/html',
    times: 1,
  })
  await reviewAndSave(page)
  const error = page.getByRole('alert').filter({ hasText: 'Not saved' })
  await expect(error).toContainText('failed while handling the request (500)')
  await expect(error).toContainText('nothing was changed')
  await expect(error).not.toContainText('Traccar')
  await expect(page.getByLabel('Webhook URL')).toHaveValue('https://after-500.example/hook')
  await expect(page.getByText('Unsaved changes', { exact: true })).toBeVisible()
  await screenshot(page, testInfo, 'save-server-failed')
  expect(sim.state.users.get(demo.id)!.json.attributes).not.toHaveProperty('webhookUrl')
})

test('a header value with a character a header cannot carry is refused, naming it and its position', async ({
  app,
  sim,
}, testInfo) => {
  const { page } = app
  await signIn(page, sim.url, demo.email, demo.password)
  await page.getByLabel('Webhook URL').fill('https://hooks.example.com/hook')
  await page.getByLabel('Authorization header').fill('Bearer “t0ken”')
  await expect(page.getByText('cannot contain U+201C (“) at position 8')).toBeVisible()
  await page.getByRole('button', { name: 'Review changes' }).click()
  await expect(page.getByText('Fix the problems marked above before saving.')).toBeVisible()
  await expect(page.getByRole('dialog', { name: 'Review changes' })).toHaveCount(0)
  await screenshot(page, testInfo, 'psk-foreign-character')
  expect(sim.state.users.get(demo.id)!.json.attributes).not.toHaveProperty('webhookPsk')
})

test('a test send with a header value set elsewhere that a header cannot carry is refused, naming it', async ({
  app,
  sim,
}, testInfo) => {
  const { page } = app
  // Set in the web UI, say: the editor explains it, and a test refuses to send it.
  sim.mutateUser(demo.id, {
    attributes: { webhookUrl: 'https://hooks.example.com/hook', webhookPsk: 'Bearer ok\u2713' },
  })
  await signIn(page, sim.url, demo.email, demo.password)
  await expect(page.getByText('cannot contain U+2713 (✓) at position 10')).toBeVisible()
  await page.getByRole('tab', { name: 'Test' }).click()
  await page.getByRole('radio', { name: /^Saved webhook/ }).check()
  await page.getByRole('button', { name: 'Send test' }).click()
  await expect(page.getByRole('tabpanel')).toContainText('cannot contain U+2713 (✓) at position 10')
  await screenshot(page, testInfo, 'test-psk-foreign-character')
  // Nothing was sent: the delivery list is still empty.
  await expect(page.getByText('Tests you send appear here, newest first.')).toBeVisible()
})

test('a failed sign-in to another account leaves the current session working', async ({
  app,
  sim,
}, testInfo) => {
  const { page } = app
  await signIn(page, sim.url, demo.email, demo.password)
  await expectSignedIn(page, 'Demo Rider')
  const demoSessions = (): string[] =>
    [...sim.state.sessions].filter(([, s]) => s.userId === demo.id).map(([id]) => id)
  const before = demoSessions()
  expect(before).toHaveLength(1)

  await page.getByRole('button', { name: 'Switch account' }).click()
  await signIn(page, sim.url, SEED_USERS.rider1.email, 'not-the-password')
  await expect(page.getByText('The email or password is not right')).toBeVisible()
  await expect(page.getByText('You are still signed in as demo@example.com')).toBeVisible()
  await screenshot(page, testInfo, 'switch-failed-still-signed-in')
  expect(demoSessions()).toEqual(before)

  await page.getByRole('button', { name: 'Back', exact: true }).click()
  await expectSignedIn(page, 'Demo Rider')
  await page.getByLabel('Webhook URL').fill('https://still-signed-in.example/hook')
  await reviewAndSave(page)
  await expect(page.getByTestId('webhook-status')).toContainText('https://still-signed-in.example/hook')
  // The same session did the save: no sign-in again behind the scenes.
  expect(demoSessions()).toEqual(before)
})

test('look-alike keys are flagged, naming the foreign characters, and can be moved', async ({
  app,
  sim,
}, testInfo) => {
  const { page } = app
  const cyrillic = 'webh\u043e\u043ekUrl'
  sim.mutateUser(demo.id, {
    attributes: { [cyrillic]: 'https://look-alike.example/hook', webhook_types: 'alarm' },
  })
  await signIn(page, sim.url, demo.email, demo.password)
  const lookAlike = page.getByRole('status').filter({ hasText: `Misspelled attribute: "${cyrillic}"` })
  await expect(lookAlike).toContainText(
    'only look like the right ones: U+043E (о) at position 5, U+043E (о) at position 6',
  )
  const separated = page.getByRole('status').filter({ hasText: 'Misspelled attribute: "webhook_types"' })
  await expect(separated).toContainText('The cloud only reads webhookTypes')
  await expect(separated).not.toContainText('only look like')
  await screenshot(page, testInfo, 'near-miss-look-alike')

  await lookAlike.getByRole('button', { name: 'Move to webhookUrl' }).click()
  await reviewAndSave(page)
  await expect(page.getByTestId('webhook-status')).toContainText('https://look-alike.example/hook')
  const attributes = sim.state.users.get(demo.id)!.json.attributes as Record<string, unknown>
  expect(attributes).not.toHaveProperty(cyrillic)
  expect(attributes.webhookUrl).toBe('https://look-alike.example/hook')
})

test('a password in the webhook URL is masked like the PSK, with a warning to use the header', async ({
  app,
  sim,
}, testInfo) => {
  const { page } = app
  await signIn(page, sim.url, demo.email, demo.password)
  const url = 'https://hook-user:url-s3cret@hooks.example.com/bt'
  const masked = 'https://hook-user:••••••••@hooks.example.com/bt'
  await page.getByLabel('Webhook URL').fill(url)
  await expect(page.getByText('The cloud may not send them as an Authorization header')).toBeVisible()
  await page.getByRole('button', { name: 'Review changes' }).click()
  const review = page.getByRole('dialog', { name: 'Review changes' })
  await expect(review).toContainText(masked)
  await expect(review).not.toContainText('url-s3cret')
  await review.getByRole('button', { name: 'Save to server' }).click()
  await expect(page.getByTestId('webhook-status')).toHaveText(`Webhook on — all events → ${masked}`)
  await expect(page.getByRole('button', { name: /Restore the values from before/ })).toHaveCount(1)
  const editor = page.getByRole('tabpanel')
  await expect(editor).toContainText(masked)
  await screenshot(page, testInfo, 'url-password-masked')
  // Only the field being edited holds it.
  expect(await editor.evaluate((el) => el.innerText)).not.toContain('url-s3cret')
  await page.getByRole('tab', { name: 'Test' }).click()
  await expect(page.getByRole('tabpanel')).toContainText(masked)
  expect(await page.getByRole('tabpanel').evaluate((el) => el.innerText)).not.toContain('url-s3cret')
  expect(sim.state.users.get(demo.id)!.json.attributes).toMatchObject({ webhookUrl: url })
})
