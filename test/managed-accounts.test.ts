/**
 * Managed accounts against the simulator over loopback: listing per Traccar flavour (and paging),
 * opening and safely saving another account, the target guard, and bulk changes with their
 * review, results, cancel, retry, undo and the once-only CSV of generated PSKs.
 */
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { BulkRowResult, PushEvent } from '$shared/contract'
import { parseCsv } from '$shared/csv'
import type { Handlers } from '../src/main/dispatch'
import { FLAVORS, SEED_USERS, startSim, type Sim } from '../src/sim'
import type { Json } from '../src/sim/state'
import { failure } from './helpers/failure'
import { signInAs, testHandlers } from './helpers/handlers'
import { nodeTransport } from '../src/main/traccar/transport'

vi.setConfig({ testTimeout: 60_000 })

const { admin, manager, rider1, rider2, demo } = SEED_USERS
const URL_A = 'https://hooks.example.com/fleet'

/** Extra plain accounts, managed by the admin (and by the seed manager when asked). */
function addUsers(sim: Sim, count: number, options: { managedBy?: number; first?: number } = {}): number[] {
  const ids: number[] = []
  const first = options.first ?? 1000
  for (let i = 0; i < count; i++) {
    const id = first + i
    const json = sim.state.makeUserJson({
      id,
      name: `Rider ${id}`,
      email: `rider${id}@fleet.example`,
      attributes: { speedUnit: 'kmh', tags: ['a', 1, { deep: true }] },
    })
    sim.state.users.set(id, { json, password: 'x', webNotifications: new Set(), managedUserIds: new Set() })
    if (options.managedBy !== undefined) sim.state.users.get(options.managedBy)!.managedUserIds.add(id)
    ids.push(id)
  }
  return ids
}

const stored = (sim: Sim, id: number): Json => structuredClone(sim.state.users.get(id)!.json)
const attrs = (sim: Sim, id: number): Record<string, unknown> =>
  stored(sim, id).attributes as Record<string, unknown>
/** The user record without the webhook keys: what a webhook change must leave alone. */
function rest(json: Json): Json {
  const copy = structuredClone(json)
  const a = { ...(copy.attributes as Json) }
  delete a.webhookUrl
  delete a.webhookPsk
  delete a.webhookTypes
  copy.attributes = a
  return copy
}

