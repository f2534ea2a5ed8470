import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { DeliveryRecord, PushEvent } from '$shared/contract'
import type { Handlers } from '../src/main/dispatch'
import { startSim, type Sim } from '../src/sim'
import { sanitized } from '../src/sim/api'
import { makeCerts } from './helpers/certs'
import { failure } from './helpers/failure'
import { closedPort } from './helpers/ports'
import { startReceiver, type Receiver } from './helpers/receiver'
import { signInAs, testHandlers } from './helpers/handlers'

const certs = makeCerts()

/** Calls a handler like the renderer would, unwrapping its value. */
async function call<T>(work: Promise<T> | T): Promise<T> {
  return await work
}

function setup(flavor: '6' | '4.12') {
  const ctx = {} as { sim: Sim; handlers: Handlers; pushed: PushEvent[]; receiver: Receiver }
  beforeAll(async () => {
    ctx.receiver = await startReceiver()
  })
  afterAll(() => ctx.receiver.close())
  // A fresh server, app data and session per test, so one failure cannot leave state for the next.
  beforeEach(async () => {
    ctx.sim = await startSim({ flavor, clock: false })
    ctx.pushed = []
    ctx.handlers = testHandlers({ push: (e) => ctx.pushed.push(e), delivery: { ca: certs.ca } })
    await signInAs(ctx.handlers, ctx.sim)
    ctx.receiver.requests.length = 0
    ctx.receiver.respond = (_r, res) => res.writeHead(200).end('ok')
  })
  afterEach(() => ctx.sim.stop())
  return ctx
}

const EVENT_KEYS = { '6': 'eventTime', '4.12': 'serverTime' } as const

