// @vitest-environment happy-dom
import { flushSync, mount, unmount } from 'svelte'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import {
  emptyBulkCounts,
  type BulkBatch,
  type BulkResultStatus,
  type BulkRowResult,
  type PushEvent,
  type SessionInfo,
} from '$shared/contract'
import { t, tn } from '$shared/i18n'
import type { Result } from '$shared/result'
import { SEED_USERS } from '../../src/sim'
import { accounts } from '../../src/renderer/src/views/accounts/accounts.svelte'
import BatchResults from '../../src/renderer/src/views/accounts/BatchResults.svelte'
import TargetBanner from '../../src/renderer/src/views/accounts/TargetBanner.svelte'
import { realApi, until, type RealApi } from './real-api'

// One simulator and one window.api for the file: the accounts store is the window's one store and
// listens to the api it first saw, as the app's does.
let real: RealApi
/** The store's push listener: news in orders main's timing seldom shows (a repeat, another batch's). */
let pushToStore: (event: PushEvent) => void = () => {
  throw new Error('the store is not listening yet: load first')
}
beforeAll(async () => {
  real = await realApi(SEED_USERS.manager, { users: 40 })
  const onEvent = window.api.onEvent
  window.api.onEvent = (listener) => {
    registrations++
    pushToStore = listener
    return onEvent(listener)
  }
})
let registrations = 0

type Call = (input: never) => Promise<unknown>
/** Wraps one window.api call (to hold its answer, or look at the store when it is made); returns the undo. */
function around(
  name: 'applyBulk' | 'getBulk' | 'listManagedAccounts' | 'bulkSecretsCsv',
  wrap: (real: Call, input: never) => Promise<unknown>,
): () => void {
  const api = window.api as unknown as Record<string, Call>
  const real = api[name]!
  api[name] = (input) => wrap(real, input)
  return () => void (api[name] = real)
}
afterAll(() => real.stop())

let view: Record<string, unknown> | undefined
afterEach(async () => {
  if (view) await unmount(view)
  view = undefined
  document.body.innerHTML = ''
  real.sim.faults.clear()
})

/** A fresh sign-in of the manager, as the sign-in screen makes one (a new session each time). */
async function signIn(): Promise<SessionInfo> {
  const { manager } = SEED_USERS
  const result = await window.api.signIn({
    server: real.sim.url,
    method: 'password',
    email: manager.email,
    secret: manager.password,
    remember: false,
  })
  if (!result.ok) throw new Error(result.error.message)
  return result.value
}

/** Managed accounts a bulk change can save as they are (writable, no near-miss key to fix first). */
const plain = (): number[] =>
  accounts.accounts
    .filter((a) => !a.readonly && !a.disabled && !a.manager && a.nearMisses.length === 0)
    .map((a) => a.userId)

const button = (name: string): HTMLButtonElement | undefined =>
  [...document.querySelectorAll('button')].find((b) => b.textContent?.trim() === name)
/** Resolves once main has answered the next such call and the caller has gone on with the answer. */
function nextAnswer(name: 'getBulk' | 'bulkSecretsCsv'): Promise<void> {
  return new Promise((answered) => {
    const restore = around(name, async (real, input) => {
      restore()
      const answer = await real(input)
      setTimeout(answered, 0)
      return answer
    })
  })
}

/** The batch the store shows when it first asks main about a new one (the next getBulk). */
function lookWhenFollowed(): () => BulkBatch | null {
  let seen: BulkBatch | null = null
  const restore = around('getBulk', (real, input) => {
    seen = accounts.batch
    restore()
    return real(input)
  })
  return () => seen
}
const dialogTitled = (title: string): HTMLDialogElement | undefined =>
  [...document.querySelectorAll('dialog')].find((d) => d.querySelector('h2')?.textContent === title)

/** A running batch as the store holds it; main knows it only when a test started it for real. */
const batchOf = (
  batchId: string,
  kind: BulkBatch['kind'] = 'apply',
  secretsAvailable = false,
): BulkBatch => ({
  batchId,
  kind,
  running: true,
  cancelled: false,
  total: 3,
  results: [],
  counts: emptyBulkCounts(),
  historyNotSaved: 0,
  secretsAvailable,
})

// First in the file: Stryker credits the listener's set-up to the first test that runs it.
describe('the store listens to main once', () => {
  it('from its first read on, however many reads follow, and takes the news it gets', async () => {
    accounts.bind(await signIn())
    await accounts.load()
    const reading = accounts.load()
    pushToStore({ type: 'managed.progress', loaded: 3, total: 9 })
    expect(accounts.progress).toEqual({ loaded: 3, total: 9 })
    await reading
    accounts.bind(await signIn())
    await accounts.load()
    expect(registrations).toBe(1)
  })
})

