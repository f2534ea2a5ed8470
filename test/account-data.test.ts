// The per-account record store's edges that local-data.test.ts's journeys do not reach: the
// records of managed accounts (inside the signed-in account's folder, under its key) and
// forgetting an account, on disk and in what the store holds in memory. Real files, the real
// sealing; the in-memory secret store stands in for the keychain (keychain.test.ts's subject).
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it, vi } from 'vitest'
import { AccountDataStore, managedDataId } from '../src/main/store/account-data'
import { writeJsonAtomic } from '../src/main/store/json-file'
import { seal, Sealer } from '../src/main/store/sealed'
import type { SecretStore } from '../src/main/store/secrets'
import { lockableKeychain, memorySecrets } from './helpers/secrets'

const ACCOUNT = 'https://traccar.example|rider@example.com'
const OTHER = 'https://traccar.example|other@example.com'

interface Note {
  text: string
}
const store = (dir: string, secrets: SecretStore) =>
  new AccountDataStore<Note, Note>(dir, new Sealer(secrets))
const texts = (entries: { value: Note }[]) => entries.map((e) => e.value.text)

describe('records of a managed account', () => {
  it("live in a folder inside the signed-in account's, sealed with its key, and survive a restart", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wd-data-'))
    const secrets = memorySecrets()
    const managed = managedDataId(ACCOUNT, 7)
    const first = store(dir, secrets)
    await first.addHistory(managed, { text: 'for user 7' })
    await first.addHistory(ACCOUNT, { text: 'own' })

    expect(first.folder(managed)).toBe(join(first.folder(ACCOUNT), 'users', '7'))
    expect(readdirSync(first.folder(managed))).toEqual(['1.json'])
    // One key for the account and all it manages.
    expect([...secrets.items.keys()]).toEqual([`${ACCOUNT}|local-data-key`])

    const again = store(dir, secrets)
    expect(texts(await again.history(managed))).toEqual(['for user 7'])
    expect(texts(await again.history(ACCOUNT))).toEqual(['own'])
    expect(texts(await again.history(managedDataId(ACCOUNT, 8)))).toEqual([])
  })
})

describe('forgetting an account', () => {
  it('removes its records and those of the accounts it manages, on disk and in memory; others stay', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wd-data-'))
    const secrets = memorySecrets()
    const data = store(dir, secrets)
    const managed = managedDataId(ACCOUNT, 7)
    for (const id of [ACCOUNT, managed, OTHER, managedDataId(OTHER, 7)]) {
      await data.addHistory(id, { text: id })
      await data.setDraft(id, { text: `draft of ${id}` })
    }

    await data.remove(ACCOUNT)

    expect(existsSync(data.folder(ACCOUNT))).toBe(false)
    expect(await data.history(ACCOUNT)).toEqual([])
    expect(await data.draft(ACCOUNT)).toBeNull()
    expect(await data.history(managed)).toEqual([])
    for (const id of [OTHER, managedDataId(OTHER, 7)]) {
      expect(texts(await data.history(id))).toEqual([id])
      expect((await data.draft(id))?.value).toEqual({ text: `draft of ${id}` })
    }
  })

  it('drops what waited for a locked keychain, and the set-aside notice', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wd-data-'))
    const keychain = lockableKeychain(100)
    const data = store(dir, keychain.store)
    await data.addHistory(ACCOUNT, { text: 'on disk' })
    await data.addHistory(OTHER, { text: 'other, on disk' })

    // A fresh start while the keychain is locked: entries and a draft clear wait in memory.
    keychain.state.now = 'locked'
    const locked = store(dir, keychain.store)
    for (const id of [ACCOUNT, OTHER]) {
      await locked.addHistory(id, { text: `waited: ${id}` })
      await locked.setDraft(id, null)
    }
    await locked.remove(ACCOUNT)
    keychain.state.now = 'open'
    expect(await locked.history(ACCOUNT)).toEqual([])
    expect(existsSync(locked.folder(ACCOUNT))).toBe(false)
    expect(texts(await locked.history(OTHER))).toEqual([`waited: ${OTHER}`, 'other, on disk'])
  })

  it('forgets the set-aside notice of the account only', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wd-data-'))
    const secrets = memorySecrets()
    for (const id of [ACCOUNT, OTHER]) await store(dir, secrets).addHistory(id, { text: 'sealed' })
    // Keys gone: the records are set aside when read.
    secrets.items.clear()
    const data = store(dir, secrets)
    for (const id of [ACCOUNT, OTHER]) await data.history(id)
    expect(data.setAside(ACCOUNT)?.count).toBe(1)

    await data.remove(ACCOUNT)

    expect(data.setAside(ACCOUNT)).toBeNull()
    expect(data.setAside(OTHER)?.count).toBe(1)
    data.dismissSetAside(OTHER)
    expect(data.setAside(OTHER)).toBeNull()
  })
})

