/**
 * Bulk changes to managed accounts: a review (plan) first, then a batch that writes each account
 * in turn through the editor's safe save (re-read, conflict check, only the webhook keys, read
 * back), one request at a time within the client's pacing. Batches can be cancelled, their
 * failures retried, and undone (each account back to its values before, unless it changed since).
 * Generated PSKs are handed out once as CSV and never written anywhere by the app.
 */
import { randomUUID } from 'node:crypto'
import type {
  BulkBatch,
  BulkChange,
  BulkPlan,
  BulkResultStatus,
  BulkRowResult,
  PushEvent,
} from '$shared/contract'
import { emptyBulkCounts } from '$shared/contract'
import { formatCsv, spreadsheetSafe } from '$shared/csv'
import { AppFailure } from '$shared/result'
import { maskValues, type WebhookValues } from '$shared/webhook'
import { t } from '../i18n'
import type { AccountService, ActiveSession } from '../account/account-service'
import type { WebhookService } from '../webhook/webhook-service'
import {
  changed,
  checkChange,
  countActions,
  generatePsk,
  planRow,
  shownRow,
  type PlannedRow,
} from './bulk-plan'
import { importInvalid, reviewImport } from './import'
import type { ManagedAccounts } from './listing'

/** Reviews kept per session, newest last: enough for going back and forth, bounded in memory. */
const PLANS_KEPT = 20

interface Plan {
  id: string
  session: ActiveSession
  rows: PlannedRow[]
  generatesSecrets: boolean
  errors: BulkPlan['errors']
}

/** A row to run: always a managed account (import rows without one are never run). */
type RunRow = PlannedRow & { userId: number }

interface Batch {
  id: string
  kind: BulkBatch['kind']
  session: ActiveSession
  rows: RunRow[]
  results: BulkRowResult[]
  /** Per saved account, the real values before and after (read back): what undo needs. */
  saved: Map<number, { row: RunRow; after: WebhookValues }>
  /** What the batches this one retries saved: its undo covers them too (but not its PSK file). */
  inherited: Map<number, { row: RunRow; after: WebhookValues }>
  /** Undo batches write the values before, whose PSK may be a generated one we do not keep. */
  undoing: boolean
  running: boolean
  cancelRequested: boolean
  /** Saved accounts whose history entry could not be written to disk (kept for this run only). */
  historyNotSaved: number
  secretsTaken: boolean
  finished: Promise<void>
}

function countResults(results: readonly BulkRowResult[]): Record<BulkResultStatus, number> {
  const counts = emptyBulkCounts()
  for (const r of results) counts[r.status]++
  return counts
}

/** Traccar refuses with a 400 whose text says why: these are about permission, not a broken request. */
const PERMISSION = /access denied|access required|readonly|read-only/i

export interface BulkDeps {
  accounts: AccountService
  managed: ManagedAccounts
  webhook: WebhookService
  push: (event: PushEvent) => void
  /** Runs a write after the other writes to the same account (the editor's saves too). */
  serialize: <T>(dataId: string, work: () => Promise<T>) => Promise<T>
}

export class BulkService {
  private plans = new Map<string, Plan>()
  private batches = new Map<string, Batch>()

  constructor(private readonly deps: BulkDeps) {}

  private remember(plan: Omit<Plan, 'id'>): BulkPlan {
    const id = randomUUID()
    this.plans.set(id, { id, ...plan })
    for (const old of [...this.plans.keys()].slice(0, -PLANS_KEPT)) this.plans.delete(old)
    return {
      planId: id,
      rows: plan.rows.map(shownRow),
      counts: countActions(plan.rows),
      generatesSecrets: plan.generatesSecrets,
      errors: plan.errors,
    }
  }

  async plan(userIds: readonly number[], change: BulkChange): Promise<BulkPlan> {
    const session = this.deps.accounts.require()
    checkChange(session, change, await this.deps.webhook.eventTypes(session))
    // A fresh list (one to three requests), not the one the view showed: the review shows what the
    // server holds now, and a change made since the list was read is reviewed, not a conflict at apply.
    const { users } = await this.deps.managed.read()
    const byId = new Map(users.map((u) => [u.id, u]))
    const perAccount = change.kind === 'set' && change.psk?.mode === 'perAccount'
    const rows = [...new Set(userIds)].map((userId): PlannedRow => {
      const user = byId.get(userId)
      if (!user) {
        return {
          userId,
          email: '',
          name: '',
          action: 'skip',
          skip: { code: 'notFound', message: t('error.managed.unknownAccount', { userId }) },
          before: {},
          intended: {},
          pskGenerated: false,
        }
      }
      return planRow(session, user, (before) => ({
        intended: changed(before, change, generatePsk),
        pskGenerated: perAccount,
      }))
    })
    return this.remember({ session, rows, generatesSecrets: perAccount, errors: [] })
  }

