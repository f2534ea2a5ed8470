import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { basename, dirname, join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { AccountDataStore, HISTORY_LIMIT, JOURNAL_CHUNK, managedDataId } from '../src/main/store/account-data'
import { writeJsonAtomic } from '../src/main/store/json-file'
import { LocalData } from '../src/main/store/local-data'
import { seal, Sealer } from '../src/main/store/sealed'
import type { SecretStore } from '../src/main/store/secrets'
import { startSim, type Sim } from '../src/sim'
import { failure } from './helpers/failure'
import { signInAs, testHandlers } from './helpers/handlers'
import { lockableKeychain, memorySecrets } from './helpers/secrets'

const tempDir = (): string => mkdtempSync(join(tmpdir(), 'wd-local-'))

describe('files in the user-data folder', () => {
  it('creates folders only the user can open (0700) and files only the user can read (0600)', async () => {
    const dir = tempDir()
    const path = join(dir, 'user-data', 'accounts', 'x.json')
    await writeJsonAtomic(path, { version: 1 })
    expect(statSync(join(dir, 'user-data')).mode & 0o777).toBe(0o700)
    expect(statSync(join(dir, 'user-data', 'accounts')).mode & 0o777).toBe(0o700)
    expect(statSync(path).mode & 0o777).toBe(0o600)
  })
})

interface Note {
  text: string
}

/** The store as after an app start: a fresh sealer and store over the same folder and keychain. */
function restart(dir: string, secrets: SecretStore, kind = 'webhook', limit = HISTORY_LIMIT) {
  return new AccountDataStore<Note, Note>(dir, new Sealer(secrets), kind, limit)
}

const ACCOUNT = 'https://traccar.example|rider@example.com'

/** Every file under the folder with its bytes, to show that nothing on disk changed. */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {}
  const walk = (d: string): void => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const path = join(d, entry.name)
      if (entry.isDirectory()) walk(path)
      else out[path.slice(dir.length)] = readFileSync(path, 'base64')
    }
  }
  walk(dir)
  return out
}

describe.each(['locked', 'silent'] as const)('a keychain that is %s for a while', (fault) => {
  it('never turns into "no data": reads and writes are refused, then everything is back, nothing lost', async () => {
    const dir = tempDir()
    const keychain = lockableKeychain(100)
    const before = restart(dir, keychain.store)
    await before.addHistory(ACCOUNT, { text: 'first save' })
    await before.addHistory(ACCOUNT, { text: 'second save' })
    await before.setDraft(ACCOUNT, { text: 'my draft' })
    const onDisk = snapshot(dir)

    keychain.state.now = fault
    const store = restart(dir, keychain.store)
    expect((await failure(store.history(ACCOUNT))).code).toBe('data.locked')
    expect((await failure(store.draft(ACCOUNT))).code).toBe('data.locked')
    expect((await failure(store.setDraft(ACCOUNT, { text: 'typed while locked' }))).code).toBe('data.locked')
    expect((await failure(store.clearHistory(ACCOUNT))).code).toBe('data.locked')
    expect((await failure(store.persistent(ACCOUNT))).message).toMatch(/locked or did not answer/)
    // A save that happened while locked is kept, to be recorded once the data opens.
    await store.addHistory(ACCOUNT, { text: 'saved while locked' })
    expect(snapshot(dir)).toEqual(onDisk)

    keychain.state.now = 'open'
    expect((await store.history(ACCOUNT)).map((h) => h.value.text)).toEqual([
      'saved while locked',
      'second save',
      'first save',
    ])
    expect((await store.draft(ACCOUNT))?.value).toEqual({ text: 'my draft' })
    await store.setDraft(ACCOUNT, { text: 'new draft' })
    const after = restart(dir, keychain.store)
    expect((await after.history(ACCOUNT)).map((h) => h.value.text)).toEqual([
      'saved while locked',
      'second save',
      'first save',
    ])
    expect((await after.draft(ACCOUNT))?.value).toEqual({ text: 'new draft' })
  })
})

describe('no keychain at all', () => {
  it('keeps drafts in memory for this run and writes nothing to disk', async () => {
    const dir = tempDir()
    const keychain = lockableKeychain(100)
    keychain.state.now = 'locked'
    const store = restart(dir, keychain.store)
    expect(await store.persistent(ACCOUNT)).toBe(false)
    await store.setDraft(ACCOUNT, { text: 'in memory' })
    await store.addHistory(ACCOUNT, { text: 'a save' })
    expect((await store.draft(ACCOUNT))?.value).toEqual({ text: 'in memory' })
    expect(snapshot(dir)).toEqual({})
  })
})

