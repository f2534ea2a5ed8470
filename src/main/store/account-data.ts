/**
 * Per-account local data: the unsaved webhook draft and the history of saves made through the
 * app, or the test deliveries. A folder per account and kind in the user-data folder holds one
 * sealed file per record (see sealed.ts), so recording an entry writes one small file and never
 * rewrites the others.
 *
 * The data key lives in the keychain. When it cannot be read (locked, or no answer) while sealed
 * data is on disk, the data is *locked*: reads fail with `data.locked`, nothing is cached or
 * written, and the next call asks the keychain again. Without a keychain and with nothing on
 * disk, the data lives in memory until the key can be read (see keyFor): then all of it is written
 * out, so nothing this run kept is lost at the next restart. A file or record that cannot be read or fails
 * its AES-GCM check is moved aside and reported, never dropped or overwritten.
 *
 * A bulk change records hundreds of entries in a row, and one sealed file per entry (an fsync
 * each, ~1 ms of CPU and several of disk) would cost more than the change's own requests. Those
 * entries go to a journal instead (see addToBatch): one sealed file per chunk of up to
 * JOURNAL_CHUNK entries in the signed-in account's `journal` folder, written when the chunk is
 * full, a second after its first entry, or when the batch ends (cancelled, failed or not). After
 * the batch the entries are filed into their accounts' own record files in the background, and a
 * journal file is deleted once all of its entries are filed; journal files left by a crash are
 * read back on the next start and filed then. Chunks are written in a queue of their own, never
 * behind the record writes of a filing. So a crash loses only entries whose chunk was not on disk
 * yet: the open chunk (the last second's, at most one chunk) and a chunk still being written,
 * never an entry of a chunk written before — the server holds the change itself either way, and
 * the batch's undo lives in memory — and the entries are readable at once.
 */
import { createHash, randomUUID } from 'node:crypto'
import { access, readdir, rm } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { t } from '../i18n'
import { AppFailure } from '$shared/result'
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
  /** When the history was last cleared: journal entries made before it are not filed again. */
  clearedAt: string
  /** How often the signed-in account had been forgotten when this was read (see remove). */
  removals: number | undefined
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
/** Sealed, so the time a history was cleared is as private as the history. */
const CLEARED_NAME = 'cleared.json'
const JOURNAL = 'journal'
/** Entries per journal file, and how long the first entry of a chunk waits for the others. */
export const JOURNAL_CHUNK = 50
const JOURNAL_WAIT_MS = 1000

/** One entry of a journal file: whose it is (the managed user's id; null: the account's own). */
interface JournalItem<H> extends Stored<H> {
  userId: string | null
  /** The save made the account's draft obsolete: a draft older than the entry goes when the data loads. */
  clearDraft: boolean
}

