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
    pushToStore = listener
    return onEvent(listener)
  }
})
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
const dialogTitled = (title: string): HTMLDialogElement | undefined =>
  [...document.querySelectorAll('dialog')].find((d) => d.querySelector('h2')?.textContent === title)

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
    const batch: BulkBatch = {
      batchId: 'earlier',
      kind: 'apply',
      running: false,
      cancelled: false,
      total: 1,
      results: [],
      counts: emptyBulkCounts(),
      historyNotSaved: 0,
      secretsAvailable: true,
    }
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

describe('the results of a batch that generated PSKs', () => {
  it('asks before Retry or Undo while the PSKs are not downloaded, as Done does', async () => {
    accounts.bind(await signIn())
    await accounts.load()
    const ids = plain().slice(0, 4)
    expect(ids).toHaveLength(4)
    for (const id of ids) accounts.toggle(id, true)
    // One account's save fails once, so there is something to retry.
    real.sim.faults.add({ method: 'PUT', path: `/api/users/${ids[1]}`, status: 500, body: 'boom', times: 1 })
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

    // Leaving without them goes on with the retry.
    button(tn('accounts.batch.retry', 1))!.click()
    flushSync()
    button(t('accounts.secrets.discard'))!.click()
    await until(() => accounts.batch?.batchId !== applied && accounts.batch?.running === false, 'the retry')
    expect(accounts.batch!.kind).toBe('retry')
    expect(accounts.batch!.counts.saved).toBe(1)
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
    button(t('accounts.batch.undo'))!.click()
    flushSync()
    button(t('accounts.undo.confirm'))!.click()
    flushSync()
    expect(dialogTitled(t('accounts.secrets.leaveTitle'))).toBeUndefined()
    await until(() => accounts.batch?.batchId !== applied && accounts.batch?.running === false, 'the undo')
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
    const gone: BulkBatch = {
      batchId: 'gone',
      kind: 'apply',
      running: false,
      cancelled: false,
      total: 1,
      results: [],
      counts: emptyBulkCounts(),
      historyNotSaved: 0,
      secretsAvailable: false,
    }
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
  const batchOf = (batchId: string, kind: BulkBatch['kind'], secretsAvailable: boolean): BulkBatch => ({
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

  it('offers no undo for a batch that saved nothing, and none after an undo', async () => {
    accounts.bind(await signIn())
    await accounts.load()
    accounts.undoable = 'earlier'
    accounts.batch = batchOf('nothing', 'apply', false)
    pushToStore(finished('nothing', { failed: 3 }))
    await until(() => !accounts.loading && accounts.batch?.running === false, 'the settled batch')
    await accounts.load()
    expect(accounts.undoable).toBe('earlier')

    accounts.batch = batchOf('undone', 'undo', false)
    pushToStore(finished('undone', { saved: 3 }))
    await until(() => accounts.undoable === null, 'the settled undo')
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
    const [one] = plain()
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