describe('the accounts store', () => {
  it('starts over with every sign-in, the same account’s too', async () => {
    const first = await signIn()
    accounts.bind(first)
    await accounts.load()
    const [one] = plain()
    accounts.toggle(one!, true)
    accounts.query = 'rider'
    expect(await accounts.open(one!)).toBe(true)
    view = mount(TargetBanner, { target: document.body.appendChild(document.createElement('div')) })
    flushSync()
    expect(document.querySelector('[data-testid="target-banner"]')).not.toBeNull()

    // The same session again (an effect re-running) keeps everything.
    accounts.bind(first)
    expect(accounts.target?.userId).toBe(one)
    expect(accounts.selected.size).toBe(1)

    // Signing in again, as the same manager: main has forgotten the opened account, so must the window.
    const again = await signIn()
    expect(again.accountId).toBe(first.accountId)
    accounts.bind(again)
    flushSync()
    expect(accounts.target).toBeNull()
    expect(document.querySelector('[data-testid="target-banner"]')).toBeNull()
    expect(accounts.selected.size).toBe(0)
    expect(accounts.query).toBe('')
    expect(accounts.accounts).toEqual([])
    expect(accounts.loaded).toBe(false)
    expect(accounts.step).toBe('list')
  })

  it('forgets the flow, the batch and its PSKs of the earlier sign-in', async () => {
    accounts.bind(await signIn())
    const batch: BulkBatch = { ...batchOf('earlier', 'apply', true), running: false }
    Object.assign(accounts, {
      loading: true,
      loadError: { code: 'managed.pagingStuck', message: 'earlier' },
      stale: true,
      error: { code: 'bulk.unknownBatch', message: 'earlier' },
      secretsError: { code: 'bulk.unknownBatch', message: 'earlier' },
      secretsDownloaded: true,
      progress: { loaded: 1, total: 2 },
      filter: 'readonly',
      step: 'batch',
      plan: { planId: 'p', rows: [], counts: {}, generatesSecrets: true },
      batch,
      undoable: 'earlier',
      secrets: [{ email: 'a@example.com', userId: '1', webhookPsk: 'Bearer x' }],
      secretsCsv: 'email\n',
    })
    accounts.bind(await signIn())
    expect({
      loading: accounts.loading,
      loadError: accounts.loadError,
      stale: accounts.stale,
      error: accounts.error,
      secretsError: accounts.secretsError,
      secretsDownloaded: accounts.secretsDownloaded,
      progress: accounts.progress,
      filter: accounts.filter,
      step: accounts.step,
      plan: accounts.plan,
      batch: accounts.batch,
      undoable: accounts.undoable,
      secrets: accounts.secrets,
      secretsCsv: accounts.secretsCsv,
    }).toEqual({
      loading: false,
      loadError: null,
      stale: false,
      error: null,
      secretsError: null,
      secretsDownloaded: false,
      progress: null,
      filter: 'all',
      step: 'list',
      plan: null,
      batch: null,
      undoable: null,
      secrets: null,
      secretsCsv: null,
    })
  })
})

describe('an action of an earlier sign-in that answers after a new one', () => {
  it('leaves the new session’s state alone: no review, no batch, no opened account, no error', async () => {
    accounts.bind(await signIn())
    await accounts.load()
    const [one] = plain()
    accounts.toggle(one!, true)
    const again = await signIn()
    const reviewing = accounts.review({ kind: 'off' })
    const opening = accounts.open(one!)
    const exporting = accounts.exportAccounts('csv', false)
    const refused = accounts.open(999_999)
    accounts.bind(again)
    await Promise.all([reviewing, opening, exporting, refused])
    expect([accounts.plan, accounts.step, accounts.target, accounts.error]).toEqual([
      null,
      'list',
      null,
      null,
    ])
    expect(await exporting).toBeNull()
    expect(await opening).toBe(false)
  })
})

