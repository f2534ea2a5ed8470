/**
 * Per-account local data: the unsaved webhook draft and the history of saves made through the
 * app, or the test deliveries. A folder per account and kind in the user-data folder holds one
 * sealed file per record (see sealed.ts), so recording an entry writes one small file and never
 * rewrites the others.
 *
 * The data key lives in the keychain. When it cannot be read (locked, or no answer) while sealed
 * data is on disk, the data is *locked*: reads fail with `data.locked`, nothing is cached or
 * written, and the next call asks the keychain again. Without a keychain and with nothing on
 * disk, the data lives in memory for this run only. A file or record that cannot be read or fails
 * its AES-GCM check is moved aside and reported, never dropped or overwritten.
 */
import { createHash, randomUUID } from 'node:crypto'
import { access, readdir, rm } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { t } from '../i18n'
import { AppFailure } from '../../shared/result'
import { moveAside, readJsonFile, writeJsonAtomic } from './json-file'
import { seal, unseal, type Sealer } from './sealed'

export const HISTORY_LIMIT = 50

/** A newline cannot be part of a server origin or an email, so it cannot clash with an account id. */
const MANAGED = '\nuser:'

/**
 * The data id of a managed account's records as seen from the signed-in account: kept in a folder
 * inside the account's own, sealed with the account's key, and removed with it.
 */
export function managedDataId(accountId: string, userId: number): string {
  return `${accountId}${MANAGED}${userId}`
}

/** The signed-in account a data id belongs to, and the managed user's id when it is one. */
function ownerOf(dataId: string): { accountId: string; userId: string | null } {
  const at = dataId.lastIndexOf(MANAGED)
  return at < 0
    ? { accountId: dataId, userId: null }
    : { accountId: dataId.slice(0, at), userId: dataId.slice(at + MANAGED.length) }
}

interface Sealed {
  id: string
  time: string
  sealed: string
}

/** One record's file. */
interface RecordFile extends Sealed {
  version: 1
}

/** The single file per account and kind this store wrote before records had files of their own. */
interface LegacyFile {
  version: 1
  draft: Sealed | null
  history: Sealed[]
}

export interface Stored<T> {
  id: string
  time: string
  value: T
}

/** Unreadable records of one account that were moved aside, for the notice. */
export interface SetAside {
  count: number
  folder: string
}

interface Loaded<D, H> {
  /** Null: no keychain, kept in memory for this run. */
  key: Buffer | null
  draft: Stored<D> | null
  /** Newest first. */
  history: Stored<H>[]
  /** Each history record's file name, by record id. */
  files: Map<string, string>
  /** The number in the next record's file name; names sort in the order records were added. */
  next: number
}

const isSealed = (v: unknown): v is Sealed => {
  const s = v as Sealed
  return (
    typeof s === 'object' &&
    s !== null &&
    typeof s.id === 'string' &&
    typeof s.time === 'string' &&
    typeof s.sealed === 'string'
  )
}
const isRecordFile = (v: unknown): v is RecordFile => isSealed(v) && (v as RecordFile).version === 1
const isLegacyFile = (v: unknown): v is LegacyFile => {
  const f = v as LegacyFile
  return (
    typeof f === 'object' &&
    f !== null &&
    f.version === 1 &&
    (f.draft === null || isSealed(f.draft)) &&
    Array.isArray(f.history) &&
    f.history.every(isSealed)
  )
}

/** The keychain would not give the data key: the data is locked, not absent. */
export const isLocked = (error: unknown): error is AppFailure =>
  error instanceof AppFailure && error.code === 'data.locked'

const RECORD_NAME = /^(\d+)\.json$/
const DRAFT_NAME = 'draft.json'

const exists = (path: string): Promise<boolean> =>
  access(path).then(
    () => true,
    () => false,
  )

export class AccountDataStore<D, H> {
  private loaded = new Map<string, Promise<Loaded<D, H>>>()
  /** Entries recorded while the data was locked; added once it opens. */
  private pending = new Map<string, Stored<H>[]>()
  /** Accounts whose draft was saved to the server while the data was locked; cleared once it opens. */
  private draftDone = new Set<string>()
  private setAsideBy = new Map<string, SetAside>()
  private writing: Promise<void> = Promise.resolve()

  constructor(
    private readonly userDataDir: string,
    private readonly sealer: Sealer,
    /** Names the folder, so several kinds of per-account data live side by side. */
    private readonly kind = 'webhook',
    private readonly limit = HISTORY_LIMIT,
  ) {}

