import { existsSync, mkdtempSync, readFileSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { startCli, type Running } from '../e2e/support/spawn'
import { LOCK_NAME } from '../src/main/store/data-lock'
import type { SaveOutcome } from '$shared/contract'
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
        handlers.saveWebhook({
          userId: loaded.userId,
          baseline: loaded.values,
          values: { webhookUrl: url },
          removeKeys: [],
        }),
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

describe('one process per data folder (real harness processes)', () => {
  const started: Running[] = []
  afterEach(() => Promise.all(started.splice(0).map((r) => r.stop())))
  const harness = async (dir: string): Promise<Running> => {
    const running = await startCli(
      'src/harness/cli.ts',
      ['--port', '0', '--user-data', dir],
      /Webhook Desk harness: (\S+)/,
    )
    started.push(running)
    return running
  }
  const lockHolder = (dir: string): number => JSON.parse(readFileSync(join(dir, LOCK_NAME), 'utf8')).pid

  it('refuses a second instance, takes over the lock of one killed with SIGKILL, and releases it on exit', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'wd-lock-')), 'user-data')
    const first = await harness(dir)
    expect(statSync(dir).mode & 0o777).toBe(0o700)
    expect(lockHolder(dir)).toBe(first.pid)

    await expect(harness(dir)).rejects.toThrow(
      new RegExp(`exited with 1:[\\s\\S]*Another Webhook Desk \\(process ${first.pid}\\) is already using`),
    )

    process.kill(first.pid, 'SIGKILL')
    await first.stop()
    expect(lockHolder(dir)).toBe(first.pid)

    const third = await harness(dir)
    expect(third.output()).toContain(
      `Took over the data folder from process ${first.pid}, which is no longer running.`,
    )
    expect(lockHolder(dir)).toBe(third.pid)
    await third.stop()
    expect(existsSync(join(dir, LOCK_NAME))).toBe(false)
  }, 120_000)
})