  async planImport(csv: string): Promise<BulkPlan> {
    const session = this.deps.accounts.require()
    const known = await this.deps.webhook.eventTypes(session)
    const { users } = await this.deps.managed.read()
    const { rows, errors } = reviewImport(session, csv, users, known)
    return this.remember({ session, rows, generatesSecrets: false, errors })
  }

  private sessionOwn<T extends { session: ActiveSession }>(
    item: T | undefined,
    code: 'bulk.unknownPlan' | 'bulk.unknownBatch',
  ): T {
    // A review or batch belongs to the sign-in it was made in; another sign-in never sees it.
    if (!item || item.session.client !== this.deps.accounts.require().client) {
      throw new AppFailure(code, t(`error.${code}`))
    }
    return item
  }

  private batch(batchId: string): Batch {
    return this.sessionOwn(this.batches.get(batchId), 'bulk.unknownBatch')
  }

  apply(planId: string): { batchId: string; total: number } {
    const plan = this.sessionOwn(this.plans.get(planId), 'bulk.unknownPlan')
    if (plan.errors.length) {
      throw new AppFailure('import.invalid', importInvalid(plan.errors))
    }
    const rows = plan.rows.filter((r): r is RunRow => r.action === 'change' && r.userId !== null)
    return this.start('apply', plan.session, rows, false)
  }

  private start(
    kind: BulkBatch['kind'],
    session: ActiveSession,
    rows: RunRow[],
    undoing: boolean,
    inherited: Batch['inherited'] = new Map(),
  ): { batchId: string; total: number } {
    if ([...this.batches.values()].some((b) => b.running)) {
      throw new AppFailure('bulk.running', t('error.bulk.running'))
    }
    const batch: Batch = {
      id: randomUUID(),
      kind,
      session,
      rows,
      results: [],
      saved: new Map(),
      inherited,
      undoing,
      running: true,
      cancelRequested: false,
      historyNotSaved: 0,
      secretsTaken: false,
      finished: Promise.resolve(),
    }
    this.batches.set(batch.id, batch)
    batch.finished = this.run(batch)
    return { batchId: batch.id, total: rows.length }
  }

  /** Resolves when the batch has finished (for the command line and tests). */
  finished(batchId: string): Promise<void> {
    return this.batch(batchId).finished
  }

  private async run(batch: Batch): Promise<void> {
    try {
      await this.runRows(batch)
    } finally {
      // Finished, cancelled or stopped by an error: the history of every account saved goes to disk.
      batch.historyNotSaved = await this.deps.webhook
        .flushHistory(batch.session)
        .catch(() => batch.saved.size)
      batch.running = false
      this.deps.push({
        type: 'bulk.finished',
        batchId: batch.id,
        counts: countResults(batch.results),
        cancelled: batch.cancelRequested,
        historyNotSaved: batch.historyNotSaved,
      })
    }
  }

  private async runRows(batch: Batch): Promise<void> {
    const total = batch.rows.length
    let stopped: AppFailure | null = null
    for (const row of batch.rows) {
      let result: BulkRowResult
      if (batch.cancelRequested || stopped) {
        result = {
          userId: row.userId,
          email: row.email,
          status: 'cancelled',
          code: stopped?.code ?? null,
          message: stopped ? stopped.message : t('bulk.result.cancelled'),
          after: null,
        }
      } else {
        result = await this.write(batch, row)
        // Signed out or the sign-in expired: the rest would fail the same way.
        if (result.code?.startsWith('auth.')) stopped = new AppFailure(result.code, result.message ?? '')
      }
      batch.results.push(result)
      this.deps.push({ type: 'bulk.progress', batchId: batch.id, done: batch.results.length, total, result })
    }
  }