  /** The folder holding this account's records. */
  folder(accountId: string): string {
    const owner = ownerOf(accountId)
    const hash = createHash('sha256').update(owner.accountId).digest('hex').slice(0, 32)
    const folder = join(this.userDataDir, 'accounts', `${hash}.${this.kind}`)
    return owner.userId === null ? folder : join(folder, 'users', owner.userId)
  }

  private legacyPath(accountId: string): string {
    return `${this.folder(accountId)}.json`
  }

  /** True when data for this account survives a restart (the keychain holds its key). */
  async persistent(accountId: string): Promise<boolean> {
    return (await this.read(accountId)).key !== null
  }

  /** What was moved aside for this account since the notice was last dismissed. */
  setAside(accountId: string): SetAside | null {
    return this.setAsideBy.get(accountId) ?? null
  }

  dismissSetAside(accountId: string): void {
    this.setAsideBy.delete(accountId)
  }

  private noteSetAside(accountId: string, movedTo: string | null): void {
    const known = this.setAsideBy.get(accountId)
    const folder = movedTo ? dirname(movedTo) : this.folder(accountId)
    this.setAsideBy.set(accountId, { count: (known?.count ?? 0) + 1, folder: known?.folder ?? folder })
  }

  private read(accountId: string): Promise<Loaded<D, H>> {
    let loading = this.loaded.get(accountId)
    if (!loading) {
      loading = this.load(accountId)
      this.loaded.set(accountId, loading)
      // Locked is never remembered: the next call asks the keychain again.
      loading.catch(() => this.loaded.delete(accountId))
    }
    return loading
  }

  private async load(accountId: string): Promise<Loaded<D, H>> {
    const key = await this.sealer.key(ownerOf(accountId).accountId)
    const data: Loaded<D, H> = { key, draft: null, history: [], files: new Map(), next: 1 }
    if (!key) {
      // A key that cannot be read is not "no data": what is on disk stays untouched until it opens.
      if ((await exists(this.folder(accountId))) || (await exists(this.legacyPath(accountId)))) {
        throw new AppFailure('data.locked', t('error.data.locked'))
      }
      return data
    }
    await this.migrate(accountId)
    const folder = this.folder(accountId)
    const names = await readdir(folder).catch(() => [] as string[])
    const numbered = names
      .map((name) => ({ name, n: Number(RECORD_NAME.exec(name)?.[1] ?? NaN) }))
      .filter((r) => Number.isInteger(r.n))
      .sort((a, b) => b.n - a.n)
    for (const { name, n } of numbered) {
      data.next = Math.max(data.next, n + 1)
      const record = await this.open<H>(accountId, key, join(folder, name))
      if (record) {
        data.history.push(record)
        data.files.set(record.id, name)
      }
    }
    if (names.includes(DRAFT_NAME)) data.draft = await this.open<D>(accountId, key, join(folder, DRAFT_NAME))
    // What happened while the data was locked is written before anyone reads it.
    const catchUp: Promise<void>[] = []
    if (this.draftDone.delete(accountId) && data.draft) {
      data.draft = null
      catchUp.push(this.enqueue(() => rm(join(folder, DRAFT_NAME), { force: true })))
    }
    for (const entry of (this.pending.get(accountId) ?? []).reverse()) {
      catchUp.push(this.append(accountId, data, entry))
    }
    this.pending.delete(accountId)
    await Promise.all(catchUp.map((p) => p.catch(() => {})))
    return data
  }

  /** One record, or null when its file is unreadable or fails its seal (then it is moved aside). */
  private async open<T>(accountId: string, key: Buffer, path: string): Promise<Stored<T> | null> {
    const outcome = await readJsonFile(path, isRecordFile)
    if (outcome.kind === 'missing') return null
    if (outcome.kind === 'corrupt') {
      this.noteSetAside(accountId, outcome.movedTo)
      return null
    }
    const value = unseal<T>(key, outcome.value.sealed)
    if (value === null) {
      this.noteSetAside(accountId, await moveAside(path))
      return null
    }
    return { id: outcome.value.id, time: outcome.value.time, value }
  }

  /**
   * Splits a file of the earlier one-file layout into record files, sealed blobs copied as they
   * are (each is checked when read). Names depend only on the old file, so a crash midway is
   * repaired by the next start.
   */
  private async migrate(accountId: string): Promise<void> {
    const path = this.legacyPath(accountId)
    const outcome = await readJsonFile(path, isLegacyFile)
    if (outcome.kind === 'missing') return
    if (outcome.kind === 'corrupt') {
      this.noteSetAside(accountId, outcome.movedTo)
      return
    }
    const folder = this.folder(accountId)
    const { history, draft } = outcome.value
    for (const [i, entry] of history.entries()) {
      await writeJsonAtomic(join(folder, `${history.length - i}.json`), { version: 1, ...entry })
    }
    if (draft) await writeJsonAtomic(join(folder, DRAFT_NAME), { version: 1, ...draft })
    await rm(path, { force: true })
  }

