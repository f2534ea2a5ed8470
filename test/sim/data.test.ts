import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SEED_USERS, startSim, type Sim, FLAVORS } from '../../src/sim'
import { TestClient } from '../helpers/traccar-client'

const { demo, readonly } = SEED_USERS
const DATE = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00$/

describe.each(FLAVORS)('simulator data, Traccar %s', (flavor) => {
  let sim: Sim
  let c: TestClient
  beforeAll(async () => {
    sim = await startSim({ flavor, sanitize: false, rateLimit: 0, clock: false })
    c = new TestClient(sim.url)
    await c.login(demo.email, demo.password)
  })
  afterAll(() => sim.stop())

  it('lists the demo bikes with the generation device shape', async () => {
    const devices = (await c.get('/api/devices')).json<Record<string, unknown>[]>()
    expect(devices.map((d) => d.name)).toEqual(["Anna's Trekking", 'City Commuter', 'Mountain E-Bike'])
    expect(devices[0]!.lastUpdate).toMatch(DATE)
    if (flavor !== '4.12') expect(devices[0]).toHaveProperty('calendarId')
    if (flavor === '6') expect(devices[0]).not.toHaveProperty('geofenceIds')
    else expect(devices[0]!.geofenceIds).toEqual([1, 2])
  })

  it('serves the latest positions, and positions by id', async () => {
    const positions = (await c.get('/api/positions')).json<Record<string, unknown>[]>()
    expect(positions).toHaveLength(3)
    const home = positions.find((p) => p.deviceId === 10)!
    expect(home.geofenceIds).toEqual([1])
    expect(home.fixTime).toMatch(DATE)
    expect(Math.abs((home.latitude as number) - 47.2654)).toBeLessThan(0.01)
    const byId = (await c.get(`/api/positions?id=${home.id}`)).json<unknown[]>()
    expect(byId).toEqual([home])
  })

  it('serves the Home geofence', async () => {
    const geofences = (await c.get('/api/geofences')).json<Record<string, unknown>[]>()
    expect(geofences[0]).toMatchObject({ name: 'Home', area: 'CIRCLE (47.2654 11.3927, 150)' })
  })

  it('lists the notification types of its generation', async () => {
    const types = (await c.get('/api/notifications/types')).json<{ type: string }[]>().map((t) => t.type)
    expect(types).toContain('deviceOnline')
    expect(types).toContain('alarm')
    // textMessage until 6.8, media since 5.3.
    if (flavor === '6') expect(types).not.toContain('textMessage')
    else expect(types).toContain('textMessage')
    if (flavor === '4.12') expect(types).not.toContain('media')
    else expect(types).toContain('media')
  })

  it('reports events per device and range, optionally by type, with the generation time field', async () => {
    const from = new Date(Date.now() - 86_400_000).toISOString()
    const to = new Date().toISOString()
    const all = (
      await c.get(`/api/reports/events?deviceId=10&deviceId=11&deviceId=12&from=${from}&to=${to}`)
    ).json<Record<string, unknown>[]>()
    expect(all.length).toBe(15)
    const timeKey = flavor === '4.12' ? 'serverTime' : 'eventTime'
    expect(all[0]![timeKey]).toMatch(DATE)
    expect(all[0]).not.toHaveProperty(flavor === '4.12' ? 'eventTime' : 'serverTime')
    const alarms = (
      await c.get(`/api/reports/events?deviceId=11&deviceId=12&from=${from}&to=${to}&type=alarm`)
    ).json<Record<string, unknown>[]>()
    expect(alarms.map((a) => (a.attributes as { alarm: string }).alarm)).toEqual(['vibration', 'lowBattery'])
    const one = (await c.get(`/api/events/${alarms[0]!.id}`)).json()
    expect(one).toEqual(alarms[0])
  })

  it("refuses reports and events of another user's device", async () => {
    const from = new Date(Date.now() - 86_400_000).toISOString()
    const res = await c.get(`/api/reports/events?deviceId=13&from=${from}&to=${new Date().toISOString()}`)
    expect(res.status).toBe(400)
    expect(res.text).toContain('Device access denied')
    const other = new TestClient(sim.url)
    await other.login(readonly.email, readonly.password)
    expect((await other.get('/api/devices')).json<{ name: string }[]>().map((d) => d.name)).toEqual([
      'Shop Loaner',
    ])
  })

  it('answers a bad report range with 400', async () => {
    expect((await c.get('/api/reports/events?deviceId=10&from=yesterday&to=now')).status).toBe(400)
  })
})