describe.each(['6', '4.12'] as const)('test webhooks, Traccar %s', (flavor) => {
  const ctx = setup(flavor)
  const test = (body: string, extra: Partial<Parameters<Handlers['sendTest']>[0]> = {}) =>
    call(
      ctx.handlers.sendTest({
        url: `${ctx.receiver.url}/hook`,
        body,
        eventType: 'alarm',
        timeoutMs: 5000,
        insecureTls: false,
        ...extra,
      }),
    )

  it("builds each type's body like the cloud's, from the account's real device and position", async () => {
    const source = await call(ctx.handlers.getTestSource())
    expect(source.devices.map((d) => d.name)).toEqual(["Anna's Trekking", 'City Commuter', 'Mountain E-Bike'])
    expect(source.generation).toBe(flavor === '6' ? 'modern' : 'legacy')
    // As the server sends it: HTML-escaped on 4.12 (sanitize on), as the cloud's payload would be.
    expect(source.escaping).toBe(flavor === '4.12' ? 'yes' : 'no')
    const device = sanitized(ctx.sim.state, ctx.sim.state.deviceJson(ctx.sim.state.devices.get(11)!))
    const position = sanitized(
      ctx.sim.state,
      ctx.sim.state.positionJson(ctx.sim.state.positions.get(ctx.sim.state.devices.get(11)!.positionId)!),
    )
    for (const type of ['deviceOnline', 'deviceMoving', 'alarm', 'geofenceEnter', 'ignitionOff']) {
      const body = JSON.parse(await call(ctx.handlers.buildTestBody({ eventType: type, deviceId: 11 })))
      expect(Object.keys(body.event)).toEqual([
        'id',
        'attributes',
        'deviceId',
        'type',
        EVENT_KEYS[flavor],
        'positionId',
        'geofenceId',
        'maintenanceId',
      ])
      expect(body.event).toMatchObject({ type, deviceId: 11 })
      expect(body.device).toEqual(device)
      if (type === 'deviceOnline') {
        expect(Object.keys(body)).toEqual(['event', 'device'])
        expect(body.event.positionId).toBe(0)
      } else {
        expect(body.position).toEqual(position)
        expect(body.event.positionId).toBe(position.id)
      }
      if (type === 'geofenceEnter')
        expect(body.geofence).toMatchObject({ name: 'Home', area: expect.stringMatching(/^CIRCLE/) })
      if (type === 'alarm') expect(body.event.attributes).toEqual({ alarm: 'vibration' })
    }
  })

  it('adds the maintenance object where the event has a maintenanceId, in tests and replays', async () => {
    const body = JSON.parse(
      await call(ctx.handlers.buildTestBody({ eventType: 'maintenance', deviceId: 10 })),
    )
    const maintenance = sanitized(ctx.sim.state, ctx.sim.state.maintenances.get(1)!)
    expect(body.event.maintenanceId).toBe(1)
    expect(body.maintenance).toEqual(maintenance)
    const real = ctx.sim.injectEvent({ deviceId: 10, type: 'maintenance' })
    const replay = JSON.parse((await call(ctx.handlers.buildEventBody({ eventId: real.id }))).body)
    expect(replay.maintenance).toEqual(maintenance)
    // The next test counts the seeded day of events.
    ctx.sim.state.events.splice(ctx.sim.state.events.indexOf(real), 1)
    const alarm = JSON.parse(await call(ctx.handlers.buildTestBody({ eventType: 'alarm', deviceId: 10 })))
    expect(alarm).not.toHaveProperty('maintenance')
  })

  it('rebuilds a real recent event with its device and position', async () => {
    const recent = await call(ctx.handlers.listRecentEvents({ hours: 24 }))
    expect(recent.length).toBe(15)
    expect(Date.parse(recent[0]!.time)).toBeGreaterThan(Date.parse(recent[recent.length - 1]!.time))
    const alarm = recent.find((e) => e.alarm === 'vibration')!
    expect(alarm.deviceName).toBe('City Commuter')
    const { body, eventType } = await call(ctx.handlers.buildEventBody({ eventId: alarm.id }))
    const parsed = JSON.parse(body)
    expect(eventType).toBe('alarm')
    expect(parsed.event).toEqual(
      ctx.sim.state.eventJson(ctx.sim.state.events.find((e) => e.id === alarm.id)!),
    )
    expect(parsed.device.id).toBe(11)
    expect(parsed.position.id).toBe(parsed.event.positionId)
  })

  it('sends exactly the cloud request plus the test marker, byte for byte', async () => {
    const body = await call(ctx.handlers.buildTestBody({ eventType: 'alarm', deviceId: 10 }))
    const record = await test(body, { psk: 'Bearer s3cr3t' })
    const [req] = ctx.receiver.requests
    expect(req!.method).toBe('POST')
    expect(req!.path).toBe('/hook')
    expect(req!.rawHeaders.filter((_, i) => i % 2 === 0)).toEqual([
      'Content-Type',
      'X-PowTxn',
      'Authorization',
      'X-Webhook-Desk',
      'Content-Length',
      'Host',
      'Connection',
    ])
    expect(req!.headers).toMatchObject({
      'content-type': 'application/json',
      authorization: 'Bearer s3cr3t',
      'x-webhook-desk': 'test',
    })
    expect(req!.headers['x-powtxn']).toMatch(/^[0-9a-f-]{36}$/)
    expect(req!.body).toBe(body)
    expect(record.verdict).toBe('delivered')
    expect(record.request.headers.find(([k]) => k === 'Authorization')![1]).toBe(
      'Bearer •••••••• (13 characters)',
    )
  })

  it('sends no Authorization header without a PSK', async () => {
    await test('{"event":{}}')
    expect(ctx.receiver.requests[0]!.headers).not.toHaveProperty('authorization')
  })

  const NEXT = {
    delivered: 'Nothing to do.',
    otherSuccess: 'Make the receiver answer 200 (or 201).',
    redirect: 'Use the final URL, without redirects.',
    path: 'Check the path in the URL and that the receiver accepts POST.',
    tooLarge: 'Raise the body size limit',
    server: 'Look at the receiver’s logs',
    other: 'Look at the response body below',
  }
  it.each([
    [200, 'delivered', 'Delivered', 'success', NEXT.delivered],
    [201, 'delivered', 'Delivered', 'success', NEXT.delivered],
    [202, 'cloudWouldFail', 'The cloud would count this as failed', 'warning', NEXT.otherSuccess],
    [204, 'cloudWouldFail', 'The cloud would count this as failed', 'warning', NEXT.otherSuccess],
    [299, 'cloudWouldFail', 'The cloud would count this as failed', 'warning', NEXT.otherSuccess],
    [300, 'failed', 'Redirect (300)', 'warning', NEXT.redirect],
    [399, 'failed', 'Redirect (399)', 'warning', NEXT.redirect],
    [400, 'failed', 'Refused: 400', 'danger', NEXT.other],
    [401, 'failed', 'Refused: 401', 'danger', 'Compare the header value'],
    [403, 'failed', 'Refused: 403', 'danger', 'Compare the header value'],
    [404, 'failed', 'Not found (404)', 'danger', NEXT.path],
    [405, 'failed', 'Method not allowed (405)', 'danger', NEXT.path],
    [413, 'failed', 'Payload too large (413)', 'danger', NEXT.tooLarge],
    [499, 'failed', 'Refused: 499', 'danger', NEXT.other],
    [500, 'failed', 'Server error (500)', 'danger', NEXT.server],
    [503, 'failed', 'Server error (503)', 'danger', NEXT.server],
  ])('judges %i by the cloud rule: %s', async (status, verdict, title, tone, next) => {
    ctx.receiver.respond = (_r, res) => res.writeHead(status).end()
    const record = await test('{"event":{}}', { psk: 'Bearer x' })
    expect(record.verdict).toBe(verdict)
    expect(record.diagnosis).toMatchObject({ title, tone })
    expect(record.diagnosis.nextStep).toContain(next)
    expect(record.response!.status).toBe(status)
    if (status === 401) expect(record.diagnosis.detail).toContain('webhookPsk')
  })

  it('shows a redirect with its Location and says the cloud does not follow it', async () => {
    ctx.receiver.respond = (_r, res) =>
      res.writeHead(301, { 'X-Before': 'not the location', location: 'https://elsewhere.example/hook' }).end()
    const record = await test('{}')
    expect(record.diagnosis).toMatchObject({
      title: 'Redirect (301)',
      tone: 'warning',
      nextStep: 'Put the final URL into webhookUrl.',
    })
    expect(record.diagnosis.detail).toContain('https://elsewhere.example/hook')
    expect(record.diagnosis.detail).toContain('not known to follow redirects')
  })

  it('captures the response: status line, headers, pretty body, timings, remote address', async () => {
    ctx.receiver.respond = (_r, res) =>
      res.writeHead(200, 'OK', { 'Content-Type': 'application/json', 'X-Receiver': 'yes' }).end('{"ok":true}')
    const record = await test('{}')
    expect(record.response).toMatchObject({
      status: 200,
      statusText: 'OK',
      body: '{"ok":true}',
      bodySize: 11,
      truncated: false,
    })
    expect(record.response!.headers).toContainEqual(['X-Receiver', 'yes'])
    expect(record.remoteAddress).toBe('127.0.0.1')
    const t = record.timings
    expect(t.connectMs).not.toBeNull()
    expect(t.firstByteMs!).toBeGreaterThanOrEqual(t.connectMs!)
    expect(t.totalMs).toBeGreaterThanOrEqual(t.firstByteMs!)
    expect(record.reachability).toContain('not reachable from the cloud')
  })

  it('truncates a large response body and reports its full size', async () => {
    ctx.receiver.respond = (_r, res) => res.writeHead(200).end('x'.repeat(200_000))
    const record = await test('{}')
    expect(record.response!.truncated).toBe(true)
    expect(record.response!.bodySize).toBe(200_000)
    expect(record.response!.body.length).toBe(64 * 1024)
  })

  it.each([
    [64 * 1024, false],
    [64 * 1024 + 1, true],
  ])('keeps a response of %i bytes whole only up to 64 KiB (truncated: %s)', async (size, truncated) => {
    ctx.receiver.respond = (_r, res) => res.writeHead(200).end('y'.repeat(size))
    const record = await test('{}')
    expect(record.response).toMatchObject({ bodySize: size, truncated })
    expect(record.response!.body).toBe('y'.repeat(64 * 1024))
  })

  it('sends a large body intact, keeps only its first 64 KB (marked cut) and will not resend the cut one', async () => {
    const body = JSON.stringify({ event: { id: 1 }, padding: 'p'.repeat(500_000) })
    const record = await test(body)
    expect(ctx.receiver.requests[0]!.body).toBe(body)
    expect(record.request).toMatchObject({ truncated: true, bodySize: body.length })
    expect(record.request.body).toBe(body.slice(0, 64 * 1024))
    const stored = (await call(ctx.handlers.listDeliveries())).find((d) => d.id === record.id)!
    expect(stored.request.body.length).toBe(64 * 1024)
    expect((await failure(Promise.resolve(ctx.handlers.resendDelivery({ id: record.id })))).code).toBe(
      'delivery.truncated',
    )
    expect(
      (await failure(Promise.resolve(ctx.handlers.deliveryCurl({ id: record.id, revealSecret: false }))))
        .code,
    ).toBe('delivery.truncated')
    expect(ctx.receiver.requests).toHaveLength(1)
  })

  it('diagnoses a timeout (configurable)', async () => {
    ctx.receiver.respond = (_r, res) => void setTimeout(() => res.writeHead(200).end(), 1500)
    const record = await test('{}', { timeoutMs: 500 })
    expect(record.verdict).toBe('failed')
    expect(record.error!.code).toBe('ETIMEDOUT')
    expect(record.diagnosis.title).toBe('Timed out')
    expect(record.diagnosis.detail).toContain('0.5 s')
  })

  it('diagnoses a connection closed without a response', async () => {
    ctx.receiver.respond = (_r, res) => res.socket!.destroy()
    const record = await test('{}')
    expect(record.diagnosis.title).toBe('Connection closed without a response')
  })

  it('says a receiver reachable from here is not reachable from the cloud, naming the address when it differs', async () => {
    const port = new URL(ctx.receiver.url).port
    const byAddress = await test('{}', { url: `http://127.0.0.1:${port}/hook` })
    expect(byAddress.reachability).toMatch(
      /^Reachable from here is not reachable from the cloud: 127\.0\.0\.1 is /,
    )
    const byName = await test('{}', { url: `http://localhost:${port}/hook` })
    expect(byName.reachability).toMatch(
      /^Reachable from here is not reachable from the cloud: localhost \(127\.0\.0\.1\) is /,
    )
    // Without an answer there is nothing to compare.
    const refused = await test('{}', { url: `http://127.0.0.1:${await closedPort()}/hook` })
    expect(refused.reachability).toBeNull()
  })

  it('names the error code of a failure it has no words for', async () => {
    // TLS to a plain-http receiver: the handshake fails with an OpenSSL error code.
    const record = await test('{}', { url: `https://127.0.0.1:${new URL(ctx.receiver.url).port}/hook` })
    expect(record.verdict).toBe('failed')
    expect(record.diagnosis.title).toBe('The request failed')
    expect(record.diagnosis.detail).toBe(
      `Webhook Desk could not complete the request (${record.error!.code}).`,
    )
    expect(record.error!.code).not.toBe('EUNKNOWN')
    expect(ctx.receiver.requests).toHaveLength(0)
  })

  it('diagnoses a refused connection and an unknown host', async () => {
    const refused = await test('{}', { url: `http://127.0.0.1:${await closedPort()}/hook` })
    expect(refused.diagnosis).toMatchObject({ title: 'Connection refused', tone: 'danger' })
    const dns = await test('{}', { url: 'https://no-such-receiver.invalid/hook' })
    expect(dns.diagnosis.title).toBe('The host name could not be found')
    expect(dns.diagnosis.nextStep).toContain('nslookup no-such-receiver.invalid')
  })

  it('refuses a bad URL, a header-injecting PSK and a body that is not a JSON object', async () => {
    await expect(test('{}', { url: 'ftp://x.example/' })).rejects.toMatchObject({ code: 'test.invalidUrl' })
    await expect(test('{}', { psk: 'Bearer x\r\nX-Evil: 1' })).rejects.toMatchObject({
      code: 'test.invalidPsk',
    })
    await expect(test('{}', { psk: 'Bearer tok✓' })).rejects.toMatchObject({
      code: 'test.invalidPsk',
      message: expect.stringContaining('U+2713 (✓) at position 11'),
    })
    await expect(test('{"event": ')).rejects.toMatchObject({
      code: 'test.invalidBody',
      message: expect.stringMatching(/^The body is not valid JSON \(.+\)\. Fix it/),
    })
    await expect(test('[1,2]')).rejects.toMatchObject({
      code: 'test.invalidBody',
      message: expect.stringContaining('The body must be a JSON object'),
    })
    expect(ctx.receiver.requests).toHaveLength(0)
  })

  it('keeps a masked history with send again, cURL (masked unless asked) and clear', async () => {
    await call(ctx.handlers.clearDeliveries())
    const first = await test('{"n":1}', { psk: 'Bearer hist-secret' })
    const list = await call(ctx.handlers.listDeliveries())
    expect(list.map((d) => d.id)).toEqual([first.id])
    expect(JSON.stringify(list)).not.toContain('hist-secret')
    const curl = await call(ctx.handlers.deliveryCurl({ id: first.id, revealSecret: false }))
    expect(curl).toContain(`curl -X POST '${ctx.receiver.url}/hook'`)
    expect(curl).toContain("-H 'Authorization: Bearer •••••••• (18 characters)'")
    expect(curl).toContain(`--data-raw '{"n":1}'`)
    expect(await call(ctx.handlers.deliveryCurl({ id: first.id, revealSecret: true }))).toContain(
      "-H 'Authorization: Bearer hist-secret'",
    )
    const again = await call(ctx.handlers.resendDelivery({ id: first.id }))
    expect(again.id).not.toBe(first.id)
    expect(ctx.receiver.requests.map((r) => r.headers.authorization)).toEqual([
      'Bearer hist-secret',
      'Bearer hist-secret',
    ])
    expect(ctx.receiver.requests[0]!.headers['x-powtxn']).not.toBe(
      ctx.receiver.requests[1]!.headers['x-powtxn'],
    )
    expect((await call(ctx.handlers.listDeliveries())).length).toBe(2)
    await call(ctx.handlers.clearDeliveries())
    expect(await call(ctx.handlers.listDeliveries())).toEqual([])
  })

  it('masks a password in the URL like the PSK: delivery, list and cURL (unless asked)', async () => {
    const url = ctx.receiver.url.replace('://', '://hook-user:url-secret-pw@') + '/hook'
    const sent = await test('{}', { url })
    const masked = ctx.receiver.url.replace('://', '://hook-user:••••••••@') + '/hook'
    expect(sent.request.url).toBe(masked)
    expect(JSON.stringify(await call(ctx.handlers.listDeliveries()))).not.toContain('url-secret-pw')
    const curl = await call(ctx.handlers.deliveryCurl({ id: sent.id, revealSecret: false }))
    expect(curl).toContain(`curl -X POST '${masked}'`)
    expect(curl).not.toContain('url-secret-pw')
    expect(await call(ctx.handlers.deliveryCurl({ id: sent.id, revealSecret: true }))).toContain(url)
  })
})