  /** Runs disk work one piece at a time, in the order it was asked for. */
  private enqueue(work: () => Promise<void>): Promise<void> {
    const run = this.writing.then(work)
    this.writing = run.catch(() => {})
    return run
  }

  private writeRecord(key: Buffer, path: string, record: Stored<unknown>): Promise<void> {
    return writeJsonAtomic(path, {
      version: 1,
      id: record.id,
      time: record.time,
      sealed: seal(key, record.value),
    } satisfies RecordFile)
  }

  /** Adds an entry in memory and, with a key, as one new file; the oldest beyond the limit go. */
  private append(accountId: string, data: Loaded<D, H>, entry: Stored<H>): Promise<void> {
    const name = `${data.next++}.json`
    data.history.unshift(entry)
    data.files.set(entry.id, name)
    const dropped = data.history.splice(this.limit).map((old) => {
      const file = data.files.get(old.id)
      data.files.delete(old.id)
      return file
    })
    const key = data.key
    if (!key) return Promise.resolve()
    const folder = this.folder(accountId)
    return this.enqueue(async () => {
      await this.writeRecord(key, join(folder, name), entry)
      for (const file of dropped) if (file) await rm(join(folder, file), { force: true })
    })
  }

  /** Deletes everything kept for an account (when the user forgets it). */
  async remove(accountId: string): Promise<void> {
    // The managed accounts' records live inside the account's folder and go with it.
    const gone = (id: string): boolean => ownerOf(id).accountId === accountId
    for (const id of [...this.loaded.keys()].filter(gone)) this.loaded.delete(id)
    for (const id of [...this.pending.keys()].filter(gone)) this.pending.delete(id)
    for (const id of [...this.draftDone].filter(gone)) this.draftDone.delete(id)
    for (const id of [...this.setAsideBy.keys()].filter(gone)) this.setAsideBy.delete(id)
    await this.writing
    await rm(this.folder(accountId), { force: true, recursive: true })
    await rm(this.legacyPath(accountId), { force: true })
  }

  async draft(accountId: string): Promise<Stored<D> | null> {
    return (await this.read(accountId)).draft
  }

  /**
   * Keeps or (null) clears the draft. While the data is locked a new draft is refused, but a
   * clear (the draft was saved to the server, or discarded) is done once the data opens.
   */
  async setDraft(accountId: string, value: D | null): Promise<void> {
    let data: Loaded<D, H>
    try {
      data = await this.read(accountId)
    } catch (error) {
      if (value !== null || !isLocked(error)) throw error
      this.draftDone.add(accountId)
      return
    }
    if (value === null && data.draft === null) return
    const draft = value === null ? null : { id: randomUUID(), time: new Date().toISOString(), value }
    data.draft = draft
    const key = data.key
    if (!key) return
    const path = join(this.folder(accountId), DRAFT_NAME)
    await this.enqueue(() => (draft ? this.writeRecord(key, path, draft) : rm(path, { force: true })))
  }

  async history(accountId: string): Promise<Stored<H>[]> {
    return (await this.read(accountId)).history
  }

  async clearHistory(accountId: string): Promise<void> {
    const data = await this.read(accountId)
    const files = [...data.files.values()]
    data.history = []
    data.files.clear()
    if (!data.key) return
    const folder = this.folder(accountId)
    await this.enqueue(async () => {
      for (const file of files) await rm(join(folder, file), { force: true })
    })
  }

  /**
   * Records an entry; with `durable: false` the caller does not wait for the disk. While the data
   * is locked the entry waits in memory and is added when it opens, so a save or send that
   * happened is not lost to a locked keychain. A failed disk write keeps the entry for this run.
   */
  async addHistory(accountId: string, value: H, options: { durable?: boolean } = {}): Promise<Stored<H>> {
    const entry = { id: randomUUID(), time: new Date().toISOString(), value }
    let data: Loaded<D, H>
    try {
      data = await this.read(accountId)
    } catch (error) {
      if (!isLocked(error)) throw error
      this.pending.set(accountId, [entry, ...(this.pending.get(accountId) ?? [])])
      return entry
    }
    const written = this.append(accountId, data, entry).catch(() => {})
    if (options.durable !== false) await written
    return entry
  }
}