describe('unreadable records', () => {
  it('moves a damaged file and a record failing its AES-GCM check aside, says so, and never overwrites them', async () => {
    const dir = tempDir()
    const secrets = memorySecrets()
    const first = restart(dir, secrets)
    for (const text of ['one', 'two', 'three']) await first.addHistory(ACCOUNT, { text })
    await first.setDraft(ACCOUNT, { text: 'draft' })
    const folder = first.folder(ACCOUNT)
    const files = readdirSync(folder).sort()
    expect(files).toEqual(['1.json', '2.json', '3.json', 'draft.json'])
    writeFileSync(join(folder, '1.json'), '{ not json')
    const tampered = JSON.parse(readFileSync(join(folder, '2.json'), 'utf8'))
    const bytes = Buffer.from(tampered.sealed, 'base64')
    bytes[bytes.length - 1]! ^= 1
    tampered.sealed = bytes.toString('base64')
    writeFileSync(join(folder, '2.json'), JSON.stringify(tampered))

    const store = restart(dir, secrets)
    const local = new LocalData({ webhook: store, deliveries: restart(dir, secrets, 'deliveries', 100) })
    expect((await store.history(ACCOUNT)).map((h) => h.value.text)).toEqual(['three'])
    expect((await store.draft(ACCOUNT))?.value).toEqual({ text: 'draft' })
    const aside = readdirSync(folder).filter((f) => f.includes('.corrupt-'))
    expect(aside.map((f) => f.split('.corrupt-')[0]).sort()).toEqual(['1.json', '2.json'])
    const status = await local.status(ACCOUNT)
    expect(status.locked).toBeNull()
    expect(status.setAside).toEqual([
      `2 unsaved drafts or saved changes could not be read (damaged, or sealed with a key that is gone). They were set aside, not deleted, in ${folder}.`,
    ])

    // New entries never land on the set-aside files.
    const kept = snapshot(folder)
    for (const text of ['four', 'five']) await store.addHistory(ACCOUNT, { text })
    const now = snapshot(folder)
    for (const name of aside) expect(now[`/${name}`]).toBe(kept[`/${name}`])
    expect((await restart(dir, secrets).history(ACCOUNT)).map((h) => h.value.text)).toEqual([
      'five',
      'four',
      'three',
    ])
    local.dismiss(ACCOUNT)
    expect((await local.status(ACCOUNT)).setAside).toEqual([])
  })

  it('sets aside everything sealed under a key the keychain no longer has', async () => {
    const dir = tempDir()
    const secrets = memorySecrets()
    await restart(dir, secrets).addHistory(ACCOUNT, { text: 'sealed under the old key' })
    secrets.items.clear()
    const store = restart(dir, secrets)
    expect(await store.history(ACCOUNT)).toEqual([])
    expect(store.setAside(ACCOUNT)).toEqual({ count: 1, folder: store.folder(ACCOUNT) })
  })

  it('sets aside a record file of the wrong shape, even one whose sealed bytes would open', async () => {
    const dir = tempDir()
    const secrets = memorySecrets()
    const key = (await new Sealer(secrets).key(ACCOUNT))!
    const folder = restart(dir, secrets).folder(ACCOUNT)
    const record = { version: 1, id: 'r', time: '2026-01-01T00:00:00.000Z', sealed: seal(key, { text: 'x' }) }
    const files = {
      '1.json': { ...record, sealed: seal(key, { text: 'kept' }) },
      // JSON leaves out an undefined property: the field is missing.
      '2.json': { ...record, id: undefined },
      '3.json': { ...record, id: 3 },
      '4.json': { ...record, time: undefined },
      '5.json': { ...record, version: 2 },
      // The bytes as a JSON array instead of base64: Buffer.from would read them all the same.
      '6.json': { ...record, sealed: [...Buffer.from(record.sealed, 'base64')] },
    }
    for (const [name, content] of Object.entries(files)) await writeJsonAtomic(join(folder, name), content)

    const store = restart(dir, secrets)
    expect((await store.history(ACCOUNT)).map((h) => [h.id, h.value.text])).toEqual([['r', 'kept']])
    expect(store.setAside(ACCOUNT)).toEqual({ count: 5, folder })
    const aside = readdirSync(folder).filter((f) => f.includes('.corrupt-'))
    expect(aside.map((f) => f.split('.corrupt-')[0]).sort()).toEqual([
      '2.json',
      '3.json',
      '4.json',
      '5.json',
      '6.json',
    ])
  })
})

