/**
 * Rate limits (docs/traccar-facts.md: Traccar 5.1–6.11 answer 429 over 25 requests/s): the client
 * spaces its requests, retries a 429 after Retry-After or a bounded backoff, and never shows a 429.
 */
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { AccountService } from '../src/main/account/account-service'
import { AccountDataStore } from '../src/main/store/account-data'
import { ProfileStore } from '../src/main/store/profiles'
import { Sealer } from '../src/main/store/sealed'
import { nodeTransport } from '../src/main/traccar/transport'
import { WebhookService, type DraftRecord, type HistoryRecord } from '../src/main/webhook/webhook-service'
import type { PushEvent } from '$shared/contract'
import { SEED_USERS, startSim, type Sim } from '../src/sim'
import { failure } from './helpers/failure'
import { signInAs, testHandlers } from './helpers/handlers'
import { memorySecrets } from './helpers/secrets'

const { demo } = SEED_USERS

describe('rate limits on Traccar 5.12', () => {
  let sim: Sim
  let statuses: number[]
  let pushes: PushEvent[]
  /** Runs once after the next reply to a request matching it (e.g. to arm a fault after a PUT). */
  let afterReply: ((method: string, url: string) => void) | null
  /** Answers instead of the server, once per call, when set. */
  let intercept: ((method: string, url: string) => Response | null) | null

  function services(pace?: { perSecond: number; burst: number }) {
    const dir = mkdtempSync(join(tmpdir(), 'wd-rate-'))
    const secrets = memorySecrets()
    const watched: typeof fetch = async (input, init) => {
      const method = init?.method ?? 'GET'
      const faked = intercept?.(method, String(input))
      const res = faked ?? (await fetch(input, init))
      statuses.push(res.status)
      afterReply?.(method, String(input))
      return res
    }
    const accounts = new AccountService({
      transport: () => nodeTransport(watched),
      secrets,
      profiles: new ProfileStore(dir),
      push: (e) => pushes.push(e),
      ...(pace ? { pace } : {}),
    })
    const webhook = new WebhookService(
      accounts,
      new AccountDataStore<DraftRecord, HistoryRecord>(dir, new Sealer(secrets)),
    )
    return { accounts, webhook }
  }

  const signIn = (accounts: AccountService) =>
    accounts.signIn({
      server: sim.url,
      method: 'password',
      email: demo.email,
      secret: demo.password,
      remember: false,
    })

  beforeAll(async () => (sim = await startSim({ flavor: '5.12', clock: false })))
  afterAll(() => sim.stop())
  beforeEach(() => {
    statuses = []
    pushes = []
    afterReply = null
    intercept = null
    sim.faults.clear()
    sim.state.rateLimit = 25
  })

  it('spaces a burst of 40 requests so the server (25/s) never answers 429', async () => {
    const { accounts, webhook } = services()
    await signIn(accounts)
    const started = Date.now()
    const client = accounts.require().client
    await Promise.all(Array.from({ length: 40 }, () => client.getJson('/api/devices')))
    expect(statuses.filter((s) => s === 429)).toEqual([])
    // 5 at once, then 10 per second.
    expect(Date.now() - started).toBeGreaterThan(3000)
    await webhook.load()
  }, 20_000)

  it('retries the 429s of a server stricter than the pacing and shows none of them', async () => {
    sim.state.rateLimit = 3
    const { accounts, webhook } = services()
    await signIn(accounts)
    const client = accounts.require().client
    const results = await Promise.all(
      Array.from({ length: 20 }, () => client.getJson<unknown[]>('/api/devices')),
    )
    expect(results.every((r) => r.length === 3)).toBe(true)
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThan(0)
    const base = await webhook.load()
    const outcome = await webhook.save({
      userId: base.userId,
      baseline: base.values,
      values: { webhookUrl: 'https://h.example/a' },
      removeKeys: [],
    })
    expect(outcome.status).toBe('saved')
  }, 30_000)

  it('confirms a save whose read-back got a 429 after the PUT was applied', async () => {
    sim.state.rateLimit = 0
    const { accounts, webhook } = services({ perSecond: 0, burst: 1 })
    await signIn(accounts)
    const base = await webhook.load()
    afterReply = (method) => {
      if (method !== 'PUT') return
      afterReply = null
      sim.faults.add({
        method: 'GET',
        path: `/api/users/${demo.id}`,
        status: 429,
        body: '<html>429</html>',
        contentType: 'text/html',
        times: 1,
      })
    }
    const outcome = await webhook.save({
      userId: base.userId,
      baseline: base.values,
      values: { webhookUrl: 'https://h.example/b' },
      removeKeys: [],
    })
    expect(outcome).toMatchObject({
      status: 'saved',
      state: { values: { webhookUrl: 'https://h.example/b' } },
    })
    expect(statuses.filter((s) => s === 429)).toHaveLength(1)
  })

  it('waits as long as Retry-After says, and says the server is slowing us down only when it lasts', async () => {
    sim.state.rateLimit = 0
    const { accounts } = services({ perSecond: 0, burst: 1 })
    await signIn(accounts)
    const client = accounts.require().client
    let left = 1
    intercept = (_m, url) =>
      url.endsWith('/api/devices') && left-- > 0
        ? new Response('', { status: 429, headers: { 'retry-after': '2' } })
        : null
    const started = Date.now()
    await client.getJson('/api/devices')
    expect(Date.now() - started).toBeGreaterThanOrEqual(1900)
    expect(pushes).toEqual([
      { type: 'server.slow', slow: true },
      { type: 'server.slow', slow: false },
    ])
    // A short one passes without a word.
    pushes = []
    left = 1
    intercept = (_m, url) =>
      url.endsWith('/api/devices') && left-- > 0
        ? new Response('', { status: 429, headers: { 'retry-after': '0' } })
        : null
    await client.getJson('/api/devices')
    expect(pushes).toEqual([])
  })

  it('lists events across devices through the same pacing and retries, without a 429 showing', async () => {
    sim.state.rateLimit = 2
    const handlers = testHandlers({
      transport: () =>
        nodeTransport(async (input, init) => {
          const res = await fetch(input, init)
          statuses.push(res.status)
          return res
        }),
    })
    await signInAs(handlers, sim)
    const to = new Date()
    const from = new Date(to.getTime() - 86_400_000)
    const rows = await handlers.listEvents({ from: from.toISOString(), to: to.toISOString() })
    expect(rows).toHaveLength(15)
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThan(0)
  }, 30_000)

  it('gives up after a bounded number of retries with a clear error, not a raw 429', async () => {
    sim.state.rateLimit = 0
    const { accounts } = services({ perSecond: 0, burst: 1 })
    await signIn(accounts)
    intercept = (_m, url) =>
      url.endsWith('/api/devices') ? new Response('', { status: 429, headers: { 'retry-after': '0' } }) : null
    const error = await failure(accounts.require().client.getJson('/api/devices'))
    expect(error.code).toBe('net.rateLimited')
    expect(error.message).toContain('slow down')
    expect(statuses.filter((s) => s === 429)).toHaveLength(7)
  })
})