describe('the draft', () => {
  it('is cleared in memory and on disk', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wd-data-'))
    const secrets = memorySecrets()
    const data = store(dir, secrets)
    await data.setDraft(ACCOUNT, { text: 'typed' })
    await data.setDraft(ACCOUNT, null)
    expect(await data.draft(ACCOUNT)).toBeNull()
    expect(readdirSync(data.folder(ACCOUNT))).toEqual([])
    expect(await store(dir, secrets).draft(ACCOUNT)).toBeNull()
  })
})

describe('clearing the history', () => {
  it('empties it at once and for the next start', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wd-data-'))
    const secrets = memorySecrets()
    const data = store(dir, secrets)
    for (const text of ['one', 'two']) await data.addHistory(ACCOUNT, { text })
    await data.clearHistory(ACCOUNT)
    expect(await data.history(ACCOUNT)).toEqual([])
    expect(await store(dir, secrets).history(ACCOUNT)).toEqual([])
  })

  it('sets aside a damaged record of the last clear, and still files the entries of a batch', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wd-data-'))
    const secrets = memorySecrets()
    const before = store(dir, secrets)
    await before.addHistory(ACCOUNT, { text: 'one' })
    writeFileSync(join(before.folder(ACCOUNT), 'cleared.json'), '{ damaged')
    const data = store(dir, secrets)
    await data.addToBatch(ACCOUNT, { text: 'batch' }, { clearDraft: false })
    expect(texts(await data.history(ACCOUNT))).toEqual(['batch', 'one'])
    expect(data.setAside(ACCOUNT)?.count).toBe(1)
  })

  it('without a keychain empties what this run kept', async () => {
    const keychain = lockableKeychain(100)
    keychain.state.now = 'locked'
    const data = store(mkdtempSync(join(tmpdir(), 'wd-data-')), keychain.store)
    await data.addHistory(ACCOUNT, { text: 'in memory' })
    await data.clearHistory(ACCOUNT)
    expect(await data.history(ACCOUNT)).toEqual([])
  })
})

describe('recording a history entry', () => {
  it('with durable: false returns before the record is on disk; it follows', async () => {
    const data = store(mkdtempSync(join(tmpdir(), 'wd-data-')), memorySecrets())
    await data.history(ACCOUNT)
    const record = join(data.folder(ACCOUNT), '1.json')
    await data.addHistory(ACCOUNT, { text: 'quick' }, { durable: false })
    expect(existsSync(record)).toBe(false)
    await vi.waitFor(() => expect(existsSync(record)).toBe(true), { timeout: 5000 })
  })

  it('fails when the data cannot be opened for another reason than a locked keychain', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wd-data-'))
    const secrets = memorySecrets()
    const data = store(dir, secrets)
    const key = (await new Sealer(secrets).key(ACCOUNT))!
    const sealed = { id: 'a', time: '2026-01-01T00:00:00.000Z', sealed: seal(key, { text: 'old' }) }
    // A file of the earlier layout to move into record files, and a file where their folder goes.
    await writeJsonAtomic(`${data.folder(ACCOUNT)}.json`, { version: 1, draft: null, history: [sealed] })
    writeFileSync(data.folder(ACCOUNT), '')
    await expect(data.addHistory(ACCOUNT, { text: 'new' })).rejects.toThrow()
  })

  it('adds what was recorded while locked in the order it happened, on disk before the history is read', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wd-data-'))
    const keychain = lockableKeychain(100)
    await store(dir, keychain.store).addHistory(ACCOUNT, { text: 'before' })
    keychain.state.now = 'locked'
    const data = store(dir, keychain.store)
    for (const text of ['first', 'second']) await data.addHistory(ACCOUNT, { text })
    keychain.state.now = 'open'
    expect(texts(await data.history(ACCOUNT))).toEqual(['second', 'first', 'before'])
    expect(readdirSync(data.folder(ACCOUNT)).sort()).toEqual(['1.json', '2.json', '3.json'])
  })
})