describe('the results of a batch that generated PSKs', () => {
  it('asks before Retry or Undo while the PSKs are not downloaded, as Done does', async () => {
    accounts.bind(await signIn())
    await accounts.load()
    const ids = plain().slice(0, 4)
    expect(ids).toHaveLength(4)
    for (const id of ids) accounts.toggle(id, true)
    // One account's save fails once, so there is something to retry.
    real.sim.faults.add({ method: 'PUT', path: `/api/users/${ids[1]}`, status: 500, body: 'boom', times: 1 })
    // Still running when the window first asks main for it: the PSKs are asked for only at the end.
    real.sim.faults.add({ method: 'PUT', path: `/api/users/${ids[0]}`, latencyMs: 300, times: 1 })
    await accounts.review({ kind: 'set', url: 'https://psk.example.com/hook', psk: { mode: 'perAccount' } })
    expect(accounts.step).toBe('review')
    await accounts.apply()
    await until(() => accounts.batch?.running === false && accounts.secrets !== null, 'the finished batch')
    expect(accounts.batch!.counts).toMatchObject({ saved: 3, failed: 1 })
    const applied = accounts.batch!.batchId
    // The PSKs shown once: read from the CSV by its column names, one per saved account.
    const saved = ids.filter((id) => id !== ids[1])
    const emailOf = (id: number): string => accounts.accounts.find((a) => a.userId === id)!.email
    expect(accounts.secrets!.map((s) => [s.userId, s.email]).sort()).toEqual(
      saved.map((id) => [String(id), emailOf(id)]).sort(),
    )
    for (const secret of accounts.secrets!) expect(secret.webhookPsk).toMatch(/^Bearer \S{20,}$/)
    expect(new Set(accounts.secrets!.map((s) => s.webhookPsk)).size).toBe(3)
    // Asked once, after the batch ended (main gives them once, and not while it runs).
    expect(accounts.secretsError).toBeNull()

    view = mount(BatchResults, { target: document.body.appendChild(document.createElement('div')) })
    flushSync()
    const leaveTitle = t('accounts.secrets.leaveTitle')

    // Retry: the prompt comes first, and Stay leaves the batch and its PSKs as they were.
    button(tn('accounts.batch.retry', 1))!.click()
    flushSync()
    expect(dialogTitled(leaveTitle)).toBeDefined()
    button(t('accounts.secrets.stay'))!.click()
    flushSync()
    expect(dialogTitled(leaveTitle)).toBeUndefined()
    expect(accounts.batch!.batchId).toBe(applied)
    expect(accounts.secrets).toHaveLength(3)

    // Undo, once confirmed: the same prompt before the PSKs go.
    button(t('accounts.batch.undo'))!.click()
    flushSync()
    button(t('accounts.undo.confirm'))!.click()
    flushSync()
    expect(dialogTitled(leaveTitle)).toBeDefined()
    button(t('accounts.secrets.stay'))!.click()
    flushSync()
    expect(accounts.batch!.batchId).toBe(applied)
    expect(accounts.undoable).toBe(applied)

    // Leaving without them goes on with the retry, shown as one from the first look on.
    const firstLook = lookWhenFollowed()
    button(tn('accounts.batch.retry', 1))!.click()
    flushSync()
    button(t('accounts.secrets.discard'))!.click()
    await until(() => accounts.batch?.batchId !== applied && accounts.batch?.running === false, 'the retry')
    expect(firstLook()).toMatchObject({ kind: 'retry', running: true, secretsAvailable: false })
    expect(accounts.batch!.kind).toBe('retry')
    expect(accounts.batch!.counts.saved).toBe(1)
  })

  it('asks for the PSKs once the batch has ended, not when it first sees it running', async () => {
    accounts.bind(await signIn())
    await accounts.load()
    for (const id of plain().slice(6, 8)) accounts.toggle(id, true)
    await accounts.review({ kind: 'set', psk: { mode: 'perAccount' } })
    const last = accounts.plan!.rows[1]!.userId!
    real.sim.faults.add({ method: 'PUT', path: `/api/users/${last}`, latencyMs: 500, times: 1 })
    let first = true
    // The window's first look comes once one PSK is set and the other is still being saved.
    const restore = around('getBulk', async (real, input) => {
      while (first) {
        const now = (await real(input)) as Result<BulkBatch>
        if (now.ok && now.value.counts.saved > 0) first = false
        else await new Promise((done) => setTimeout(done, 5))
      }
      return real(input)
    })
    try {
      await accounts.apply()
      await until(() => accounts.batch?.running === false && accounts.secrets !== null, 'the finished batch')
    } finally {
      restore()
    }
    expect(accounts.batch!.counts.saved).toBe(2)
    expect(accounts.secretsError).toBeNull()
    expect(accounts.secrets).toHaveLength(2)
  })

  it('goes straight on once the PSKs were downloaded', async () => {
    accounts.bind(await signIn())
    await accounts.load()
    const ids = plain().slice(4, 6)
    for (const id of ids) accounts.toggle(id, true)
    await accounts.review({ kind: 'set', psk: { mode: 'perAccount' } })
    await accounts.apply()
    await until(() => accounts.batch?.running === false && accounts.secrets !== null, 'the finished batch')
    const applied = accounts.batch!.batchId

    view = mount(BatchResults, { target: document.body.appendChild(document.createElement('div')) })
    flushSync()
    button(t('accounts.secrets.download'))!.click()
    const firstLook = lookWhenFollowed()
    button(t('accounts.batch.undo'))!.click()
    flushSync()
    button(t('accounts.undo.confirm'))!.click()
    flushSync()
    expect(dialogTitled(t('accounts.secrets.leaveTitle'))).toBeUndefined()
    await until(() => accounts.batch?.batchId !== applied && accounts.batch?.running === false, 'the undo')
    expect(firstLook()).toMatchObject({ kind: 'undo', running: true, secretsAvailable: false })
    expect(accounts.batch!.kind).toBe('undo')
  })
})