describe('delivery history on disk', () => {
  it('writes one file per send, keeps the newest 100, and never rewrites the others', async () => {
    const dir = tempDir()
    const secrets = memorySecrets()
    const store = restart(dir, secrets, 'deliveries', 100)
    for (let i = 1; i <= 100; i++) await store.addHistory(ACCOUNT, { text: `send ${i}` })
    const folder = store.folder(ACCOUNT)
    const before = new Map(readdirSync(folder).map((f) => [f, statSync(join(folder, f)).mtimeMs]))
    const contents = snapshot(folder)
    expect(before.size).toBe(100)
    await new Promise((r) => setTimeout(r, 20))
    await store.addHistory(ACCOUNT, { text: 'send 101' })
    const after = readdirSync(folder)
    expect(after).toHaveLength(100)
    expect(after).not.toContain('1.json')
    expect(after).toContain('101.json')
    for (const name of after.filter((f) => f !== '101.json')) {
      expect(statSync(join(folder, name)).mtimeMs).toBe(before.get(name))
      expect(snapshot(folder)[`/${name}`]).toBe(contents[`/${name}`])
    }
    const reopened = await restart(dir, secrets, 'deliveries', 100).history(ACCOUNT)
    expect(reopened).toHaveLength(100)
    expect(reopened[0]!.value.text).toBe('send 101')
    expect(reopened[99]!.value.text).toBe('send 2')
  })

  it('reads the earlier one-file layout, keeps every record, and moves it into record files', async () => {
    const dir = tempDir()
    const secrets = memorySecrets()
    const sealer = new Sealer(secrets)
    const key = (await sealer.key(ACCOUNT))!
    const store = restart(dir, secrets)
    const legacy = `${store.folder(ACCOUNT)}.json`
    const sealed = (id: string, text: string) => ({
      id,
      time: '2026-01-01T00:00:00.000Z',
      sealed: seal(key, { text }),
    })
    await writeJsonAtomic(legacy, {
      version: 1,
      draft: sealed('d', 'old draft'),
      history: [sealed('b', 'newer'), sealed('a', 'older')],
    })
    expect((await store.history(ACCOUNT)).map((h) => h.value.text)).toEqual(['newer', 'older'])
    expect((await store.draft(ACCOUNT))?.value).toEqual({ text: 'old draft' })
    expect(existsSync(legacy)).toBe(false)
    await store.addHistory(ACCOUNT, { text: 'newest' })
    expect((await restart(dir, secrets).history(ACCOUNT)).map((h) => h.value.text)).toEqual([
      'newest',
      'newer',
      'older',
    ])
  })

  it('moves a file of the earlier layout without a draft into record files, and sets aside one of the wrong shape whole', async () => {
    const dir = tempDir()
    const secrets = memorySecrets()
    const store = restart(dir, secrets)
    /** Writes an account's file of the earlier layout, its records sealed under the account's key. */
    const legacy = async (name: string, shape: (entry: (text: string) => object) => object) => {
      const id = `https://traccar.example|${name}@example.com`
      const key = (await new Sealer(secrets).key(id))!
      const entry = (text: string) => ({
        id: text,
        time: '2026-01-01T00:00:00.000Z',
        sealed: seal(key, { text }),
      })
      const path = `${store.folder(id)}.json`
      await writeJsonAtomic(path, shape(entry))
      return { id, path }
    }
    const good = await legacy('good', (e) => ({ version: 1, draft: null, history: [e('newer'), e('older')] }))
    const wrong = [
      await legacy('version', (e) => ({ version: 2, draft: null, history: [e('newer'), e('older')] })),
      await legacy('draft', (e) => ({ version: 1, draft: 'not sealed', history: [e('newer')] })),
      await legacy('entry', (e) => ({ version: 1, draft: null, history: [e('newer'), { id: 'older' }] })),
    ]

    expect((await store.history(good.id)).map((h) => h.value.text)).toEqual(['newer', 'older'])
    expect(await store.draft(good.id)).toBeNull()
    expect(store.setAside(good.id)).toBeNull()
    expect(existsSync(good.path)).toBe(false)
    for (const { id, path } of wrong) {
      expect(await store.history(id)).toEqual([])
      expect(await store.draft(id)).toBeNull()
      expect(store.setAside(id)).toEqual({ count: 1, folder: dirname(path) })
      expect(
        readdirSync(dirname(path)).filter((f) => f.startsWith(`${basename(path)}.corrupt-`)),
      ).toHaveLength(1)
      expect(existsSync(store.folder(id))).toBe(false)
    }
  })
})

