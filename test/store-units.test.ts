// The store's small parts on their own, against real files in a temp folder: the saved-accounts
// file and what it accepts, atomic JSON files, the per-account queue, sealing and the data key,
// and keychain errors (the data-folder lock: data-lock.test.ts). Each case is one a plausible slip would break.
import { createHash, randomBytes } from 'node:crypto'
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { AccountSummary } from '$shared/contract'
import { AppFailure } from '$shared/result'
import { AccountDataStore, isLocked } from '../src/main/store/account-data'
import { moveAside, readJsonFile, writeJsonAtomic } from '../src/main/store/json-file'
import { accountId, ProfileStore } from '../src/main/store/profiles'
import { seal, Sealer, unseal } from '../src/main/store/sealed'
import {
  KEYCHAIN_SERVICE,
  keychainFailure,
  KeytarStore,
  type Keytar,
  type SecretStore,
} from '../src/main/store/secrets'
import { LocalData } from '../src/main/store/local-data'
import { KeyedQueue } from '../src/main/store/serial'
import { t } from '../src/main/i18n'
import { lockableKeychain, memorySecrets } from './helpers/secrets'

const tempDir = (): string => mkdtempSync(join(tmpdir(), 'wd-store-'))
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null

describe('saved accounts (profiles.json)', () => {
  const good: AccountSummary = {
    id: 'https://t.example|a@example.com',
    server: 'https://t.example',
    email: 'a@example.com',
    method: 'password',
    label: 'Work',
    lastUsedAt: '2026-01-01T00:00:00.000Z',
    remembered: true,
  }
  const withFile = (content: unknown) => {
    const dir = tempDir()
    writeFileSync(join(dir, 'profiles.json'), JSON.stringify(content))
    return { dir, store: new ProfileStore(dir) }
  }

  it('keys an account by server and lower-cased email', () => {
    expect(accountId('https://t.example', 'Rider@Example.COM')).toBe('https://t.example|rider@example.com')
  })

  it('reads the file once: later changes on disk do not replace the list it holds', async () => {
    const { dir, store } = withFile({ version: 1, accounts: [good] })
    const first = await store.list()
    writeFileSync(join(dir, 'profiles.json'), JSON.stringify({ version: 1, accounts: [] }))
    expect(await store.list()).toBe(first)
    expect(first).toEqual([good])
  })

  it('reads a valid file, token accounts too', async () => {
    const token = { ...good, id: 'x', method: 'token', remembered: false }
    const { store } = withFile({ version: 1, accounts: [good, token] })
    expect(await store.list()).toEqual([good, token])
    expect(store.notice).toBeNull()
  })

  it.each<[string, unknown]>([
    ['not an object', 'accounts'],
    ['version 2', { version: 2, accounts: [] }],
    ['no accounts list', { version: 1, accounts: {} }],
    ['an account that is null', { version: 1, accounts: [null] }],
    ...(['id', 'server', 'email', 'label', 'lastUsedAt'] as const).map((field): [string, unknown] => [
      `${field} not a string`,
      { version: 1, accounts: [{ ...good, [field]: 1 }] },
    ]),
    ['an unknown method', { version: 1, accounts: [{ ...good, method: 'oauth' }] }],
    ['remembered not a boolean', { version: 1, accounts: [{ ...good, remembered: 'yes' }] }],
    ['one bad among good', { version: 1, accounts: [good, { ...good, email: null }] }],
  ])('starts without accounts when the file holds %s, moves it aside and says where', async (_, content) => {
    const { dir, store } = withFile(content)
    expect(await store.list()).toEqual([])
    const aside = readdirSync(dir).find((n) => n.startsWith('profiles.json.corrupt-'))
    expect(aside).toBeDefined()
    expect(store.notice).toBe(t('error.profiles.unreadableMoved', { path: join(dir, aside!) }))
    // Moved, not lost: the bytes are there to recover.
    expect(JSON.parse(readFileSync(join(dir, aside!), 'utf8'))).toEqual(content)
  })

  it('says so without a path when the unreadable file cannot be moved', async () => {
    // A folder whose path leaves no room for the longer name of the moved file (PATH_MAX).
    let dir = tempDir()
    while (dir.length < 4070) dir = join(dir, 'd'.repeat(Math.min(200, 4070 - dir.length - 1)))
    mkdirSync(dir, { recursive: true })
    writeFileSync(join(dir, 'profiles.json'), 'not json')
    const store = new ProfileStore(dir)
    expect(await store.list()).toEqual([])
    expect(store.notice).toBe(t('error.profiles.unreadable'))
    expect(readFileSync(join(dir, 'profiles.json'), 'utf8')).toBe('not json')
  })

  it('starts empty and quietly without a file; upserts newest first, keeping a label, and removes', async () => {
    const dir = tempDir()
    const store = new ProfileStore(dir)
    expect(await store.list()).toEqual([])
    expect(store.notice).toBeNull()
    const a = await store.upsert({
      server: 'https://t.example',
      email: 'A@x.org',
      method: 'password',
      label: 'Mine',
      remembered: true,
    })
    expect(a).toMatchObject({
      id: 'https://t.example|a@x.org',
      email: 'A@x.org',
      label: 'Mine',
      remembered: true,
    })
    expect(Date.now() - Date.parse(a.lastUsedAt)).toBeLessThan(60_000)
    const b = await store.upsert({
      server: 'https://t.example',
      email: 'b@x.org',
      method: 'token',
      remembered: false,
    })
    expect(b.label).toBe('')
    // The same account again: moved to the front, its label kept when none is given.
    const again = await store.upsert({
      server: 'https://t.example',
      email: 'a@x.org',
      method: 'password',
      remembered: false,
    })
    expect(again.label).toBe('Mine')
    expect((await store.list()).map((x) => x.id)).toEqual([again.id, b.id])
    // On disk, as a restart reads it.
    expect(await new ProfileStore(dir).list()).toEqual([again, b])
    expect(await store.get(b.id)).toEqual(b)
    expect(await store.get('nobody')).toBeUndefined()
    await store.remove(again.id)
    expect(await new ProfileStore(dir).list()).toEqual([b])
  })
})