describe('a bulk change and the drafts it saved', () => {
  const rider = (n: number): string => managedDataId(ACCOUNT, n)

  it('without a keychain keeps its entries in memory, clears the drafts it was asked to, and reports none unwritten', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wd-data-'))
    const keychain = lockableKeychain(100)
    keychain.state.now = 'locked'
    const data = store(dir, keychain.store)
    for (const n of [1, 2]) await data.setDraft(rider(n), { text: `draft ${n}` })
    await data.addToBatch(rider(1), { text: 'save 1' }, { clearDraft: true })
    await data.addToBatch(rider(2), { text: 'save 2' }, { clearDraft: false })
    expect(await data.flushBatch(ACCOUNT)).toBe(0)
    expect(texts(await data.history(rider(1)))).toEqual(['save 1'])
    expect(await data.draft(rider(1))).toBeNull()
    expect((await data.draft(rider(2)))?.value).toEqual({ text: 'draft 2' })
    expect(readdirSync(dir)).toEqual([])
  })

  it('keeps the journal of an account first read while locked, so its entry is filed at the next start', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wd-data-'))
    const keychain = lockableKeychain(100)
    keychain.state.now = 'locked'
    const data = store(dir, keychain.store)
    // Read while locked: nothing on disk yet, so this run holds the rider's data without a key.
    expect(await data.history(rider(1))).toEqual([])
    keychain.state.now = 'open'
    await data.addToBatch(rider(1), { text: 'bulk save' }, { clearDraft: false })
    expect(await data.flushBatch(ACCOUNT)).toBe(0)
    await data.filed(ACCOUNT)
    expect(texts(await data.history(rider(1)))).toEqual(['bulk save'])
    expect(texts(await store(dir, keychain.store).history(rider(1)))).toEqual(['bulk save'])
  })

  it("clears a loaded account's draft at once when asked to, and only then", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wd-data-'))
    const secrets = memorySecrets()
    const data = store(dir, secrets)
    for (const n of [1, 2]) await data.setDraft(rider(n), { text: `draft ${n}` })
    await data.addToBatch(rider(1), { text: 'save 1' }, { clearDraft: true })
    await data.addToBatch(rider(2), { text: 'save 2' }, { clearDraft: false })
    expect(await data.draft(rider(1))).toBeNull()
    expect((await data.draft(rider(2)))?.value).toEqual({ text: 'draft 2' })
    await data.filed(ACCOUNT)
    const next = store(dir, secrets)
    expect(await next.draft(rider(1))).toBeNull()
    expect((await next.draft(rider(2)))?.value).toEqual({ text: 'draft 2' })
  })

  it('clears the draft of an account not loaded yet when it loads, if the draft is not newer than the save', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wd-data-'))
    const secrets = memorySecrets()
    const other = store(dir, secrets)
    const data = store(dir, secrets)
    vi.useFakeTimers({ toFake: ['Date'] })
    try {
      vi.setSystemTime(new Date('2026-03-01T12:00:00.000Z'))
      // Typed in the very millisecond of the save: the save sent it.
      await other.setDraft(rider(1), { text: 'saved by the batch' })
      await data.addToBatch(rider(1), { text: 'save 1' }, { clearDraft: true })
      await data.addToBatch(rider(2), { text: 'save 2' }, { clearDraft: true })
      vi.setSystemTime(new Date('2026-03-01T12:00:00.001Z'))
      await other.setDraft(rider(2), { text: 'typed after the save' })
    } finally {
      vi.useRealTimers()
    }
    expect(await data.draft(rider(1))).toBeNull()
    expect(existsSync(join(data.folder(rider(1)), 'draft.json'))).toBe(false)
    expect((await data.draft(rider(2)))?.value).toEqual({ text: 'typed after the save' })
  })
})

