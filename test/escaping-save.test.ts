/**
 * HTML-escaping servers (docs/traccar-facts.md): the app's PUT bodies never add a layer of escaping
 * to any field, on any flavour and sanitize setting, across 1,000 randomized saves; values the
 * server will corrupt are warned about and, if the user goes on, saved and reported truthfully.
 */
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { AccountService } from '../src/main/account/account-service'
import { AccountDataStore } from '../src/main/store/account-data'
import { ProfileStore } from '../src/main/store/profiles'
import { Sealer } from '../src/main/store/sealed'
import { nodeTransport } from '../src/main/traccar/transport'
import { WebhookService, type DraftRecord, type HistoryRecord } from '../src/main/webhook/webhook-service'
import { forHtml } from '$shared/html-escape'
import { seededRandom } from '../src/sim/motion'
import { SEED_USERS, startSim, type Flavor, type Sim } from '../src/sim'
import { failure } from './helpers/failure'
import { memorySecrets } from './helpers/secrets'

const { demo } = SEED_USERS
type Json = Record<string, unknown>

const CONFIGS: { flavor: Flavor; sanitize: boolean }[] = [
  { flavor: '4.12', sanitize: true },
  { flavor: '5.12', sanitize: false },
  { flavor: '5.12', sanitize: true },
  { flavor: '6', sanitize: false },
]