describe('JSON files', () => {
  it('closes the file it writes', async () => {
    const dir = tempDir()
    const openFiles = (): number => readdirSync('/proc/self/fd').length
    const before = openFiles()
    await writeJsonAtomic(join(dir, 'f.json'), { a: 'Grüße' })
    expect(openFiles()).toBe(before)
  })

  it('writes pretty JSON with a final newline, atomically (no temp file left)', async () => {
    const dir = tempDir()
    const path = join(dir, 'deep', 'f.json')
    await writeJsonAtomic(path, { a: [1] })
    expect(readFileSync(path, 'utf8')).toBe('{\n  "a": [\n    1\n  ]\n}\n')
    expect(readdirSync(join(dir, 'deep'))).toEqual(['f.json'])
  })

  it('leaves no temp file and throws when the rename fails', async () => {
    const dir = tempDir()
    const path = join(dir, 'f.json')
    mkdirSync(path)
    writeFileSync(join(path, 'inside'), 'x') // a non-empty folder cannot be replaced by a file
    await expect(writeJsonAtomic(path, {})).rejects.toThrow()
    expect(readdirSync(dir)).toEqual(['f.json'])
  })

  it('reads missing, valid, invalid and unparsable files, moving the bad ones aside', async () => {
    const dir = tempDir()
    const path = join(dir, 'f.json')
    expect(await readJsonFile(path, isObject)).toEqual({ kind: 'missing' })
    writeFileSync(path, '{"a":1}')
    expect(await readJsonFile(path, isObject)).toEqual({ kind: 'ok', value: { a: 1 } })
    writeFileSync(path, '[1]')
    const invalid = await readJsonFile(path, (v): v is object => isObject(v) && !Array.isArray(v))
    expect(invalid.kind).toBe('corrupt')
    writeFileSync(path, '{not json')
    const broken = await readJsonFile(path, isObject)
    expect(broken.kind).toBe('corrupt')
    const moved = [invalid, broken].map((o) => (o.kind === 'corrupt' ? o.movedTo : null))
    for (const to of moved) {
      // Named after the file and the time, without characters some file systems refuse.
      expect(to).toMatch(/^.*\/f\.json\.corrupt-\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d-\d{3}Z$/)
      expect(existsSync(to!)).toBe(true)
    }
    expect(existsSync(path)).toBe(false)
  })

  it('treats an unreadable path (a folder) as corrupt, not missing', async () => {
    const dir = tempDir()
    mkdirSync(join(dir, 'f.json'))
    const outcome = await readJsonFile(join(dir, 'f.json'), isObject)
    expect(outcome.kind).toBe('corrupt')
  })

  it('moveAside returns null when there is nothing to move', async () => {
    expect(await moveAside(join(tempDir(), 'absent.json'))).toBeNull()
  })
})

