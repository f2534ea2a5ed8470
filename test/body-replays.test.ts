// Bodies built from the account's real data, as a backfill and a test send build them: each event
// with its own geofence, maintenance and position (read once, positions in batches of at most 100
// ids), and nothing read that no event needs. Requests are counted through the real transport.
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Event } from '$shared/traccar'
import { AccountService } from '../src/main/account/account-service'
import { BodyBuilder } from '../src/main/delivery/body-builder'
import { ProfileStore } from '../src/main/store/profiles'
import { nodeTransport } from '../src/main/traccar/transport'
import { SEED_USERS, startSim, type Sim } from '../src/sim'
import type { SimEvent } from '../src/sim/state'
import { memorySecrets } from './helpers/secrets'

describe('bodies from real data', () => {
  let sim: Sim
  let builder: BodyBuilder
  /** The API paths read since the last reset, with their query. */
  let reads: string[]

  beforeEach(async () => {
    sim = await startSim({ flavor: '6', clock: false })
    reads = []
    const recording: typeof fetch = (url, init) => {
      reads.push(new URL(String(url)).pathname + new URL(String(url)).search)
      return fetch(url, init)
    }
    const accounts = new AccountService({
      transport: () => nodeTransport(recording),
      secrets: memorySecrets(),
      profiles: new ProfileStore(mkdtempSync(join(tmpdir(), 'wd-replays-'))),
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
    builder = new BodyBuilder(client, server.version)
    reads = []
  })
  afterEach(() => sim.stop())

  const json = (e: SimEvent) => sim.state.eventJson(e) as unknown as Event
  const replay = async (events: SimEvent[]) =>
    (await builder.replays(events.map(json))).map((b) => JSON.parse(b) as Record<string, unknown>)
  const paths = () => reads.map((r) => r.split('?')[0])

  it('gives each event its own geofence and maintenance, and reads them only when one needs them', async () => {
    sim.state.maintenances.set(2, { ...sim.state.maintenances.get(1)!, id: 2, name: 'Tyres' })
    const events = [
      sim.injectEvent({ deviceId: 10, type: 'alarm' }),
      sim.injectEvent({ deviceId: 10, type: 'geofenceExit', geofenceId: 2 }),
      sim.injectEvent({ deviceId: 11, type: 'geofenceEnter', geofenceId: 1 }),
      sim.injectEvent({ deviceId: 12, type: 'maintenance', maintenanceId: 2 }),
      sim.injectEvent({ deviceId: 12, type: 'maintenance', maintenanceId: 1 }),
    ]
    const bodies = await replay(events)
    const geofence = (id: number) => sim.state.geofenceJson(sim.state.geofences.get(id)!)
    expect(bodies.map((b) => b.geofence)).toEqual([undefined, geofence(2), geofence(1), undefined, undefined])
    expect(bodies.map((b) => b.maintenance)).toEqual([
      undefined,
      undefined,
      undefined,
      sim.state.maintenances.get(2),
      sim.state.maintenances.get(1),
    ])
    expect(bodies.map((b) => (b.device as { id: number }).id)).toEqual([10, 10, 11, 12, 12])
    expect(paths().filter((p) => p !== '/api/devices' && p !== '/api/positions')).toEqual([
      '/api/geofences',
      '/api/maintenance',
    ])

    reads = []
    const plain = await replay([events[0]!, sim.injectEvent({ deviceId: 11, type: 'deviceOnline' })])
    expect(plain.map((b) => Object.keys(b))).toEqual([
      ['event', 'position', 'device'],
      ['event', 'device'],
    ])
    expect(paths().filter((p) => p !== '/api/devices' && p !== '/api/positions')).toEqual([])
  })

  it('reads the positions of 200 events in two batches of 100 (no third), each event with its own', async () => {
    const events: SimEvent[] = []
    for (let i = 0; i < 200; i++) {
      const p = sim.state.addPosition(10, {
        latitude: 47 + i / 1000,
        longitude: 11,
        speed: i,
        course: 0,
        attributes: {},
      })
      events.push(sim.state.addEvent({ type: 'deviceMoving', deviceId: 10, positionId: p.id }))
    }
    // The same position twice, and an event without one.
    events.push(sim.state.addEvent({ type: 'alarm', deviceId: 10, positionId: events[0]!.positionId }))
    events.push(sim.state.addEvent({ type: 'deviceOffline', deviceId: 10 }))
    const bodies = await replay(events)
    for (const [i, body] of bodies.entries()) {
      const id = events[i]!.positionId
      if (id === 0) expect(body).not.toHaveProperty('position')
      else expect(body.position).toEqual(sim.state.positionJson(sim.state.positions.get(id)!))
    }
    const batches = reads
      .filter((r) => r.split('?')[0] === '/api/positions')
      .map((r) => new URLSearchParams(r.split('?')[1] ?? '').getAll('id').map(Number))
    const ids = events.slice(0, 200).map((e) => e.positionId)
    expect(batches).toEqual([ids.slice(0, 100), ids.slice(100)])
  })

  it("a test send uses the account's first geofence, and reads no position for a device without one", async () => {
    const enter = JSON.parse(await builder.test('geofenceEnter', 11))
    expect(enter.geofence).toEqual(sim.state.geofenceJson(sim.state.geofences.get(1)!))
    expect(enter.event).toMatchObject({ geofenceId: 1, type: 'geofenceEnter' })
    // Only an alarm carries the alarm attribute.
    expect(enter.event.attributes).toEqual({})

    sim.state.devices.get(12)!.positionId = 0
    reads = []
    const alarm = JSON.parse(await builder.test('alarm', 12))
    expect(alarm.device.id).toBe(12)
    expect(alarm.position).toMatchObject({ id: 1, deviceId: 12, protocol: 'h02' })
    expect(paths()).toEqual(['/api/devices'])
  })
})