describe('reading the accounts', () => {
  it('reads anew after a sign-in instead of waiting for the earlier session’s read', async () => {
    const first = await signIn()
    const again = await signIn()
    accounts.bind(first)
    const earlier = accounts.load()
    // A second call while it runs, same sign-in: the same read.
    expect(accounts.load()).toBe(earlier)
    accounts.bind(again)
    expect(accounts.loading).toBe(false)
    const now = accounts.load()
    expect(now).not.toBe(earlier)
    await Promise.all([earlier, now])
    expect([accounts.loaded, accounts.loading, accounts.loadError]).toEqual([true, false, null])
    expect(accounts.accounts.length).toBeGreaterThan(0)
  })
})

describe('the list: filter, search, sort, select', () => {
  it('shows the accounts each filter and search asks for, in the order asked', async () => {
    accounts.bind(await signIn())
    await accounts.load()
    const all = accounts.accounts
    const ids = (list: readonly { userId: number }[]): number[] =>
      list.map((a) => a.userId).sort((a, b) => a - b)
    const expectShown = (want: typeof all): void => {
      expect(want.length).toBeGreaterThan(0)
      expect(want.length).toBeLessThan(all.length)
      expect(ids(accounts.shown)).toEqual(ids(want))
    }
    accounts.filter = 'on'
    expectShown(all.filter((a) => a.webhook.on))
    accounts.filter = 'off'
    expectShown(all.filter((a) => !a.webhook.on))
    accounts.filter = 'nearMiss'
    expectShown(all.filter((a) => a.nearMisses.length > 0))
    accounts.filter = 'readonly'
    expectShown(all.filter((a) => a.readonly))
    accounts.filter = 'all'

    // Search: by host too, case-insensitively.
    const host = all.find((a) => a.webhook.host)!.webhook.host!
    accounts.query = ` ${host.toUpperCase()} `
    expectShown(all.filter((a) => a.webhook.host?.includes(host)))
    accounts.query = ''

    const byId = (list: typeof all): number[] => list.map((a) => a.userId)
    const sortedBy = (key: (a: (typeof all)[number]) => string): number[] =>
      byId([...all].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : a.userId - b.userId)))

    // Host: no host last; the same host in userId order.
    accounts.sortBy('host')
    expect([accounts.sort, accounts.descending]).toEqual(['host', false])
    const hostKey = (a: (typeof all)[number]): string => a.webhook.host ?? '\uffff'
    expect(new Set(all.map(hostKey)).size).toBeLessThan(all.length - 1)
    expect(byId(accounts.shown)).toEqual(sortedBy(hostKey))
    expect(accounts.shown.at(-1)!.webhook.host).toBeNull()
    // The same column again: descending, exactly reversed.
    accounts.sortBy('host')
    expect(accounts.descending).toBe(true)
    expect(byId(accounts.shown)).toEqual(sortedBy(hostKey).reverse())
    // Another column: ascending again.
    accounts.sortBy('state')
    expect([accounts.sort, accounts.descending]).toEqual(['state', false])
    const on = accounts.shown.findIndex((a) => !a.webhook.on)
    expect(on).toBeGreaterThan(0)
    expect(accounts.shown.slice(on).every((a) => !a.webhook.on)).toBe(true)
    expect(byId(accounts.shown)).toEqual(sortedBy((a) => `${a.webhook.on ? 0 : 1}${a.webhook.host ?? ''}`))
    accounts.sortBy('email')
    accounts.sortBy('name')
    expect([accounts.sort, accounts.descending]).toEqual(['name', false])

    // Select all shown, then unselect them.
    accounts.filter = 'readonly'
    expect(accounts.allShownSelected).toBe(false)
    accounts.toggleAllShown()
    expect(ids([...accounts.selected].map((userId) => ({ userId })))).toEqual(ids(accounts.shown))
    expect(accounts.allShownSelected).toBe(true)
    accounts.toggleAllShown()
    expect(accounts.selected.size).toBe(0)
    accounts.filter = 'all'
  })
})