describe('test webhooks over TLS', () => {
  const ctx = setup('6')
  const servers: Receiver[] = []
  afterAll(async () => Promise.all(servers.map((s) => s.close())))

  async function tls(pair: { key: string; cert: string }): Promise<Receiver> {
    const receiver = await startReceiver(pair)
    servers.push(receiver)
    return receiver
  }

  const send = (url: string, insecureTls = false): Promise<DeliveryRecord> =>
    call(
      ctx.handlers.sendTest({
        url: `${url}/hook`,
        psk: 'Bearer tls-secret',
        body: '{}',
        eventType: 'alarm',
        timeoutMs: 5000,
        insecureTls,
      }),
    )

  it('delivers to a valid certificate and shows it', async () => {
    const receiver = await tls(certs.valid)
    const record = await send(receiver.url)
    expect(record.verdict).toBe('delivered')
    expect(record.certificate).toMatchObject({
      subject: 'CN=valid',
      issuer: 'CN=Webhook Desk Test CA',
      trusted: true,
      problem: null,
      selfSigned: false,
    })
    expect(record.timings.tlsMs!).toBeGreaterThanOrEqual(record.timings.connectMs!)
  })

  it.each([
    ['self-signed', 'selfSigned', 'Self-signed certificate', 'DEPTH_ZERO_SELF_SIGNED_CERT'],
    ['expired', 'expired', 'Certificate expired', 'CERT_HAS_EXPIRED'],
    ['for another host', 'wrongHost', 'Certificate is for another name', 'ERR_TLS_CERT_ALTNAME_INVALID'],
    [
      'with an incomplete chain',
      'incompleteChain',
      'Incomplete certificate chain',
      'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
    ],
  ] as const)('refuses a certificate %s before sending anything', async (_label, which, title, code) => {
    const receiver = await tls(certs[which])
    const record = await send(receiver.url)
    expect(record.verdict).toBe('failed')
    expect(record.error!.code).toBe(code)
    expect(record.diagnosis.title).toBe(title)
    expect(record.certificate).toMatchObject({ trusted: false, problem: code })
    // The PSK never went to a server that failed verification.
    expect(receiver.requests).toHaveLength(0)
  })

  it('sends despite a bad certificate only when asked, for that test', async () => {
    const receiver = await tls(certs.selfSigned)
    const record = await send(receiver.url, true)
    expect(record.verdict).toBe('delivered')
    expect(record.insecureTls).toBe(true)
    expect(record.certificate).toMatchObject({ trusted: false, selfSigned: true })
    expect(receiver.requests).toHaveLength(1)
  })
})