describe('managed accounts', () => {
  let sim: Sim
  let handlers: Handlers
  let events: PushEvent[]

  async function start(flavor: (typeof FLAVORS)[number] = '6', sanitize = false): Promise<void> {
    sim = await startSim({ clock: false, flavor, sanitize, rateLimit: 0 })
    events = []
    handlers = testHandlers({ push: (e) => void events.push(e) })
  }
  afterEach(async () => {
    await sim?.stop()
  })

  /** Waits for a batch to finish and returns its per-account results. */
  async function finish(batchId: string): Promise<BulkRowResult[]> {
    await vi.waitFor(
      () => {
        expect(events.some((e) => e.type === 'bulk.finished' && e.batchId === batchId)).toBe(true)
      },
      { timeout: 30_000, interval: 20 },
    )
    return (await handlers.getBulk({ batchId })).results
  }

  describe.each(FLAVORS)('listing on %s', (flavor) => {
    beforeEach(() => start(flavor))

    it('gives an admin every other account, with its webhook at a glance and no secret', async () => {
      sim.mutateUser(rider1.id, {
        attributes: {
          webhookUrl: 'https://user:pa55@hooks.example.com:8443/in',
          webhookPsk: 'Bearer s3cret-value',
          webhookTypes: 'alarm,geofenceEnter',
          WebhookURL: 'https://typo.example/',
        },
      })
      const session = await signInAs(handlers, sim, admin)
      expect(session).toMatchObject({ administrator: true, manager: true })
      const list = await handlers.listManagedAccounts()
      const ids = list.accounts.map((a) => a.userId).sort((a, b) => a - b)
      expect(ids).toEqual([...sim.state.users.keys()].filter((id) => id !== admin.id).sort((a, b) => a - b))
      const one = list.accounts.find((a) => a.userId === rider1.id)!
      expect(one).toMatchObject({
        email: rider1.email,
        webhook: {
          on: true,
          host: 'hooks.example.com:8443',
          url: expect.stringContaining('hooks.example.com:8443/in'),
          typesCount: 2,
          pskSet: true,
        },
        nearMisses: ['WebhookURL'],
      })
      expect(JSON.stringify(list)).not.toContain('s3cret-value')
      expect(JSON.stringify(list)).not.toContain('pa55')
      expect(list.accounts.find((a) => a.userId === SEED_USERS.readonly.id)).toMatchObject({ readonly: true })
      expect(list.accounts.find((a) => a.userId === SEED_USERS.disabled.id)).toMatchObject({ disabled: true })
      expect(list.accounts.find((a) => a.userId === demo.id)?.webhook).toEqual({
        on: false,
        host: null,
        url: null,
        typesCount: null,
        pskSet: false,
      })
    })

    it('gives a manager exactly the accounts linked to them, never themselves', async () => {
      const session = await signInAs(handlers, sim, manager)
      expect(session).toMatchObject({ administrator: false, manager: true })
      const list = await handlers.listManagedAccounts()
      expect(list.accounts.map((a) => a.userId).sort()).toEqual([rider1.id, rider2.id])
    })

    it('refuses a plain user with a clear code', async () => {
      const session = await signInAs(handlers, sim, demo)
      expect(session.manager).toBe(false)
      expect((await failure(handlers.listManagedAccounts())).code).toBe('managed.notManager')
      expect((await failure(handlers.openAccount({ userId: rider1.id }))).code).toBe('managed.notManager')
    })
  })

  it('leaves out the manager that a 4.x server lists among their own accounts', async () => {
    await start('4.12')
    await signInAs(handlers, sim, manager)
    const list = await handlers.listManagedAccounts()
    expect(list.accounts.map((a) => a.userId).sort()).toEqual([rider1.id, rider2.id])
    expect(list.selfOmitted).toBe(true)
  })

  it('pages through 6.13+ with limit/offset and reports progress', async () => {
    sim = await startSim({ clock: false, flavor: '6', rateLimit: 0 })
    events = []
    const asked: string[] = []
    handlers = testHandlers({
      push: (e) => void events.push(e),
      transport: () => nodeTransport((url, init) => (asked.push(String(url)), fetch(url, init))),
    })
    addUsers(sim, 1200)
    const count = sim.state.users.size - 1
    await signInAs(handlers, sim, admin)
    const list = await handlers.listManagedAccounts()
    expect(list.accounts).toHaveLength(count)
    expect(new Set(list.accounts.map((a) => a.userId)).size).toBe(count)
    const pages = asked.filter((u) => new URL(u).pathname === '/api/users').map((u) => new URL(u).search)
    expect(pages).toEqual(['?limit=500&offset=0', '?limit=500&offset=500', '?limit=500&offset=1000'])
    const progress = events.filter((e) => e.type === 'managed.progress')
    expect(progress).toEqual([
      { type: 'managed.progress', loaded: 500, total: null },
      { type: 'managed.progress', loaded: 1000, total: null },
      { type: 'managed.progress', loaded: count + 1, total: null },
    ])
  })

  it('stops with a clear error when a server honours limit but ignores offset (no endless paging)', async () => {
    sim = await startSim({ clock: false, flavor: '6', rateLimit: 0 })
    events = []
    let asked = 0
    handlers = testHandlers({
      push: (e) => void events.push(e),
      // A proxy that drops `offset`: every page is the first one again.
      transport: () =>
        nodeTransport((url, init) => {
          const u = new URL(String(url))
          if (u.pathname === '/api/users') asked++
          u.searchParams.delete('offset')
          return fetch(u, init)
        }),
    })
    addUsers(sim, 600)
    await signInAs(handlers, sim, admin)
    const f = await failure(handlers.listManagedAccounts())
    expect(f.code).toBe('managed.pagingStuck')
    expect(f.message).toMatch(/same accounts again .*offset/)
    expect(asked).toBe(2)
  })

  describe.each(FLAVORS)('a manager’s bulk change on %s', (flavor) => {
    it('writes exactly the intended values to the accounts it changes and nothing else anywhere', async () => {
      sim = await startSim({ clock: false, flavor, users: 60 })
      events = []
      handlers = testHandlers({ push: (e) => void events.push(e) })
      const everyone = new Map([...sim.state.users.keys()].map((id) => [id, stored(sim, id)]))
      await signInAs(handlers, sim, manager)
      const list = await handlers.listManagedAccounts()
      const managedIds = [...sim.state.users.get(manager.id)!.managedUserIds].sort((a, b) => a - b)
      expect(list.accounts.map((a) => a.userId).sort((a, b) => a - b)).toEqual(managedIds)
      const plan = await handlers.planBulk({
        userIds: managedIds,
        change: { kind: 'set', url: URL_A, psk: { mode: 'perAccount' }, types: ['alarm'] },
      })
      expect(plan.counts.skip).toBeGreaterThan(0)
      const changing = plan.rows.filter((r) => r.action === 'change').map((r) => r.userId!)
      const meanwhile = changing[1]!
      sim.mutateUser(meanwhile, { attributes: { webhookTypes: 'geofenceExit' } })
      const { batchId } = await handlers.applyBulk({ planId: plan.planId })
      const results = await finish(batchId)
      const saved = results.filter((r) => r.status === 'saved').map((r) => r.userId)
      expect(results.find((r) => r.userId === meanwhile)?.status).toBe('conflict')
      expect(saved.sort((a, b) => a - b)).toEqual(
        changing.filter((id) => id !== meanwhile).sort((a, b) => a - b),
      )
      const secrets = parseCsv(await handlers.bulkSecretsCsv({ batchId }))
      if (!secrets.ok) throw new Error('CSV')
      const pskOf = new Map(secrets.records.slice(1).map((r) => [Number(r.fields[1]), r.fields[2]]))
      for (const [id, before] of everyone) {
        const now = stored(sim, id)
        if (saved.includes(id)) {
          expect(rest(now)).toEqual(rest(before))
          expect(now.attributes).toMatchObject({
            webhookUrl: URL_A,
            webhookTypes: 'alarm',
            webhookPsk: pskOf.get(id),
          })
        } else if (id === meanwhile) {
          expect((now.attributes as Json).webhookTypes).toBe('geofenceExit')
        } else {
          expect(now).toEqual(before)
        }
      }
      const undo = await handlers.undoBulk({ batchId })
      const undone = await finish(undo.batchId)
      // An HTML-escaping server (4.12) would store an earlier value with & < > " ' escaped once
      // more: undo refuses those accounts (leaving the batch's values) instead of corrupting them.
      const refused = undone.filter((r) => r.status !== 'saved')
      for (const r of refused) {
        expect(sim.state.sanitize).toBe(true)
        expect(r.code).toBe('save.willBeEscaped')
        const original = everyone.get(r.userId)!.attributes as Json
        expect(String(original.webhookUrl ?? '') + String(original.webhookPsk ?? '')).toMatch(/[&<>"']/)
        expect(stored(sim, r.userId).attributes).toMatchObject({ webhookUrl: URL_A })
      }
      for (const id of saved.filter((id) => !refused.some((r) => r.userId === id))) {
        expect(stored(sim, id)).toEqual(everyone.get(id))
      }
    })
  })

  describe('one managed account', () => {
    beforeEach(() => start('6'))

    it('opens another account and saves it through the safe save, nothing else changed', async () => {
      await signInAs(handlers, sim, manager)
      const before = stored(sim, rider1.id)
      const state = await handlers.openAccount({ userId: rider1.id })
      expect(state.target).toEqual({ userId: rider1.id, name: 'Rider One', email: rider1.email, own: false })
      expect((await handlers.loadWebhook()).target.userId).toBe(rider1.id)
      const outcome = await handlers.saveWebhook({
        userId: rider1.id,
        baseline: state.values,
        values: { webhookUrl: URL_A, webhookPsk: 'Bearer one' },
        removeKeys: [],
      })
      expect(outcome.status).toBe('saved')
      const after = stored(sim, rider1.id)
      expect(rest(after)).toEqual(rest(before))
      expect(after.attributes).toMatchObject({ webhookUrl: URL_A, webhookPsk: 'Bearer one' })
      expect(attrs(sim, manager.id).webhookUrl).toBeUndefined()
      // History is kept per account: the manager's own shows nothing of it.
      expect(await handlers.listHistory()).toHaveLength(1)
      const own = await handlers.openAccount({ userId: null })
      expect(own.target).toMatchObject({ userId: manager.id, own: true })
      expect(await handlers.listHistory()).toHaveLength(0)
    })

    it('refuses a save or restore named for another account than the open one (target.changed)', async () => {
      await signInAs(handlers, sim, manager)
      const mine = await handlers.loadWebhook()
      await handlers.openAccount({ userId: rider1.id })
      const f = await failure(
        handlers.saveWebhook({
          userId: mine.userId,
          baseline: mine.values,
          values: { webhookUrl: URL_A },
          removeKeys: [],
        }),
      )
      expect(f.code).toBe('target.changed')
      expect(attrs(sim, rider1.id).webhookUrl).toBeUndefined()
      expect(attrs(sim, manager.id).webhookUrl).toBeUndefined()
      expect(
        (await failure(handlers.restoreHistory({ id: 'x', baseline: {}, userId: mine.userId }))).code,
      ).toBe('target.changed')
    })

    it('keeps drafts to the account named: a late autosave for the other one is refused (target.changed)', async () => {
      await signInAs(handlers, sim, manager)
      const mine = await handlers.loadWebhook()
      const rider = await handlers.openAccount({ userId: rider1.id })
      const riderDraft = { baseline: rider.values, values: { webhookUrl: URL_A }, removeKeys: [] }
      await handlers.saveDraft({ ...riderDraft, userId: rider1.id })
      // "Back to my webhook", then the rider form's debounced autosave and discard arrive.
      await handlers.openAccount({ userId: null })
      const late = { ...riderDraft, values: { webhookUrl: `${URL_A}/late` }, userId: rider1.id }
      expect((await failure(handlers.saveDraft(late))).code).toBe('target.changed')
      expect((await failure(handlers.discardDraft({ userId: rider1.id }))).code).toBe('target.changed')
      expect((await failure(handlers.getDraft({ userId: rider1.id }))).code).toBe('target.changed')
      expect((await handlers.getDraft({ userId: manager.id })).draft).toBeNull()

      // And the other way round: an own autosave after opening the rider stays out of the rider's slot.
      const ownDraft = { baseline: mine.values, values: { webhookUrl: `${URL_A}/mine` }, removeKeys: [] }
      await handlers.saveDraft({ ...ownDraft, userId: manager.id })
      await handlers.openAccount({ userId: rider1.id })
      expect((await failure(handlers.saveDraft({ ...ownDraft, userId: manager.id }))).code).toBe(
        'target.changed',
      )
      expect((await failure(handlers.discardDraft({ userId: manager.id }))).code).toBe('target.changed')
      expect((await handlers.getDraft({ userId: rider1.id })).draft?.values).toEqual({ webhookUrl: URL_A })
      await handlers.openAccount({ userId: null })
      expect((await handlers.getDraft({ userId: manager.id })).draft?.values).toEqual({
        webhookUrl: `${URL_A}/mine`,
      })
    })

    it("tests an opened account with that account's devices, and says so when the server refuses them", async () => {
      await signInAs(handlers, sim, admin)
      expect((await handlers.getTestSource()).devices).toEqual([])
      await handlers.openAccount({ userId: demo.id })
      const source = await handlers.getTestSource()
      expect(source.devices.map((d) => d.id)).toEqual([10, 11, 12])
      expect(source.notice).toBeNull()
      const body = JSON.parse(await handlers.buildTestBody({ eventType: 'alarm', deviceId: 11 }))
      expect(body.device).toMatchObject({ id: 11, name: 'City Commuter' })
      expect(body.position.deviceId).toBe(11)

      // A manager whose link to the opened account is gone meanwhile: a sample bike, and why.
      handlers = testHandlers({ push: (e) => void events.push(e) })
      await signInAs(handlers, sim, manager)
      await handlers.openAccount({ userId: rider2.id })
      sim.setManagedUserIds(manager.id, [rider1.id])
      const refused = await handlers.getTestSource()
      expect(refused.devices).toEqual([])
      expect(refused.notice).toBe(
        'The server does not let you read the devices of this account, so tests use a sample bike.',
      )
      const sample = JSON.parse(await handlers.buildTestBody({ eventType: 'alarm', deviceId: null }))
      expect(sample.device.name).toBe('Sample Bike')
    })

    it('will not open an account the user does not manage', async () => {
      await signInAs(handlers, sim, manager)
      expect((await failure(handlers.openAccount({ userId: demo.id }))).code).toBe('managed.unknownAccount')
      expect((await handlers.loadWebhook()).target.own).toBe(true)
    })
  })

  describe('bulk', () => {
    beforeEach(() => start('6'))

    it('applies to every account but the read-only and the changed-meanwhile one, exactly; undo restores', async () => {
      const ids = addUsers(sim, 8)
      const target = [...ids, SEED_USERS.readonly.id]
      const before = new Map(target.map((id) => [id, stored(sim, id)]))
      await signInAs(handlers, sim, admin)
      await handlers.listManagedAccounts()
      const plan = await handlers.planBulk({
        userIds: target,
        change: { kind: 'set', url: URL_A, psk: { mode: 'perAccount' }, types: ['alarm', 'geofenceEnter'] },
      })
      expect(plan.counts).toEqual({ change: 8, unchanged: 0, skip: 1 })
      expect(plan.rows.find((r) => r.userId === SEED_USERS.readonly.id)?.skip?.code).toBe('readonly')
      expect(JSON.stringify(plan)).not.toMatch(/Bearer [\w-]{20,}/)
      const changedElsewhere = ids[3]!
      sim.mutateUser(changedElsewhere, { attributes: { webhookUrl: 'https://theirs.example/' } })

      const { batchId, total } = await handlers.applyBulk({ planId: plan.planId })
      expect(total).toBe(8)
      const results = await finish(batchId)
      expect(results.find((r) => r.userId === changedElsewhere)?.status).toBe('conflict')
      expect(results.filter((r) => r.status === 'saved')).toHaveLength(7)
      expect(attrs(sim, changedElsewhere).webhookUrl).toBe('https://theirs.example/')
      expect(stored(sim, SEED_USERS.readonly.id)).toEqual(before.get(SEED_USERS.readonly.id))
      const psks = new Set<unknown>()
      for (const id of ids.filter((id) => id !== changedElsewhere)) {
        const json = stored(sim, id)
        expect(rest(json)).toEqual(rest(before.get(id)!))
        expect(json.attributes).toMatchObject({ webhookUrl: URL_A, webhookTypes: 'alarm,geofenceEnter' })
        psks.add((json.attributes as Json).webhookPsk)
      }
      expect(psks.size).toBe(7)

      // The CSV of generated PSKs matches the server, and is handed out once.
      const csv = await handlers.bulkSecretsCsv({ batchId })
      const parsed = parseCsv(csv)
      if (!parsed.ok) throw new Error('CSV')
      const [header, ...rows] = parsed.records.map((r) => r.fields)
      expect(header).toEqual(['email', 'userId', 'webhookPsk'])
      expect(rows).toHaveLength(7)
      for (const [email, userId, psk] of rows) {
        expect(stored(sim, Number(userId)).email).toBe(email)
        expect((attrs(sim, Number(userId)) as Json).webhookPsk).toBe(psk)
        expect(psk).toMatch(/^Bearer [A-Za-z0-9_-]{43}$/)
      }
      expect((await failure(handlers.bulkSecretsCsv({ batchId }))).code).toBe('bulk.secretsGone')
      // Never stored by the app except masked in history.
      await handlers.openAccount({ userId: ids[0]! })
      const history = await handlers.listHistory()
      expect(JSON.stringify(history)).not.toContain(String(attrs(sim, ids[0]!).webhookPsk))

      // Undo: one account changed since our write is a conflict and keeps that change.
      const laterChange = ids[5]!
      sim.mutateUser(laterChange, { attributes: { webhookTypes: 'alarm' } })
      const undo = await handlers.undoBulk({ batchId })
      expect(undo.total).toBe(7)
      const undone = await finish(undo.batchId)
      expect(undone.find((r) => r.userId === laterChange)?.status).toBe('conflict')
      expect(attrs(sim, laterChange)).toMatchObject({ webhookUrl: URL_A, webhookTypes: 'alarm' })
      expect(undone.filter((r) => r.status === 'saved')).toHaveLength(6)
      for (const id of ids.filter((id) => id !== changedElsewhere && id !== laterChange)) {
        expect(stored(sim, id)).toEqual(before.get(id))
      }
      // The undo's history entry has the generated PSK only masked, so it cannot be restored.
      const state = await handlers.openAccount({ userId: ids[0]! })
      const [undoEntry] = await handlers.listHistory()
      const refused = await failure(
        handlers.restoreHistory({ id: undoEntry!.id, baseline: state.values, userId: ids[0]! }),
      )
      expect(refused.code).toBe('history.secretNotKept')
      expect(stored(sim, ids[0]!)).toEqual(before.get(ids[0]!))
    })

    it('cancels after the account in flight, and retries the cancelled and failed ones', async () => {
      const ids = addUsers(sim, 30)
      await signInAs(handlers, sim, admin)
      await handlers.listManagedAccounts()
      const plan = await handlers.planBulk({ userIds: ids, change: { kind: 'set', url: URL_A } })
      sim.faults.add({ method: 'PUT', path: `/api/users/${ids[0]}`, status: 500, body: 'boom', times: 1 })
      sim.faults.add({ method: 'GET', path: '/api/users/*', latencyMs: 30 })
      const { batchId } = await handlers.applyBulk({ planId: plan.planId })
      await vi.waitFor(() =>
        expect(events.filter((e) => e.type === 'bulk.progress').length).toBeGreaterThan(1),
      )
      await handlers.cancelBulk({ batchId })
      const results = await finish(batchId)
      sim.faults.clear()
      expect(events.find((e) => e.type === 'bulk.finished')).toMatchObject({ cancelled: true })
      expect(results[0]).toMatchObject({ userId: ids[0], status: 'failed' })
      const cancelled = results.filter((r) => r.status === 'cancelled')
      expect(cancelled.length).toBeGreaterThan(10)
      for (const r of cancelled) expect(attrs(sim, r.userId).webhookUrl).toBeUndefined()

      const retry = await handlers.retryBulk({ batchId })
      expect(retry.total).toBe(cancelled.length + 1)
      const again = await finish(retry.batchId)
      expect(again.every((r) => r.status === 'saved')).toBe(true)
      for (const id of ids) expect(attrs(sim, id).webhookUrl).toBe(URL_A)
      expect((await failure(handlers.retryBulk({ batchId: retry.batchId }))).code).toBe('bulk.nothingToRetry')
      // Undo from the retry undoes the whole batch: the accounts the first run saved as well.
      const undo = await handlers.undoBulk({ batchId: retry.batchId })
      expect(undo.total).toBe(ids.length)
      await finish(undo.batchId)
      for (const id of ids) expect(attrs(sim, id).webhookUrl).toBeUndefined()
    })

    it('reports an account already holding the intended values as unchanged, and undo leaves it alone', async () => {
      const ids = addUsers(sim, 3)
      await signInAs(handlers, sim, admin)
      await handlers.listManagedAccounts()
      const change = { kind: 'set' as const, url: URL_A, types: ['alarm', 'geofenceEnter'] }
      const plan = await handlers.planBulk({ userIds: ids, change })
      expect(plan.counts).toEqual({ change: 3, unchanged: 0, skip: 0 })
      // Someone else sets exactly the same values on one account between review and apply.
      const setElsewhere = ids[1]!
      sim.mutateUser(setElsewhere, { attributes: { webhookUrl: URL_A, webhookTypes: 'alarm,geofenceEnter' } })

      const { batchId } = await handlers.applyBulk({ planId: plan.planId })
      const results = await finish(batchId)
      expect(results.find((r) => r.userId === setElsewhere)).toMatchObject({
        status: 'unchanged',
        code: null,
      })
      expect(results.filter((r) => r.status === 'saved').map((r) => r.userId)).toEqual([ids[0], ids[2]])
      expect(events.find((e) => e.type === 'bulk.finished')).toMatchObject({
        counts: expect.objectContaining({ saved: 2, unchanged: 1 }),
      })
      // Not our save: no history entry of it, and undo does not revert the other person's change.
      await handlers.openAccount({ userId: setElsewhere })
      expect(await handlers.listHistory()).toEqual([])
      await handlers.openAccount({ userId: null })
      const undo = await handlers.undoBulk({ batchId })
      expect(undo.total).toBe(2)
      await finish(undo.batchId)
      expect(attrs(sim, setElsewhere)).toMatchObject({
        webhookUrl: URL_A,
        webhookTypes: 'alarm,geofenceEnter',
      })
      for (const id of [ids[0]!, ids[2]!]) expect(attrs(sim, id).webhookUrl).toBeUndefined()
    })

    it('still counts a retried account whose earlier write did land (answer lost) as saved, and undo reverts it', async () => {
      const ids = addUsers(sim, 2)
      await signInAs(handlers, sim, admin)
      await handlers.listManagedAccounts()
      const plan = await handlers.planBulk({ userIds: ids, change: { kind: 'set', url: URL_A } })
      // The PUT lands but its answer is lost, and the re-read fails too: the outcome is unknown.
      const path = `/api/users/${ids[0]}`
      sim.faults.add({ method: 'GET', path, times: 1 })
      sim.faults.add({ method: 'PUT', path, action: 'apply-then-reset', times: 1 })
      sim.faults.add({ method: 'GET', path, action: 'reset', times: 1 })
      const { batchId } = await handlers.applyBulk({ planId: plan.planId })
      const first = await finish(batchId)
      expect(first.find((r) => r.userId === ids[0])?.status).toBe('unknown')
      expect(attrs(sim, ids[0]!).webhookUrl).toBe(URL_A)
      sim.faults.clear()
      const retry = await handlers.retryBulk({ batchId })
      const again = await finish(retry.batchId)
      expect(again).toEqual([expect.objectContaining({ userId: ids[0], status: 'saved' })])
      const undo = await handlers.undoBulk({ batchId: retry.batchId })
      expect(undo.total).toBe(2)
      await finish(undo.batchId)
      for (const id of ids) expect(attrs(sim, id).webhookUrl).toBeUndefined()
    })

    it('says in the batch result when the history of its saves could not be written to disk', async () => {
      const userDataDir = mkdtempSync(join(tmpdir(), 'wd-bulk-'))
      handlers = testHandlers({ userDataDir, push: (e) => void events.push(e) })
      const ids = addUsers(sim, 4)
      await signInAs(handlers, sim, admin)
      await handlers.listManagedAccounts()
      const first = await handlers.planBulk({ userIds: ids.slice(0, 2), change: { kind: 'set', url: URL_A } })
      const ok = await handlers.applyBulk({ planId: first.planId })
      await finish(ok.batchId)
      expect((await handlers.getBulk({ batchId: ok.batchId })).historyNotSaved).toBe(0)
      // Once the journal is filed, a file takes the journal folder's place: the next writes fail.
      const [folder] = readdirSync(join(userDataDir, 'accounts'))
      const journal = join(userDataDir, 'accounts', folder!, 'journal')
      await vi.waitFor(() => expect(readdirSync(journal)).toEqual([]))
      rmSync(journal, { recursive: true })
      writeFileSync(journal, 'in the way')

      const second = await handlers.planBulk({ userIds: ids.slice(2), change: { kind: 'set', url: URL_A } })
      const failing = await handlers.applyBulk({ planId: second.planId })
      const results = await finish(failing.batchId)
      expect(results.map((r) => r.status)).toEqual(['saved', 'saved'])
      expect(events.find((e) => e.type === 'bulk.finished' && e.batchId === failing.batchId)).toMatchObject({
        historyNotSaved: 2,
      })
      expect((await handlers.getBulk({ batchId: failing.batchId })).historyNotSaved).toBe(2)
      // Kept for this run: the history still shows the save.
      await handlers.openAccount({ userId: ids[2]! })
      expect(await handlers.listHistory()).toHaveLength(1)
    })

    it('reviews what the server holds now, not the list read earlier, so a change since then is no conflict', async () => {
      const ids = addUsers(sim, 2)
      await signInAs(handlers, sim, admin)
      await handlers.listManagedAccounts()
      // Changed elsewhere after the list was read, before the review.
      sim.mutateUser(ids[0]!, { attributes: { webhookPsk: 'Bearer set-elsewhere' } })
      const plan = await handlers.planBulk({ userIds: ids, change: { kind: 'set', url: URL_A } })
      expect(plan.rows.find((r) => r.userId === ids[0])?.before.webhookPsk).toBe(
        'Bearer •••••••• (20 characters)',
      )
      const results = await finish((await handlers.applyBulk({ planId: plan.planId })).batchId)
      expect(results.map((r) => r.status)).toEqual(['saved', 'saved'])
      expect(attrs(sim, ids[0]!)).toMatchObject({ webhookUrl: URL_A, webhookPsk: 'Bearer set-elsewhere' })
    })

    it('reports the server’s refusal per account as noPermission', async () => {
      await signInAs(handlers, sim, manager)
      await handlers.listManagedAccounts()
      const plan = await handlers.planBulk({
        userIds: [rider1.id, rider2.id],
        change: { kind: 'set', url: URL_A },
      })
      // The link to rider2 goes away between review and apply.
      sim.state.users.get(manager.id)!.managedUserIds = new Set([rider1.id])
      const { batchId } = await handlers.applyBulk({ planId: plan.planId })
      const results = await finish(batchId)
      expect(results.find((r) => r.userId === rider1.id)?.status).toBe('saved')
      expect(results.find((r) => r.userId === rider2.id)).toMatchObject({
        status: 'noPermission',
        message: expect.stringContaining('User access denied'),
      })
    })

    it('refuses a change no account could take before anything is read or written', async () => {
      await signInAs(handlers, sim, admin)
      const bad = await failure(
        handlers.planBulk({ userIds: [rider1.id], change: { kind: 'set', types: ['Alarm'] } }),
      )
      expect(bad).toMatchObject({ code: 'save.invalid', extra: { field: 'types' } })
      expect(
        (await failure(handlers.planBulk({ userIds: [rider1.id], change: { kind: 'set', url: 'ftp://x' } })))
          .code,
      ).toBe('save.invalid')
    })
  })

  describe('import and export', () => {
    beforeEach(() => start('6'))

    it('validates every row before anything is sent, and applies a clean file', async () => {
      await signInAs(handlers, sim, admin)
      const csv = [
        'email,webhookUrl,webhookPsk,webhookTypes',
        `${rider1.email},${URL_A},"Bearer a,b",alarm`,
        `nobody@example.com,${URL_A},,`,
        `${rider2.email},notaurl,,`,
        `${demo.email},${URL_A},"Bearer x\ty",Alarm`,
        `${rider1.email},${URL_A},,`,
      ].join('\r\n')
      const plan = await handlers.planImport({ csv })
      expect(plan.errors.map((e) => [e.line, e.column, e.code])).toEqual([
        [3, 'email', 'import.unknownEmail'],
        [4, 'webhookUrl', 'import.url'],
        [5, 'webhookTypes', 'import.types'],
        [6, 'email', 'import.duplicateEmail'],
      ])
      expect((await failure(handlers.applyBulk({ planId: plan.planId }))).code).toBe('import.invalid')
      expect(attrs(sim, rider1.id).webhookUrl).toBeUndefined()

      const clean = await handlers.planImport({
        csv: `email,webhookUrl,webhookPsk,webhookTypes\n${rider1.email},${URL_A},"Bearer a,b","alarm,geofenceExit"\n`,
      })
      expect(clean.errors).toEqual([])
      const { batchId } = await handlers.applyBulk({ planId: clean.planId })
      await finish(batchId)
      expect(attrs(sim, rider1.id)).toMatchObject({
        webhookUrl: URL_A,
        webhookPsk: 'Bearer a,b',
        webhookTypes: 'alarm,geofenceExit',
      })
    })

    it('flags values an HTML-escaping server would store escaped, per row, before anything is sent', async () => {
      await sim.stop()
      await start('4.12', true)
      const kept = 'https://hooks.example.com/in?a=1&b=2'
      sim.mutateUser(rider2.id, { attributes: { webhookUrl: kept } })
      await signInAs(handlers, sim, admin)
      expect(sim.state.sanitize).toBe(true)
      const before = new Map([rider1.id, rider2.id, demo.id].map((id) => [id, stored(sim, id)]))
      const csv = [
        'email,webhookUrl,webhookPsk,webhookTypes',
        `${rider1.email},${URL_A}?x=1&y=2,"Bearer ""quoted""",alarm`,
        // Unchanged (already on the server): nothing is written, so nothing is escaped.
        `${rider2.email},${kept},,`,
        `${demo.email},${URL_A},Bearer <tag>,`,
      ].join('\n')
      const plan = await handlers.planImport({ csv })
      expect(plan.errors.map((e) => [e.line, e.column, e.code])).toEqual([
        [2, 'webhookUrl', 'save.willBeEscaped'],
        [4, 'webhookPsk', 'save.willBeEscaped'],
      ])
      expect(plan.errors[0]!.message).toContain('HTML-escapes text: it will store webhookUrl, webhookPsk')
      expect(plan.errors[1]!.message).toContain('it will store webhookPsk with')
      expect(plan.rows.map((r) => [r.line, r.action])).toEqual([
        [2, 'skip'],
        [3, 'unchanged'],
        [4, 'skip'],
      ])
      expect((await failure(handlers.applyBulk({ planId: plan.planId }))).code).toBe('import.invalid')
      for (const [id, json] of before) expect(stored(sim, id)).toEqual(json)
    })

    it('keeps spreadsheet formulas out of its CSVs, yet imports them back exactly', async () => {
      const formula = /^[=+\-@\t\r]/
      const name = '=HYPERLINK("http://evil.example","click")'
      sim.mutateUser(rider1.id, {
        fields: { name, email: '+rider1@example.com' },
        attributes: {
          webhookUrl: URL_A,
          webhookPsk: '-raw secret',
          webhookTypes: 'alarm',
          '-webhookURL': 'x',
        },
      })
      sim.mutateUser(rider2.id, { fields: { email: '@rider2@example.com' } })
      await signInAs(handlers, sim, admin)
      const cells = (csv: string): Record<string, string>[] => {
        const parsed = parseCsv(csv)
        if (!parsed.ok) throw new Error('CSV')
        const [header, ...records] = parsed.records
        return records.map((r) => Object.fromEntries(header!.fields.map((h, i) => [h, r.fields[i]!])))
      }
      for (const includePsk of [true, false]) {
        const file = await handlers.exportManagedAccounts({ format: 'csv', includePsk })
        const rows = cells(file.content)
        const one = rows.find((r) => r.userId === String(rider1.id))!
        expect(one).toMatchObject({
          email: "'+rider1@example.com",
          name: `'${name}`,
          nearMisses: "'-webhookURL",
          webhookUrl: URL_A,
          webhookTypes: 'alarm',
        })
        // A rider sets their own PSK: asked for in full or masked, it is neutralized like the rest.
        expect(one.webhookPsk).toBe(includePsk ? "'-raw secret" : "'-raw •••••••• (11 characters)")
        for (const row of rows) {
          for (const value of Object.values(row)) expect(value).not.toMatch(formula)
        }
        const back = await handlers.planImport({ csv: file.content })
        expect(back.errors).toEqual([])
        expect(back.counts.change).toBe(0)
        expect(back.rows.find((r) => r.userId === rider1.id)?.email).toBe('+rider1@example.com')
      }
      const plan = await handlers.planBulk({
        userIds: [rider2.id],
        change: { kind: 'set', url: URL_A, psk: { mode: 'perAccount' } },
      })
      const { batchId } = await handlers.applyBulk({ planId: plan.planId })
      await finish(batchId)
      expect(cells(await handlers.bulkSecretsCsv({ batchId }))).toEqual([
        {
          email: "'@rider2@example.com",
          userId: String(rider2.id),
          webhookPsk: attrs(sim, rider2.id).webhookPsk,
        },
      ])
    })

    it('exports masked unless asked, and its CSV imports back unchanged', async () => {
      sim.mutateUser(rider1.id, { attributes: { webhookUrl: URL_A, webhookPsk: 'Bearer keep-me' } })
      await signInAs(handlers, sim, admin)
      const masked = await handlers.exportManagedAccounts({ format: 'csv', includePsk: false })
      expect(masked.fileName).toMatch(/^webhooks-127\.0\.0\.1_\d+-\d{4}-\d\d-\d\d\.csv$/)
      expect(masked.content).not.toContain('keep-me')
      const full = await handlers.exportManagedAccounts({ format: 'json', includePsk: true })
      expect(JSON.parse(full.content).find((a: Json) => a.userId === rider1.id).webhookPsk).toBe(
        'Bearer keep-me',
      )
      const back = await handlers.planImport({ csv: masked.content })
      expect(back.errors).toEqual([])
      expect(back.counts.change).toBe(0)
    })
  })
})
