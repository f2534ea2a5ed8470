// The per-account record store's edges that local-data.test.ts's journeys do not reach: the
// records of managed accounts (inside the signed-in account's folder, under its key) and
// forgetting an account, on disk and in what the store holds in memory. Real files, the real
// sealing; the in-memory secret store stands in for the keychain (keychain.test.ts's subject).
import { existsSync, mkdtempSync, readdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { AccountDataStore, managedDataId } from '../src/main/store/account-data'
import { Sealer } from '../src/main/store/sealed'
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