describe('one piece of work at a time per key', () => {
  const later = (ms: number) => new Promise((done) => setTimeout(done, ms))

  it('runs work of one key in order, other keys alongside, and goes on after a failure', async () => {
    const queue = new KeyedQueue()
    const log: string[] = []
    const job =
      (name: string, ms: number, fail = false) =>
      async () => {
        log.push(`${name} start`)
        await later(ms)
        log.push(`${name} end`)
        if (fail) throw new Error(name)
        return name
      }
    const a1 = queue.run('a', job('a1', 30, true))
    const a2 = queue.run('a', job('a2', 1))
    const b1 = queue.run('b', job('b1', 1))
    await expect(a1).rejects.toThrow('a1')
    expect(await a2).toBe('a2')
    expect(await b1).toBe('b1')
    expect(log.indexOf('a2 start')).toBeGreaterThan(log.indexOf('a1 end'))
    expect(log.indexOf('b1 end')).toBeLessThan(log.indexOf('a1 end'))
    // Once idle, a key starts at once again.
    await later(5)
    const order: string[] = []
    const next = queue.run('a', async () => void order.push('ran'))
    order.push('after run()')
    await next
    expect(order).toEqual(['after run()', 'ran'])
  })

  it('keeps the order when earlier work ends while later work waits, and forgets idle keys', async () => {
    const queue = new KeyedQueue()
    const log: string[] = []
    const step = (name: string, ms: number) => async () => {
      log.push(`${name} start`)
      await later(ms)
      log.push(`${name} end`)
    }
    const first = queue.run('a', step('first', 5))
    const second = queue.run('a', step('second', 40))
    await first
    // The first one's clean-up must not drop the second one's place: the third waits for it.
    await later(10)
    const third = queue.run('a', step('third', 1))
    await Promise.all([second, third])
    expect(log).toEqual([
      'first start',
      'first end',
      'second start',
      'second end',
      'third start',
      'third end',
    ])
    await later(5)
    // Nothing is held for a key with no work left (one entry per account ever used would pile up).
    expect((Reflect.get(queue, 'tails') as Map<string, unknown>).size).toBe(0)
  })
})