/** The entries of a batch waiting to be written as one journal file. */
interface Chunk<H> {
  key: Buffer
  items: JournalItem<H>[]
  timer: NodeJS.Timeout
}

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
  /**
   * Journal files are written in a queue of their own, so a chunk never waits behind record
   * writes (a filing, a history clear); their deletion goes in `writing`, after the filing's appends.
   */
  private journalWriting: Promise<void> = Promise.resolve()
  /** Per account, batch entries (newest first) not yet in its own record files: see addToBatch. */
  private journaled = new Map<string, Stored<H>[]>()
  /** Per signed-in account: the open chunk, its journal files not yet filed, and failed chunk writes. */
  private chunks = new Map<string, Chunk<H>>()
  private journalFiles = new Map<string, Set<string>>()
  private notWritten = new Map<string, number>()
  private recovered = new Map<string, Promise<void>>()
  private filing = new Map<string, Promise<void>>()
  /**
   * Signed-in accounts where filing a journaled entry into its record file failed: their journal
   * files are kept (the entry is on disk only there) and filed again on the next start.
   */
  private fileFailed = new Set<string>()
  /** Per signed-in account, how often it was removed: a filing that sees this change stops. */
  private removals = new Map<string, number>()
  /**
   * Accounts saved by a batch before their data was loaded: a draft made before that time is
   * obsolete and goes when the data loads (a draft made after the save stays).
   */
  private staleDrafts = new Map<string, string>()

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

  /**
   * True when data for this account survives a restart (the keychain holds its key). Data held
   * without a key asks the keychain again, as it may have been unlocked since: in the background
   * (a keychain that does not answer must not hold up the editor; the next write or call here
   * writes the data out once it answers), or waiting for the answer with `ask` (the user's retry).
   */
  async persistent(accountId: string, { ask = false }: { ask?: boolean } = {}): Promise<boolean> {
    const data = await this.read(accountId)
    if (!data.key) {
      const asking = this.sealer.key(ownerOf(accountId).accountId)
      if (ask) await asking
    }
    return this.keyFor(accountId, data) !== null
  }

  /**
   * The key to write an account's data with. Data first read without one (no keychain, nothing on
   * disk) is written out in full, ahead of any later write, once this run has the key (asked by
   * persistent() or a bulk change); before, it lives in memory only. Never asks the keychain.
   */
  private keyFor(accountId: string, data: Loaded<D, H>): Buffer | null {
    if (data.key) return data.key
    const owner = ownerOf(accountId).accountId
    // Data of an account forgotten since it was read is never written back.
    if (this.removals.get(owner) !== data.removals) return null
    const key = this.sealer.known(owner)
    if (key === null) return null
    data.key = key
    const folder = this.folder(accountId)
    const { draft, clearedAt } = data
    const records = data.history.map((entry) => ({ entry, name: data.files.get(entry.id) }))
    // A failed write keeps the data for this run, as a failed append does.
    void this.enqueue(async () => {
      if (clearedAt) {
        const cleared: Stored<string> = { id: randomUUID(), time: clearedAt, value: clearedAt }
        await this.writeRecord(key, join(folder, CLEARED_NAME), cleared)
      }
      for (const { entry, name } of records) {
        if (name !== undefined) await this.writeRecord(key, join(folder, name), entry)
      }
      if (draft !== null) await this.writeRecord(key, join(folder, DRAFT_NAME), draft)
    }).catch(() => {})
    return key
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

  /** The account's data with its batch entries filed first, so they read in the order they were made. */
  private async opened(accountId: string): Promise<Loaded<D, H>> {
    const data = await this.read(accountId)
    void this.fileJournaled(accountId, data).catch(() => {})
    return data
  }

  private async load(accountId: string): Promise<Loaded<D, H>> {
    // A load begun before remove() must not bring the removed account's journal back (see recover).
    const removals = this.removals.get(ownerOf(accountId).accountId)
    const key = await this.sealer.key(ownerOf(accountId).accountId)
    const data: Loaded<D, H> = {
      key,
      draft: null,
      history: [],
      files: new Map(),
      next: 1,
      clearedAt: '',
      removals,
    }
    if (!key) {
      // A key that cannot be read is not "no data": what is on disk stays untouched until it opens.
      if ((await exists(this.folder(accountId))) || (await exists(this.legacyPath(accountId)))) {
        throw new AppFailure('data.locked', t('error.data.locked'))
      }
      return data
    }
    await this.migrate(accountId)
    await this.recover(ownerOf(accountId).accountId, key, removals)
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
    if (names.includes(CLEARED_NAME)) {
      data.clearedAt = (await this.open<string>(accountId, key, join(folder, CLEARED_NAME)))?.value ?? ''
    }
    // What happened while the data was locked is written before anyone reads it.
    const catchUp: Promise<void>[] = []
    const staleBefore = this.staleDrafts.get(accountId)
    this.staleDrafts.delete(accountId)
    const stale = data.draft !== null && staleBefore !== undefined && data.draft.time <= staleBefore
    if ((this.draftDone.delete(accountId) || stale) && data.draft) {
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

  /** Runs disk work one piece at a time per queue, in the order it was asked for. */
  private enqueue<T>(work: () => Promise<T>, queue: 'writing' | 'journalWriting' = 'writing'): Promise<T> {
    const run = this[queue].then(work)
    this[queue] = run.then(
      () => {},
      () => {},
    )
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

  /**
   * Adds an entry in memory and, with a key, as one new file; the oldest beyond the limit go.
   * `onFail` runs inside the disk queue, so work queued after the append sees the failure.
   */
  private append(
    accountId: string,
    data: Loaded<D, H>,
    entry: Stored<H>,
    onFail?: () => void,
  ): Promise<void> {
    const key = this.keyFor(accountId, data)
    const name = `${data.next++}.json`
    data.history.unshift(entry)
    data.files.set(entry.id, name)
    const dropped = data.history.splice(this.limit).map((old) => {
      const file = data.files.get(old.id)
      data.files.delete(old.id)
      return file
    })
    if (key === null) {
      // Loaded while the keychain was locked: kept in memory only, so a journaled entry must keep
      // its journal file on disk until the next start files it.
      onFail?.()
      return Promise.resolve()
    }
    const folder = this.folder(accountId)
    return this.enqueue(async () => {
      try {
        await this.writeRecord(key, join(folder, name), entry)
      } catch (error) {
        onFail?.()
        throw error
      }
      for (const file of dropped) if (file) await rm(join(folder, file), { force: true })
    })
  }

  /** Deletes everything kept for an account (when the user forgets it). */
  async remove(accountId: string): Promise<void> {
    // The managed accounts' records live inside the account's folder and go with it.
    const gone = (id: string): boolean => ownerOf(id).accountId === accountId
    this.removals.set(accountId, (this.removals.get(accountId) ?? 0) + 1)
    for (const id of [...this.loaded.keys()].filter(gone)) this.loaded.delete(id)
    for (const id of [...this.journaled.keys()].filter(gone)) this.journaled.delete(id)
    clearTimeout(this.chunks.get(accountId)?.timer)
    this.chunks.delete(accountId)
    this.journalFiles.delete(accountId)
    this.notWritten.delete(accountId)
    this.recovered.delete(accountId)
    this.filing.delete(accountId)
    this.fileFailed.delete(accountId)
    for (const id of [...this.pending.keys()].filter(gone)) this.pending.delete(id)
    for (const id of [...this.draftDone].filter(gone)) this.draftDone.delete(id)
    for (const id of [...this.staleDrafts.keys()].filter(gone)) this.staleDrafts.delete(id)
    for (const id of [...this.setAsideBy.keys()].filter(gone)) this.setAsideBy.delete(id)
    // Work queued while waiting (a filing that had loaded its account just before) goes first too.
    for (let queued = this.writing; ; queued = this.writing) {
      await Promise.all([queued, this.journalWriting])
      if (queued === this.writing) break
    }
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
    const key = this.keyFor(accountId, data)
    const draft = value === null ? null : { id: randomUUID(), time: new Date().toISOString(), value }
    data.draft = draft
    if (!key) return
    const path = join(this.folder(accountId), DRAFT_NAME)
    await this.enqueue(() => (draft ? this.writeRecord(key, path, draft) : rm(path, { force: true })))
  }

  async history(accountId: string): Promise<Stored<H>[]> {
    return (await this.opened(accountId)).history
  }

  async clearHistory(accountId: string): Promise<void> {
    const data = await this.opened(accountId)
    const key = this.keyFor(accountId, data)
    const files = [...data.files.values()]
    const time = new Date().toISOString()
    const cleared: Stored<string> = { id: randomUUID(), time, value: time }
    data.history = []
    data.files.clear()
    data.clearedAt = cleared.time
    if (!key) return
    const folder = this.folder(accountId)
    await this.enqueue(async () => {
      // First, so a crash midway does not let a journal file left behind bring entries back.
      await this.writeRecord(key, join(folder, CLEARED_NAME), cleared)
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
    void this.fileJournaled(accountId, data).catch(() => {})
    const written = this.append(accountId, data, entry).catch(() => {})
    if (options.durable !== false) await written
    return entry
  }

  /**
   * Records an entry of one write among many (a bulk change) in the journal (see the top of this
   * file): readable at once, on disk within a second or a chunk, filed into the account's own
   * records after the batch (flushBatch). With `clearDraft` the account's draft goes too — at
   * once when its data is loaded, else when it next loads (the filing loads it), so no account's
   * data is loaded here. Without a keychain key (locked, or none) it is recorded as addHistory does.
   */
  async addToBatch(accountId: string, value: H, options: { clearDraft: boolean }): Promise<Stored<H>> {
    const owner = ownerOf(accountId)
    const key = await this.sealer.key(owner.accountId)
    if (!key) {
      const entry = await this.addHistory(accountId, value, { durable: false })
      if (options.clearDraft) await this.setDraft(accountId, null)
      return entry
    }
    const entry: Stored<H> = { id: randomUUID(), time: new Date().toISOString(), value }
    this.journaled.set(accountId, [entry, ...(this.journaled.get(accountId) ?? [])])
    if (options.clearDraft) {
      if (this.loaded.has(accountId)) await this.setDraft(accountId, null)
      else this.staleDrafts.set(accountId, entry.time)
    }
    let chunk = this.chunks.get(owner.accountId)
    if (!chunk) {
      const timer = setTimeout(() => void this.writeChunk(owner.accountId), JOURNAL_WAIT_MS)
      // A chunk never keeps the process alive: the batch's end writes it (flushBatch).
      timer.unref()
      chunk = { key, items: [], timer }
      this.chunks.set(owner.accountId, chunk)
    }
    chunk.items.push({ ...entry, userId: owner.userId, clearDraft: options.clearDraft })
    if (chunk.items.length >= JOURNAL_CHUNK) void this.writeChunk(owner.accountId)
    return entry
  }

  /**
   * The end of a batch (finished, cancelled or failed): writes the open chunk, then files the
   * journal into the accounts' own records in the background. Returns how many of the batch's
   * entries could not be written to disk (they are kept in memory for this run).
   */
  async flushBatch(accountId: string): Promise<number> {
    const owner = ownerOf(accountId).accountId
    await this.writeChunk(owner)
    // Chunks written before (on a timer or when full) are in the journal's queue ahead of this.
    await this.journalWriting
    const failed = this.notWritten.get(owner) ?? 0
    this.notWritten.delete(owner)
    void this.fileJournal(owner)
    return failed
  }

  /** Resolves when the batch entries recorded so far are filed into their accounts' own records (tests). */
  async filed(accountId: string): Promise<void> {
    const owner = ownerOf(accountId).accountId
    await this.flushBatch(owner)
    await this.fileJournal(owner)
  }

  private writeChunk(owner: string): Promise<void> {
    const chunk = this.chunks.get(owner)
    if (!chunk) return Promise.resolve()
    this.chunks.delete(owner)
    clearTimeout(chunk.timer)
    const time = new Date().toISOString()
    // Names sort in the order the chunks were written.
    const path = join(this.folder(owner), JOURNAL, `${Date.now()}-${randomUUID().slice(0, 8)}.json`)
    const record: Stored<JournalItem<H>[]> = { id: randomUUID(), time, value: chunk.items }
    return this.enqueue(() => this.writeRecord(chunk.key, path, record), 'journalWriting').then(
      () => void this.journalFiles.set(owner, (this.journalFiles.get(owner) ?? new Set()).add(path)),
      // The entries stay in memory (journaled) and are still filed into their accounts' records.
      () => void this.notWritten.set(owner, (this.notWritten.get(owner) ?? 0) + chunk.items.length),
    )
  }

  /** Journal files a crash (or an exit before filing) left: their entries are read back, then filed. */
  private recover(owner: string, key: Buffer, removals: number | undefined): Promise<void> {
    if (this.removals.get(owner) !== removals) return Promise.resolve()
    let recovering = this.recovered.get(owner)
    if (!recovering) {
      // Unreadable journal files are moved aside (and reported) by open(); nothing here may block a load.
      recovering = this.readJournal(owner, key, removals).catch(() => {})
      this.recovered.set(owner, recovering)
      // Filed once every account's load can see the entries (this runs inside a load).
      void recovering.then(() => {
        if (this.removals.get(owner) === removals) setImmediate(() => void this.fileJournal(owner))
      })
    }
    return recovering
  }

  private async readJournal(owner: string, key: Buffer, removals: number | undefined): Promise<void> {
    const folder = join(this.folder(owner), JOURNAL)
    const names = (await readdir(folder).catch(() => [] as string[]))
      .filter((n) => n.endsWith('.json'))
      .sort()
    const files = this.journalFiles.get(owner) ?? new Set<string>()
    for (const name of names) {
      const path = join(folder, name)
      if (files.has(path)) continue
      const record = await this.open<JournalItem<H>[]>(owner, key, path)
      if (this.removals.get(owner) !== removals) return
      if (!record || !Array.isArray(record.value)) continue
      for (const { userId, clearDraft, ...entry } of record.value) {
        const accountId = userId === null ? owner : `${owner}${MANAGED}${userId}`
        const waiting = this.journaled.get(accountId) ?? []
        if (!waiting.some((e) => e.id === entry.id)) this.journaled.set(accountId, [entry, ...waiting])
        const known = this.staleDrafts.get(accountId)
        if (clearDraft && (!known || known < entry.time)) this.staleDrafts.set(accountId, entry.time)
      }
      files.add(path)
    }
    this.journalFiles.set(owner, files)
  }

  /** Files every journaled entry of the signed-in account's batches; deletes journal files once all are. */
  private fileJournal(owner: string): Promise<void> {
    // One filing at a time per signed-in account, each taking what is journaled when it starts.
    const run = (this.filing.get(owner) ?? Promise.resolve()).then(() => this.fileJournalNow(owner))
    const tail = run.catch(() => {})
    this.filing.set(owner, tail)
    return tail
  }

  private fileJournalNow(owner: string): Promise<void> {
    const files = [...(this.journalFiles.get(owner) ?? [])]
    const accounts = [...this.journaled.keys()].filter((id) => ownerOf(id).accountId === owner)
    const removals = this.removals.get(owner)
    // After remove() nothing may be loaded again: a load would create a new key in the keychain.
    const removed = (): boolean => this.removals.get(owner) !== removals
    return (async () => {
      let allFiled = true
      for (const accountId of accounts) {
        // Filed meanwhile (a read of its history) or removed: its data is not loaded for nothing.
        if (removed()) return
        if (!this.journaled.has(accountId)) continue
        try {
          const data = await this.read(accountId)
          if (removed()) return
          await this.fileJournaled(accountId, data)
        } catch {
          allFiled = false
        }
      }
      if (!allFiled || removed()) return
      for (const path of files) {
        // Checked in the queue: an entry filed outside this filing (opened) may have failed just before.
        const deleted = await this.enqueue(async () => {
          if (this.fileFailed.has(owner)) return false
          await rm(path, { force: true })
          return true
        })
        if (deleted) this.journalFiles.get(owner)?.delete(path)
      }
    })()
  }

  /** Writes an account's journaled entries into its own record files, oldest first, each once. */
  private fileJournaled(accountId: string, data: Loaded<D, H>): Promise<unknown> {
    const waiting = this.journaled.get(accountId)
    if (!waiting) return Promise.resolve()
    this.journaled.delete(accountId)
    // A crash between filing and deleting the journal file would bring entries back: skip those
    // kept, those cleared, and those older than a full history's oldest (trimmed by the limit).
    const oldest = data.history.length >= this.limit ? (data.history.at(-1)?.time ?? '') : ''
    const fresh = waiting
      .filter((e) => !data.files.has(e.id) && e.time > data.clearedAt && e.time > oldest)
      .reverse()
    const failed = (): void => void this.fileFailed.add(ownerOf(accountId).accountId)
    return Promise.all(fresh.map((entry) => this.append(accountId, data, entry, failed)))
  }
}
