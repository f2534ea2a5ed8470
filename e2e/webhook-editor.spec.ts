import { FLAVORS, SEED_USERS } from '../src/sim'
import { expect, screenshot, test } from './fixtures'
import { expectSignedIn, signIn } from './support/sign-in'

const { demo, readonly } = SEED_USERS
const attributesOf = (
  sim: { state: { users: Map<number, { json: Record<string, unknown> }> } },
  id = demo.id,
) => sim.state.users.get(id)!.json.attributes as Record<string, unknown>

// The main journey on each Traccar version BikeTrax has run (4.12 HTML-escapes, 5.12 rate-limits).
for (const flavor of FLAVORS) {
  test.describe(`Traccar ${flavor}`, () => {
    test.use({ simFlavor: flavor })

    test('set URL, PSK and three event types, review, save: the server holds exactly that', async ({
      app,
      sim,
    }, testInfo) => {
      const { page } = app
      await signIn(page, sim.url, demo.email, demo.password)
      await expect(page.getByTestId('webhook-status')).toHaveText('Webhook off')
      // Nothing to turn off yet: no (disabled) button for it.
      await expect(page.getByRole('button', { name: 'Turn off webhook' })).toHaveCount(0)
      const webhookTab = page.getByRole('tab', { name: /^Webhook/ })
      await expect(webhookTab).not.toContainText('unsaved')

      await page.getByLabel('Webhook URL').fill('http://hooks.example.com/biketrax')
      await expect(page.getByText('Plain http:// sends every event')).toBeVisible()
      await page.getByLabel('Webhook URL').fill('https://hooks.example.com/biketrax')
      await expect(page.getByText('Plain http:// sends every event')).toBeHidden()

      await page.getByRole('button', { name: 'Build…' }).click()
      await page.getByRole('textbox', { name: 'Token' }).fill('s3cr3t-t0ken')
      await page.getByRole('button', { name: 'Use this value' }).click()
      await expect(page.getByLabel('Authorization header')).toHaveValue('Bearer s3cr3t-t0ken')
      await expect(page.getByLabel('Authorization header')).toHaveAttribute('type', 'password')

      await page.getByLabel('Only these event types').check()
      for (const type of ['deviceOnline', 'alarm', 'geofenceEnter'])
        await page.getByRole('checkbox', { name: new RegExp(`^${type}\\b`) }).check()
      await expect(page.getByText('Unsaved changes', { exact: true })).toBeVisible()
      // The tab says it in words, not with a dot only colour tells apart.
      await expect(webhookTab).toContainText('unsaved')
      await screenshot(page, testInfo, `${flavor}-editor-filled`)

      await page.keyboard.press('Control+s')
      const review = page.getByRole('dialog', { name: 'Review changes' })
      await expect(review).toContainText('https://hooks.example.com/biketrax')
      await expect(review).toContainText('Bearer •••••••• (19 characters)')
      await expect(review).not.toContainText('s3cr3t-t0ken')
      await expect(review).toContainText('deviceOnline,alarm,geofenceEnter')
      await expect(review).toContainText('stay exactly as they are on the server')
      await screenshot(page, testInfo, `${flavor}-editor-review`)
      await review.getByRole('button', { name: 'Save to server' }).click()

      await expect(page.getByTestId('webhook-status')).toHaveText(
        'Webhook on — 3 event types → https://hooks.example.com/biketrax',
      )
      expect(attributesOf(sim)).toMatchObject({
        webhookUrl: 'https://hooks.example.com/biketrax',
        webhookPsk: 'Bearer s3cr3t-t0ken',
        webhookTypes: 'deviceOnline,alarm,geofenceEnter',
        speedUnit: 'kmh',
        fcmTokensBikeTrax: ['demo-push-token-1'],
      })
      await expect(page.getByRole('heading', { name: 'Saved from this computer' })).toBeVisible()
      await expect(webhookTab).not.toContainText('unsaved')
      await expect(page.getByRole('button', { name: 'Turn off webhook' })).toBeVisible()
      await expect(page.getByRole('button', { name: /Restore the values from before/ })).toHaveCount(1)
      await screenshot(page, testInfo, `${flavor}-editor-saved`)
    })

    if (flavor === '4.12')
      test('a URL with & on an escaping server: warned, saved on request, and the stored value told', async ({
        app,
        sim,
      }, testInfo) => {
        const { page } = app
        await signIn(page, sim.url, demo.email, demo.password)
        await expect(page.getByText('This server HTML-escapes text')).toBeVisible()
        await page.getByLabel('Webhook URL').fill('https://hooks.example.com/in?id=7&key=abc')
        await expect(page.getByText('Use a URL without them (parameters in the path)')).toBeVisible()
        await page.getByRole('button', { name: 'Review changes' }).click()
        await page
          .getByRole('dialog', { name: 'Review changes' })
          .getByRole('button', { name: 'Save to server' })
          .click()
        await expect(page.getByText('parameters in the path, e.g.')).toBeVisible()
        expect(attributesOf(sim).webhookUrl).toBeUndefined()
        await screenshot(page, testInfo, 'escaping-warned')
        await page.getByRole('button', { name: 'Save anyway' }).click()
        await expect(page.getByText('stored webhookUrl HTML-escaped')).toBeVisible()
        expect(attributesOf(sim).webhookUrl).toBe('https://hooks.example.com/in?id=7&amp;key=abc')
        await screenshot(page, testInfo, 'escaping-saved')

        // Restoring the escaped value would add a layer: refused with the same warning, and no
        // "Save anyway" (which would repeat a save of the form, not the restore).
        await page.getByLabel('Webhook URL').fill('https://hooks.example.com/in/7')
        await page.getByRole('button', { name: 'Review changes' }).click()
        await page
          .getByRole('dialog', { name: 'Review changes' })
          .getByRole('button', { name: 'Save to server' })
          .click()
        await expect.poll(() => attributesOf(sim).webhookUrl).toBe('https://hooks.example.com/in/7')
        // The newest entry (first) is that save, once the history has reloaded.
        const restoreButtons = page.getByRole('button', { name: /Restore the values from before/ })
        await expect(restoreButtons).toHaveCount(2)
        await restoreButtons.first().click()
        await expect(page.getByText('parameters in the path, e.g.')).toBeVisible()
        await expect(page.getByRole('button', { name: 'Save anyway' })).toHaveCount(0)
        expect(attributesOf(sim).webhookUrl).toBe('https://hooks.example.com/in/7')
        await screenshot(page, testInfo, 'escaping-restore-refused')
      })
  })
}

