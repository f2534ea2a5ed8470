// The Test view's list of recent events to rebuild: at most the newest 200, and for an account
// without devices nothing is asked of the server (there is no device to ask about).
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Handlers } from '../src/main/dispatch'
import { nodeTransport } from '../src/main/traccar/transport'
import { startSim, type Sim } from '../src/sim'
import { signInAs, testHandlers } from './helpers/handlers'

describe('recent events for a test send', () => {
  let sim: Sim
  let handlers: Handlers
  let reads: string[]
  beforeEach(async () => {
    sim = await startSim({ flavor: '6', clock: false })
    reads = []
    const recording: typeof fetch = (url, init) => {
      reads.push(new URL(String(url)).pathname)
      return fetch(url, init)
    }
    handlers = testHandlers({ transport: () => nodeTransport(recording) })
    await signInAs(handlers, sim)
    reads = []
  })
  afterEach(() => sim.stop())

  it('lists the newest 200, newest first', async () => {
    const injected = Array.from({ length: 210 }, (_, i) =>
      sim.injectEvent({ deviceId: 10 + (i % 3), type: 'deviceMoving' }),
    )
    const rows = await handlers.listRecentEvents({ hours: 24 })
    expect(rows).toHaveLength(200)
    expect(new Set(rows.map((r) => r.id)).size).toBe(200)
    for (let i = 1; i < rows.length; i++)
      expect(Date.parse(rows[i - 1]!.time)).toBeGreaterThanOrEqual(Date.parse(rows[i]!.time))
    expect(rows.map((r) => r.id)).toContain(injected.at(-1)!.id)
  })

  it('asks for no event report when the account has no device', async () => {
    sim.state.devices.clear()
    expect(await handlers.listRecentEvents({ hours: 24 })).toEqual([])
    expect(reads).toEqual(['/api/devices'])
  })
})