describe('saving the webhook while the local data is locked', () => {
  let sim: Sim
  beforeAll(async () => {
    sim = await startSim({ clock: false })
  })
  afterAll(() => sim.stop())

  it('reports the save as saved, and its history entry and cleared draft appear once the keychain opens', async () => {
    const userDataDir = tempDir()
    const keychain = lockableKeychain(100)
    const before = testHandlers({ userDataDir, secrets: keychain.store })
    await signInAs(before, sim)
    const loaded = await before.loadWebhook(undefined as never)
    await before.saveWebhook({
      userId: loaded.userId,
      baseline: loaded.values,
      values: { webhookUrl: 'https://one.example/' },
      removeKeys: [],
    })
    const one = await before.loadWebhook(undefined as never)
    await before.saveDraft({
      userId: one.userId,
      baseline: one.values,
      values: { webhookUrl: 'https://typing.example/' },
      removeKeys: [],
    })

    keychain.state.now = 'locked'
    const handlers = testHandlers({ userDataDir, secrets: keychain.store })
    await signInAs(handlers, sim)
    const outcome = await handlers.saveWebhook({
      userId: one.userId,
      baseline: one.values,
      values: { webhookUrl: 'https://two.example/' },
      removeKeys: [],
    })
    expect(outcome.status).toBe('saved')
    expect((await failure(Promise.resolve(handlers.listHistory(undefined as never)))).code).toBe(
      'data.locked',
    )

    keychain.state.now = 'open'
    const history = await handlers.listHistory(undefined as never)
    expect(history.map((h) => h.after.webhookUrl)).toEqual(['https://two.example/', 'https://one.example/'])
    expect((await handlers.getDraft({ userId: one.userId })).draft).toBeNull()
    const restarted = testHandlers({ userDataDir, secrets: keychain.store })
    await signInAs(restarted, sim)
    expect((await restarted.getDraft({ userId: one.userId })).draft).toBeNull()
    expect((await restarted.listHistory(undefined as never)).length).toBe(2)
  })
})