describe('the local inbox', () => {
  const ctx = setup('6')

  it('receives test sends live, answers as told, and stops', async () => {
    const started = await call(ctx.handlers.startInbox({ port: 0 }))
    expect(started.running).toBe(true)
    expect(started.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/webhook$/)
    const body = await call(ctx.handlers.buildTestBody({ eventType: 'geofenceExit', deviceId: 10 }))
    const ok = await call(
      ctx.handlers.sendTest({
        url: started.url!,
        psk: 'Bearer inbox',
        body,
        eventType: 'geofenceExit',
        timeoutMs: 5000,
        insecureTls: false,
      }),
    )
    expect(ok.verdict).toBe('delivered')
    const arrival = (await call(ctx.handlers.getInbox())).arrivals[0]!
    expect(arrival).toMatchObject({ method: 'POST', path: '/webhook', body, answeredWith: 200 })
    expect(arrival.headers).toContainEqual(['Authorization', 'Bearer inbox'])
    expect(ctx.pushed).toContainEqual({ type: 'inbox.arrival', arrival })

    await call(ctx.handlers.setInboxReply({ status: 202, delayMs: 300 }))
    const slow = await call(
      ctx.handlers.sendTest({
        url: started.url!,
        body: '{}',
        eventType: 'alarm',
        timeoutMs: 5000,
        insecureTls: false,
      }),
    )
    expect(slow.verdict).toBe('cloudWouldFail')
    expect(slow.timings.firstByteMs!).toBeGreaterThanOrEqual(290)

    expect((await call(ctx.handlers.clearInbox())).arrivals).toEqual([])
    const stopped = await call(ctx.handlers.stopInbox())
    expect(stopped).toMatchObject({ running: false, url: null })
    await call(ctx.handlers.setInboxReply({ status: 200, delayMs: 0 }))
  })

  it("receives the simulator's real forwarded events when webhookUrl points at it: the whole loop", async () => {
    const { url } = await call(ctx.handlers.startInbox({ port: 0 }))
    const state = await call(ctx.handlers.loadWebhook())
    const saved = await call(
      ctx.handlers.saveWebhook({
        userId: state.userId,
        baseline: state.values,
        values: { webhookUrl: url!, webhookPsk: 'Bearer loop' },
        removeKeys: [],
      }),
    )
    expect(saved.status).toBe('saved')
    for (let i = 0; i < 6; i++) ctx.sim.tick()
    await ctx.sim.forwarder.settle()
    const inbox = await call(ctx.handlers.getInbox())
    expect(inbox.arrivals.length).toBeGreaterThan(0)
    const first = inbox.arrivals[inbox.arrivals.length - 1]!
    expect(first.headers).toContainEqual(['Authorization', 'Bearer loop'])
    expect(first.headers.some(([k]) => k === 'X-PowTxn')).toBe(true)
    expect(first.headers.some(([k]) => k === 'X-Webhook-Desk')).toBe(false)
    expect(JSON.parse(first.body).device.name).toMatch(/Trekking|Commuter|Mountain/)
    await call(ctx.handlers.stopInbox())
  })

  it('keeps the newest 200 arrivals and bodies up to 1 MiB, saying how big a longer one was', async () => {
    const { url } = await call(ctx.handlers.startInbox({ port: 0 }))
    const post = (body: string) => fetch(url!, { method: 'POST', body }).then((r) => r.text())
    const mib = 1024 * 1024
    await post('a'.repeat(mib))
    await post('b'.repeat(mib + 1))
    let arrivals = (await call(ctx.handlers.getInbox())).arrivals
    expect(arrivals[1]!.body).toBe('a'.repeat(mib))
    const [kept, note] = arrivals[0]!.body.split('\n')
    expect(kept).toMatch(/^b+$/)
    expect(kept!.length).toBeLessThanOrEqual(mib)
    expect(note).toBe(`… (${mib + 1} bytes in all)`)
    for (let i = 0; i < 200; i++) await post(`{"n":${i}}`)
    arrivals = (await call(ctx.handlers.getInbox())).arrivals
    expect(arrivals).toHaveLength(200)
    expect(arrivals[0]!.body).toBe('{"n":199}')
    expect(arrivals[199]!.body).toBe('{"n":0}')
    await call(ctx.handlers.stopInbox())
  })

  it('says so when the chosen port is taken', async () => {
    const receiver = await startReceiver()
    const port = Number(new URL(receiver.url).port)
    await expect(call(ctx.handlers.startInbox({ port }))).rejects.toMatchObject({ code: 'inbox.portInUse' })
    await receiver.close()
  })
})
