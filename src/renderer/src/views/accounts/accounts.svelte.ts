/**
 * The Accounts view's state: the managed accounts (loaded with progress), search, filter, sort,
 * selection, and the bulk flow (change → review → apply with progress, cancel, retry, undo, the
 * generated PSKs once), export and import. One module-level store, so a running batch survives
 * switching tabs; it starts over when another account signs in.
 */
import { SvelteSet } from 'svelte/reactivity'
import type {
  BulkBatch,
  BulkChange,
  BulkPlan,
  BulkRowResult,
  ExportFormat,
  ManagedAccount,
  PushEvent,
  SessionInfo,
  WebhookTarget,
} from '$shared/contract'
import type { AppError, Result } from '$shared/result'
import { emptyBulkCounts } from '$shared/contract'
import { parseCsv } from '$shared/csv'

export type AccountFilter = 'all' | 'on' | 'off' | 'nearMiss' | 'readonly'
export const FILTERS: readonly AccountFilter[] = ['all', 'on', 'off', 'nearMiss', 'readonly']
export type AccountSort = 'name' | 'email' | 'host' | 'state'
export const SORTS: readonly AccountSort[] = ['name', 'email', 'host', 'state']
/** Where the view is: the list, or a step of the bulk flow (change form, review, running/finished batch). */
export type AccountsStep = 'list' | 'change' | 'import' | 'review' | 'batch'

/** A generated PSK, shown once after the batch that set it. */
export interface GeneratedSecret {
  email: string
  userId: string
  webhookPsk: string
}

function matches(account: ManagedAccount, filter: AccountFilter, query: string): boolean {
  if (filter === 'on' && !account.webhook.on) return false
  if (filter === 'off' && account.webhook.on) return false
  if (filter === 'nearMiss' && account.nearMisses.length === 0) return false
  if (filter === 'readonly' && !account.readonly) return false
  if (!query) return true
  return (
    account.name.toLowerCase().includes(query) ||
    account.email.toLowerCase().includes(query) ||
    (account.webhook.host ?? '').toLowerCase().includes(query)
  )
}

/** Sort order of the "state" column: on before off, then by host. */
const stateKey = (a: ManagedAccount): string => `${a.webhook.on ? 0 : 1}${a.webhook.host ?? ''}`

const sortKey: Record<AccountSort, (a: ManagedAccount) => string> = {
  name: (a) => a.name || a.email,
  email: (a) => a.email,
  host: (a) => a.webhook.host ?? '\uffff',
  state: stateKey,
}

class AccountsStore {
  /** The signed-in account the data belongs to. */
  private owner: SessionInfo | null = null
  private listening = false

  accounts = $state.raw<ManagedAccount[]>([])
  loaded = $state(false)
  loading = $state(false)
  progress = $state<{ loaded: number; total: number | null } | null>(null)
  loadError = $state<AppError | null>(null)
  /** An account was opened in the editor and may have been saved there: the list is re-read. */
  stale = $state(false)
  selfOmitted = $state(false)

  query = $state('')
  filter = $state<AccountFilter>('all')
  sort = $state<AccountSort>('name')
  descending = $state(false)
  readonly selected = new SvelteSet<number>()

