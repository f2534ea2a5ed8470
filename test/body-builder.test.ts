// Test bodies for an account that has no device, position, geofence or maintenance yet: realistic
// samples in the shape of the connected server's generation (Traccar 6 and 4.12 differ in the
// device and in the name of the event's time), so a receiver can be tried before the first bike.
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { AccountService } from '../src/main/account/account-service'
import { BodyBuilder } from '../src/main/delivery/body-builder'
import { ProfileStore } from '../src/main/store/profiles'
import { nodeTransport } from '../src/main/traccar/transport'
import { SEED_USERS, startSim, type Sim } from '../src/sim'
import { memorySecrets } from './helpers/secrets'

const NOW = Date.UTC(2026, 10, 27, 18, 30, 15, 250)
const AT = '2026-11-27T18:30:15.250+00:00'

const DEVICE = {
  '6': {
    id: 1,
    attributes: {},
    groupId: 0,
    calendarId: 0,
    name: 'Sample Bike',
    uniqueId: '4710100000',
    status: 'online',
    lastUpdate: AT,
    positionId: 1,
    phone: null,
    model: 'BikeTrax',
    contact: null,
    category: 'bicycle',
    disabled: false,
    expirationTime: null,
  },
  '4.12': {
    id: 1,
    attributes: {},
    groupId: 0,
    name: 'Sample Bike',
    uniqueId: '4710100000',
    status: 'online',
    lastUpdate: AT,
    positionId: 1,
    geofenceIds: [],
    phone: null,
    model: 'BikeTrax',
    contact: null,
    category: 'bicycle',
    disabled: false,
  },
}

const POSITION = {
  id: 1,
  attributes: { batteryLevel: 86, motion: false, ignition: false },
  deviceId: 1,
  protocol: 'h02',
  serverTime: AT,
  deviceTime: AT,
  fixTime: AT,
  valid: true,
  latitude: 47.2654,
  longitude: 11.3927,
  altitude: 574.0,
  speed: 0.0,
  course: 0.0,
  address: null,
  accuracy: 0.0,
  network: null,
  geofenceIds: null,
}

describe.each(['6', '4.12'] as const)('sample bodies, Traccar %s', (flavor) => {
  let sim: Sim
  let builder: BodyBuilder
  const timeKey = flavor === '6' ? 'eventTime' : 'serverTime'

  beforeEach(async () => {
    sim = await startSim({ flavor, clock: false })
    const accounts = new AccountService({
      transport: nodeTransport,
      secrets: memorySecrets(),
      profiles: new ProfileStore(mkdtempSync(join(tmpdir(), 'wd-payloads-'))),
      push: () => {},
    })
    const { demo } = SEED_USERS
    await accounts.signIn({
      server: sim.url,
      method: 'password',
      email: demo.email,
      secret: demo.password,
      remember: false,
    })
    const { client, server } = accounts.require()
    builder = new BodyBuilder(client, server.version, () => NOW)
    sim.state.devices.clear()
    sim.state.geofences.clear()
    sim.state.maintenances.clear()
  })
  afterEach(() => sim.stop())

  const body = async (type: string) => JSON.parse(await builder.test(type, null))

  it('an alarm: sample device and position, the alarm attribute, the time under its version name', async () => {
    const alarm = await body('alarm')
    expect(Object.keys(alarm)).toEqual(['event', 'position', 'device'])
    expect(alarm.event).toEqual({
      id: Math.floor(NOW / 1000),
      attributes: { alarm: 'vibration' },
      deviceId: 1,
      type: 'alarm',
      [timeKey]: AT,
      positionId: 1,
      geofenceId: 0,
      maintenanceId: 0,
    })
    // Key order too: the server writes its fields in this order.
    expect(Object.keys(alarm.device)).toEqual(Object.keys(DEVICE[flavor]))
    expect(alarm.device).toEqual(DEVICE[flavor])
    expect(Object.keys(alarm.position)).toEqual(Object.keys(POSITION))
    expect(alarm.position).toEqual(POSITION)
  })

  it('a connection event has no position; other types have no alarm attribute', async () => {
    const online = await body('deviceOnline')
    expect(Object.keys(online)).toEqual(['event', 'device'])
    expect(online.event).toMatchObject({ attributes: {}, positionId: 0, type: 'deviceOnline' })
  })

  it('a geofence event carries the sample geofence, a maintenance event the sample maintenance', async () => {
    const enter = await body('geofenceEnter')
    expect(enter.geofence).toEqual({
      id: 1,
      attributes: {},
      calendarId: 0,
      name: 'Home',
      description: null,
      area: 'CIRCLE (47.2654 11.3927, 150)',
    })
    expect(enter.event).toMatchObject({ geofenceId: 1, maintenanceId: 0, positionId: 1 })
    const service = await body('maintenance')
    expect(service.maintenance).toEqual({
      id: 1,
      attributes: {},
      name: 'Service',
      type: 'totalDistance',
      start: 0.0,
      period: 1_000_000.0,
    })
    expect(service.event).toMatchObject({ geofenceId: 0, maintenanceId: 1 })
    expect(service).not.toHaveProperty('geofence')
  })
})
