import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { SaveOutcome } from '../src/shared/contract'
import { SEED_USERS, startSim, type Sim } from '../src/sim'
import { signInAs, testHandlers } from './helpers/handlers'

describe('one save at a time per account', () => {
  let sim: Sim
  beforeAll(async () => {
    sim = await startSim({ clock: false })
  })
  afterAll(() => sim.stop())

  it('two saves started together never both report "saved" while one value is lost', async () => {
    const handlers = testHandlers()
    await signInAs(handlers, sim)
    const loaded = await handlers.loadWebhook(undefined as never)
    // The server is slow to apply a write, so the two saves overlap.
    sim.faults.add({ method: 'PUT', path: '/api/users/*', latencyMs: 300 })
    const outcomes = await Promise.allSettled(
      ['https://first.example/hook', 'https://second.example/hook'].map((url) =>
        handlers.saveWebhook({ baseline: loaded.values, values: { webhookUrl: url }, removeKeys: [] }),
      ),
    )
    sim.faults.clear()
    const statuses = outcomes.map((o) =>
      o.status === 'fulfilled' ? (o.value as SaveOutcome).status : 'failed',
    )
    expect(statuses).toEqual(['saved', 'conflict'])
    expect(sim.state.users.get(SEED_USERS.demo.id)!.json.attributes).toMatchObject({
      webhookUrl: 'https://first.example/hook',
    })
    const history = await handlers.listHistory(undefined as never)
    expect(history.map((h) => h.after.webhookUrl)).toEqual(['https://first.example/hook'])
  })
})