  private async write(batch: Batch, row: RunRow): Promise<BulkRowResult> {
    const { webhook } = this.deps
    const target = webhook.targetOf(batch.session, row.userId)
    const base = { userId: row.userId, email: row.email }
    try {
      const outcome = await this.deps.serialize(target.dataId, () =>
        webhook.write(target, row.before, row.intended, {
          ...(row.pskGenerated && { pskNotKept: batch.undoing ? 'before' : 'after' }),
          historyInBackground: true,
        }),
      )
      if (outcome.status === 'saved' && outcome.unchanged) {
        // Not written by this batch (someone set the same values, or nothing was to change): undo leaves it.
        return {
          ...base,
          status: 'unchanged',
          code: null,
          message: t('bulk.result.unchanged'),
          after: maskValues(outcome.state.values),
        }
      }
      if (outcome.status === 'saved') {
        batch.saved.set(row.userId, { row, after: outcome.state.values })
        return {
          ...base,
          status: 'saved',
          code: null,
          message: null,
          after: maskValues(outcome.state.values),
        }
      }
      if (outcome.status === 'conflict') {
        return {
          ...base,
          status: 'conflict',
          code: 'save.conflict',
          message: t('bulk.result.conflict'),
          after: maskValues(outcome.state.values),
        }
      }
      return {
        ...base,
        status: 'unknown',
        code: 'save.outcomeUnknown',
        message: outcome.message,
        after: null,
      }
    } catch (error) {
      if (!(error instanceof AppFailure)) {
        return { ...base, status: 'failed', code: 'internal', message: t('error.internal'), after: null }
      }
      const refused =
        error.code === 'save.readonly' ||
        (/^HTTP 4\d\d$/.test(error.extra.detail ?? '') && PERMISSION.test(error.message))
      return {
        ...base,
        status: refused ? 'noPermission' : 'failed',
        code: error.code,
        message: error.message,
        after: null,
      }
    }
  }

  get(batchId: string): BulkBatch {
    const batch = this.batch(batchId)
    return {
      batchId: batch.id,
      kind: batch.kind,
      running: batch.running,
      cancelled: batch.cancelRequested,
      total: batch.rows.length,
      results: [...batch.results],
      counts: countResults(batch.results),
      historyNotSaved: batch.historyNotSaved,
      secretsAvailable: !batch.secretsTaken && this.generated(batch).length > 0,
    }
  }

  /**
   * Signing out: running batches stop after the account in flight, and every plan and batch (with
   * any generated PSKs in them) is dropped, so nothing of the session stays in memory.
   */
  endSession(): void {
    for (const batch of this.batches.values()) batch.cancelRequested = true
    this.plans.clear()
    this.batches.clear()
  }

  cancel(batchId: string): void {
    const batch = this.batch(batchId)
    if (batch.running) batch.cancelRequested = true
  }

  retry(batchId: string): { batchId: string; total: number } {
    const batch = this.batch(batchId)
    if (batch.running) throw new AppFailure('bulk.running', t('error.bulk.running'))
    const again = new Set(
      batch.results.filter((r) => ['failed', 'unknown', 'cancelled'].includes(r.status)).map((r) => r.userId),
    )
    const rows = batch.rows.filter((r) => again.has(r.userId))
    if (rows.length === 0) throw new AppFailure('bulk.nothingToRetry', t('error.bulk.nothingToRetry'))
    return this.start(
      'retry',
      batch.session,
      rows,
      batch.undoing,
      new Map([...batch.inherited, ...batch.saved]),
    )
  }

  /** Each saved account back to its values before, through the safe save: a later change is a conflict. */
  undo(batchId: string): { batchId: string; total: number } {
    const batch = this.batch(batchId)
    if (batch.running) throw new AppFailure('bulk.running', t('error.bulk.running'))
    const all = new Map([...batch.inherited, ...batch.saved])
    const rows = [...all.values()].map(({ row, after }): RunRow => ({
      ...row,
      before: after,
      intended: row.before,
      action: 'change',
    }))
    if (rows.length === 0) throw new AppFailure('bulk.nothingToUndo', t('error.bulk.nothingToUndo'))
    return this.start('undo', batch.session, rows, !batch.undoing)
  }

  /** The saved accounts of the batch whose PSK was generated. */
  private generated(batch: Batch): { row: RunRow; after: WebhookValues }[] {
    if (batch.undoing) return []
    return [...batch.saved.values()].filter(({ row }) => row.pskGenerated)
  }

  /** CSV `email,userId,webhookPsk` of the generated PSKs as the server holds them; once per batch. */
  secretsCsv(batchId: string): string {
    const batch = this.batch(batchId)
    if (batch.running) throw new AppFailure('bulk.running', t('error.bulk.running'))
    if (batch.secretsTaken) throw new AppFailure('bulk.secretsGone', t('error.bulk.secretsGone'))
    const saved = this.generated(batch)
    if (saved.length === 0) throw new AppFailure('bulk.noSecrets', t('error.bulk.noSecrets'))
    batch.secretsTaken = true
    return formatCsv([
      ['email', 'userId', 'webhookPsk'],
      // The email is the account holder's text (no spreadsheet formula); the PSK is ours, exact.
      ...saved.map(({ row, after }) => [
        spreadsheetSafe(row.email),
        String(row.userId),
        String(after.webhookPsk ?? ''),
      ]),
    ])
  }
}