test('a change made elsewhere meanwhile is a conflict, resolved per key', async ({ app, sim }, testInfo) => {
  const { page } = app
  sim.mutateUser(demo.id, { attributes: { webhookUrl: 'https://old.example/hook' } })
  await signIn(page, sim.url, demo.email, demo.password)
  await expect(page.getByLabel('Webhook URL')).toHaveValue('https://old.example/hook')
  // A save that works first: its "Saved." toast must not linger behind the conflict that follows.
  await page.getByLabel('Webhook URL').fill('https://first.example/hook')
  await page.getByRole('button', { name: 'Review changes' }).click()
  await page
    .getByRole('dialog', { name: 'Review changes' })
    .getByRole('button', { name: 'Save to server' })
    .click()
  const savedToast = page.getByText('Saved. The cloud uses the new webhook settings for the next event.')
  await expect(savedToast).toBeVisible()
  sim.mutateUser(demo.id, {
    attributes: { webhookUrl: 'https://theirs.example/hook', webhookTypes: 'alarm' },
  })

  await page.getByLabel('Webhook URL').fill('https://mine.example/hook')
  await page.getByRole('button', { name: 'Review changes' }).click()
  await page
    .getByRole('dialog', { name: 'Review changes' })
    .getByRole('button', { name: 'Save to server' })
    .click()
  const dialog = page.getByRole('dialog', { name: 'The webhook changed on the server' })
  await expect(dialog).toContainText('https://theirs.example/hook')
  await expect(dialog).toContainText('https://mine.example/hook')
  // Counted once, not awaited: a retrying assertion would pass when the toast times out by itself.
  expect(await savedToast.count()).toBe(0)
  await screenshot(page, testInfo, 'editor-conflict')
  expect(attributesOf(sim).webhookUrl).toBe('https://theirs.example/hook')

  // Keep my URL, take their event types.
  await dialog.getByRole('group', { name: 'webhookTypes' }).getByLabel('On the server').check()
  await dialog.getByRole('button', { name: 'Save my choices' }).click()
  await expect(page.getByTestId('webhook-status')).toHaveText(
    'Webhook on — 1 event type → https://mine.example/hook',
  )
  expect(attributesOf(sim)).toMatchObject({ webhookUrl: 'https://mine.example/hook', webhookTypes: 'alarm' })
})

