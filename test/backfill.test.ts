// Backfill at the edges the journeys in events.test.ts do not reach: what each progress step
// says, events of the same second (sent by id), events the Events view did not list (read from
// the server), a receiver whose certificate fails (never sent, whatever a test send allowed) and a
// server that is gone before the bodies are built.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { PushEvent } from '$shared/contract'
import type { Handlers } from '../src/main/dispatch'
import { startSim, type Sim } from '../src/sim'
import { makeCerts } from './helpers/certs'
import { closedPort } from './helpers/ports'
import { startReceiver, type Receiver } from './helpers/receiver'
import { signInAs, testHandlers } from './helpers/handlers'

type Finished = Extract<PushEvent, { type: 'backfill.finished' }>
type Progress = Extract<PushEvent, { type: 'backfill.progress' }>

describe('backfill, step by step', () => {
  let sim: Sim
  let handlers: Handlers
  let receiver: Receiver
  let pushed: PushEvent[]
  beforeAll(async () => {
    receiver = await startReceiver()
  })
  afterAll(() => receiver.close())
  beforeEach(async () => {
    sim = await startSim({ flavor: '6', clock: false })
    pushed = []
    handlers = testHandlers({ push: (e) => pushed.push(e) })
    await signInAs(handlers, sim)
    receiver.requests.length = 0
    receiver.respond = (_r, res) => res.writeHead(200).end()
  })
  afterEach(() => sim.stop())

  /** Runs a backfill to its end; returns its progress steps and its end. */
  async function backfill(eventIds: number[], url: string, continueOnFailure = true) {
    const { jobId } = await handlers.startBackfill({ eventIds, url, continueOnFailure, timeoutMs: 5000 })
    const end = Date.now() + 5000
    let finished: Finished | undefined
    while (!(finished = pushed.find((e): e is Finished => e.type === 'backfill.finished'))) {
      if (Date.now() > end) throw new Error('the backfill did not finish')
      await new Promise((r) => setTimeout(r, 10))
    }
    const progress = pushed.filter((e): e is Progress => e.type === 'backfill.progress')
    expect(progress.every((p) => p.jobId === jobId) && finished.jobId === jobId).toBe(true)
    return { progress, finished }
  }

  it('says per event what happened, and reads events it was not shown; same-second events go by id', async () => {
    const [a, b, c] = [0, 1, 2].map(() => sim.injectEvent({ deviceId: 10, type: 'alarm' }))
    for (const e of [a!, b!, c!]) e.time = Date.parse('2026-11-27T10:00:00Z')
    let n = 0
    receiver.respond = (_r, res) => res.writeHead(++n === 2 ? 500 : 200).end()
    const { progress, finished } = await backfill([c!.id, a!.id, b!.id], `${receiver.url}/r`)
    expect(receiver.requests.map((r) => JSON.parse(r.body).event.id)).toEqual([a!.id, b!.id, c!.id])
    const deliveries = await handlers.listDeliveries(undefined)
    expect(progress.map((p) => [p.done, p.total, p.result])).toEqual(
      [a!, b!, c!].map((e, i) => [
        i + 1,
        3,
        {
          eventId: e.id,
          verdict: i === 1 ? 'failed' : 'delivered',
          status: i === 1 ? 500 : 200,
          title: i === 1 ? 'Server error (500)' : 'Delivered',
          deliveryId: deliveries[2 - i]!.id,
        },
      ]),
    )
    expect(finished).toMatchObject({ delivered: 2, failed: 1, cancelled: false, stoppedOnFailure: false })
  })

  it('sends the oldest first even when it has the higher id, and records the sends as replays', async () => {
    const newer = sim.injectEvent({ deviceId: 10, type: 'alarm' })
    const older = sim.injectEvent({ deviceId: 11, type: 'alarm' })
    older.time = newer.time - 60_000
    await backfill([newer.id, older.id], `${receiver.url}/r`)
    expect(receiver.requests.map((r) => JSON.parse(r.body).event.id)).toEqual([older.id, newer.id])
    expect((await handlers.listDeliveries(undefined)).map((d) => d.kind)).toEqual(['replay', 'replay'])
  })

  it('takes a cancel of a job that is over, or unknown, as nothing to do', async () => {
    const event = sim.injectEvent({ deviceId: 10, type: 'alarm' })
    const { finished } = await backfill([event.id], `${receiver.url}/r`)
    expect(() => handlers.cancelBackfill({ jobId: finished.jobId })).not.toThrow()
    expect(() => handlers.cancelBackfill({ jobId: 'no-such-job' })).not.toThrow()
  })

  it('has no status to show for a receiver that is not there', async () => {
    const [event] = [sim.injectEvent({ deviceId: 10, type: 'alarm' })]
    const { progress, finished } = await backfill([event!.id], `http://127.0.0.1:${await closedPort()}/r`)
    expect(progress[0]!.result).toMatchObject({
      verdict: 'failed',
      status: null,
      title: 'Connection refused',
    })
    expect(finished).toMatchObject({ delivered: 0, failed: 1 })
  })

  it('never sends to a receiver whose certificate fails', async () => {
    const tls = await startReceiver(makeCerts().selfSigned)
    try {
      const event = sim.injectEvent({ deviceId: 10, type: 'alarm' })
      const { progress } = await backfill([event.id], `${tls.url}/r`)
      expect(progress[0]!.result).toMatchObject({ verdict: 'failed', title: 'Self-signed certificate' })
      expect(tls.requests).toEqual([])
    } finally {
      await tls.close()
    }
  })

  it('ends as failed, stopped, when the server is gone before the bodies are built', async () => {
    const event = sim.injectEvent({ deviceId: 10, type: 'alarm' })
    const listed = await handlers.listEvents({
      from: new Date(Date.now() - 60_000).toISOString(),
      to: new Date(Date.now() + 60_000).toISOString(),
    })
    expect(listed.map((r) => r.id)).toContain(event.id)
    await sim.stop()
    const { progress, finished } = await backfill([event.id], `${receiver.url}/r`)
    expect(progress).toEqual([])
    expect(finished).toMatchObject({ delivered: 0, failed: 1, cancelled: false, stoppedOnFailure: true })
    expect(receiver.requests).toEqual([])
    sim = await startSim({ flavor: '6', clock: false })
  })
})