describe.each(CONFIGS)('saving on Traccar $flavor, sanitize $sanitize', ({ flavor, sanitize }) => {
  let sim: Sim
  let accounts: AccountService
  let webhook: WebhookService
  const puts: Json[] = []
  const stored = (): Json => structuredClone(sim.state.users.get(demo.id)!.json)

  async function signIn(): Promise<void> {
    const dir = mkdtempSync(join(tmpdir(), 'wd-escaping-'))
    const secrets = memorySecrets()
    const recording: typeof fetch = async (input, init) => {
      if (init?.method === 'PUT') puts.push(JSON.parse(String(init.body)) as Json)
      return fetch(input, init)
    }
    accounts = new AccountService({
      transport: () => nodeTransport(recording),
      secrets,
      profiles: new ProfileStore(dir),
      push: () => {},
      pace: { perSecond: 0, burst: 1 },
    })
    webhook = new WebhookService(
      accounts,
      new AccountDataStore<DraftRecord, HistoryRecord>(dir, new Sealer(secrets)),
    )
    await accounts.signIn({
      server: sim.url,
      method: 'password',
      email: demo.email,
      secret: demo.password,
      remember: false,
    })
  }

  beforeAll(async () => {
    sim = await startSim({ flavor, sanitize, rateLimit: 0, clock: false })
    sim.mutateUser(demo.id, { fields: { name: 'Tom & "Jerry" <3', phone: "O'Brien & Co" } })
    await signIn()
  })
  afterAll(() => sim.stop())

  it('knows whether the server escapes and says so with the webhook', async () => {
    const state = await webhook.load()
    expect(state.escaping).toBe(sanitize ? (flavor === '4.12' ? 'yes' : 'likely') : 'no')
    expect(accounts.session()!.escaping).toBe(state.escaping)
    // Values are shown as stored: the output layer is taken off.
    expect((await webhook.load()).values).toEqual({})
  })

  it('never adds a layer of escaping to any field across 1,000 randomized saves', async () => {
    const random = seededRandom(flavor.length * 7 + (sanitize ? 1 : 0))
    const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!
    const nasty = ['a&b', '<x>', '"q"', "it's", '&amp;', '&lt;&gt;', 'plain', '&#34;&#39;', 'ü & €']
    const urls = ['https://a.example/1', 'https://b.example/h?x=1&y=2', 'https://c.example/p/<id>']
    const psks = ['Bearer a', 'Bearer "quoted"', "Basic it's"]
    const types = ['alarm', 'deviceOnline,deviceOffline']
    let state = await webhook.load()
    let warned = 0
    let escapedSaves = 0
    // Mutation runs ask for fewer (scripts/mutate.mjs), as for the save test; npm test runs 1,000.
    const cycles = Number(process.env.WEBHOOK_DESK_SAVE_CYCLES ?? 1000)
    for (let cycle = 0; cycle < cycles; cycle++) {
      if (random() < 0.3) {
        // Another client writes text full of & < > " ' meanwhile (as stored, raw).
        sim.mutateUser(demo.id, {
          attributes: {
            [`other.${Math.floor(random() * 4)}`]:
              random() < 0.5 ? pick(nasty) : [pick(nasty), { n: pick(nasty) }],
          },
          ...(random() < 0.2 ? { fields: { name: pick(nasty) } } : {}),
        })
      }
      // The server escapes the stored attributes once more on every save (whoever saves): start
      // those over now and then, as a cleanup would, so the column stays under its 4000 characters.
      if (JSON.stringify(stored().attributes).length > 2500) {
        sim.mutateUser(demo.id, {
          attributes: {
            'other.0': null,
            'other.1': null,
            'other.2': null,
            'other.3': null,
            bikeNote: pick(nasty),
          },
        })
      }
      const values = {
        ...(random() < 0.8 ? { webhookUrl: pick(urls) } : {}),
        ...(random() < 0.5 ? { webhookPsk: pick(psks) } : {}),
        ...(random() < 0.5 ? { webhookTypes: pick(types) } : {}),
      }
      const acceptEscaping = random() < 0.7
      const before = stored()
      const putsBefore = puts.length
      const attempt = webhook.save({
        userId: state.userId,
        baseline: state.values,
        values,
        removeKeys: [],
        acceptEscaping,
      })
      const outcome = await attempt.catch((error: unknown) => error as Error & { code?: string })
      if ('code' in outcome && outcome.code === 'save.willBeEscaped') {
        // Only where the server escapes, only for a value it would corrupt, and nothing written.
        expect(sanitize).toBe(true)
        expect(acceptEscaping).toBe(false)
        expect(puts.length).toBe(putsBefore)
        expect(stored()).toEqual(before)
        warned++
        state = await webhook.load()
        continue
      }
      if (!('status' in outcome) || outcome.status !== 'saved') throw outcome
      state = outcome.state
      if (puts.length === putsBefore) continue // nothing to change
      const body = puts.at(-1)!
      // Every field goes back exactly as stored: the server's output layer is never written back.
      for (const [key, value] of Object.entries(before)) {
        if (key !== 'attributes') expect(body[key], key).toEqual(value)
      }
      const sentAttributes = body.attributes as Json
      for (const [key, value] of Object.entries(before.attributes as Json)) {
        if (!key.startsWith('webhook')) expect(sentAttributes[key], key).toEqual(value)
      }
      // The intended values are sent raw, as typed.
      for (const [key, value] of Object.entries(values)) expect(sentAttributes[key]).toBe(value)
      // What the server stored is reported as it is: escaped only where it escapes, and said so.
      const after = stored().attributes as Json
      for (const [key, value] of Object.entries(values)) {
        expect(after[key]).toBe(sanitize ? forHtml(value) : value)
      }
      const corrupted = Object.entries(values).filter(([, v]) => forHtml(v) !== v && sanitize)
      expect(outcome.storedEscaped ?? []).toEqual(
        ['webhookUrl', 'webhookPsk', 'webhookTypes'].filter((k) => corrupted.some(([c]) => c === k)),
      )
      if (corrupted.length) escapedSaves++
    }
    if (sanitize) expect(warned).toBeGreaterThan(10)
    else expect(warned).toBe(0)
    if (sanitize) expect(escapedSaves).toBeGreaterThan(10)
  }, 180_000)

  it('warns before saving a URL with & on an escaping server, then saves and says what was stored', async () => {
    // Traccar keeps null attributes; only a removal takes them away.
    sim.mutateUser(demo.id, {
      removeAttributes: [
        'webhookUrl',
        'webhookPsk',
        'webhookTypes',
        'other.0',
        'other.1',
        'other.2',
        'other.3',
      ],
      attributes: { bikeNote: 'Trek & Co' },
    })
    const base = await webhook.load()
    const url = 'https://hooks.example/in?id=7&key=abc'
    const input = { userId: base.userId, baseline: base.values, values: { webhookUrl: url }, removeKeys: [] }
    if (!sanitize) {
      const outcome = await webhook.save(input)
      expect(outcome).toMatchObject({ status: 'saved', state: { values: { webhookUrl: url } } })
      expect(outcome.status === 'saved' && outcome.storedEscaped).toBeFalsy()
      return
    }
    const refused = await failure(webhook.save(input))
    expect(refused.code).toBe('save.willBeEscaped')
    expect(refused.message).toContain('HTML-escapes')
    expect(refused.message).toContain('parameters in the path')
    expect((stored().attributes as Json).webhookUrl).toBeUndefined()
    const outcome = await webhook.save({ ...input, acceptEscaping: true })
    expect(outcome).toMatchObject({ status: 'saved', storedEscaped: ['webhookUrl'] })
    expect((stored().attributes as Json).webhookUrl).toBe('https://hooks.example/in?id=7&amp;key=abc')

    // Restoring that entry later would write the stored (escaped) text back, which the server
    // escapes once more: the same warning comes first, and nothing is written.
    const after = await webhook.load()
    const moved = await webhook.save({
      userId: after.userId,
      baseline: after.values,
      values: { webhookUrl: 'https://hooks.example/in/7' },
      removeKeys: [],
    })
    expect(moved).toMatchObject({ status: 'saved' })
    const entry = (await webhook.history()).find((e) => e.after.webhookUrl === 'https://hooks.example/in/7')!
    const current = await webhook.load()
    const restore = await failure(webhook.restore(entry.id, current.values, current.userId))
    expect(restore.code).toBe('save.willBeEscaped')
    expect((stored().attributes as Json).webhookUrl).toBe('https://hooks.example/in/7')
  })
})