describe('forgetting an account, and what the others keep', () => {
  const rider = (n: number): string => managedDataId(ACCOUNT, n)
  const otherRider = managedDataId(OTHER, 1)

  it('keeps what another account holds only in memory: no keychain, a batch not yet on disk', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wd-data-'))
    const keychain = lockableKeychain(100)
    keychain.state.now = 'locked'
    const keyless = store(dir, keychain.store)
    await keyless.setDraft(OTHER, { text: 'in memory' })
    await keyless.remove(ACCOUNT)
    expect((await keyless.draft(OTHER))?.value).toEqual({ text: 'in memory' })

    const data = store(dir, memorySecrets())
    await data.addToBatch(otherRider, { text: 'journaled' }, { clearDraft: false })
    await data.addToBatch(rider(1), { text: 'journaled' }, { clearDraft: false })
    await data.remove(ACCOUNT)
    expect(texts(await data.history(otherRider))).toEqual(['journaled'])
    expect(await data.history(rider(1))).toEqual([])
    expect(existsSync(data.folder(ACCOUNT))).toBe(false)
  })

  it("keeps another account's draft clears: one waiting for the keychain, one a batch asked for", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wd-data-'))
    const keychain = lockableKeychain(100)
    const before = store(dir, keychain.store)
    for (const id of [OTHER, otherRider]) await before.setDraft(id, { text: 'obsolete' })

    keychain.state.now = 'locked'
    const data = store(dir, keychain.store)
    await data.setDraft(OTHER, null)
    keychain.state.now = 'open'
    await data.addToBatch(otherRider, { text: 'saved' }, { clearDraft: true })
    await data.remove(ACCOUNT)
    expect(await data.draft(OTHER)).toBeNull()
    expect(await data.draft(otherRider)).toBeNull()
  })

  it('waits for writes still queued, so nothing of the account comes back after it', async () => {
    const data = store(mkdtempSync(join(tmpdir(), 'wd-data-')), memorySecrets())
    await data.history(ACCOUNT)
    for (const text of ['one', 'two']) await data.addHistory(ACCOUNT, { text }, { durable: false })
    await data.remove(ACCOUNT)
    expect(existsSync(data.folder(ACCOUNT))).toBe(false)
    await new Promise((done) => setTimeout(done, 50))
    expect(existsSync(data.folder(ACCOUNT))).toBe(false)
  })

  it('forgets an account that never kept anything', async () => {
    const data = store(mkdtempSync(join(tmpdir(), 'wd-data-')), memorySecrets())
    await data.remove(ACCOUNT)
    expect(existsSync(data.folder(ACCOUNT))).toBe(false)
  })

  it('files the batches of an account forgotten and signed in again', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wd-data-'))
    const secrets = memorySecrets()
    const data = store(dir, secrets)
    for (const round of [1, 2, 3]) {
      await data.addToBatch(rider(1), { text: `round ${round}` }, { clearDraft: false })
      await data.filed(ACCOUNT)
      expect(readdirSync(join(data.folder(ACCOUNT), 'journal'))).toEqual([])
      expect(readdirSync(data.folder(rider(1)))).toEqual(['1.json'])
      await data.remove(ACCOUNT)
    }
  })
})

describe('files that are gone already', () => {
  it('clearing a draft or the history whose file was deleted meanwhile still clears the rest', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wd-data-'))
    const secrets = memorySecrets()
    const data = store(dir, secrets)
    for (const text of ['one', 'two']) await data.addHistory(ACCOUNT, { text })
    await data.setDraft(ACCOUNT, { text: 'typed' })
    const folder = data.folder(ACCOUNT)
    rmSync(join(folder, 'draft.json'))
    rmSync(join(folder, '1.json'))
    await data.setDraft(ACCOUNT, null)
    await data.clearHistory(ACCOUNT)
    expect(readdirSync(folder)).toEqual(['cleared.json'])
    expect(await store(dir, secrets).history(ACCOUNT)).toEqual([])
  })
})

describe('a batch for an account whose data cannot be opened', () => {
  it('keeps the journal, the only place its entry is on disk', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wd-data-'))
    const secrets = memorySecrets()
    const data = store(dir, secrets)
    const rider = managedDataId(ACCOUNT, 1)
    const key = (await new Sealer(secrets).key(ACCOUNT))!
    const sealed = { id: 'a', time: '2026-01-01T00:00:00.000Z', sealed: seal(key, { text: 'old' }) }
    // A file of the earlier layout to move into record files, and a file where their folder goes.
    await writeJsonAtomic(`${data.folder(rider)}.json`, { version: 1, draft: null, history: [sealed] })
    writeFileSync(data.folder(rider), '')
    await data.addToBatch(rider, { text: 'save' }, { clearDraft: false })
    await data.filed(ACCOUNT)
    expect(readdirSync(join(data.folder(ACCOUNT), 'journal'))).toHaveLength(1)
  })
})