describe('the bulk flow’s steps', () => {
  it('goes to the change form, the import, their review and back, and leaves with Done', async () => {
    accounts.bind(await signIn())
    await accounts.load()
    accounts.startChange()
    expect(accounts.step).toBe('change')
    accounts.back()
    expect(accounts.step).toBe('list')

    accounts.startImport()
    expect(accounts.step).toBe('import')
    const [one] = accounts.accounts.filter((a) => !a.readonly && !a.disabled && a.nearMisses.length === 0)
    await accounts.reviewImport(`email,webhookUrl\n${one!.email},https://import.example.com/hook\n`)
    expect(accounts.error).toBeNull()
    expect(accounts.step).toBe('review')
    expect(accounts.planSource).toBe('import')
    expect(accounts.plan!.rows.map((r) => r.userId)).toEqual([one!.userId])
    accounts.back()
    expect(accounts.step).toBe('import')

    // A refused import stays on the import with the error.
    accounts.plan = null
    real.sim.faults.add({ method: 'GET', path: '/api/users', status: 500, body: 'boom', times: 5 })
    await accounts.reviewImport(`email,webhookUrl\n${one!.email},https://import.example.com/hook\n`)
    real.sim.faults.clear()
    expect(accounts.error).not.toBeNull()
    expect(accounts.plan).toBeNull()
    expect(accounts.step).toBe('import')

    accounts.startChange()
    expect(accounts.error).toBeNull()
    accounts.toggle(one!.userId, true)
    await accounts.review({ kind: 'off' })
    expect(accounts.error).toBeNull()
    expect(accounts.planSource).toBe('change')
    accounts.back()
    expect(accounts.step).toBe('change')

    accounts.step = 'batch'
    accounts.secrets = []
    accounts.secretsCsv = 'x'
    accounts.done()
    expect([accounts.step, accounts.plan, accounts.secrets, accounts.secretsCsv]).toEqual([
      'list',
      null,
      null,
      null,
    ])
  })
})

describe('the store when the server refuses', () => {
  it('says so for a failed read, a refused open, cancel and export', async () => {
    accounts.bind(await signIn())
    real.sim.faults.add({ method: 'GET', path: '/api/users', status: 500, body: 'boom', times: 5 })
    await accounts.load()
    real.sim.faults.clear()
    expect(accounts.loadError).not.toBeNull()
    expect([accounts.loaded, accounts.loading, accounts.progress]).toEqual([false, false, null])

    await accounts.load()
    expect(accounts.loadError).toBeNull()
    const exported = await accounts.exportAccounts('csv', false)
    expect(accounts.error).toBeNull()
    expect(exported!.content).toContain(accounts.accounts[0]!.email)

    expect(await accounts.open(999_999)).toBe(false)
    expect(accounts.target).toBeNull()
    expect(accounts.error).not.toBeNull()

    // Cancel asks main only while a batch runs (the open's error stays: nothing was asked).
    await accounts.cancel()
    const gone: BulkBatch = { ...batchOf('gone'), running: false }
    accounts.batch = gone
    await accounts.cancel()
    expect(accounts.error?.code).toBe('managed.unknownAccount')
    accounts.batch = { ...gone, running: true }
    await accounts.cancel()
    expect(accounts.error?.code).toBe('bulk.unknownBatch')
    accounts.batch = null
  })
})

