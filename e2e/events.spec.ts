import { createServer, type IncomingMessage } from 'node:http'
import type { AddressInfo } from 'node:net'
import { SEED_USERS } from '../src/sim'
import { expect, screenshot, test } from './fixtures'
import { signIn } from './support/sign-in'

const { demo } = SEED_USERS

test('the events view shows what the filter drops, offers the fix, and previews the draft side by side', async ({
  app,
  sim,
}, testInfo) => {
  const { page } = app
  sim.mutateUser(demo.id, {
    attributes: { webhookUrl: 'https://hooks.example.com/bt', webhookTypes: 'DeviceOnline,alarm' },
  })
  await signIn(page, sim.url, demo.email, demo.password)
  await page.getByRole('tab', { name: 'Events' }).click()
  await expect(page.getByTestId('events-summary')).toHaveText(
    'Your filter would have dropped 13 of 15 events in the last 24 h.',
  )
  await expect(page.getByText('"DeviceOnline" (did you mean deviceOnline?)')).toBeVisible()
  await expect(
    page.getByRole('listitem').filter({ hasText: 'vibration' }).getByText('would be sent'),
  ).toBeVisible()
  await screenshot(page, testInfo, 'events-filter')

  await page.getByRole('button', { name: 'Fix in the editor' }).click()
  await expect(page.getByRole('tab', { name: 'Webhook' })).toHaveAttribute('aria-selected', 'true')
  await expect(page.getByRole('checkbox', { name: /^deviceOnline\b/ })).toBeChecked()
  await page.getByRole('tab', { name: 'Events' }).click()
  await expect(page.getByTestId('events-draft-summary')).toHaveText(
    'With your unsaved filter: 4 of 15 would be sent.',
  )
  await screenshot(page, testInfo, 'events-draft-preview')
})

test('backfill sends what the cloud would have sent, in order, with progress, marked as replays', async ({
  app,
  sim,
}, testInfo) => {
  const received: { headers: IncomingMessage['headers']; body: string }[] = []
  const receiver = createServer((req, res) => {
    let body = ''
    req.on('data', (c) => (body += c))
    req.on('end', () => {
      received.push({ headers: req.headers, body })
      setTimeout(() => res.writeHead(200).end(), 250)
    })
  })
  await new Promise<void>((done) => receiver.listen(0, '127.0.0.1', () => done()))
  try {
    const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`
    sim.mutateUser(demo.id, {
      attributes: { webhookUrl: url, webhookTypes: 'deviceOnline,alarm,geofenceEnter,geofenceExit' },
    })
    const { page } = app
    await signIn(page, sim.url, demo.email, demo.password)
    await page.getByRole('tab', { name: 'Events' }).click()
    const all = page.getByRole('button', { name: 'Send all the cloud would have sent (8)' })
    // Real requests to a real receiver: the count and the target are confirmed first.
    await all.click()
    const confirm = page.getByRole('dialog', { name: 'Send 8 events now?' })
    await expect(confirm).toContainText(url)
    await expect(confirm).toContainText('Sending stops at the first failure.')
    await screenshot(page, testInfo, 'events-backfill-confirm')
    await confirm.getByRole('button', { name: 'Cancel' }).click()
    await expect(confirm).toBeHidden()
    expect(received).toHaveLength(0)
    await all.click()
    await confirm.getByRole('button', { name: 'Send 8' }).click()
    const progress = page.getByRole('progressbar', { name: 'Sending events' })
    await expect(progress).toBeVisible()
    await screenshot(page, testInfo, 'events-backfill')
    await expect(page.getByText('Done: 8 delivered, 0 failed.')).toBeVisible({ timeout: 15_000 })
    expect(received).toHaveLength(8)
    const times = received.map((r) => Date.parse(JSON.parse(r.body).event.eventTime))
    expect([...times].sort((a, b) => a - b)).toEqual(times)
    for (const r of received) expect(r.headers['x-webhook-desk']).toBe('replay')
  } finally {
    receiver.close()
  }
})

test('a backfill that stops at the first failure says so as a warning', async ({ app, sim }, testInfo) => {
  let hits = 0
  const receiver = createServer((req, res) => {
    hits++
    req.resume()
    req.on('end', () => res.writeHead(500).end())
  })
  await new Promise<void>((done) => receiver.listen(0, '127.0.0.1', () => done()))
  try {
    const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`
    sim.mutateUser(demo.id, { attributes: { webhookUrl: url, webhookTypes: 'deviceOnline,alarm' } })
    const { page } = app
    await signIn(page, sim.url, demo.email, demo.password)
    await page.getByRole('tab', { name: 'Events' }).click()
    await page.getByRole('button', { name: /^Send all the cloud would have sent \(\d+\)$/ }).click()
    await page
      .getByRole('dialog', { name: /^Send \d+ events? now\?$/ })
      .getByRole('button', { name: /^Send \d+$/ })
      .click()
    const summary = page
      .getByRole('status')
      .filter({ hasText: 'Stopped at the first failure: 0 delivered, 1 failed.' })
    // Generous: the sender itself gives up after 10 s, and a busy machine adds to that.
    await expect(summary).toBeVisible({ timeout: 30_000 })
    await expect(summary).toHaveClass(/\bwarning\b/)
    await screenshot(page, testInfo, 'events-backfill-stopped')
    expect(hits).toBe(1)
  } finally {
    receiver.close()
  }
})

test('live events arrive while the view is open', async ({ app, sim }, testInfo) => {
  const { page } = app
  await signIn(page, sim.url, demo.email, demo.password)
  await page.getByRole('tab', { name: 'Events' }).click()
  await expect(page.getByTestId('events-summary')).toContainText('15 events')
  await page.getByRole('switch', { name: 'Live' }).check()
  await expect(page.getByText(/^Live\. The server pushes events here only/)).toBeVisible()
  sim.injectEvent({ deviceId: 12, type: 'alarm', attributes: { alarm: 'tampering' } })
  await expect(page.getByRole('listitem').first()).toContainText('tampering')
  await expect(page.getByTestId('events-summary')).toContainText('16 events')
  await screenshot(page, testInfo, 'events-live')
})

test('10,000 events load with progress and scroll without putting them all in the page', async ({
  app,
  sim,
}, testInfo) => {
  const now = Date.now()
  for (let i = 0; i < 10_000; i++) {
    sim.state.events.push({
      id: 100_000 + i,
      type: i % 3 ? 'deviceMoving' : 'alarm',
      deviceId: 10 + (i % 3),
      time: now - 60_000 - i * 8_000,
      positionId: 0,
      geofenceId: 0,
      maintenanceId: 0,
      attributes: i % 3 ? {} : { alarm: 'vibration' },
    })
  }
  const { page } = app
  await signIn(page, sim.url, demo.email, demo.password)
  await page.getByRole('tab', { name: 'Events' }).click()
  await expect(page.getByTestId('events-summary')).toContainText(
    `${(10_015).toLocaleString('en-US')} events`,
    { timeout: 20_000 },
  )
  const list = page.getByRole('list', { name: 'Events, newest first' })
  expect(await list.getByRole('listitem').count()).toBeLessThan(60)
  await list.evaluate((el) => (el.scrollTop = el.scrollHeight))
  await expect(list.getByRole('listitem').last()).toBeVisible()
  await screenshot(page, testInfo, 'events-10k')
})