describe('sealing and the local data key', () => {
  const key = randomBytes(32)

  it('round-trips a value, and refuses another key or a changed byte', () => {
    const sealed = seal(key, { psk: 'Bearer x', n: [1, null] })
    expect(unseal(key, sealed)).toEqual({ psk: 'Bearer x', n: [1, null] })
    expect(sealed).not.toContain('Bearer')
    expect(unseal(randomBytes(32), sealed)).toBeNull()
    const bytes = Buffer.from(sealed, 'base64')
    for (const at of [0, 12, 28, bytes.length - 1]) {
      const changed = Buffer.from(bytes)
      changed[at]! ^= 1
      expect(unseal(key, changed.toString('base64'))).toBeNull()
    }
    // A fresh IV each time.
    expect(seal(key, 1)).not.toBe(seal(key, 1))
  })

  it('makes a 32-byte key once per account, keeps it under <account>|local-data-key, and reuses it', async () => {
    const secrets = memorySecrets()
    let reads = 0
    const counted = { ...secrets, get: (k: string) => (reads++, secrets.get(k)) }
    const sealer = new Sealer(counted)
    const first = await sealer.key('acc')
    expect(first).toHaveLength(32)
    expect(secrets.items.get('acc|local-data-key')).toBe(first!.toString('base64'))
    expect(await sealer.key('acc')).toBe(first)
    expect(reads).toBe(1)
    // After a restart the stored key is read back, not replaced.
    expect((await new Sealer(secrets).key('acc'))!.equals(first!)).toBe(true)
    expect((await sealer.key('other'))!.equals(first!)).toBe(false)
    await sealer.forget('acc')
    expect(secrets.items.has('acc|local-data-key')).toBe(false)
    expect(secrets.items.has('other|local-data-key')).toBe(true)
    const fresh = await sealer.key('acc')
    expect(fresh!.equals(first!)).toBe(false)
  })

  it('makes one key when asked twice at once, and none for an account forgotten while asking', async () => {
    const secrets = memorySecrets()
    let hold: Promise<void> | null = null
    // Read at once, answered when released (as a keychain that answers late).
    const held = {
      ...secrets,
      get: async (k: string) => {
        const value = await secrets.get(k)
        await hold
        return value
      },
    }
    const sealer = new Sealer(held)
    const [a, b] = await Promise.all([sealer.key('acc'), sealer.key('acc')])
    expect(a!.equals(b!)).toBe(true)
    expect(secrets.items.get('acc|local-data-key')).toBe(a!.toString('base64'))

    let release = (): void => {}
    hold = new Promise((done) => (release = done))
    secrets.items.set('gone|local-data-key', randomBytes(32).toString('base64'))
    const asking = sealer.key('gone')
    await sealer.forget('gone')
    release()
    expect(await asking).toBeNull()
    expect(sealer.known('gone')).toBeNull()
    expect(secrets.items.has('gone|local-data-key')).toBe(false)
    // Asked again afterwards: a key as for any account.
    expect(await sealer.key('gone')).toHaveLength(32)
  })

  it('keeps one request per account also when a request from before a forget ends after a new one began', async () => {
    const secrets = memorySecrets()
    const gates: (() => void)[] = []
    const held = {
      ...secrets,
      get: async (k: string) => (await new Promise<void>((done) => gates.push(done)), secrets.get(k)),
    }
    const sealer = new Sealer(held)
    const before = sealer.key('acc')
    await sealer.forget('acc')
    const after = sealer.key('acc')
    gates[0]!()
    expect(await before).toBeNull()
    // The request from before the forget is done; a new caller joins the one still under way.
    expect(sealer.key('acc')).toBe(after)
    gates[1]!()
    expect(await after).toHaveLength(32)
  })

  it('removes a key it stored for an account forgotten meanwhile', async () => {
    const secrets = memorySecrets()
    let release = (): void => {}
    const hold = new Promise<void>((done) => (release = done))
    const held = { ...secrets, set: async (k: string, v: string) => (await hold, secrets.set(k, v)) }
    const sealer = new Sealer(held)
    const asking = sealer.key('gone')
    await new Promise((done) => setImmediate(done))
    const forgetting = sealer.forget('gone')
    release()
    await forgetting
    expect(await asking).toBeNull()
    expect(secrets.items.has('gone|local-data-key')).toBe(false)
  })

  it('has no key when the keychain fails, and forgets quietly', async () => {
    const broken = {
      get: async () => {
        throw new Error('locked')
      },
      set: async () => {},
      delete: async () => {
        throw new Error('locked')
      },
    }
    const sealer = new Sealer(broken)
    expect(await sealer.key('acc')).toBeNull()
    await expect(sealer.forget('acc')).resolves.toBeUndefined()
  })
})

describe('keychain errors', () => {
  it.each([
    ['Cannot create an item in a locked collection', 'keychain.locked'],
    ['Prompt DISMISSED', 'keychain.locked'],
    ['User canceled the operation', 'keychain.locked'],
    ['The name org.freedesktop.secrets was not provided', 'keychain.unavailable'],
  ])('%j is %s', (text, code) => {
    const failure = keychainFailure(new Error(text))
    expect(failure.code).toBe(code)
    expect(failure.message).toBe(t(`error.${code}` as never))
  })

  it('reads a thrown string too', () => {
    expect(keychainFailure('locked').code).toBe('keychain.locked')
  })

  it('reads a rejection with nothing in it (null, undefined) as an unavailable keychain', () => {
    expect(keychainFailure(null).code).toBe('keychain.unavailable')
    expect(keychainFailure(undefined).code).toBe('keychain.unavailable')
  })

  it('clears its timeout once the keychain answered (no timer keeps the app alive)', async () => {
    const keytar: Keytar = {
      getPassword: async () => 'secret',
      setPassword: async () => {},
      deletePassword: async () => true,
    }
    const timers = (): number => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length
    const before = timers()
    expect(await new KeytarStore(60_000, keytar).get('acc')).toBe('secret')
    expect(timers()).toBe(before)
  })

  it('calls keytar with the service name and account, and times out a keychain that never answers', async () => {
    const calls: string[][] = []
    const items = new Map<string, string>()
    const keytar: Keytar = {
      getPassword: async (s, a) => (calls.push(['get', s, a]), items.get(a) ?? null),
      setPassword: async (s, a, p) => (calls.push(['set', s, a]), void items.set(a, p)),
      deletePassword: async (s, a) => (calls.push(['delete', s, a]), items.delete(a)),
    }
    const store = new KeytarStore(1000, keytar)
    await store.set('acc', 'pw')
    expect(await store.get('acc')).toBe('pw')
    expect(await store.delete('acc')).toBeUndefined()
    expect(calls).toEqual([
      ['set', KEYCHAIN_SERVICE, 'acc'],
      ['get', KEYCHAIN_SERVICE, 'acc'],
      ['delete', KEYCHAIN_SERVICE, 'acc'],
    ])
    expect(KEYCHAIN_SERVICE).toBe('Webhook Desk')
    const silent = new KeytarStore(50, { ...keytar, getPassword: () => new Promise(() => {}) })
    const started = Date.now()
    await expect(silent.get('acc')).rejects.toMatchObject({ code: 'keychain.unavailable' })
    expect(Date.now() - started).toBeLessThan(2000)
  })
})