describe('the news of a running batch', () => {
  const row = (userId: number, status: BulkResultStatus): BulkRowResult => ({
    userId,
    email: `${userId}@example.com`,
    status,
    code: null,
    message: null,
    after: null,
  })
  const progress = (batchId: string, result: BulkRowResult): PushEvent => ({
    type: 'bulk.progress',
    batchId,
    done: 1,
    total: 3,
    result,
  })
  const finished = (batchId: string, counts: Partial<Record<BulkResultStatus, number>>): PushEvent => ({
    type: 'bulk.finished',
    batchId,
    counts: { ...emptyBulkCounts(), ...counts },
    cancelled: true,
    historyNotSaved: 2,
  })

  it('takes each account once, the latest, counts them, and ignores another batch’s news', async () => {
    accounts.bind(await signIn())
    await accounts.load()
    accounts.batch = batchOf('news', 'apply', false)
    pushToStore(progress('news', row(1, 'failed')))
    pushToStore(progress('other', row(9, 'saved')))
    // A re-read repeats account 1 with what it ended as.
    pushToStore(progress('news', row(1, 'saved')))
    pushToStore(progress('news', row(2, 'unchanged')))
    expect(accounts.batch.results.map((r) => [r.userId, r.status])).toEqual([
      [1, 'saved'],
      [2, 'unchanged'],
    ])
    expect(accounts.batch.counts).toEqual({ ...emptyBulkCounts(), saved: 1, unchanged: 1 })
    expect(accounts.batch.running).toBe(true)
    accounts.batch = null
    pushToStore(progress('news', row(3, 'saved')))
    pushToStore(finished('news', { saved: 1 }))
    expect(accounts.batch).toBeNull()
  })

  it('ends with the news’ counts when main no longer knows the batch, and offers its undo', async () => {
    accounts.bind(await signIn())
    await accounts.load()
    accounts.batch = batchOf('gone', 'apply', true)
    pushToStore(finished('other', { saved: 3 }))
    expect(accounts.batch.running).toBe(true)
    pushToStore(finished('gone', { saved: 1, failed: 2 }))
    expect(accounts.batch).toMatchObject({
      running: false,
      cancelled: true,
      historyNotSaved: 2,
      counts: { ...emptyBulkCounts(), saved: 1, failed: 2 },
    })
    // Settled: main's answer for the batch is refused (it forgot it), so the news stands.
    await until(() => accounts.secretsError !== null, 'the settled batch')
    expect(accounts.secretsError!.code).toBe('bulk.unknownBatch')
    expect(accounts.secrets).toBeNull()
    expect(accounts.undoable).toBe('gone')
    expect(accounts.batch.counts.saved).toBe(1)
  })

  it('leaves alone a batch no longer shown when its end comes, and PSKs already taken', async () => {
    accounts.bind(await signIn())
    await accounts.load()
    accounts.undoable = 'earlier'
    accounts.batch = batchOf('gone')
    let answered = nextAnswer('getBulk')
    pushToStore(finished('gone', { saved: 1 }))
    // Another batch is shown before main answers for the first.
    const next: BulkBatch = { ...batchOf('next'), running: false, counts: { ...emptyBulkCounts(), saved: 2 } }
    accounts.batch = next
    await answered
    expect([accounts.batch, accounts.undoable]).toEqual([next, 'earlier'])
    // None shown any more (a new sign-in) when main answers.
    answered = nextAnswer('getBulk')
    pushToStore(finished('next', { saved: 2 }))
    accounts.batch = null
    await answered
    expect([accounts.batch, accounts.undoable]).toEqual([null, 'earlier'])

    accounts.batch = batchOf('taken', 'apply', true)
    accounts.secretsCsv = 'email,userId,webhookPsk\n'
    let asked = 0
    const restore = around('bulkSecretsCsv', (real, input) => (asked++, real(input)))
    answered = nextAnswer('getBulk')
    pushToStore(finished('taken', { saved: 1 }))
    await answered
    restore()
    expect(accounts.undoable).toBe('taken')
    expect(asked).toBe(0)
    expect([accounts.secretsError, accounts.secretsCsv]).toEqual([null, 'email,userId,webhookPsk\n'])
  })

  it('offers no undo for a batch that saved nothing, and none after an undo', async () => {
    accounts.bind(await signIn())
    await accounts.load()
    accounts.undoable = 'earlier'
    accounts.batch = batchOf('nothing', 'apply', false)
    let asked = 0
    const restore = around('bulkSecretsCsv', (real, input) => (asked++, real(input)))
    let answered = nextAnswer('getBulk')
    pushToStore(finished('nothing', { failed: 3 }))
    await answered
    expect(accounts.undoable).toBe('earlier')

    accounts.batch = batchOf('undone', 'undo', false)
    answered = nextAnswer('getBulk')
    pushToStore(finished('undone', { saved: 3 }))
    await answered
    restore()
    expect(accounts.undoable).toBeNull()
    // Neither had PSKs to offer.
    expect(asked).toBe(0)
    expect(accounts.secretsError).toBeNull()
  })
})

describe('reading the accounts: progress, what went away, and edits made in the editor', () => {
  it('shows the read’s progress while it runs, and no other time', async () => {
    accounts.bind(await signIn())
    await accounts.load()
    pushToStore({ type: 'managed.progress', loaded: 5, total: 40 })
    expect(accounts.progress).toBeNull()
    const reading = accounts.load()
    expect([accounts.loading, accounts.progress]).toEqual([true, { loaded: 0, total: null }])
    pushToStore({ type: 'managed.progress', loaded: 5, total: 40 })
    expect(accounts.progress).toEqual({ loaded: 5, total: 40 })
    await reading
    expect([accounts.loading, accounts.progress]).toEqual([false, null])
  })

  it('unselects accounts that went away, and keeps the others selected', async () => {
    accounts.bind(await signIn())
    await accounts.load()
    const [kept] = plain()
    accounts.toggle(kept!, true)
    accounts.toggle(999_999, true)
    await accounts.load()
    expect([...accounts.selected]).toEqual([kept])
  })

  it('re-reads the list before a review once an account was opened in the editor', async () => {
    accounts.bind(await signIn())
    await accounts.load()
    const [one, two] = plain()
    // Changed elsewhere, no account opened here: a review does not read the list again.
    real.sim.mutateUser(two!, { attributes: { webhookUrl: 'https://elsewhere.example.com/hook' } })
    accounts.toggle(two!, true)
    await accounts.review({ kind: 'off' })
    expect(accounts.accounts.find((a) => a.userId === two)!.webhook.host).not.toBe('elsewhere.example.com')
    accounts.toggle(two!, false)
    const version = accounts.targetVersion
    expect(await accounts.open(one!)).toBe(true)
    expect([accounts.target?.userId, accounts.targetVersion, accounts.stale]).toEqual([
      one,
      version + 1,
      true,
    ])
    // Saved in the editor meanwhile (here: straight on the server).
    real.sim.mutateUser(one!, { attributes: { webhookUrl: 'https://edited.example.com/hook' } })
    accounts.toggle(one!, true)
    await accounts.review({ kind: 'off' })
    expect(accounts.stale).toBe(false)
    expect(accounts.accounts.find((a) => a.userId === one)!.webhook.host).toBe('edited.example.com')
    // Back to one's own webhook: nothing of the list changed.
    expect(await accounts.open(null)).toBe(true)
    expect([accounts.targetVersion, accounts.stale]).toEqual([version + 2, false])
  })

  it('reviews the selection in the order the list shows it, hidden ones last', async () => {
    accounts.bind(await signIn())
    await accounts.load()
    const byId = (id: number) => accounts.accounts.find((x) => x.userId === id)!
    const on = plain().filter((id) => byId(id).webhook.on)
    const off = plain().find((id) => !byId(id).webhook.on)!
    const [a, c] = [on[0]!, on[1]!].sort((x, y) => byId(x).email.localeCompare(byId(y).email))
    for (const id of [off, a!, c!]) accounts.toggle(id, true)
    accounts.filter = 'on'
    accounts.sort = 'email'
    accounts.descending = true
    await accounts.review({ kind: 'off' })
    expect(accounts.plan!.rows.map((r) => r.userId)).toEqual([c, a, off])
    accounts.filter = 'all'
    accounts.sortBy('name')
  })
})

