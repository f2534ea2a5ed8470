import { mkdtempSync, readdirSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { AccountService } from '../src/main/account/account-service'
import { AccountDataStore } from '../src/main/store/account-data'
import { ProfileStore } from '../src/main/store/profiles'
import { Sealer } from '../src/main/store/sealed'
import { nodeTransport } from '../src/main/traccar/transport'
import { WebhookService, type DraftRecord, type HistoryRecord } from '../src/main/webhook/webhook-service'
import type { SaveOutcome, WebhookState } from '$shared/contract'
import { seededRandom } from '../src/sim/motion'
import { DEMO_TOTP_KEY, FLAVORS, SEED_USERS, startSim, totpCode, type Sim } from '../src/sim'
import { HTML_PAGE } from '../src/sim/faults'
import { failure } from './helpers/failure'
import { memorySecrets } from './helpers/secrets'

const { demo } = SEED_USERS

function saved(outcome: SaveOutcome): WebhookState {
  if (outcome.status !== 'saved') throw new Error(`expected saved, got ${outcome.status}`)
  return outcome.state
}

// HTML-escaping servers and rate limits have their own tests (escaping-save, rate-limit).
describe.each(FLAVORS)('safe save of the webhook attributes, Traccar %s', (flavor) => {
  let sim: Sim
  let dir: string
  let accounts: AccountService
  let webhook: WebhookService
  const stored = () => structuredClone(sim.state.users.get(demo.id)!.json)

  /** Fresh services on a fresh data folder, as after an app start. */
  function services(options: { timeoutMs?: number } = {}): void {
    dir = mkdtempSync(join(tmpdir(), 'wd-webhook-'))
    const secrets = memorySecrets()
    accounts = new AccountService({
      transport: nodeTransport,
      secrets,
      profiles: new ProfileStore(dir),
      push: () => {},
      pace: { perSecond: 0, burst: 1 },
      ...options,
    })
    webhook = new WebhookService(
      accounts,
      new AccountDataStore<DraftRecord, HistoryRecord>(dir, new Sealer(secrets)),
    )
  }

  const signInAs = (email: string, password: string) =>
    accounts.signIn({ server: sim.url, method: 'password', email, secret: password, remember: false })

  async function signIn(email: string = demo.email, password: string = demo.password): Promise<void> {
    services()
    await signInAs(email, password)
  }

  // A fresh server and app data per test, so one failure cannot leave state for the next.
  beforeEach(async () => {
    sim = await startSim({ flavor, sanitize: false, rateLimit: 0, clock: false })
    await signIn()
  })
  afterEach(() => sim.stop())

  it('loads the three keys as found, the server event types (documented first) and the size', async () => {
    sim.mutateUser(demo.id, {
      attributes: { webhookUrl: 'https://a.example/h', WebhookURL: 'https://typo.example/' },
    })
    const state = await webhook.load()
    expect(state.values).toEqual({ webhookUrl: 'https://a.example/h' })
    expect(state.nearMisses).toEqual([
      { key: 'WebhookURL', canonical: 'webhookUrl', value: 'https://typo.example/', foreign: [] },
    ])
    expect(state.eventTypes.slice(0, 3)).toEqual(['deviceOnline', 'deviceOffline', 'deviceMoving'])
    expect(state.readonly).toBe(false)
    expect(state.attributesSize).toBe(JSON.stringify(stored().attributes).length)
    expect(state.otherAttributeCount).toBe(7)
  })

  it('writes URL, PSK and types and leaves every other field and attribute exactly as it was', async () => {
    const before = stored()
    const base = await webhook.load()
    const state = saved(
      await webhook.save({
        userId: base.userId,
        baseline: base.values,
        values: {
          webhookUrl: 'https://hooks.example.com/bt',
          webhookPsk: 'Bearer t0k',
          webhookTypes: 'deviceOnline,alarm,geofenceEnter',
        },
        removeKeys: [],
      }),
    )
    expect(state.values).toEqual({
      webhookUrl: 'https://hooks.example.com/bt',
      webhookPsk: 'Bearer t0k',
      webhookTypes: 'deviceOnline,alarm,geofenceEnter',
    })
    const after = stored()
    const attributes = after.attributes as Record<string, unknown>
    expect(attributes).toEqual({
      ...(before.attributes as object),
      webhookUrl: 'https://hooks.example.com/bt',
      webhookPsk: 'Bearer t0k',
      webhookTypes: 'deviceOnline,alarm,geofenceEnter',
    })
    expect({ ...after, attributes: null }).toEqual({ ...before, attributes: null })
  })

  // Mutation runs (npm run mutate) use fewer cycles: every surviving mutant runs this test again.
  const cycles = Number(process.env.WEBHOOK_DESK_SAVE_CYCLES ?? 1000)

  it(`survives ${cycles.toLocaleString('en')} randomized save cycles with only the intended keys ever changing`, async () => {
    await new (await import('./helpers/traccar-client')).TestClient(sim.url).postJson('/sim/user-fields', {
      name: 'futureField',
      default: null,
    })
    const random = seededRandom({ '6': 42, '5.12': 44, '4.12': 43 }[flavor])
    const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!
    const jsonValues = [
      0,
      -1.5,
      12345678901,
      true,
      false,
      null,
      '',
      'text',
      'ü€😀',
      [1, 'a', null],
      [null, null],
      [],
      {},
      { n: { m: [true] } },
      { a: null, b: { c: null, d: [null, ''] } },
      [{ x: null }, ''],
      ['fcm1', 'fcm2'],
    ]
    // Every kind of value is on the server from the start (Traccar stores null and empty values as
    // given), then random ones on top.
    const extras: Record<string, unknown> = {}
    jsonValues.forEach((value, i) => (extras[`kind.${i}`] = value))
    for (let i = 0; i < 12; i++) extras[`extra.${i}`] = pick(jsonValues)
    sim.mutateUser(demo.id, {
      attributes: extras,
      fields: { futureField: { keep: 'me' }, phone: '+43 1', map: 'osm' },
    })
    expect(stored().attributes).toMatchObject({ 'kind.5': null, 'kind.6': '' })
    // A fresh session sees the new extra field too.
    await signIn()
    const urls = ['https://a.example/1', 'https://b.example/hook?x=1&y=%20', 'http://c.example:8080/p']
    const psks = ['Bearer a', 'Basic dXNlcjpw', 'token-without-scheme']
    const types = ['alarm', 'deviceOnline,deviceOffline', 'geofenceEnter,geofenceExit,ignitionOn']
    let state = await webhook.load()
    for (let cycle = 0; cycle < cycles; cycle++) {
      if (random() < 0.3) {
        // Another client (PowUnity's backend, the web UI) edits a different attribute meanwhile.
        sim.mutateUser(demo.id, { attributes: { [`other.${Math.floor(random() * 5)}`]: pick(jsonValues) } })
      }
      const values = {
        ...(random() < 0.8 ? { webhookUrl: pick(urls) } : {}),
        ...(random() < 0.5 ? { webhookPsk: pick(psks) } : {}),
        ...(random() < 0.5 ? { webhookTypes: pick(types) } : {}),
      }
      const before = stored()
      state = saved(
        await webhook.save({ userId: state.userId, baseline: state.values, values, removeKeys: [] }),
      )
      const after = stored()
      const expected = { ...(before.attributes as Record<string, unknown>) }
      for (const key of ['webhookUrl', 'webhookPsk', 'webhookTypes'] as const) {
        if (key in values) expected[key] = values[key]
        else delete expected[key]
      }
      expect(after.attributes).toEqual(expected)
      expect({ ...after, attributes: null }).toEqual({ ...before, attributes: null })
    }
    expect(stored().futureField).toEqual({ keep: 'me' })
  }, 120_000)

  it('keeps a different attribute that another client changed between load and save', async () => {
    const base = await webhook.load()
    sim.mutateUser(demo.id, {
      attributes: { fcmTokensBikeTrax: ['new-token'] },
      removeAttributes: ['timezone'],
    })
    saved(
      await webhook.save({
        userId: base.userId,
        baseline: base.values,
        values: { webhookUrl: 'https://hooks.example.com/x' },
        removeKeys: [],
      }),
    )
    const attributes = stored().attributes as Record<string, unknown>
    expect(attributes.fcmTokensBikeTrax).toEqual(['new-token'])
    expect(attributes).not.toHaveProperty('timezone')
    expect(attributes.webhookUrl).toBe('https://hooks.example.com/x')
  })

  it('detects a webhookUrl changed elsewhere since load and overwrites nothing', async () => {
    const base = await webhook.load()
    sim.mutateUser(demo.id, { attributes: { webhookUrl: 'https://theirs.example/' } })
    const before = stored()
    const outcome = await webhook.save({
      userId: base.userId,
      baseline: base.values,
      values: { webhookUrl: 'https://mine.example/' },
      removeKeys: [],
    })
    if (outcome.status !== 'conflict') throw new Error(`expected conflict, got ${outcome.status}`)
    expect(outcome.state.values).toEqual({ webhookUrl: 'https://theirs.example/' })
    expect(stored()).toEqual(before)
    // Choosing "mine" with the server's values as the new baseline then saves.
    saved(
      await webhook.save({
        userId: outcome.state.userId,
        baseline: outcome.state.values,
        values: { webhookUrl: 'https://mine.example/' },
        removeKeys: [],
      }),
    )
    expect((stored().attributes as Record<string, unknown>).webhookUrl).toBe('https://mine.example/')
  })

  it('detects a change made by another client right after the app loaded (one-shot mutation)', async () => {
    sim.addMutation({
      userId: demo.id,
      after: { method: 'GET', path: `/api/users/${demo.id}` },
      attributes: { webhookTypes: 'alarm' },
    })
    const base = await webhook.load()
    const outcome = await webhook.save({
      userId: base.userId,
      baseline: base.values,
      values: { webhookUrl: 'https://mine.example/' },
      removeKeys: [],
    })
    expect(outcome.status).toBe('conflict')
    expect(stored().attributes).not.toHaveProperty('webhookUrl')
  })

  it.each([
    ['the key being saved', { webhookUrl: 'https://theirs.example/' }],
    ['another webhook key', { webhookTypes: 'alarm' }],
  ])(
    'ends "not confirmed" and records nothing when another client changes %s right after the write',
    async (_label, theirs) => {
      const base = await webhook.load()
      sim.addMutation({
        userId: demo.id,
        after: { method: 'PUT', path: `/api/users/${demo.id}` },
        attributes: theirs,
      })
      const f = await failure(
        webhook.save({
          userId: base.userId,
          baseline: base.values,
          values: { webhookUrl: 'https://mine.example/' },
          removeKeys: [],
        }),
      )
      expect(f.code).toBe('save.notConfirmed')
      expect(stored().attributes).toMatchObject(theirs)
      expect(await webhook.history()).toEqual([])
    },
  )

  it('moves a near-miss key: the value goes to the right key and the wrong one is deleted, in one save', async () => {
    sim.mutateUser(demo.id, { attributes: { WebhookURL: 'https://typo.example/' } })
    const base = await webhook.load()
    const state = saved(
      await webhook.save({
        userId: base.userId,
        baseline: base.values,
        values: { webhookUrl: 'https://typo.example/' },
        removeKeys: ['WebhookURL', 'speedUnit'],
      }),
    )
    expect(state.nearMisses).toEqual([])
    const attributes = stored().attributes as Record<string, unknown>
    expect(attributes.webhookUrl).toBe('https://typo.example/')
    expect(attributes).not.toHaveProperty('WebhookURL')
    // Only near-miss keys can be removed this way.
    expect(attributes.speedUnit).toBe('kmh')
  })

  it('removes the header when the PSK is saved empty', async () => {
    sim.mutateUser(demo.id, { attributes: { webhookUrl: 'https://a.example/', webhookPsk: 'Bearer x' } })
    const base = await webhook.load()
    const state = saved(
      await webhook.save({
        userId: base.userId,
        baseline: base.values,
        values: { webhookUrl: 'https://a.example/', webhookPsk: '' },
        removeKeys: [],
      }),
    )
    expect(state.values).toEqual({ webhookUrl: 'https://a.example/' })
    expect(stored().attributes).not.toHaveProperty('webhookPsk')
  })

  it('writes nothing and records nothing when nothing changed', async () => {
    sim.mutateUser(demo.id, { attributes: { webhookUrl: 'https://a.example/', webhookTypes: 'alarm' } })
    const base = await webhook.load()
    const before = stored()
    // Any write would fail: the save must not even try.
    sim.faults.add({ method: 'PUT', path: '/api/users/*', status: 500, body: 'no writes expected' })
    const values = { webhookUrl: 'https://a.example/', webhookTypes: 'alarm' }
    const state = saved(
      await webhook.save({ userId: base.userId, baseline: base.values, values, removeKeys: [] }),
    )
    expect(state.values).toEqual(values)
    expect(stored()).toEqual(before)
    expect(await webhook.history()).toEqual([])
  })

  it('removes a near-miss key even when the webhook values stay the same', async () => {
    sim.mutateUser(demo.id, {
      attributes: { webhookUrl: 'https://a.example/', WebhookURL: 'https://typo.example/' },
    })
    const base = await webhook.load()
    const state = saved(
      await webhook.save({
        userId: base.userId,
        baseline: base.values,
        values: { webhookUrl: 'https://a.example/' },
        removeKeys: ['WebhookURL'],
      }),
    )
    expect(state.nearMisses).toEqual([])
    expect(stored().attributes).not.toHaveProperty('WebhookURL')
    expect((stored().attributes as Record<string, unknown>).webhookUrl).toBe('https://a.example/')
  })

  it('ends "not confirmed" when a removed near-miss key is back right after the write', async () => {
    sim.mutateUser(demo.id, { attributes: { WebhookURL: 'https://typo.example/' } })
    const base = await webhook.load()
    sim.addMutation({
      userId: demo.id,
      after: { method: 'PUT', path: `/api/users/${demo.id}` },
      attributes: { WebhookURL: 'https://typo.example/' },
    })
    const f = await failure(
      webhook.save({
        userId: base.userId,
        baseline: base.values,
        values: { webhookUrl: 'https://typo.example/' },
        removeKeys: ['WebhookURL'],
      }),
    )
    expect(f.code).toBe('save.notConfirmed')
    expect(f.message).toMatch(/reading the account back shows different webhook values/)
    expect(await webhook.history()).toEqual([])
  })

  it('turns the webhook off by removing the three keys', async () => {
    sim.mutateUser(demo.id, {
      attributes: { webhookUrl: 'https://a.example/', webhookPsk: 'Bearer x', webhookTypes: 'alarm' },
    })
    const base = await webhook.load()
    const state = saved(
      await webhook.save({ userId: base.userId, baseline: base.values, values: {}, removeKeys: [] }),
    )
    expect(state.values).toEqual({})
    const attributes = stored().attributes as Record<string, unknown>
    for (const key of ['webhookUrl', 'webhookPsk', 'webhookTypes']) expect(attributes).not.toHaveProperty(key)
    expect(attributes.speedUnit).toBe('kmh')
  })

  it('refuses values main would not write (header injection, bad URL, spaced types)', async () => {
    const base = await webhook.load()
    for (const values of [
      { webhookUrl: 'https://a.example/', webhookPsk: 'Bearer x\r\nX-Evil: 1' },
      { webhookUrl: 'https://a.example/', webhookPsk: 'Bearer smart“quote”' },
      { webhookUrl: 'not a url' },
      { webhookUrl: 'https://a.example/', webhookTypes: 'alarm, deviceOnline' },
    ]) {
      const f = await failure(
        webhook.save({ userId: base.userId, baseline: base.values, values, removeKeys: [] }),
      )
      expect(f.code).toBe('save.invalid')
    }
    expect(stored().attributes).not.toHaveProperty('webhookUrl')
  })

  it('says how far over the 4000-character limit a save would go, and writes nothing', async () => {
    const filler = 'x'.repeat(3700 - JSON.stringify(stored().attributes).length)
    sim.mutateUser(demo.id, { attributes: { filler } })
    const base = await webhook.load()
    const before = stored()
    const f = await failure(
      webhook.save({
        userId: base.userId,
        baseline: base.values,
        values: { webhookUrl: `https://a.example/${'p'.repeat(400)}` },
        removeKeys: [],
      }),
    )
    const size = JSON.stringify({
      ...(before.attributes as object),
      webhookUrl: `https://a.example/${'p'.repeat(400)}`,
    }).length
    expect(f.code).toBe('save.tooLarge')
    expect(f.message).toContain(`, ${size - 4000} more than the server's limit of 4,000`)
    expect(stored()).toEqual(before)
  })

  it('saves attributes of exactly 4,000 characters (the limit is inclusive)', async () => {
    const url = 'https://a.example/'
    const withUrl = (filler: string) =>
      JSON.stringify({ ...(stored().attributes as object), filler, webhookUrl: url })
    sim.mutateUser(demo.id, { attributes: { filler: 'x'.repeat(4000 - withUrl('').length) } })
    expect(JSON.stringify({ ...(stored().attributes as object), webhookUrl: url }).length).toBe(4000)
    const base = await webhook.load()
    saved(
      await webhook.save({
        userId: base.userId,
        baseline: base.values,
        values: { webhookUrl: url },
        removeKeys: [],
      }),
    )
    expect(JSON.stringify(stored().attributes).length).toBe(4000)
  })

  it.each([
    [
      'a 400 with Traccar text',
      {
        method: 'PUT',
        path: '/api/users/*',
        status: 400,
        body: 'java.lang.SecurityException: Write access denied\n\tat x',
      },
      'server.unexpected',
    ],
    ['a reset connection', { method: 'PUT', path: '/api/users/*', action: 'reset' as const }, 'net.reset'],
    ['HTML from a proxy', { method: 'PUT', path: '/api/users/*', action: 'html' as const }, 'server.webPage'],
    [
      'an HTML 500 page',
      { method: 'PUT', path: '/api/users/*', status: 500, body: HTML_PAGE, contentType: 'text/html' },
      'server.failed',
    ],
  ])('leaves the server unchanged on %s', async (_label, fault, code) => {
    const base = await webhook.load()
    const before = stored()
    sim.faults.add(fault)
    const f = await failure(
      webhook.save({
        userId: base.userId,
        baseline: base.values,
        values: { webhookUrl: 'https://a.example/' },
        removeKeys: [],
      }),
    )
    expect(f.code).toBe(code)
    expect(stored()).toEqual(before)
  })

  it('reports a timeout and leaves the server unchanged', async () => {
    services({ timeoutMs: 300 })
    await signInAs(demo.email, demo.password)
    const base = await webhook.load()
    const before = stored()
    sim.faults.add({ method: 'GET', path: `/api/users/${demo.id}`, latencyMs: 1000, times: 1 })
    const f = await failure(
      webhook.save({
        userId: base.userId,
        baseline: base.values,
        values: { webhookUrl: 'https://a.example/' },
        removeKeys: [],
      }),
    )
    expect(f.code).toBe('net.timeout')
    expect(stored()).toEqual(before)
  })

  describe('when the answer to the PUT is lost', () => {
    const userPath = `/api/users/${demo.id}`
    const intended = { webhookUrl: 'https://applied.example/', webhookPsk: 'Bearer lost-answer' }
    type Fault = Parameters<Sim['faults']['add']>[0]
    /** Loads, keeps a draft, then saves with the faults set for what follows the save's first read. */
    async function saveWithDraft(...faults: Fault[]): Promise<{ base: WebhookState; outcome: SaveOutcome }> {
      const base = await webhook.load()
      await webhook.saveDraft(base.userId, { baseline: base.values, values: intended, removeKeys: [] })
      sim.faults.add({ method: 'GET', path: userPath, times: 1 })
      for (const fault of faults) sim.faults.add(fault)
      const outcome = await webhook.save({
        userId: base.userId,
        baseline: base.values,
        values: intended,
        removeKeys: [],
      })
      return { base, outcome }
    }

    it.each([
      ['the connection is reset after the PUT was carried out', { action: 'apply-then-reset' as const }],
      ['the answer comes after the timeout', { action: 'apply-then-delay' as const, latencyMs: 1500 }],
    ])('reports saved, confirmed by re-reading, when %s', async (_label, fault) => {
      services({ timeoutMs: 500 })
      await signInAs(demo.email, demo.password)
      const { outcome } = await saveWithDraft({ method: 'PUT', path: '/api/users/*', times: 1, ...fault })
      expect(outcome).toMatchObject({ status: 'saved', confirmedByReread: true })
      expect(saved(outcome).values).toEqual(intended)
      expect(await webhook.history()).toHaveLength(1)
      expect((await webhook.draft(demo.id)).draft).toBeNull()
    })

    it('reports saved, confirmed by re-reading, when only the read-back failed', async () => {
      const { outcome } = await saveWithDraft({ method: 'GET', path: userPath, action: 'reset', times: 1 })
      expect(outcome).toMatchObject({ status: 'saved', confirmedByReread: true })
      expect(await webhook.history()).toHaveLength(1)
    })

    it('says not saved, and that nothing changed, when the re-read shows the old values', async () => {
      const before = stored()
      const f = await failure(
        saveWithDraft({ method: 'PUT', path: '/api/users/*', status: 500, body: '', times: 1 }),
      )
      expect(f.code).toBe('server.failed')
      expect(f.message).toMatch(/failed while handling the request \(500\)\. .* so nothing was changed/)
      expect(f.message).not.toMatch(/Traccar/)
      expect(stored()).toEqual(before)
      expect(await webhook.history()).toHaveLength(0)
      expect((await webhook.draft(demo.id)).draft).not.toBeNull()
    })

    it('says the outcome is unknown when the re-read fails too, keeps the draft, and can check again', async () => {
      const { outcome } = await saveWithDraft(
        { method: 'PUT', path: '/api/users/*', action: 'apply-then-reset', times: 1 },
        { method: 'GET', path: userPath, action: 'reset', times: 1 },
      )
      expect(outcome.status).toBe('unknown')
      expect(outcome.status === 'unknown' && outcome.message).toMatch(/not known whether/)
      expect((await webhook.draft(demo.id)).draft).not.toBeNull()
      expect(await webhook.history()).toHaveLength(0)
      const checked = await webhook.checkSave()
      expect(checked).toMatchObject({ status: 'saved', confirmedByReread: true })
      expect(saved(checked).values).toEqual(intended)
      expect(await webhook.history()).toHaveLength(1)
      expect((await webhook.draft(demo.id)).draft).toBeNull()
    })

    it('treats saving again after an unknown outcome as saved, never as a conflict with itself', async () => {
      const { base, outcome } = await saveWithDraft(
        { method: 'PUT', path: '/api/users/*', action: 'apply-then-reset', times: 1 },
        { method: 'GET', path: userPath, action: 'reset', times: 1 },
      )
      expect(outcome.status).toBe('unknown')
      const again = await webhook.save({
        userId: base.userId,
        baseline: base.values,
        values: intended,
        removeKeys: [],
      })
      expect(again).toMatchObject({ status: 'saved', confirmedByReread: true })
      expect(await webhook.history()).toHaveLength(1)
      expect((await webhook.draft(demo.id)).draft).toBeNull()
    })
  })

  it('signs in again on a 401 and completes the save', async () => {
    const base = await webhook.load()
    sim.state.sessions.clear()
    saved(
      await webhook.save({
        userId: base.userId,
        baseline: base.values,
        values: { webhookUrl: 'https://after-401.example/' },
        removeKeys: [],
      }),
    )
    expect((stored().attributes as Record<string, unknown>).webhookUrl).toBe('https://after-401.example/')
  })

  it('lists the server event types once per session, strings only, without "allEvents"', async () => {
    sim.faults.add({
      method: 'GET',
      path: '/api/notifications/types',
      status: 200,
      contentType: 'application/json',
      body: JSON.stringify([
        { type: 'alarm' },
        { type: 'allEvents' },
        null,
        { type: 5 },
        {},
        { type: 'custom' },
      ]),
      times: 1,
    })
    expect((await webhook.load()).eventTypes).toEqual(['alarm', 'custom'])
    // Asked once: a failing endpoint later does not matter to this session.
    sim.faults.add({ method: 'GET', path: '/api/notifications/types', status: 500, body: 'down' })
    expect((await webhook.load()).eventTypes).toEqual(['alarm', 'custom'])
  })

  it('offers no server event types when the server answers something other than a list', async () => {
    sim.faults.add({
      method: 'GET',
      path: '/api/notifications/types',
      status: 200,
      contentType: 'application/json',
      body: '{"types":["alarm"]}',
    })
    expect((await webhook.load()).eventTypes).toEqual([])
  })

  it('says a read-only server is why nothing can be saved, except for an administrator', async () => {
    sim.state.readonly = true
    await signIn()
    const state = await webhook.load()
    expect(state.readonly).toBe(true)
    expect(state.readonlyReason).toMatch(/server is in read-only mode/)
    await signIn(SEED_USERS.admin.email, SEED_USERS.admin.password)
    const admin = await webhook.load()
    expect(admin.readonly).toBe(false)
    expect(admin.readonlyReason).toBeNull()
  })

  it('refuses to save for a read-only account, and says so on load', async () => {
    await signIn(SEED_USERS.readonly.email, SEED_USERS.readonly.password)
    const state = await webhook.load()
    expect(state.readonly).toBe(true)
    expect(state.readonlyReason).toMatch(/This account is read-only/)
    const f = await failure(
      webhook.save({
        userId: state.userId,
        baseline: state.values,
        values: { webhookUrl: 'https://a.example/' },
        removeKeys: [],
      }),
    )
    expect(f.code).toBe('save.readonly')
  })

  it('keeps an admin an admin and a 2FA user protected (administrator, totpKey go back as received)', async () => {
    await signIn(SEED_USERS.admin.email, SEED_USERS.admin.password)
    const adminState = await webhook.load()
    saved(
      await webhook.save({
        userId: adminState.userId,
        baseline: adminState.values,
        values: { webhookUrl: 'https://admin.example/' },
        removeKeys: [],
      }),
    )
    expect(sim.state.users.get(SEED_USERS.admin.id)!.json.administrator).toBe(true)
    if (flavor !== '4.12') {
      services()
      await failure(signInAs(SEED_USERS.totp.email, SEED_USERS.totp.password))
      await accounts.verifyCode(String(totpCode(DEMO_TOTP_KEY)).padStart(6, '0'))
      const state = await webhook.load()
      saved(
        await webhook.save({
          userId: state.userId,
          baseline: state.values,
          values: { webhookUrl: 'https://2fa.example/' },
          removeKeys: [],
        }),
      )
      expect(sim.state.users.get(SEED_USERS.totp.id)!.json.totpKey).toBe(DEMO_TOTP_KEY)
    }
  })

  it('records each save in a sealed local history and restores earlier values through the same safe save', async () => {
    let state = await webhook.load()
    state = saved(
      await webhook.save({
        userId: state.userId,
        baseline: state.values,
        values: { webhookUrl: 'https://one.example/', webhookPsk: 'Bearer first-secret' },
        removeKeys: [],
      }),
    )
    state = saved(
      await webhook.save({
        userId: state.userId,
        baseline: state.values,
        values: { webhookUrl: 'https://two.example/' },
        removeKeys: [],
      }),
    )
    const history = await webhook.history()
    expect(history).toHaveLength(2)
    expect(history[0]!.before).toEqual({
      webhookUrl: 'https://one.example/',
      webhookPsk: 'Bearer •••••••• (19 characters)',
    })
    expect(history[0]!.after).toEqual({ webhookUrl: 'https://two.example/' })
    // A password in the URL is masked like the PSK.
    state = saved(
      await webhook.save({
        userId: state.userId,
        baseline: state.values,
        values: { webhookUrl: 'https://u:url-secret@three.example/' },
        removeKeys: [],
      }),
    )
    expect((await webhook.history())[0]!.after).toEqual({ webhookUrl: 'https://u:••••••••@three.example/' })
    // The file on disk holds no readable webhook values.
    const files = readdirSync(join(dir, 'accounts'), { recursive: true, withFileTypes: true })
      .filter((f) => f.isFile())
      .map((f) => readFileSync(join(f.parentPath, f.name), 'utf8'))
    // One sealed file per history record.
    expect(files).toHaveLength((await webhook.history()).length)
    expect(files.join('')).not.toMatch(/first-secret|one\.example|url-secret/)
    state = saved(await webhook.restore(history[0]!.id, state.values, state.userId))
    expect(state.values).toEqual({ webhookUrl: 'https://one.example/', webhookPsk: 'Bearer first-secret' })
    // An older entry restores its own "before", not the newest one's.
    const older = (await webhook.history()).find(
      (h) => h.after.webhookUrl === 'https://one.example/' && h.before.webhookUrl === undefined,
    )!
    state = saved(await webhook.restore(older.id, state.values, state.userId))
    expect(state.values).toEqual({})
    const f = await failure(webhook.restore('no-such-entry', state.values, state.userId))
    expect(f.code).toBe('history.unknown')
    expect(f.message).toBe('That entry is no longer in the history.')
  })

  it('keeps a draft per account until it is saved or discarded', async () => {
    const base = await webhook.load()
    expect((await webhook.draft(base.userId)).draft).toBeNull()
    await webhook.saveDraft(base.userId, {
      baseline: base.values,
      values: { webhookUrl: 'https://draft.example/', webhookPsk: 'Bearer draft-secret' },
      removeKeys: [],
    })
    const { draft, persistent } = await webhook.draft(base.userId)
    expect(persistent).toBe(true)
    expect(draft).toMatchObject({
      values: { webhookUrl: 'https://draft.example/', webhookPsk: 'Bearer draft-secret' },
    })
    saved(
      await webhook.save({
        userId: base.userId,
        baseline: base.values,
        values: draft!.values,
        removeKeys: [],
      }),
    )
    expect((await webhook.draft(base.userId)).draft).toBeNull()
    await webhook.saveDraft(base.userId, {
      baseline: base.values,
      values: { webhookUrl: 'https://x.example/' },
      removeKeys: [],
    })
    await webhook.discardDraft(base.userId)
    expect((await webhook.draft(base.userId)).draft).toBeNull()
  })

  it('takes an identical change made elsewhere as done: no history of ours, and the draft is gone', async () => {
    const base = await webhook.load()
    const values = { webhookUrl: 'https://same.example/', webhookPsk: 'Bearer same' }
    await webhook.saveDraft(base.userId, { baseline: base.values, values, removeKeys: [] })
    sim.mutateUser(demo.id, { attributes: values })
    const outcome = await webhook.save({ userId: base.userId, baseline: base.values, values, removeKeys: [] })
    expect(outcome).toMatchObject({ status: 'saved', unchanged: true })
    expect(await webhook.history()).toEqual([])
    expect((await webhook.draft(base.userId)).draft).toBeNull()
  })
})