test('a near-miss key is shown, explained and moved to the right key', async ({ app, sim }, testInfo) => {
  const { page } = app
  sim.mutateUser(demo.id, {
    attributes: { WebhookURL: 'https://typo.example/hook', webhookTypes: 'DeviceOnline, alarm' },
  })
  await signIn(page, sim.url, demo.email, demo.password)
  const notice = page.getByRole('status').filter({ hasText: 'Misspelled attribute: "WebhookURL"' })
  await expect(notice).toContainText('The cloud only reads webhookUrl')
  await expect(page.getByText('As found on the server:')).toBeVisible()
  await screenshot(page, testInfo, 'editor-near-miss')
  await notice.getByRole('button', { name: 'Move to webhookUrl' }).click()
  await expect(page.getByLabel('Webhook URL')).toHaveValue('https://typo.example/hook')
  await page.getByRole('button', { name: 'Fix all' }).click()
  await page.getByRole('button', { name: 'Review changes' }).click()
  const review = page.getByRole('dialog', { name: 'Review changes' })
  await expect(review).toContainText('"WebhookURL"')
  await expect(review).toContainText('removed')
  await review.getByRole('button', { name: 'Save to server' }).click()
  await expect(page.getByTestId('webhook-status')).toHaveText(
    'Webhook on — 2 event types → https://typo.example/hook',
  )
  const attributes = attributesOf(sim)
  expect(attributes).not.toHaveProperty('WebhookURL')
  expect(attributes).toMatchObject({
    webhookUrl: 'https://typo.example/hook',
    webhookTypes: 'deviceOnline,alarm',
  })
})

test('a read-only account says so before anything is typed', async ({ app, sim }, testInfo) => {
  const { page } = app
  await signIn(page, sim.url, readonly.email, readonly.password)
  await expectSignedIn(page, 'Readonly Rider')
  await expect(page.getByText('Read-only account')).toBeVisible()
  await expect(page.getByLabel('Webhook URL')).toBeDisabled()
  await expect(page.getByRole('button', { name: 'Review changes' })).toHaveCount(0)
  await screenshot(page, testInfo, 'editor-readonly')
})

test('an unsaved draft is offered back after a restart', async ({ app, sim }, testInfo) => {
  let page = app.page
  await signIn(page, sim.url, demo.email, demo.password)
  await page.getByLabel('Webhook URL').fill('https://draft.example/hook')
  await page.getByLabel('Only these event types').check()
  await page.getByRole('checkbox', { name: /^alarm\b/ }).check()
  await page.waitForTimeout(800)
  page = await app.restart()
  await page.getByRole('button', { name: /^Sign in as demo@example\.com/ }).click()
  const offer = page.getByRole('status').filter({ hasText: 'Unsaved changes from' })
  await expect(offer).toBeVisible()
  await expect(page.getByLabel('Webhook URL')).toHaveValue('')
  await screenshot(page, testInfo, 'editor-draft-offer')
  await offer.getByRole('button', { name: 'Restore' }).click()
  await expect(page.getByLabel('Webhook URL')).toHaveValue('https://draft.example/hook')
  await expect(page.getByRole('checkbox', { name: /^alarm\b/ })).toBeChecked()
  expect(attributesOf(sim)).not.toHaveProperty('webhookUrl')
})

test('turning the webhook off removes the three keys after a confirmation', async ({ app, sim }) => {
  const { page } = app
  sim.mutateUser(demo.id, {
    attributes: { webhookUrl: 'https://a.example/', webhookPsk: 'Bearer x', webhookTypes: 'alarm' },
  })
  await signIn(page, sim.url, demo.email, demo.password)
  await page.getByRole('button', { name: 'Turn off webhook' }).click()
  await page
    .getByRole('dialog', { name: 'Turn off the webhook?' })
    .getByRole('button', { name: 'Turn off webhook' })
    .click()
  await expect(page.getByTestId('webhook-status')).toHaveText('Webhook off')
  await expect(page.getByRole('button', { name: 'Turn off webhook' })).toHaveCount(0)
  const attributes = attributesOf(sim)
  for (const key of ['webhookUrl', 'webhookPsk', 'webhookTypes']) expect(attributes).not.toHaveProperty(key)
  expect(attributes.speedUnit).toBe('kmh')
})
