import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { Handlers } from '../src/main/dispatch'
import type { PushEvent } from '$shared/contract'
import { forwards } from '$shared/webhook'
import { seededRandom } from '../src/sim/motion'
import { SEED_USERS, startSim, type Sim } from '../src/sim'
import { startReceiver, type Receiver } from './helpers/receiver'
import { signInAs, testHandlers } from './helpers/handlers'
import { BIKETRAX_DOCUMENTED_TYPES } from '$shared/event-types'

const { demo } = SEED_USERS
const day = () => ({
  from: new Date(Date.now() - 86_400_000).toISOString(),
  to: new Date(Date.now() + 60_000).toISOString(),
})

async function until<T>(check: () => T | undefined | false, ms = 5000): Promise<T> {
  const end = Date.now() + ms
  for (;;) {
    const value = check()
    if (value) return value
    if (Date.now() > end) throw new Error('timed out waiting')
    await new Promise((r) => setTimeout(r, 20))
  }
}

describe.each(['6', '4.12'] as const)('events, live stream and backfill, Traccar %s', (flavor) => {
  let sim: Sim
  let handlers: Handlers
  let receiver: Receiver
  let pushed: PushEvent[]
  const ofType = <T extends PushEvent['type']>(type: T) =>
    pushed.filter((e): e is Extract<PushEvent, { type: T }> => e.type === type)

  beforeAll(async () => {
    receiver = await startReceiver()
  })
  afterAll(() => receiver.close())
  // A fresh server, app data and session per test, so one failure cannot leave state for the next.
  beforeEach(async () => {
    sim = await startSim({ flavor, clock: false })
    handlers = testHandlers({ push: (e) => pushed.push(e) })
    await signInAs(handlers, sim)
    pushed = []
    receiver.requests.length = 0
    receiver.respond = (_r, res) => res.writeHead(200).end()
  })
  afterEach(async () => {
    handlers.stopLiveEvents(undefined)
    await sim.stop()
  })

  it('lists the range newest first, per device with progress', async () => {
    const rows = await handlers.listEvents(day())
    expect(rows.length).toBeGreaterThanOrEqual(15)
    for (let i = 1; i < rows.length; i++)
      expect(Date.parse(rows[i - 1]!.time)).toBeGreaterThanOrEqual(Date.parse(rows[i]!.time))
    expect(rows.find((r) => r.alarm === 'vibration')).toMatchObject({
      type: 'alarm',
      deviceName: 'City Commuter',
    })
    const progress = ofType('events.progress')
    expect(progress.at(-1)).toMatchObject({ devicesDone: 3, devicesTotal: 3, events: rows.length })
    await expect(handlers.listEvents({ from: day().to, to: day().from })).rejects.toMatchObject({
      code: 'events.range',
    })
  })

  it('previews the filter exactly as the forwarder behaves for the same events', async () => {
    const filter = 'deviceOnline,alarm,DeviceMoving, geofenceExit,ignitionOff'
    const state = await handlers.loadWebhook(undefined)
    await handlers.saveWebhook({
      userId: state.userId,
      baseline: state.values,
      values: { webhookUrl: `${receiver.url}/hook` },
      removeKeys: [],
    })
    sim.mutateUser(demo.id, { attributes: { webhookTypes: filter } })
    const random = seededRandom(flavor === '6' ? 5 : 6)
    const types = BIKETRAX_DOCUMENTED_TYPES
    const injected: number[] = []
    for (let i = 0; i < 60; i++) {
      const type = types[Math.floor(random() * types.length)]!
      injected.push(
        sim.injectEvent({
          deviceId: 10 + Math.floor(random() * 3),
          type,
          geofenceId: type.startsWith('geofence') ? 1 : 0,
        }).id,
      )
    }
    await sim.forwarder.settle()
    const rows = (await handlers.listEvents(day())).filter((r) => injected.includes(r.id))
    expect(rows).toHaveLength(60)
    const values = { webhookUrl: `${receiver.url}/hook`, webhookTypes: filter }
    const wouldSend = rows
      .filter((r) => forwards(values, r.type))
      .map((r) => r.id)
      .sort()
    const sent = receiver.requests.map((r) => JSON.parse(r.body).event.id as number).sort()
    expect(sent).toEqual(wouldSend)
    expect(wouldSend.length).toBeGreaterThan(0)
    expect(wouldSend.length).toBeLessThan(60)
  })

  it('follows events live over the WebSocket (web-notified types only) and reconnects after a drop', async () => {
    // As the Events view does: list first (which learns the device names), then go live.
    await handlers.listEvents(day())
    handlers.startLiveEvents(undefined)
    await until(() => ofType('events.socket').find((e) => e.state === 'open'))
    sim.injectEvent({ deviceId: 11, type: 'deviceMoving' })
    const alarm = sim.injectEvent({ deviceId: 11, type: 'alarm', attributes: { alarm: 'sos' } })
    const live = await until(() => ofType('events.live')[0])
    expect(live.event).toMatchObject({
      id: alarm.id,
      type: 'alarm',
      alarm: 'sos',
      deviceName: 'City Commuter',
    })
    await new Promise((r) => setTimeout(r, 100))
    expect(ofType('events.live')).toHaveLength(1)

    pushed = []
    sim.dropSockets()
    await until(() => ofType('events.socket').find((e) => e.state === 'closed'))
    await until(() => ofType('events.socket').find((e) => e.state === 'open'), 5000)
    const after = sim.injectEvent({ deviceId: 10, type: 'geofenceExit', geofenceId: 1 })
    expect((await until(() => ofType('events.live')[0])).event.id).toBe(after.id)
    handlers.stopLiveEvents(undefined)
  })

  it('backfills exactly the selected events, oldest first, marked as replays, with progress', async () => {
    const rows = (await handlers.listEvents(day())).slice(0, 5)
    const ids = rows.map((r) => r.id)
    const { jobId, total } = await handlers.startBackfill({
      eventIds: ids,
      url: `${receiver.url}/replay`,
      psk: 'Bearer replay',
      continueOnFailure: false,
      timeoutMs: 5000,
    })
    expect(total).toBe(5)
    const finished = await until(() => ofType('backfill.finished').find((e) => e.jobId === jobId))
    expect(finished).toMatchObject({ delivered: 5, failed: 0, cancelled: false, stoppedOnFailure: false })
    expect(ofType('backfill.progress').map((p) => p.done)).toEqual([1, 2, 3, 4, 5])
    const bodies = receiver.requests.map((r) => JSON.parse(r.body))
    expect(bodies.map((b) => b.event.id)).toEqual([...ids].reverse())
    for (const req of receiver.requests) {
      expect(req.headers).toMatchObject({
        'x-webhook-desk': 'replay',
        authorization: 'Bearer replay',
        'content-type': 'application/json',
      })
    }
    const first = bodies[0]
    expect(first.event).toEqual(sim.state.eventJson(sim.state.events.find((e) => e.id === first.event.id)!))
    expect(first.device.id).toBe(first.event.deviceId)
    if (first.event.positionId) expect(first.position.id).toBe(first.event.positionId)
    else expect(first).not.toHaveProperty('position')
  })

  it.each([
    ['an ftp:// URL', { url: 'ftp://127.0.0.1/replay' }, 'backfill.invalidUrl', 'url'],
    ['a PSK with CR/LF', { psk: 'Bearer x\r\nX-Injected: 1' }, 'backfill.invalidPsk', 'psk'],
  ])('refuses a backfill to %s and sends nothing', async (_label, target, code, field) => {
    const ids = (await handlers.listEvents(day())).slice(0, 2).map((r) => r.id)
    const deliveries = (await handlers.listDeliveries(undefined)).length
    pushed = []
    await expect(
      handlers.startBackfill({
        eventIds: ids,
        url: `${receiver.url}/replay`,
        continueOnFailure: true,
        timeoutMs: 5000,
        ...target,
      }),
    ).rejects.toMatchObject({ code, extra: { field } })
    await new Promise((r) => setTimeout(r, 200))
    expect(receiver.requests).toEqual([])
    expect(pushed.filter((e) => e.type.startsWith('backfill.'))).toEqual([])
    expect(await handlers.listDeliveries(undefined)).toHaveLength(deliveries)
  })

  it('stops on the first failure unless told to continue', async () => {
    const ids = (await handlers.listEvents(day())).slice(0, 4).map((r) => r.id)
    let n = 0
    receiver.respond = (_r, res) => res.writeHead(++n === 2 ? 500 : 200).end()
    const stop = await handlers.startBackfill({
      eventIds: ids,
      url: `${receiver.url}/r`,
      continueOnFailure: false,
      timeoutMs: 5000,
    })
    expect(await until(() => ofType('backfill.finished').find((e) => e.jobId === stop.jobId))).toMatchObject({
      delivered: 1,
      failed: 1,
      stoppedOnFailure: true,
    })
    expect(receiver.requests).toHaveLength(2)
    n = 0
    receiver.requests.length = 0
    const go = await handlers.startBackfill({
      eventIds: ids,
      url: `${receiver.url}/r`,
      continueOnFailure: true,
      timeoutMs: 5000,
    })
    expect(await until(() => ofType('backfill.finished').find((e) => e.jobId === go.jobId))).toMatchObject({
      delivered: 3,
      failed: 1,
    })
    expect(receiver.requests).toHaveLength(4)
  })

  it('can be cancelled', async () => {
    const ids = (await handlers.listEvents(day())).slice(0, 8).map((r) => r.id)
    receiver.respond = (_r, res) => void setTimeout(() => res.writeHead(200).end(), 150)
    const { jobId } = await handlers.startBackfill({
      eventIds: ids,
      url: `${receiver.url}/r`,
      continueOnFailure: false,
      timeoutMs: 5000,
    })
    await until(() => ofType('backfill.progress').length >= 1)
    handlers.cancelBackfill({ jobId })
    const finished = await until(() => ofType('backfill.finished').find((e) => e.jobId === jobId))
    expect(finished.cancelled).toBe(true)
    expect(finished.delivered).toBeLessThan(8)
    expect(receiver.requests.length).toBe(finished.delivered)
  })
})