describe('the local-data notice', () => {
  const ACCOUNT = 'https://traccar.example|rider@example.com'
  const stores = (dir: string, secrets: SecretStore) => ({
    webhook: new AccountDataStore<unknown, unknown>(dir, new Sealer(secrets), 'webhook', 10),
    deliveries: new AccountDataStore<unknown, unknown>(dir, new Sealer(secrets), 'deliveries', 10),
  })

  it('says the data is locked while the keychain is, instead of failing or saying nothing', async () => {
    const dir = tempDir()
    const keychain = lockableKeychain(100)
    await stores(dir, keychain.store).webhook.addHistory(ACCOUNT, { text: 'saved' })
    keychain.state.now = 'locked'
    const status = await new LocalData(stores(dir, keychain.store)).status(ACCOUNT)
    expect(status).toEqual({ locked: t('error.data.locked'), setAside: [] })
  })

  it('waits for the keychain, so data held without a key is written out when the check returns', async () => {
    const dir = tempDir()
    const keychain = lockableKeychain(100)
    keychain.state.now = 'locked'
    const both = stores(dir, keychain.store)
    await both.webhook.addHistory(ACCOUNT, { text: 'while locked' })
    keychain.state.now = 'open'
    expect(await new LocalData(both).status(ACCOUNT)).toEqual({ locked: null, setAside: [] })
    // Another account's write, queued behind the promotion: once it is on disk, so is the promotion.
    await both.webhook.addHistory('https://traccar.example|other@example.com', { text: 'after' })
    expect(await stores(dir, keychain.store).webhook.history(ACCOUNT)).toMatchObject([
      { value: { text: 'while locked' } },
    ])
  })

  it('fails when the data cannot be opened for another reason, instead of calling it locked', async () => {
    const dir = tempDir()
    const secrets = memorySecrets()
    const { webhook } = stores(dir, secrets)
    const key = (await new Sealer(secrets).key(ACCOUNT))!
    const entry = { id: 'a', time: '2026-01-01T00:00:00.000Z', sealed: seal(key, 'old') }
    // A file of the earlier layout to move into record files, and a file where their folder goes.
    await writeJsonAtomic(`${webhook.folder(ACCOUNT)}.json`, { version: 1, draft: null, history: [entry] })
    writeFileSync(webhook.folder(ACCOUNT), '')
    await expect(new LocalData(stores(dir, secrets)).status(ACCOUNT)).rejects.toMatchObject({
      code: expect.stringMatching(/^E[A-Z]+$/),
    })
  })
})

describe('account data on disk', () => {
  it('keeps each account in accounts/<first 32 hex digits of its sha256>.<kind> (the folder name is the file format)', () => {
    const dir = tempDir()
    const id = 'https://traccar.example|rider@example.com'
    const hash = createHash('sha256').update(id).digest('hex').slice(0, 32)
    const store = new AccountDataStore<unknown, unknown>(dir, new Sealer(memorySecrets()))
    expect(store.folder(id)).toBe(join(dir, 'accounts', `${hash}.webhook`))
  })

  it('counts only a data.locked failure as locked data', () => {
    expect(isLocked(new AppFailure('data.locked', 'x'))).toBe(true)
    expect(isLocked(new AppFailure('keychain.unavailable', 'x'))).toBe(false)
    expect(isLocked(Object.assign(new Error('x'), { code: 'data.locked' }))).toBe(false)
  })
})
