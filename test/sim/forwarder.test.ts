import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { SEED_USERS, startSim, type Sim, FLAVORS } from '../../src/sim'
import type { Delivery } from '../../src/sim/forwarder'
import { startReceiver, type Receiver } from '../helpers/receiver'
import { TestClient } from '../helpers/traccar-client'

const { demo } = SEED_USERS

describe.each(FLAVORS)('BikeTrax webhook forwarder, Traccar %s', (flavor) => {
  let sim: Sim
  let receiver: Receiver
  let c: TestClient

  async function setWebhook(attributes: Record<string, string | null>): Promise<void> {
    const user = (await c.get(`/api/users/${demo.id}`)).json()
    const next = { ...(user.attributes as Record<string, unknown>) }
    for (const [k, v] of Object.entries(attributes)) {
      if (v === null) delete next[k]
      else next[k] = v
    }
    expect((await c.put(`/api/users/${demo.id}`, { ...user, attributes: next })).status).toBe(200)
  }
  const inject = (body: Record<string, unknown>) => c.postJson('/sim/events', body)
  const deliveries = async () => (await c.get('/sim/deliveries')).json<Delivery[]>()

  beforeAll(async () => {
    sim = await startSim({ flavor, sanitize: false, rateLimit: 0, clock: false })
    receiver = await startReceiver()
    c = new TestClient(sim.url)
    await c.login(demo.email, demo.password)
  })
  afterAll(async () => {
    await sim.stop()
    await receiver.close()
  })
  beforeEach(async () => {
    receiver.requests.length = 0
    receiver.respond = (_r, res) => res.writeHead(200).end()
    await c.request('DELETE', '/sim/deliveries')
    await setWebhook({
      webhookUrl: `${receiver.url}/hook?src=biketrax`,
      webhookPsk: null,
      webhookTypes: null,
    })
  })

  it('POSTs {event, position, device} with exactly the cloud headers', async () => {
    await setWebhook({ webhookPsk: 'Bearer s3cr3t token' })
    await inject({ deviceId: 10, type: 'alarm', attributes: { alarm: 'vibration' } })
    expect(receiver.requests).toHaveLength(1)
    const [req] = receiver.requests
    expect(req!.method).toBe('POST')
    expect(req!.path).toBe('/hook?src=biketrax')
    const names = req!.rawHeaders.filter((_, i) => i % 2 === 0)
    expect(names).toEqual([
      'Content-Type',
      'X-PowTxn',
      'Authorization',
      'Content-Length',
      'Host',
      'Connection',
    ])
    expect(req!.headers['content-type']).toBe('application/json')
    expect(req!.headers.authorization).toBe('Bearer s3cr3t token')
    expect(req!.headers['x-powtxn']).toMatch(/^[0-9a-f-]{36}$/)
    const body = JSON.parse(req!.body)
    expect(Object.keys(body)).toEqual(['event', 'position', 'device'])
    expect(body.event).toMatchObject({ type: 'alarm', deviceId: 10, attributes: { alarm: 'vibration' } })
    expect(body.event).toHaveProperty(flavor === '4.12' ? 'serverTime' : 'eventTime')
    expect(body.position.id).toBe(body.event.positionId)
    expect(body.device).toMatchObject({ id: 10, name: "Anna's Trekking", uniqueId: '4710100001' })
    if (flavor !== '6') expect(body.device.geofenceIds).toEqual([1, 2])
  })

  it('sends no Authorization header without webhookPsk', async () => {
    await inject({ deviceId: 10, type: 'deviceMoving' })
    expect(receiver.requests[0]!.headers).not.toHaveProperty('authorization')
  })

  it('sends connection events without a position and geofence events with the geofence', async () => {
    await inject({ deviceId: 11, type: 'deviceOnline' })
    await inject({ deviceId: 10, type: 'geofenceEnter', geofenceId: 1 })
    const [online, enter] = receiver.requests.map((r) => JSON.parse(r.body))
    expect(Object.keys(online)).toEqual(['event', 'device'])
    expect(online.event.positionId).toBe(0)
    expect(enter.geofence).toMatchObject({ id: 1, name: 'Home' })
  })

  it('forwards only the listed types, case-sensitively', async () => {
    await setWebhook({ webhookTypes: 'deviceOnline,alarm,DeviceMoving, deviceStopped' })
    for (const type of ['deviceOnline', 'alarm', 'deviceMoving', 'deviceStopped', 'ignitionOn'])
      await inject({ deviceId: 11, type })
    expect(receiver.requests.map((r) => JSON.parse(r.body).event.type)).toEqual(['deviceOnline', 'alarm'])
  })

  it('counts only 200 and 201 as delivered, and never retries', async () => {
    const statuses = [201, 202, 204, 500, 301]
    for (const status of statuses) {
      receiver.respond = (_r, res) =>
        res.writeHead(status, status === 301 ? { location: '/elsewhere' } : {}).end()
      await inject({ deviceId: 10, type: 'deviceStopped' })
    }
    expect(receiver.requests).toHaveLength(statuses.length)
    const log = await deliveries()
    expect(log.map((d) => [d.status, d.delivered])).toEqual([
      [201, true],
      [202, false],
      [204, false],
      [500, false],
      [301, false],
    ])
  })

  it('logs failures (connection refused) without retrying', async () => {
    await setWebhook({ webhookUrl: 'http://127.0.0.1:9/hook' })
    await inject({ deviceId: 10, type: 'deviceStopped' })
    const [d] = await deliveries()
    expect(d).toMatchObject({ delivered: false, status: null, url: 'http://127.0.0.1:9/hook' })
    expect(d!.error).toMatch(/ECONNREFUSED/)
  })

  it('keeps a delivery log with request headers, body, status and duration', async () => {
    await setWebhook({ webhookPsk: 'Basic dXNlcjpwdw==' })
    // The receiver takes a known time to answer, so the logged duration can be checked against it.
    receiver.respond = (_r, res) => void setTimeout(() => res.writeHead(200).end(), 150)
    await inject({ deviceId: 12, type: 'deviceOffline' })
    const [d] = await deliveries()
    expect(d!.request.headers).toMatchObject({
      'Content-Type': 'application/json',
      Authorization: 'Basic dXNlcjpwdw==',
    })
    expect(JSON.parse(d!.request.body).device.id).toBe(12)
    expect(d!.status).toBe(200)
    expect(d!.durationMs).toBeGreaterThanOrEqual(145)
    expect(d!.durationMs).toBeLessThan(5000)
    expect(d!.eventType).toBe('deviceOffline')
  })

  it('sends nothing for a user without webhookUrl', async () => {
    await setWebhook({ webhookUrl: null })
    await inject({ deviceId: 10, type: 'alarm' })
    expect(receiver.requests).toHaveLength(0)
    expect(await deliveries()).toEqual([])
  })

  it('treats an empty webhookUrl or webhookPsk as not set', async () => {
    await setWebhook({ webhookPsk: '' })
    await inject({ deviceId: 10, type: 'alarm' })
    expect(receiver.requests[0]!.headers).not.toHaveProperty('authorization')
    await setWebhook({ webhookUrl: '' })
    await inject({ deviceId: 10, type: 'alarm' })
    expect(receiver.requests).toHaveLength(1)
    expect(await deliveries()).toHaveLength(1)
  })

  it.each([
    ['ftp://127.0.0.1/hook', 'unsupported scheme ftp:'],
    ['not a url', 'invalid URL'],
  ])('logs a webhookUrl it cannot call (%s) as failed, with the reason', async (url, error) => {
    await setWebhook({ webhookUrl: url })
    await inject({ deviceId: 10, type: 'alarm' })
    const [d] = await deliveries()
    expect(d).toMatchObject({ url, status: null, delivered: false, error })
  })

  it('gives up on a receiver that does not answer within the timeout, and logs it', async () => {
    const quick = await startSim({ flavor, clock: false, forwarder: { timeoutMs: 200 } })
    try {
      quick.mutateUser(demo.id, { attributes: { webhookUrl: `${receiver.url}/slow` } })
      receiver.respond = (_r, res) => void setTimeout(() => res.writeHead(200).end(), 1000)
      quick.injectEvent({ deviceId: 10, type: 'alarm' })
      await quick.forwarder.settle()
      expect(quick.forwarder.deliveries[0]).toMatchObject({
        delivered: false,
        status: null,
        error: 'timeout',
      })
      expect(quick.forwarder.deliveries[0]!.durationMs).toBeLessThan(900)
    } finally {
      await quick.stop()
    }
  })

  it("forwards the demo bikes' events from the clock", async () => {
    for (let i = 0; i < 12; i++) sim.tick()
    await sim.forwarder.settle()
    expect(receiver.requests.length).toBeGreaterThan(3)
    const types = new Set(receiver.requests.map((r) => JSON.parse(r.body).event.type))
    expect(types.has('deviceOnline') || types.has('deviceMoving')).toBe(true)
  })
})