describe('the list’s search and order', () => {
  const byId = (id: number) => accounts.accounts.find((a) => a.userId === id)!
  const shownIds = (): number[] => accounts.shown.map((a) => a.userId)

  it('finds accounts by name or email in any case, and says when all shown are selected', async () => {
    accounts.bind(await signIn())
    await accounts.load()
    const [x, y] = plain()
    real.sim.mutateUser(x!, { fields: { name: 'Zebra Quartz' } })
    await accounts.load()
    accounts.query = 'zEBRA q'
    expect(shownIds()).toEqual([x])
    accounts.query = byId(y!).email.toUpperCase()
    expect(shownIds()).toEqual([y])

    // None shown: nothing to call "all selected".
    accounts.query = 'no account is called this'
    expect(accounts.shown).toEqual([])
    expect(accounts.allShownSelected).toBe(false)
    // Some of those shown selected, not all.
    accounts.query = ''
    accounts.toggle(x!, true)
    expect(accounts.allShownSelected).toBe(false)
    accounts.toggle(x!, false)
  })

  it('sorts names as people read them (numbers, any case), an account without one by its email', async () => {
    accounts.bind(await signIn())
    await accounts.load()
    const [x, y, z] = plain()
    real.sim.mutateUser(x!, { fields: { name: 'item 10' } })
    real.sim.mutateUser(y!, { fields: { name: 'Item 9' } })
    real.sim.mutateUser(z!, { fields: { name: '', email: 'mmmm-nameless@example.com' } })
    await accounts.load()
    accounts.sort = 'name'
    accounts.descending = false
    const order = shownIds()
    expect(order.indexOf(y!)).toBeLessThan(order.indexOf(x!))
    const keys = accounts.shown.map((a) => (a.name || a.email).toLowerCase())
    const at = order.indexOf(z!)
    expect(at).toBeGreaterThan(0)
    expect(keys.slice(0, at).every((k) => k < 'mmmm')).toBe(true)
    expect(keys.slice(at + 1).every((k) => k > 'mmmm')).toBe(true)
  })

  it('sorts by state: webhooks on first, by host, not by account number', async () => {
    accounts.bind(await signIn())
    await accounts.load()
    const [low, high] = plain().sort((a, b) => a - b)
    real.sim.mutateUser(low!, { attributes: { webhookUrl: 'https://zz-last.example.com/hook' } })
    real.sim.mutateUser(high!, { attributes: { webhookUrl: 'https://aa-first.example.com/hook' } })
    await accounts.load()
    accounts.sort = 'state'
    accounts.descending = false
    const order = shownIds()
    expect(order.indexOf(high!)).toBeLessThan(order.indexOf(low!))
    accounts.sort = 'name'
  })
})

describe('a read of an earlier sign-in that ends after the new one started', () => {
  it('changes nothing of the new read: not its list, not its progress', async () => {
    const first = await signIn()
    const again = await signIn()
    accounts.bind(first)
    let release = (): void => {}
    let calls = 0
    const restore = around('listManagedAccounts', async (real, input) => {
      // The second read (the new sign-in's) waits until the test lets it answer.
      if (++calls === 2) await new Promise<void>((done) => (release = done))
      return real(input)
    })
    try {
      const earlier = accounts.load()
      accounts.bind(again)
      const now = accounts.load()
      await earlier
      expect([accounts.loading, accounts.loaded, accounts.accounts]).toEqual([true, false, []])
      expect(accounts.progress).not.toBeNull()
      // A call now joins the read under way.
      expect(accounts.load()).toBe(now)
      release()
      await now
      expect([accounts.loading, accounts.loaded]).toEqual([false, true])
    } finally {
      restore()
    }
  })
})