  shown = $derived.by(() => {
    const query = this.query.trim().toLowerCase()
    const key = sortKey[this.sort]
    const list = this.accounts.filter((a) => matches(a, this.filter, query))
    const collator = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true })
    list.sort((a, b) => collator.compare(key(a), key(b)) || a.userId - b.userId)
    return this.descending ? list.reverse() : list
  })
  allShownSelected = $derived(this.shown.length > 0 && this.shown.every((a) => this.selected.has(a.userId)))

  step = $state<AccountsStep>('list')
  busy = $state(false)
  /** The last failure of an action in the bulk flow (plan, apply, retry, undo, export). */
  error = $state<AppError | null>(null)
  plan = $state.raw<BulkPlan | null>(null)
  /** Where the review came from, so Back returns there. */
  planSource = $state<'change' | 'import'>('change')
  batch = $state.raw<BulkBatch | null>(null)
  /** The batch the Undo button undoes: the last apply or retry that saved accounts. */
  undoable = $state<string | null>(null)
  secrets = $state.raw<GeneratedSecret[] | null>(null)
  secretsCsv = $state<string | null>(null)
  secretsError = $state<AppError | null>(null)
  secretsDownloaded = $state(false)

  /** The account the webhook editor acts on; null until one is opened (then the own one is). */
  target = $state.raw<WebhookTarget | null>(null)
  /** Counts the times the target changed, so the editor reloads for the new one. */
  targetVersion = $state(0)

  /**
   * Starts over with every sign-in, the same account's too: main forgets the opened account and
   * the batches (with their generated PSKs) when a session ends, so the window must as well.
   */
  bind(session: SessionInfo): void {
    if (this.owner === session) return
    this.owner = session
    this.accounts = []
    this.loaded = false
    this.loading = false
    this.loadError = null
    this.progress = null
    this.stale = false
    this.query = ''
    this.filter = 'all'
    this.selected.clear()
    this.step = 'list'
    this.error = null
    this.plan = null
    this.batch = null
    this.undoable = null
    this.secrets = null
    this.secretsCsv = null
    this.secretsError = null
    this.secretsDownloaded = false
    this.target = null
  }

  private listen(): void {
    if (this.listening) return
    this.listening = true
    window.api.onEvent((event) => this.onEvent(event))
  }

  private onEvent(event: PushEvent): void {
    if (event.type === 'managed.progress' && this.loading) {
      this.progress = { loaded: event.loaded, total: event.total }
    } else if (event.type === 'bulk.progress' && event.batchId === this.batch?.batchId) {
      this.addResult(event.result)
    } else if (event.type === 'bulk.finished' && event.batchId === this.batch?.batchId) {
      const { cancelled, counts, historyNotSaved } = event
      this.batch = { ...this.batch, running: false, cancelled, counts, historyNotSaved }
      void this.settle(event.batchId)
    }
  }

  /** A result replaces an earlier one of the same account (a re-read may repeat it). */
  private addResult(result: BulkRowResult): void {
    const batch = this.batch
    if (!batch) return
    const results = batch.results.filter((r) => r.userId !== result.userId)
    results.push(result)
    const counts = emptyBulkCounts()
    for (const r of results) counts[r.status]++
    this.batch = { ...batch, results, counts }
  }

  /** The read under way, and the sign-in it reads for. */
  private loadingNow: { owner: SessionInfo | null; done: Promise<void> } | null = null

  /**
   * Reads the accounts; a call while a read runs waits for that one, unless that read belongs to
   * an earlier sign-in (its answer is another session's, or a failure): then it reads anew.
   */
  load(): Promise<void> {
    if (this.loadingNow?.owner !== this.owner) {
      const done: Promise<void> = this.read().finally(() => {
        if (this.loadingNow?.done === done) this.loadingNow = null
      })
      this.loadingNow = { owner: this.owner, done }
    }
    return this.loadingNow.done
  }

  private async read(): Promise<void> {
    const owner = this.owner
    this.listen()
    this.loading = true
    this.loadError = null
    this.progress = { loaded: 0, total: null }
    try {
      const result = await window.api.listManagedAccounts()
      // A read of an earlier sign-in: the read for this one sets the state.
      if (this.owner !== owner) return
      if (!result.ok) {
        this.loadError = result.error
        return
      }
      this.accounts = result.value.accounts
      this.stale = false
      this.selfOmitted = result.value.selfOmitted
      this.loaded = true
      // Accounts that went away are no longer selectable.
      const ids = new Set(this.accounts.map((a) => a.userId))
      for (const id of [...this.selected]) if (!ids.has(id)) this.selected.delete(id)
    } finally {
      if (this.owner === owner) {
        this.loading = false
        this.progress = null
      }
    }
  }

  toggle(userId: number, on: boolean): void {
    if (on) this.selected.add(userId)
    else this.selected.delete(userId)
  }

  /** "Select all N shown", or unselect them when all are selected already. */
  toggleAllShown(): void {
    const on = !this.allShownSelected
    for (const a of this.shown) this.toggle(a.userId, on)
  }

  sortBy(sort: AccountSort): void {
    if (this.sort === sort) this.descending = !this.descending
    else {
      this.sort = sort
      this.descending = false
    }
  }

  private async run<T>(call: () => Promise<Result<T>>): Promise<T | null> {
    const owner = this.owner
    this.busy = true
    this.error = null
    try {
      const result = await call()
      // The answer of an earlier sign-in's action: the store has started over since.
      if (this.owner !== owner) return null
      if (!result.ok) {
        this.error = result.error
        return null
      }
      return result.value
    } finally {
      this.busy = false
    }
  }

  startChange(): void {
    this.error = null
    this.step = 'change'
  }

  startImport(): void {
    this.error = null
    this.step = 'import'
  }

  back(): void {
    this.error = null
    if (this.step === 'review') this.step = this.planSource
    else this.step = 'list'
  }

  async review(change: BulkChange): Promise<void> {
    // The review starts from the accounts as listed: edits made in the editor meanwhile are read first.
    if (this.stale) await this.load()
    const userIds = this.shownOrder(this.selected)
    const plan = await this.run(() => window.api.planBulk({ userIds, change }))
    if (!plan) return
    this.plan = plan
    this.planSource = 'change'
    this.step = 'review'
  }

  async reviewImport(csv: string): Promise<void> {
    const plan = await this.run(() => window.api.planImport({ csv }))
    if (!plan) return
    this.plan = plan
    this.planSource = 'import'
    this.step = 'review'
  }

  /** The selection in the order the list shows it, so the review and results read the same way. */
  private shownOrder(ids: ReadonlySet<number>): number[] {
    const inList = this.shown.filter((a) => ids.has(a.userId)).map((a) => a.userId)
    const hidden = [...ids].filter((id) => !inList.includes(id))
    return [...inList, ...hidden]
  }

  async apply(): Promise<void> {
    const plan = this.plan
    if (!plan) return
    const started = await this.run(() => window.api.applyBulk({ planId: plan.planId }))
    if (started) await this.follow(started, 'apply', plan.generatesSecrets)
  }

  async cancel(): Promise<void> {
    const batch = this.batch
    if (batch?.running) await this.run(() => window.api.cancelBulk({ batchId: batch.batchId }))
  }

  async retry(): Promise<void> {
    const batch = this.batch
    if (!batch) return
    const started = await this.run(() => window.api.retryBulk({ batchId: batch.batchId }))
    if (started) await this.follow(started, 'retry', false)
  }

  async undo(): Promise<void> {
    const batchId = this.undoable
    if (!batchId) return
    const started = await this.run(() => window.api.undoBulk({ batchId }))
    if (started) await this.follow(started, 'undo', false)
  }

  /** Shows a batch that just started; its results come as events, and are re-read to miss none. */
  private async follow(
    started: { batchId: string; total: number },
    kind: BulkBatch['kind'],
    secrets: boolean,
  ): Promise<void> {
    this.listen()
    this.secrets = null
    this.secretsCsv = null
    this.secretsError = null
    this.secretsDownloaded = false
    this.batch = {
      batchId: started.batchId,
      kind,
      running: true,
      cancelled: false,
      total: started.total,
      results: [],
      counts: emptyBulkCounts(),
      historyNotSaved: 0,
      secretsAvailable: secrets,
    }
    this.step = 'batch'
    const current = await window.api.getBulk({ batchId: started.batchId })
    if (current.ok && this.batch?.batchId === started.batchId) {
      // Events that came before the answer are in it; a finished batch is settled here.
      for (const r of current.value.results) this.addResult(r)
      if (!current.value.running) await this.settle(started.batchId)
    }
  }

  /** A finished batch: its final state from the server, the PSKs it generated (once), fresh accounts. */
  private async settle(batchId: string): Promise<void> {
    const final = await window.api.getBulk({ batchId })
    if (this.batch?.batchId !== batchId) return
    if (final.ok) this.batch = final.value
    const batch = this.batch
    if (batch.kind !== 'undo' && batch.counts.saved > 0) this.undoable = batchId
    if (batch.kind === 'undo') this.undoable = null
    if (batch.secretsAvailable && this.secretsCsv === null) {
      const csv = await window.api.bulkSecretsCsv({ batchId })
      if (csv.ok) {
        this.secretsCsv = csv.value
        this.secrets = secretsFrom(csv.value)
      } else this.secretsError = csv.error
    }
    void this.load()
  }

  /** Leaves the finished batch (the generated PSKs are gone from the app then). */
  done(): void {
    this.secrets = null
    this.secretsCsv = null
    this.plan = null
    this.step = 'list'
  }

  async exportAccounts(
    format: ExportFormat,
    includePsk: boolean,
  ): Promise<{ fileName: string; content: string } | null> {
    return this.run(() => window.api.exportManagedAccounts({ format, includePsk }))
  }

  /** Points the webhook editor at an account (null: one's own); false when the server refused. */
  async open(userId: number | null): Promise<boolean> {
    const state = await this.run(() => window.api.openAccount({ userId }))
    if (!state) return false
    this.target = state.target
    this.targetVersion++
    if (userId !== null) this.stale = true
    return true
  }
}

function secretsFrom(csv: string): GeneratedSecret[] {
  const parsed = parseCsv(csv)
  const [header, ...rows] = parsed.ok ? parsed.records.map((r) => r.fields) : []
  const at = (name: string): number => header?.indexOf(name) ?? -1
  const email = at('email')
  const userId = at('userId')
  const psk = at('webhookPsk')
  return rows.map((r) => ({ email: r[email] ?? '', userId: r[userId] ?? '', webhookPsk: r[psk] ?? '' }))
}

export const accounts = new AccountsStore()