describe('the history of a bulk change (the journal)', () => {
  const rider = (n: number): string => managedDataId(ACCOUNT, n)
  const texts = (entries: { value: Note }[]): string[] => entries.map((e) => e.value.text)
  const journal = (store: AccountDataStore<Note, Note>): string => join(store.folder(ACCOUNT), 'journal')
  // A file being written is a temp file until it is renamed (json-file.ts): it does not count yet.
  const files = (path: string): string[] =>
    existsSync(path) ? readdirSync(path).filter((name) => !name.endsWith('.tmp')) : []

  it('writes one file per chunk, not per account; entries read at once and are filed into each account', async () => {
    const dir = tempDir()
    const secrets = memorySecrets()
    const store = restart(dir, secrets)
    const count = JOURNAL_CHUNK * 2 + 5
    for (let n = 1; n <= count; n++)
      await store.addToBatch(rider(n), { text: `save ${n}` }, { clearDraft: true })
    // The two full chunks are written at once; the last five wait for the batch's end.
    await vi.waitFor(() => expect(files(journal(store))).toHaveLength(2))
    // Readable before anything is filed.
    expect((await store.history(rider(7))).map((e) => e.value.text)).toEqual(['save 7'])
    expect(await store.flushBatch(ACCOUNT)).toBe(0)
    await store.filed(ACCOUNT)
    expect(files(journal(store))).toEqual([])
    const after = restart(dir, secrets)
    for (const n of [1, JOURNAL_CHUNK, count]) {
      expect((await after.history(rider(n))).map((e) => e.value.text)).toEqual([`save ${n}`])
    }
  })

  it('keeps every chunk written before a crash, and files it on the next start; a crash loses at most the open chunk', async () => {
    const dir = tempDir()
    const secrets = memorySecrets()
    const crashed = restart(dir, secrets)
    await crashed.setDraft(rider(1), { text: 'draft before the batch' })
    // The open chunk's timer never fires: the process dies before its second is up (no flushBatch).
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
    try {
      for (let n = 1; n <= JOURNAL_CHUNK + 3; n++) {
        await crashed.addToBatch(rider(n), { text: `save ${n}` }, { clearDraft: true })
      }
    } finally {
      vi.useRealTimers()
    }
    await crashed.setDraft(rider(2), { text: 'draft after the save' })
    // The full chunk reaches the disk.
    await vi.waitFor(() => expect(files(journal(crashed))).toHaveLength(1))

    const next = restart(dir, secrets)
    // The draft from before the save was obsolete; the one made after it stays.
    for (let n = 1; n <= JOURNAL_CHUNK; n++) {
      expect((await next.history(rider(n))).map((e) => e.value.text)).toEqual([`save ${n}`])
    }
    expect(await next.history(rider(JOURNAL_CHUNK + 1))).toEqual([])
    expect(await next.draft(rider(1))).toBeNull()
    expect((await next.draft(rider(2)))?.value.text).toBe('draft after the save')
    await next.filed(ACCOUNT)
    expect(files(journal(next))).toEqual([])
    // Filed once: a third start reads each entry once, from the account's own file.
    const third = restart(dir, secrets)
    expect((await third.history(rider(3))).map((e) => e.value.text)).toEqual(['save 3'])
    expect(files(third.folder(rider(3))).filter((f) => /^\d+\.json$/.test(f))).toHaveLength(1)
  })

  it('keeps the journal file when an entry read before the filing cannot be written to its record file', async () => {
    const dir = tempDir()
    const secrets = memorySecrets()
    const store = restart(dir, secrets)
    // A file where the account's folder should be: writing its record file fails.
    const blocked = store.folder(rider(1))
    await writeJsonAtomic(blocked, {})
    await store.addToBatch(rider(1), { text: 'save 1' }, { clearDraft: false })
    // Reading the history files the entry at once, outside the batch's filing.
    expect((await store.history(rider(1))).map((e) => e.value.text)).toEqual(['save 1'])
    await store.filed(ACCOUNT)
    expect(files(journal(store))).toHaveLength(1)
    // Once the folder can be written, the next start files the entry from the journal.
    rmSync(blocked)
    const next = restart(dir, secrets)
    expect((await next.history(rider(1))).map((e) => e.value.text)).toEqual(['save 1'])
    await next.filed(ACCOUNT)
    expect(files(journal(next))).toEqual([])
    expect((await restart(dir, secrets).history(rider(1))).map((e) => e.value.text)).toEqual(['save 1'])
  })

  it('forgetting the account while its batch is filed leaves nothing of it in the keychain or on disk', async () => {
    const dir = tempDir()
    const secrets = memorySecrets()
    const sealer = new Sealer(secrets)
    const store = new AccountDataStore<Note, Note>(dir, sealer)
    const count = JOURNAL_CHUNK + 10
    for (let n = 1; n <= count; n++)
      await store.addToBatch(rider(n), { text: `save ${n}` }, { clearDraft: false })
    expect(await store.flushBatch(ACCOUNT)).toBe(0)
    // The filing has started in the background; forgotten as the app does it (handlers.ts).
    await store.remove(ACCOUNT)
    await sealer.forget(ACCOUNT)
    // Time for a filing that went on to load accounts (a load asks the keychain for the key).
    await new Promise((done) => setTimeout(done, 500))
    expect([...secrets.items.keys()]).toEqual([])
    expect(existsSync(store.folder(ACCOUNT))).toBe(false)
  })

  /** Fifty entries for one managed account (a full chunk, written at once), and the journal file's bytes. */
  async function oneFullChunk(store: AccountDataStore<Note, Note>): Promise<[string, string]> {
    for (let n = 1; n <= JOURNAL_CHUNK; n++)
      await store.addToBatch(rider(1), { text: `save ${n}` }, { clearDraft: false })
    await vi.waitFor(() => expect(files(journal(store))).toHaveLength(1))
    const [name = ''] = files(journal(store))
    return [name, readFileSync(join(journal(store), name), 'utf8')]
  }

  it('does not file cleared entries again when a crash left the journal file behind', async () => {
    const dir = tempDir()
    const secrets = memorySecrets()
    const store = restart(dir, secrets)
    const [name, bytes] = await oneFullChunk(store)
    await store.clearHistory(rider(1))
    await store.filed(ACCOUNT)
    // The crash came before the journal file was deleted.
    writeFileSync(join(journal(store), name), bytes)
    const next = restart(dir, secrets)
    expect(await next.history(rider(1))).toEqual([])
    await next.filed(ACCOUNT)
    expect(await restart(dir, secrets).history(rider(1))).toEqual([])
  })

  it('does not bring entries trimmed by the history limit back as the newest', async () => {
    const dir = tempDir()
    const secrets = memorySecrets()
    const store = restart(dir, secrets, 'webhook', 3)
    const [name, bytes] = await oneFullChunk(store)
    await store.filed(ACCOUNT)
    writeFileSync(join(journal(store), name), bytes)
    const next = restart(dir, secrets, 'webhook', 3)
    const newest = ['save 50', 'save 49', 'save 48']
    expect((await next.history(rider(1))).map((e) => e.value.text)).toEqual(newest)
    await next.filed(ACCOUNT)
    const third = restart(dir, secrets, 'webhook', 3)
    expect((await third.history(rider(1))).map((e) => e.value.text)).toEqual(newest)
  })

  /** A journal file as a crashed run left it, its entries sealed under the signed-in account's key. */
  async function leftJournal(
    dir: string,
    secrets: SecretStore,
    name: string,
    items: { userId: string | null; text: string; time: string; clearDraft?: boolean }[],
  ): Promise<void> {
    const key = (await new Sealer(secrets).key(ACCOUNT))!
    const value = items.map(({ userId, text, time, clearDraft = false }) => {
      return { id: text, time, value: { text }, userId, clearDraft }
    })
    const path = join(restart(dir, secrets).folder(ACCOUNT), 'journal', name)
    await writeJsonAtomic(path, { version: 1, id: name, time: items.at(-1)!.time, sealed: seal(key, value) })
  }

  /** A record file (a history entry, the draft, the time of a clear) as the store writes it. */
  async function record(
    dir: string,
    secrets: SecretStore,
    accountId: string,
    name: string,
    time: string,
    value: unknown,
  ) {
    const key = (await new Sealer(secrets).key(ACCOUNT))!
    const path = join(restart(dir, secrets).folder(accountId), name)
    await writeJsonAtomic(path, { version: 1, id: `${name} at ${time}`, time, sealed: seal(key, value) })
  }

  const at = (day: number): string => new Date(Date.UTC(2000, 0, day)).toISOString()

  it('reads back a journal a crash left: each entry to its account, drafts its saves made obsolete; files it unasked', async () => {
    const dir = tempDir()
    const secrets = memorySecrets()
    await leftJournal(dir, secrets, '1000-aaaaaaaa.json', [
      { userId: null, text: 'own', time: at(1) },
      { userId: '1', text: 'first of 1', time: at(1), clearDraft: true },
      { userId: '2', text: 'save 2', time: at(1) },
      { userId: '3', text: 'save 3', time: at(1), clearDraft: true },
      { userId: '1', text: 'second of 1', time: at(3), clearDraft: true },
    ])
    await leftJournal(dir, secrets, '2000-bbbbbbbb.json', [{ userId: '1', text: 'third of 1', time: at(5) }])
    // Drafts typed between the saves: rider 1's after its first save but before its second,
    // rider 2's before a save that did not clear it, rider 3's before a save of this run.
    await record(dir, secrets, rider(1), 'draft.json', at(2), { text: 'draft 1' })
    await record(dir, secrets, rider(2), 'draft.json', at(0), { text: 'draft 2' })
    await record(dir, secrets, rider(3), 'draft.json', at(2), { text: 'draft 3' })

    const next = restart(dir, secrets)
    await next.addToBatch(rider(3), { text: 'save 3 again' }, { clearDraft: true })
    expect(texts(await next.history(rider(1)))).toEqual(['third of 1', 'second of 1', 'first of 1'])
    expect(texts(await next.history(ACCOUNT))).toEqual(['own'])
    expect(await next.draft(rider(1))).toBeNull()
    expect((await next.draft(rider(2)))?.value).toEqual({ text: 'draft 2' })
    expect(await next.draft(rider(3))).toBeNull()
    // Filed into the accounts' own records without anyone asking (no flushBatch, no filed).
    const left = (): string[] => files(journal(next)).filter((f) => /^[12]000-/.test(f))
    await vi.waitFor(() => expect(left()).toEqual([]), { timeout: 5000 })
    expect(files(next.folder(rider(1))).filter((f) => /^\d+\.json$/.test(f))).toHaveLength(3)
    await next.filed(ACCOUNT)
    expect(texts(await restart(dir, secrets).history(rider(2)))).toEqual(['save 2'])
  })

  it('reads only chunks: skips a temp file, a damaged file and a chunk of another shape, and reads the chunks after them', async () => {
    const dir = tempDir()
    const secrets = memorySecrets()
    const key = (await new Sealer(secrets).key(ACCOUNT))!
    const folder = join(restart(dir, secrets).folder(ACCOUNT), 'journal')
    const shape = { version: 1, id: 'x', time: at(1) }
    await writeJsonAtomic(join(folder, '1000-aaaaaaaa.json'), {
      ...shape,
      sealed: seal(key, { not: 'a list' }),
    })
    writeFileSync(join(folder, '1001-bbbbbbbb.json'), '{ damaged')
    // A crash while a chunk was written leaves its temp file.
    writeFileSync(join(folder, '1002-cccccccc.json.0123456789ab.tmp'), '{ "version": 1, "id"')
    await leftJournal(dir, secrets, '2000-dddddddd.json', [{ userId: '1', text: 'save 1', time: at(2) }])

    const next = restart(dir, secrets)
    expect(texts(await next.history(rider(1)))).toEqual(['save 1'])
    expect(next.setAside(ACCOUNT)).toEqual({ count: 1, folder })
  })

  it('files a crash-left entry older than the kept ones unless the full history no longer holds its time or a clear came after it', async () => {
    const dir = tempDir()
    const secrets = memorySecrets()
    // Rider 1: not full (limit 3), an entry older than its newest is still filed. Rider 2: full,
    // an entry newer than its oldest is filed, one older is not. Rider 3: cleared in the very
    // millisecond of an entry, which goes with the clear.
    await record(dir, secrets, rider(1), '1.json', at(5), { text: 'kept 1' })
    for (const [n, day] of [
      [1, 5],
      [2, 7],
      [3, 9],
    ]) {
      await record(dir, secrets, rider(2), `${n}.json`, at(day!), { text: `kept ${day}` })
    }
    await record(dir, secrets, rider(3), 'cleared.json', at(5), at(5))
    await leftJournal(dir, secrets, '1000-aaaaaaaa.json', [
      { userId: '2', text: 'older than the oldest', time: at(4) },
      { userId: '1', text: 'older 1', time: at(4) },
      { userId: '3', text: 'cleared', time: at(5) },
      { userId: '2', text: 'between', time: at(6) },
      { userId: '3', text: 'after the clear', time: at(6) },
    ])

    const next = restart(dir, secrets, 'webhook', 3)
    expect(texts(await next.history(rider(1))).sort()).toEqual(['kept 1', 'older 1'])
    expect(texts(await next.history(rider(2))).sort()).toEqual(['between', 'kept 7', 'kept 9'])
    expect(texts(await next.history(rider(3)))).toEqual(['after the clear'])
  })

  it('writes the open chunk a second after its first entry, without the batch ending', async () => {
    const store = restart(tempDir(), memorySecrets())
    const realSetTimeout = globalThis.setTimeout
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
    try {
      await store.addToBatch(rider(1), { text: 'save 1' }, { clearDraft: false })
      vi.advanceTimersByTime(999)
      // Real time for a chunk written too early to reach the disk, so "not yet" can fail.
      await new Promise((resolve) => realSetTimeout(resolve, 300))
      expect(existsSync(journal(store))).toBe(false)
      vi.advanceTimersByTime(1)
    } finally {
      vi.useRealTimers()
    }
    await vi.waitFor(() => expect(files(journal(store))).toHaveLength(1), { timeout: 5000 })
  })

  it('says how many entries could not be written, and keeps them for this run', async () => {
    const dir = tempDir()
    const store = restart(dir, memorySecrets())
    // A file where the journal folder should be: every chunk write fails.
    await writeJsonAtomic(journal(store), {})
    for (let n = 1; n <= 3; n++)
      await store.addToBatch(rider(n), { text: `save ${n}` }, { clearDraft: false })
    expect(await store.flushBatch(ACCOUNT)).toBe(3)
    expect((await store.history(rider(2))).map((e) => e.value.text)).toEqual(['save 2'])
  })
})
