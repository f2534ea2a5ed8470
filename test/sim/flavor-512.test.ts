import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEMO_TOTP_KEY, SEED_USERS, startSim, totpCode, type Sim } from '../../src/sim'
import { basic, TestClient } from '../helpers/traccar-client'
import { startReceiver, type Receiver } from '../helpers/receiver'

const { demo, totp, readonly } = SEED_USERS

describe('simulator flavour 5.12 (what BikeTrax most likely runs)', () => {
  let sim: Sim
  const client = (): TestClient => new TestClient(sim.url)
  beforeAll(async () => (sim = await startSim({ flavor: '5.12', clock: false, rateLimit: 0 })))
  afterAll(() => sim.stop())

  it('reports 5.12 with the 5.x server fields, including twelveHourFormat and openId flags', async () => {
    const server = (await client().get('/api/server')).json()
    expect(server).toMatchObject({ version: '5.12', twelveHourFormat: false, openIdEnabled: false })
    expect(server).toHaveProperty('fixedEmail')
  })

  it('has both fixedEmail and twelveHourFormat on the user, and no token column', async () => {
    const user = (await client().login(demo.email, demo.password)).json()
    expect(Object.keys(user)).toEqual(
      expect.arrayContaining(['fixedEmail', 'twelveHourFormat', 'totpKey', 'temporary', 'disableReports']),
    )
    expect(user).not.toHaveProperty('token')
  })

  it('lists the 20 event types of 5.12: textMessage, no proximity or unaccompaniedMotion', async () => {
    const c = client()
    await c.login(demo.email, demo.password)
    const types = (await c.get('/api/notifications/types')).json<{ type: string }[]>().map((t) => t.type)
    expect(types).toHaveLength(20)
    expect(types).toEqual(expect.arrayContaining(['textMessage', 'media', 'queuedCommandSent']))
    for (const absent of [
      'proximityEnter',
      'proximityExit',
      'unaccompaniedMotion',
      'geofenceCrossed',
      'allEvents',
    ])
      expect(types).not.toContain(absent)
  })

  it('signs in with TOTP, with a token by GET /api/session?token=, and with Bearer (case-sensitive)', async () => {
    const c = client()
    expect((await c.login(totp.email, totp.password)).headers.get('www-authenticate')).toBe('TOTP')
    expect((await c.login(totp.email, totp.password, totpCode(DEMO_TOTP_KEY, Date.now()))).status).toBe(200)

    const owner = client()
    await owner.login(demo.email, demo.password)
    const token = (await owner.post('/api/session/token', { expiration: '2099-01-01T00:00:00Z' })).text
    const viaQuery = client()
    expect((await viaQuery.get(`/api/session?token=${encodeURIComponent(token)}`)).json().id).toBe(demo.id)
    expect((await viaQuery.get('/api/users/2')).status).toBe(200)
    expect((await client().get('/api/session', { authorization: `Bearer ${token}` })).status).toBe(200)
    expect((await client().get('/api/users/2', { authorization: `bearer ${token}` })).status).toBe(401)
  })

  it('answers a bad token with 400 and a wrong Basic password with 400 (5.12 quirks), Basic works', async () => {
    expect((await client().get('/api/session?token=nope')).status).toBe(400)
    const wrong = await client().get('/api/users/2', basic(demo.email, 'wrong'))
    expect(wrong.status).toBe(400)
    expect(wrong.text).toContain('NullPointerException')
    expect((await client().get('/api/users/2', basic(demo.email, demo.password))).status).toBe(200)
  })

  it('words permission failures like 5.x, without the 6.3 readonly self-edit exception', async () => {
    const c = client()
    const user = (await c.login(readonly.email, readonly.password)).json()
    const res = await c.put(`/api/users/${readonly.id}`, user)
    expect(res.status).toBe(400)
    expect(res.text).toMatch(/^Write access denied - SecurityException \(/)
  })

  it('sends eventTime, calendarId and geofenceIds, and a maintenance object for a maintenance event', async () => {
    const c = client()
    await c.login(demo.email, demo.password)
    const [device] = (await c.get('/api/devices')).json<Record<string, unknown>[]>()
    expect(device).toHaveProperty('calendarId')
    expect(device).toHaveProperty('geofenceIds')
    const event = sim.injectEvent({ deviceId: 10, type: 'maintenance' })
    expect(sim.state.eventJson(event)).toMatchObject({ maintenanceId: 1 })
    expect(sim.state.eventJson(event)).toHaveProperty('eventTime')
  })
})

describe('simulator HTML escaping (--sanitize on, as Traccar 4.4–4.15 and 5.0–5.2 by default)', () => {
  let sim: Sim
  let receiver: Receiver
  beforeAll(async () => {
    sim = await startSim({ flavor: '5.12', sanitize: true, rateLimit: 0, clock: false })
    receiver = await startReceiver()
  })
  afterAll(async () => {
    await sim.stop()
    await receiver.close()
  })

  it('is on by default for 4.12 and off for 5.12 and 6', async () => {
    for (const [flavor, on] of [
      ['4.12', true],
      ['5.12', false],
      ['6', false],
    ] as const) {
      const other = await startSim({ flavor, clock: false })
      expect(other.state.sanitize).toBe(on)
      await other.stop()
    }
  })

  it('escapes every string it writes, nested attribute strings included, keys never', async () => {
    const c = new TestClient(sim.url)
    const user = (await c.login(demo.email, demo.password)).json<{ attributes: Record<string, unknown> }>()
    expect(user.attributes.bikeNote).toBe('Trek &amp; &#34;Cube&#34; &lt;e-bikes&gt;')
    const geofences = (await c.get('/api/geofences')).json<{ name: string }[]>()
    expect(geofences.map((g) => g.name)).toContain('Office &amp; &#34;Shop&#34; &lt;2F&gt;')
    const devices = (await c.get('/api/devices')).json<{ name: string }[]>()
    expect(devices[0]!.name).toBe('Anna&#39;s Trekking')
    sim.mutateUser(demo.id, { attributes: { 'a&b': { list: ['<x>'] } } })
    const again = (await c.get(`/api/users/${demo.id}`)).json<{ attributes: Record<string, unknown> }>()
    expect(again.attributes['a&b']).toEqual({ list: ['&lt;x&gt;'] })
    sim.mutateUser(demo.id, { attributes: { 'a&b': null } })
  })

  it('double-escapes on a naive GET → PUT round trip: plain columns raw, attributes stored escaped', async () => {
    const c = new TestClient(sim.url)
    await c.login(demo.email, demo.password)
    sim.mutateUser(demo.id, {
      fields: { name: 'Tom & Jerry' },
      attributes: { webhookUrl: 'https://h.example/?a=1&b=2' },
    })
    const got = (await c.get(`/api/users/${demo.id}`)).json<Record<string, unknown>>()
    expect(got.name).toBe('Tom &amp; Jerry')
    expect((await c.put(`/api/users/${demo.id}`, got)).status).toBe(200)
    // Stored: the plain column as received (one layer), the attributes through the escaping mapper (two).
    const stored = sim.state.users.get(demo.id)!.json
    expect(stored.name).toBe('Tom &amp; Jerry')
    expect((stored.attributes as Record<string, unknown>).webhookUrl).toBe(
      'https://h.example/?a=1&amp;amp;b=2',
    )
    const read = (await c.get(`/api/users/${demo.id}`)).json<{
      name: string
      attributes: Record<string, unknown>
    }>()
    expect(read.name).toBe('Tom &amp;amp; Jerry')
    expect(read.attributes.webhookUrl).toBe('https://h.example/?a=1&amp;amp;amp;b=2')

    // Even a client that sends the raw value gets it stored escaped once.
    await c.put(`/api/users/${demo.id}`, {
      ...got,
      name: 'Demo Rider',
      attributes: { webhookUrl: 'https://h.example/?a=1&b=2' },
    })
    expect((sim.state.users.get(demo.id)!.json.attributes as Record<string, unknown>).webhookUrl).toBe(
      'https://h.example/?a=1&amp;b=2',
    )
    sim.mutateUser(demo.id, { fields: { name: 'Demo Rider' }, removeAttributes: ['webhookUrl'] })
  })

  it('escapes the strings of what the forwarder sends too', async () => {
    sim.mutateUser(demo.id, { attributes: { webhookUrl: receiver.url } })
    sim.injectEvent({ deviceId: 10, type: 'alarm', attributes: { alarm: 'sos' } })
    await sim.forwarder.settle()
    const body = JSON.parse(sim.forwarder.deliveries.at(-1)!.request.body)
    expect(body.device.name).toBe('Anna&#39;s Trekking')
    sim.mutateUser(demo.id, { removeAttributes: ['webhookUrl'] })
  })
})

describe('simulator rate limit (--rate-limit, Jetty DoSFilter on 5.1–6.11)', () => {
  it('is 25/s by default on 5.12, none on 4.12 and 6', async () => {
    for (const [flavor, limit] of [
      ['4.12', 0],
      ['5.12', 25],
      ['6', 0],
    ] as const) {
      const sim = await startSim({ flavor, clock: false })
      expect(sim.state.rateLimit).toBe(limit)
      await sim.stop()
    }
  })

  it('answers 429 with an HTML page once a session goes over the budget within a second', async () => {
    const sim = await startSim({ flavor: '5.12', rateLimit: 5, clock: false })
    try {
      const c = new TestClient(sim.url)
      await c.login(demo.email, demo.password)
      // Align to the start of a second so the burst falls in one window.
      await new Promise((r) => setTimeout(r, 1000 - (Date.now() % 1000) + 5))
      const statuses = await Promise.all(Array.from({ length: 8 }, () => c.get('/api/server')))
      const limited = statuses.filter((r) => r.status === 429)
      expect(limited.length).toBe(3)
      expect(limited[0]!.headers.get('content-type')).toContain('text/html')
      await new Promise((r) => setTimeout(r, 1000))
      expect((await c.get('/api/server')).status).toBe(200)
    } finally {
      await sim.stop()
    }
  })
})
