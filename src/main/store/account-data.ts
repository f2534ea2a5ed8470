/**
 * Per-account local data: the unsaved webhook draft and the history of saves made through the
 * app, or the test deliveries. One JSON file per account and kind in the user-data folder, each
 * record sealed (see sealed.ts).
 * Without a keychain the data lives in memory for this run only.
 */
import { createHash, randomUUID } from 'node:crypto'
import { rm } from 'node:fs/promises'
import { join } from 'node:path'
import { readJsonFile, writeJsonAtomic } from './json-file'
import { seal, unseal, type Sealer } from './sealed'

export const HISTORY_LIMIT = 50

interface Sealed {
  id: string
  time: string
  sealed: string
}

interface AccountFile {
  version: 1
  draft: Sealed | null
  history: Sealed[]
}

export interface Stored<T> {
  id: string
  time: string
  value: T
}

const isFile = (v: unknown): v is AccountFile => {
  const f = v as AccountFile
  return typeof f === 'object' && f !== null && f.version === 1 && Array.isArray(f.history)
}

export class AccountDataStore<D, H> {
  private memory = new Map<string, { draft: Stored<D> | null; history: Stored<H>[] }>()
  private writing: Promise<void> = Promise.resolve()

  constructor(
    private readonly userDataDir: string,
    private readonly sealer: Sealer,
    /** Names the file, so several kinds of per-account data live side by side. */
    private readonly kind = 'webhook',
    private readonly limit = HISTORY_LIMIT,
  ) {}

  private path(accountId: string): string {
    const hash = createHash('sha256').update(accountId).digest('hex').slice(0, 32)
    return join(this.userDataDir, 'accounts', `${hash}.${this.kind}.json`)
  }

  /** True when data for this account survives a restart (the keychain holds its key). */
  async persistent(accountId: string): Promise<boolean> {
    return (await this.sealer.key(accountId)) !== null
  }

  private async read(accountId: string): Promise<{ draft: Stored<D> | null; history: Stored<H>[] }> {
    // This process is the only writer, so what it read or wrote last is what is on disk.
    const cached = this.memory.get(accountId)
    if (cached) return cached
    const data: { draft: Stored<D> | null; history: Stored<H>[] } = { draft: null, history: [] }
    const key = await this.sealer.key(accountId)
    const outcome = key ? await readJsonFile(this.path(accountId), isFile) : null
    if (key && outcome?.kind === 'ok') {
      const open = <T>(s: Sealed | null): Stored<T> | null => {
        if (!s) return null
        const value = unseal<T>(key, s.sealed)
        return value === null ? null : { id: s.id, time: s.time, value }
      }
      data.draft = open<D>(outcome.value.draft)
      data.history = outcome.value.history.map((h) => open<H>(h)).filter((h): h is Stored<H> => h !== null)
    }
    this.memory.set(accountId, data)
    return data
  }

  /**
   * Takes effect in memory at once; the sealed file follows, one write at a time. Callers that
   * need it on disk await the returned promise.
   */
  private write(accountId: string, data: { draft: Stored<D> | null; history: Stored<H>[] }): Promise<void> {
    this.memory.set(accountId, data)
    const snapshot = { draft: data.draft, history: [...data.history] }
    this.writing = this.writing.then(async () => {
      const key = await this.sealer.key(accountId)
      if (!key || !this.memory.has(accountId)) return
      const close = <T>(s: Stored<T>): Sealed => ({ id: s.id, time: s.time, sealed: seal(key, s.value) })
      await writeJsonAtomic(this.path(accountId), {
        version: 1,
        draft: snapshot.draft ? close(snapshot.draft) : null,
        history: snapshot.history.map(close),
      } satisfies AccountFile).catch(() => {})
    })
    return this.writing
  }

  /** Deletes everything kept for an account (when the user forgets it). */
  async remove(accountId: string): Promise<void> {
    this.memory.delete(accountId)
    await this.writing
    await rm(this.path(accountId), { force: true })
  }

  async draft(accountId: string): Promise<Stored<D> | null> {
    return (await this.read(accountId)).draft
  }

  async setDraft(accountId: string, value: D | null): Promise<void> {
    const data = await this.read(accountId)
    if (value === null && data.draft === null) return
    data.draft = value === null ? null : { id: randomUUID(), time: new Date().toISOString(), value }
    await this.write(accountId, data)
  }

  async history(accountId: string): Promise<Stored<H>[]> {
    return (await this.read(accountId)).history
  }

  async clearHistory(accountId: string): Promise<void> {
    const data = await this.read(accountId)
    data.history = []
    await this.write(accountId, data)
  }

  /** Records an entry; with `durable: false` the caller does not wait for the disk. */
  async addHistory(accountId: string, value: H, options: { durable?: boolean } = {}): Promise<Stored<H>> {
    const data = await this.read(accountId)
    const entry = { id: randomUUID(), time: new Date().toISOString(), value }
    data.history = [entry, ...data.history].slice(0, this.limit)
    const written = this.write(accountId, data)
    if (options.durable !== false) await written
    return entry
  }
}