describe('the bulk flow when main refuses or has nothing to do', () => {
  // A function, so TypeScript does not narrow the store's error to what the test last set.
  const errorCode = (): string | undefined => accounts.error?.code

  it('stays where it was: a refused review, an apply without a plan or of one main forgot, retry and undo of nothing', async () => {
    accounts.bind(await signIn())
    await accounts.load()
    const [one] = plain()
    accounts.startChange()
    accounts.toggle(one!, true)
    real.sim.faults.add({ method: 'GET', path: '/api/users', status: 500, body: 'boom', times: 5 })
    await accounts.review({ kind: 'off' })
    real.sim.faults.clear()
    expect(accounts.error).not.toBeNull()
    expect([accounts.step, accounts.plan]).toEqual(['change', null])

    await accounts.apply()
    expect(accounts.step).toBe('change')
    await accounts.review({ kind: 'off' })
    accounts.plan = { ...accounts.plan!, planId: 'forgotten' }
    await accounts.apply()
    expect(errorCode()).toBe('bulk.unknownPlan')
    expect([accounts.step, accounts.batch]).toEqual(['review', null])

    accounts.error = null
    await accounts.retry()
    await accounts.undo()
    expect(accounts.error).toBeNull()
    accounts.batch = { ...batchOf('forgotten'), running: false }
    await accounts.retry()
    expect(errorCode()).toBe('bulk.unknownBatch')
    accounts.error = null
    accounts.undoable = 'forgotten'
    await accounts.undo()
    expect(errorCode()).toBe('bulk.unknownBatch')
    expect(accounts.batch.batchId).toBe('forgotten')
    accounts.batch = null
    accounts.undoable = null
  })

  it('is busy while main works on an action, and not after', async () => {
    accounts.bind(await signIn())
    await accounts.load()
    const exporting = accounts.exportAccounts('json', false)
    expect(accounts.busy).toBe(true)
    await exporting
    expect(accounts.busy).toBe(false)
  })
})

describe('following a batch', () => {
  it('drops a batch of an earlier sign-in that main answers for after a new one', async () => {
    const first = await signIn()
    accounts.bind(first)
    await accounts.load()
    accounts.toggle(plain()[0]!, true)
    await accounts.review({ kind: 'set', url: 'https://dropped.example.com/hook' })
    const getBulk = window.api.getBulk
    // Main has finished the batch, and the window has started over (the same account signed in
    // again, as the store sees it: a new session object), before main's first answer.
    const restore = around('getBulk', async (real, input) => {
      restore()
      for (;;) {
        const state = (await getBulk(input as { batchId: string })) as Result<BulkBatch>
        if (state.ok && !state.value.running) break
        await new Promise((done) => setTimeout(done, 10))
      }
      accounts.bind({ ...first })
      return real(input)
    })
    try {
      await accounts.apply()
    } finally {
      restore()
    }
    expect([accounts.batch, accounts.step, accounts.undoable]).toEqual([null, 'list', null])
  })

  it('shows it running from the start, and takes what main holds when its news came before the store knew it', async () => {
    accounts.bind(await signIn())
    await accounts.load()
    const ids = plain().slice(0, 2)
    for (const id of ids) accounts.toggle(id, true)
    await accounts.review({ kind: 'set', url: 'https://follow.example.com/hook' })
    const seen: (BulkBatch | null)[] = []
    const steps: string[] = []
    const getBulk = window.api.getBulk
    const restoreApply = around('applyBulk', async (real, input) => {
      const started = (await real(input)) as { ok: true; value: { batchId: string } }
      // Main finishes (and sends all its news) before the window hears the batch's id.
      for (;;) {
        const state = await getBulk({ batchId: started.value.batchId })
        if (state.ok && !state.value.running) break
        await new Promise((done) => setTimeout(done, 10))
      }
      return started
    })
    const restoreGet = around('getBulk', async (real, input) => {
      seen.push(accounts.batch)
      steps.push(accounts.step)
      return real(input)
    })
    try {
      await accounts.apply()
    } finally {
      restoreApply()
      restoreGet()
    }
    // When follow asked main first: a new batch of the kind applied, running, with nothing yet.
    const [first] = seen
    expect(seen).toHaveLength(2)
    expect(first).toMatchObject({ kind: 'apply', running: true, cancelled: false, results: [], total: 2 })
    expect(steps).toEqual(['batch', 'batch'])
    await until(() => accounts.batch?.running === false, 'the settled batch')
    expect(accounts.batch!.results.map((r) => r.userId).sort()).toEqual([...ids].sort())
    expect(accounts.batch!.counts.saved).toBe(2)
    expect(accounts.undoable).toBe(accounts.batch!.batchId)
  })
})