describe('data first held without a key (keychain locked, nothing on disk)', () => {
  /** A store over a keychain that is locked now (and can be opened), with nothing on disk. */
  const lockedStore = () => {
    const dir = mkdtempSync(join(tmpdir(), 'wd-data-'))
    const keychain = lockableKeychain(100)
    keychain.state.now = 'locked'
    return { dir, keychain, data: store(dir, keychain.store) }
  }
  /** A keychain that is locked, then answers only when released. */
  const heldKeychain = (): { store: SecretStore; locked: boolean; release: () => void } => {
    const secrets = memorySecrets()
    let release = (): void => {}
    const hold = new Promise<void>((done) => (release = done))
    const keychain = {
      locked: true,
      release: () => release(),
      store: {
        ...secrets,
        get: async (k: string) => {
          if (keychain.locked) throw new Error('locked')
          await hold
          return secrets.get(k)
        },
      },
    }
    return keychain
  }
  /** A draft kept in memory while the keychain was locked; the keychain then unlocked, its answer held. */
  const keptWhileLocked = async (text: string) => {
    const dir = mkdtempSync(join(tmpdir(), 'wd-data-'))
    const keychain = heldKeychain()
    const data = store(dir, keychain.store)
    await data.setDraft(ACCOUNT, { text })
    keychain.locked = false
    return { dir, keychain, data }
  }

  it('is written out once the keychain answers again, with what came before and after', async () => {
    const { dir, keychain, data } = lockedStore()
    for (const text of ['one', 'two']) await data.addHistory(ACCOUNT, { text })
    await data.setDraft(ACCOUNT, { text: 'typed while locked' })
    expect(await data.persistent(ACCOUNT, { ask: true })).toBe(false)

    keychain.state.now = 'open'
    expect(await data.persistent(ACCOUNT, { ask: true })).toBe(true)
    await data.addHistory(ACCOUNT, { text: 'three' })
    // One file per record and the draft; no mark of a clear that did not happen.
    expect(readdirSync(data.folder(ACCOUNT)).sort()).toEqual(['1.json', '2.json', '3.json', 'draft.json'])

    const restarted = store(dir, keychain.store)
    expect(texts(await restarted.history(ACCOUNT))).toEqual(['three', 'two', 'one'])
    expect((await restarted.draft(ACCOUNT))?.value).toEqual({ text: 'typed while locked' })
  })

  it('is written out by the check alone; without `ask` the keychain is asked in the background', async () => {
    const { dir, keychain, data } = await keptWhileLocked('typed')
    await data.addHistory(ACCOUNT, { text: 'kept' })
    // The keychain has not answered yet: the check does not wait for it.
    expect(await data.persistent(ACCOUNT)).toBe(false)
    keychain.release()
    await vi.waitFor(async () => expect(await data.persistent(ACCOUNT)).toBe(true), { timeout: 5000 })
    // A write of another account queued behind the promotion: once it is done, so is the promotion.
    await data.addHistory(OTHER, { text: 'after' })
    const restarted = store(dir, keychain.store)
    expect(texts(await restarted.history(ACCOUNT))).toEqual(['kept'])
    expect((await restarted.draft(ACCOUNT))?.value).toEqual({ text: 'typed' })
  })

  it('is not written back for an account forgotten while the keychain was asked', async () => {
    const { data, keychain } = await keptWhileLocked('of a forgotten account')
    const checking = data.persistent(ACCOUNT, { ask: true })
    await data.remove(ACCOUNT)
    keychain.release()
    expect(await checking).toBe(false)
    await data.addHistory(OTHER, { text: 'queued after' })
    expect(existsSync(data.folder(ACCOUNT))).toBe(false)
  })

  it('is written out by its next write once a bulk change has read the key', async () => {
    const { dir, keychain, data } = lockedStore()
    const rider = managedDataId(ACCOUNT, 1)
    await data.addHistory(rider, { text: 'while locked' })
    await data.addHistory(OTHER, { text: 'other, while locked' })

    keychain.state.now = 'open'
    await data.addToBatch(managedDataId(ACCOUNT, 2), { text: 'bulk' }, { clearDraft: false })
    await data.filed(ACCOUNT)
    // The editor's save of the rider after the keychain opened.
    await data.addHistory(rider, { text: 'after' })
    await data.clearHistory(OTHER)

    const restarted = store(dir, keychain.store)
    expect(texts(await restarted.history(rider))).toEqual(['after', 'while locked'])
    // OTHER's key was never read this run: its data stays in memory, and nothing of it on disk.
    expect(existsSync(data.folder(OTHER))).toBe(false)
  })

  it('writes a history cleared while locked as cleared (its marker, no records), then what follows', async () => {
    const { dir, keychain, data } = lockedStore()
    await data.addHistory(ACCOUNT, { text: 'cleared' })
    await data.clearHistory(ACCOUNT)
    keychain.state.now = 'open'
    expect(await data.persistent(ACCOUNT, { ask: true })).toBe(true)
    await data.setDraft(ACCOUNT, { text: 'typed' })
    expect(readdirSync(data.folder(ACCOUNT)).sort()).toEqual(['cleared.json', 'draft.json'])
    expect(await store(dir, keychain.store).history(ACCOUNT)).toEqual([])
  })
})
