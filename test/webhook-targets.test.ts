/**
 * The safe save's paths the journeys do not reach, on the simulator over loopback: who may open
 * another account and what a read-only caller is told there, where each account's drafts are kept,
 * the outcomes after a write that failed or was overtaken, and the escaping refusal's words.
 */
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { AccountService } from '../src/main/account/account-service'
import type { Handlers } from '../src/main/dispatch'
import { AccountDataStore, managedDataId } from '../src/main/store/account-data'
import { ProfileStore } from '../src/main/store/profiles'
import { Sealer } from '../src/main/store/sealed'
import { nodeTransport } from '../src/main/traccar/transport'
import { WebhookService, type DraftRecord, type HistoryRecord } from '../src/main/webhook/webhook-service'
import { memorySecrets } from './helpers/secrets'
import { SEED_USERS, startSim, type Sim } from '../src/sim'
import { failure } from './helpers/failure'
import { signInAs, testHandlers } from './helpers/handlers'

const { admin, manager, rider1, demo } = SEED_USERS
const URL_A = 'https://hooks.example.com/a'
const userPath = `/api/users/${demo.id}`

describe('webhook targets', () => {
  let sim: Sim
  let handlers: Handlers
  /** The PUT applies but its answer is lost, and so is the re-read after it: the outcome is unknown. */
  const loseTheNextWrite = (): void => {
    sim.faults.add({ method: 'GET', path: userPath, times: 1 })
    sim.faults.add({ method: 'PUT', path: '/api/users/*', action: 'apply-then-reset', times: 1 })
    sim.faults.add({ method: 'GET', path: userPath, action: 'reset', times: 1 })
  }
  beforeEach(async () => {
    sim = await startSim({ clock: false, flavor: '6', rateLimit: 0 })
    handlers = testHandlers()
  })
  afterEach(async () => {
    await sim.stop()
  })

  it('refuses a plain user opening another account as notManager, before asking the server', async () => {
    await signInAs(handlers, sim, demo)
    const f = await failure(handlers.openAccount({ userId: rider1.id }))
    expect(f.code).toBe('managed.notManager')
    expect((await handlers.loadWebhook()).target).toMatchObject({ userId: demo.id, own: true })
    // Opening one's own account is always allowed, and it stays the target.
    expect((await handlers.openAccount({ userId: demo.id })).target.own).toBe(true)
  })

  it('tells a read-only manager why another account is read-only; an admin flagged read-only may write', async () => {
    const managerJson = sim.state.users.get(manager.id)!.json
    managerJson.readonly = true
    await signInAs(handlers, sim, manager)
    const opened = await handlers.openAccount({ userId: rider1.id })
    expect(opened.readonly).toBe(true)
    expect(opened.readonlyReason).toBe(
      'Your account is read-only: the server does not let it change the attributes of other accounts either. Ask an administrator.',
    )

    sim.state.users.get(admin.id)!.json.readonly = true
    const adminHandlers = testHandlers()
    await signInAs(adminHandlers, sim, admin)
    const asAdmin = await adminHandlers.openAccount({ userId: rider1.id })
    expect(asAdmin.readonly).toBe(false)
    expect(asAdmin.readonlyReason).toBeNull()
  })

  it('shows an account without a name or email as empty strings', async () => {
    const json = sim.state.users.get(rider1.id)!.json
    json.name = null
    delete json.email
    await signInAs(handlers, sim, manager)
    const opened = await handlers.openAccount({ userId: rider1.id })
    expect(opened.target).toEqual({ userId: rider1.id, name: '', email: '', own: false })
  })

  it('answers "Check again" with nothing pending with its own code', async () => {
    await signInAs(handlers, sim, demo)
    expect((await failure(handlers.checkSave())).code).toBe('save.nothingPending')
  })

  it('calls exactly the intended values set by someone else meanwhile unchanged, not a save of ours', async () => {
    await signInAs(handlers, sim, demo)
    const base = await handlers.loadWebhook()
    const attributes = sim.state.users.get(demo.id)!.json.attributes as Record<string, unknown>
    attributes.webhookUrl = URL_A
    const outcome = await handlers.saveWebhook({
      userId: demo.id,
      baseline: base.values,
      values: { ...(base.values as Record<string, string>), webhookUrl: URL_A },
      removeKeys: [],
    })
    expect(outcome).toMatchObject({ status: 'saved', unchanged: true })
    expect(await handlers.listHistory()).toHaveLength(0)

    // A plain save is confirmed by its own read-back (not a re-read after a failure), and not unchanged.
    const now = await handlers.loadWebhook()
    const saved = await handlers.saveWebhook({
      userId: demo.id,
      baseline: now.values,
      values: { ...(now.values as Record<string, string>), webhookUrl: `${URL_A}/2` },
      removeKeys: [],
    })
    expect(saved.status).toBe('saved')
    expect(saved).not.toHaveProperty('confirmedByReread')
    expect(saved).not.toHaveProperty('unchanged')
  })

  it('names the read-only server, not the account, as the reason', async () => {
    sim.state.readonly = true
    await signInAs(handlers, sim, demo)
    const state = await handlers.loadWebhook()
    expect(state.readonly).toBe(true)
    expect(state.readonlyReason).toBe(
      'The server is in read-only mode: no account can change its attributes right now.',
    )
  })

  it('passes on a refusal that cannot have applied as it is, without re-reading for a verdict', async () => {
    await signInAs(handlers, sim, demo)
    const base = await handlers.loadWebhook()
    sim.faults.add({ method: 'GET', path: userPath, times: 1 })
    sim.faults.add({ method: 'PUT', path: '/api/users/*', status: 400, body: 'bad', times: 1 })
    const f = await failure(
      handlers.saveWebhook({
        userId: demo.id,
        baseline: base.values,
        values: { ...(base.values as Record<string, string>), webhookUrl: URL_A },
        removeKeys: [],
      }),
    )
    expect(f.message).not.toMatch(/Reading the account back/)
  })

  it('names the server whose answer was lost when the outcome is unknown', async () => {
    await signInAs(handlers, sim, demo)
    const base = await handlers.loadWebhook()
    loseTheNextWrite()
    const outcome = await handlers.saveWebhook({
      userId: demo.id,
      baseline: base.values,
      values: { ...(base.values as Record<string, string>), webhookUrl: URL_A },
      removeKeys: [],
    })
    expect(outcome.status === 'unknown' && outcome.message).toContain(new URL(sim.url).host)
  })

  it('does not count values someone else set after our lost write as that write landing', async () => {
    await signInAs(handlers, sim, demo)
    const base = await handlers.loadWebhook()
    loseTheNextWrite()
    const lost = await handlers.saveWebhook({
      userId: demo.id,
      baseline: base.values,
      values: { ...(base.values as Record<string, string>), webhookUrl: URL_A },
      removeKeys: [],
    })
    expect(lost.status).toBe('unknown')
    // Someone else then sets other values, and the user saves exactly those from the old form.
    const attributes = sim.state.users.get(demo.id)!.json.attributes as Record<string, unknown>
    attributes.webhookUrl = `${URL_A}/theirs`
    const outcome = await handlers.saveWebhook({
      userId: demo.id,
      baseline: base.values,
      values: { ...(base.values as Record<string, string>), webhookUrl: `${URL_A}/theirs` },
      removeKeys: [],
    })
    expect(outcome).toMatchObject({ status: 'saved', unchanged: true })
    expect(await handlers.listHistory()).toHaveLength(0)
  })

  it('says on "Check again" that the earlier answer was lost when the write turns out not applied', async () => {
    await signInAs(handlers, sim, demo)
    const base = await handlers.loadWebhook()
    sim.faults.add({ method: 'GET', path: userPath, times: 1 })
    sim.faults.add({ method: 'PUT', path: '/api/users/*', status: 500, body: '', times: 1 })
    sim.faults.add({ method: 'GET', path: userPath, action: 'reset', times: 1 })
    const outcome = await handlers.saveWebhook({
      userId: demo.id,
      baseline: base.values,
      values: { ...(base.values as Record<string, string>), webhookUrl: URL_A },
      removeKeys: [],
    })
    expect(outcome.status).toBe('unknown')
    const f = await failure(handlers.checkSave())
    expect(f.code).toBe('save.answerLost')
    expect(f.message).toMatch(/^The answer to the earlier save was lost\. Reading the account back/)
  })

  it('reports a conflict, not "nothing changed", when a failed write finds other values on re-reading', async () => {
    await signInAs(handlers, sim, demo)
    const base = await handlers.loadWebhook()
    sim.faults.add({ method: 'GET', path: userPath, times: 1 })
    sim.faults.add({ method: 'PUT', path: '/api/users/*', latencyMs: 300, status: 500, body: '', times: 1 })
    const saving = handlers.saveWebhook({
      userId: demo.id,
      baseline: base.values,
      values: { ...(base.values as Record<string, string>), webhookUrl: URL_A },
      removeKeys: [],
    })
    // While the PUT is held (and then refused), someone else sets another URL.
    await new Promise((r) => setTimeout(r, 100))
    const attributes = sim.state.users.get(demo.id)!.json.attributes as Record<string, unknown>
    attributes.webhookUrl = `${URL_A}/theirs`
    const outcome = await saving
    expect(outcome.status).toBe('conflict')
    expect(outcome.status === 'conflict' && outcome.state.values.webhookUrl).toBe(`${URL_A}/theirs`)
  })

  it("keeps one's own drafts under the account's own data id (as before managed accounts), another's apart", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wd-targets-'))
    const secrets = memorySecrets()
    const accounts = new AccountService({
      transport: () => nodeTransport(),
      secrets,
      profiles: new ProfileStore(dir),
      push: () => {},
      pace: { perSecond: 0, burst: 1 },
    })
    const data = new AccountDataStore<DraftRecord, HistoryRecord>(dir, new Sealer(secrets))
    const webhook = new WebhookService(accounts, data)
    await accounts.signIn({
      server: sim.url,
      method: 'password',
      email: manager.email,
      secret: manager.password,
      remember: false,
    })
    const { accountId } = accounts.require().info
    const draft = { baseline: {}, values: { webhookUrl: URL_A }, removeKeys: [] }
    await webhook.saveDraft(manager.id, draft)
    expect((await data.draft(accountId))?.value).toEqual(draft)
    await webhook.open(rider1.id)
    await webhook.saveDraft(rider1.id, { ...draft, values: { webhookUrl: `${URL_A}/rider` } })
    expect((await data.draft(managedDataId(accountId, rider1.id)))?.value.values).toEqual({
      webhookUrl: `${URL_A}/rider`,
    })
    expect((await data.draft(accountId))?.value).toEqual(draft)
  })

  it.each([
    ['4.12', /\(Traccar 4\.12\) HTML-escapes text: it will store webhookUrl, webhookPsk with/],
    ['5.12', /\(Traccar 5\.12\) HTML-escapes text: it will store webhookUrl, webhookPsk with/],
  ] as const)(
    'on an escaping %s server, names the keys at risk in words and in the detail',
    async (flavor, words) => {
      await sim.stop()
      sim = await startSim({ clock: false, flavor, sanitize: true, rateLimit: 0 })
      await signInAs(handlers, sim, demo)
      const base = await handlers.loadWebhook()
      const f = await failure(
        handlers.saveWebhook({
          userId: demo.id,
          baseline: base.values,
          values: {
            webhookUrl: 'https://a.example/h?x=1&y=2',
            webhookPsk: 'Bearer a&b',
            webhookTypes: 'alarm',
          },
          removeKeys: [],
        }),
      )
      expect(f.code).toBe('save.willBeEscaped')
      expect(f.message).toMatch(words)
      expect(f.message).toContain(new URL(sim.url).host)
      expect(f.extra.detail).toBe('webhookUrl,webhookPsk')
    },
  )
})
