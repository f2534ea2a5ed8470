import { createServer } from 'node:https'
import type { AddressInfo } from 'node:net'
import { SEED_USERS } from '../src/sim'
import { makeCerts } from '../test/helpers/certs'
import { expect, screenshot, test } from './fixtures'
import { startInbox } from './support/inbox'
import { signIn } from './support/sign-in'

const { demo } = SEED_USERS

test('draft URL pointing at the inbox: send a test, see it arrive and the verdict, copy as cURL', async ({
  app,
  sim,
}, testInfo) => {
  const { page } = app
  await signIn(page, sim.url, demo.email, demo.password)

  const inboxUrl = await startInbox(page)
  expect(inboxUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/webhook$/)
  await page.getByRole('button', { name: 'Use as webhook URL' }).click()
  await expect(page.getByRole('tab', { name: 'Webhook' })).toHaveAttribute('aria-selected', 'true')
  await expect(page.getByLabel('Webhook URL')).toHaveValue(inboxUrl)
  await page.getByRole('textbox', { name: 'Authorization header' }).fill('Bearer draft-psk')

  await page.getByRole('tab', { name: 'Test' }).click()
  // Nothing is saved yet: the unsaved changes are the one target that can send, so the view starts there.
  await expect(page.getByRole('radio', { name: /^Unsaved changes/ })).toBeChecked()
  await expect(page.getByRole('button', { name: 'Send test' })).toBeEnabled()
  await screenshot(page, testInfo, 'test-starts-on-draft')
  await page.getByRole('combobox', { name: 'Event type' }).selectOption('alarm')
  await expect(page.getByRole('textbox', { name: /^Body/ })).toHaveValue(/"alarm": "vibration"/)
  await page.getByRole('button', { name: 'Send test' }).click()
  const result = page.getByRole('article', { name: 'Delivery result' })
  await expect(result).toContainText('Delivered')
  await expect(result).toContainText('200 OK')
  await expect(result).toContainText('Only tested from this computer')
  await screenshot(page, testInfo, 'test-success')

  await page.getByRole('button', { name: 'Copy as cURL' }).click()
  // Copying asks main for the command first: read the clipboard once the app says it is there.
  await expect(page.getByText('cURL command copied (Authorization masked).')).toBeVisible()
  const curl = await page.evaluate(() =>
    (
      globalThis as unknown as { navigator: { clipboard: { readText(): Promise<string> } } }
    ).navigator.clipboard.readText(),
  )
  expect(curl).toContain(`curl -X POST '${inboxUrl}'`)
  expect(curl).toContain('Authorization: Bearer ••••••••')
  expect(curl).not.toContain('draft-psk')

  await page.getByRole('tab', { name: 'Inbox' }).click()
  const arrivals = page.getByRole('list', { name: 'Arrived requests' })
  await expect(arrivals.getByRole('button')).toHaveCount(1)
  await expect(arrivals).toContainText("alarm · Anna's Trekking")
  const detail = page.getByRole('article', { name: 'Request detail' })
  await expect(detail).toContainText('X-Webhook-Desk')
  await expect(detail).not.toContainText('draft-psk')
  await page.getByLabel('Show the Authorization value').check()
  await expect(detail).toContainText('Bearer draft-psk')
  await screenshot(page, testInfo, 'inbox-arrivals')
  // Nothing was saved to the server by testing.
  expect(sim.state.users.get(demo.id)!.json.attributes).not.toHaveProperty('webhookUrl')
})

test('failing endpoints show their diagnosis: refused, 202 and a self-signed certificate; history shows them all', async ({
  app,
  sim,
}, testInfo) => {
  const { page } = app
  await signIn(page, sim.url, demo.email, demo.password)

  const inboxUrl = await startInbox(page)
  await page.getByRole('combobox', { name: 'Answer with status' }).selectOption('202')
  // The new reply is set by a call of its own; send only once the inbox has it.
  await expect
    .poll(() =>
      page.evaluate(async () => {
        const api = (
          globalThis as unknown as {
            api: { getInbox(): Promise<{ ok: boolean; value?: { reply: { status: number } } }> }
          }
        ).api
        return (await api.getInbox()).value?.reply.status
      }),
    )
    .toBe(202)

  await page.getByRole('tab', { name: 'Test' }).click()
  const other = page.getByRole('textbox', { name: 'Other URL' })
  const result = page.getByRole('article', { name: 'Delivery result' })

  await other.fill(inboxUrl)
  await page.getByRole('button', { name: 'Send test' }).click()
  await expect(result).toContainText('Cloud would count as failed')
  await expect(result).toContainText('The cloud only accepts 200 and 201')
  await screenshot(page, testInfo, 'test-202')

  const certs = makeCerts()
  const tls = createServer(certs.selfSigned, (_req, res) => res.writeHead(200).end())
  await new Promise<void>((done) => tls.listen(0, '127.0.0.1', () => done()))
  try {
    await other.fill(`https://127.0.0.1:${(tls.address() as AddressInfo).port}/hook`)
    await page.getByRole('button', { name: 'Send test' }).click()
    await expect(result).toContainText('Self-signed certificate')
    await expect(result).toContainText('Not trusted: DEPTH_ZERO_SELF_SIGNED_CERT')
    // Refused before sending: the request is what would have gone, beside "Nothing was sent".
    await expect(result.getByRole('region', { name: 'Would have sent' })).toBeVisible()
    await expect(result.getByRole('region', { name: 'Request', exact: true })).toHaveCount(0)
    await expect(result).toContainText('Nothing was sent')
    await screenshot(page, testInfo, 'test-tls-failure')
  } finally {
    tls.close()
  }

  await other.fill('http://127.0.0.1:1/hook')
  await page.getByRole('button', { name: 'Send test' }).click()
  await expect(result).toContainText('Connection refused')

  const history = page.getByRole('region', { name: 'Test deliveries' })
  const entries = history.getByRole('list').getByRole('button')
  await expect(entries).toHaveCount(3)
  await expect(entries.nth(0)).toContainText('Connection refused')
  await expect(entries.nth(2)).toContainText('202')
  await entries.nth(1).click()
  await expect(result).toContainText('Self-signed certificate')
})
