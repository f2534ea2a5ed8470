/**
 * Reading and safely writing the account's webhook attributes (reference: traccar-api.md §2).
 * Traccar's PUT replaces the whole user and has no ETag, so every save re-reads the user, applies
 * only the intended webhook keys to that fresh object, sends every other field back exactly as
 * received, and reads back to confirm. A webhook key changed elsewhere since the form loaded
 * stops the save (a conflict) instead of being overwritten.
 */
import type { User } from '$shared/traccar'
import type {
  HistoryEntry,
  SaveOutcome,
  SaveWebhookInput,
  WebhookDraft,
  WebhookState,
  WebhookWrite,
} from '$shared/contract'
import { orderEventTypes } from '$shared/event-types'
import { t } from '../i18n'
import { AppFailure } from '$shared/result'
import {
  ATTRIBUTES_LIMIT,
  checkPsk,
  checkTypes,
  checkUrl,
  findNearMisses,
  maskPsk,
  maskValues,
  pickWebhook,
  sameValue,
  WEBHOOK_KEYS,
  type WebhookKey,
  type WebhookValues,
} from '$shared/webhook'
import type { AccountService, ActiveSession } from '../account/account-service'
import { managedDataId, type AccountDataStore } from '../store/account-data'
import { forHtml, hasHtmlSpecial, mapStrings, treatsAsEscaping } from '$shared/html-escape'
import { mayHaveApplied } from '../traccar/errors'
import { escapingRefusal } from './escaping-refusal'

export type DraftRecord = Omit<WebhookDraft, 'savedAt'>
export interface HistoryRecord {
  before: WebhookValues
  after: WebhookValues
  /** Which side's PSK was a generated secret the app does not keep: it is stored masked. */
  maskedPsk?: ('before' | 'after')[]
}

/** Whose webhook a read or write is for: the session's own account or one it manages. */
export interface Target {
  session: ActiveSession
  userId: number
  /** Where its drafts and history are kept (per signed-in account and user). */
  dataId: string
}

/** How a write is carried out beyond the values. */
export interface WriteOptions {
  removeKeys?: string[]
  acceptEscaping?: boolean
  /** Which side's PSK is a generated secret the app does not keep: recorded masked in the history. */
  pskNotKept?: 'before' | 'after'
  /**
   * Many writes in a row (a bulk change): the history goes to the batch journal (one file per
   * chunk, see AccountDataStore.addToBatch); the batch ends with flushHistory.
   */
  historyInBackground?: boolean
}

/** A write that was sent: the values it replaced, the values it meant to leave, near-misses it deletes. */
interface PendingWrite {
  before: WebhookValues
  intended: WebhookValues
  removing: string[]
  pskNotKept?: 'before' | 'after'
  historyInBackground?: boolean
}

/** A history record with a generated PSK (which the app does not keep) masked. */
function withoutGenerated(record: HistoryRecord, side: 'before' | 'after' | undefined): HistoryRecord {
  if (side === undefined || record[side].webhookPsk === undefined) return record
  return {
    ...record,
    [side]: { ...record[side], webhookPsk: maskPsk(record[side].webhookPsk) },
    maskedPsk: [side],
  }
}

/** Keys an HTML-escaping server stored with a layer of escaping (as warned): that is what it saved. */
function storedEscaped(values: WebhookValues, intended: WebhookValues): WebhookKey[] {
  return WEBHOOK_KEYS.filter((k) => {
    const meant = intended[k]
    return !sameValue(values[k], meant) && typeof meant === 'string' && values[k] === forHtml(meant)
  })
}

/** Whether the account shows the write carried out, still the values before it, or something else. */
function judge(user: User, write: PendingWrite): 'applied' | 'notApplied' | 'other' {
  const attributes = user.attributes ?? {}
  const values = pickWebhook(attributes)
  const escaped = storedEscaped(values, write.intended)
  const applied =
    WEBHOOK_KEYS.every((k) => sameValue(values[k], write.intended[k]) || escaped.includes(k)) &&
    write.removing.every((k) => !(k in attributes))
  if (applied) return 'applied'
  return WEBHOOK_KEYS.every((k) => sameValue(values[k], write.before[k])) ? 'notApplied' : 'other'
}

export class WebhookService {
  private typesCache = new WeakMap<object, string[]>()
  /** Per target (data id), a write whose outcome is not known yet (sent, then neither answer nor re-read). */
  private unsettled = new Map<string, PendingWrite>()
  /** The managed account each session's webhook operations act on; absent: its own. */
  private opened = new WeakMap<object, number>()

  constructor(
    private readonly accounts: AccountService,
    private readonly data: AccountDataStore<DraftRecord, HistoryRecord>,
  ) {}

  /** The event types the server knows, BikeTrax-documented first; fetched once per session. */
  async eventTypes(session: ActiveSession): Promise<string[]> {
    const cached = this.typesCache.get(session.client)
    if (cached) return cached
    const list = await session.client.getJson<{ type?: unknown }[]>('/api/notifications/types')
    const types = orderEventTypes(
      (Array.isArray(list) ? list : [])
        .map((t) => t?.type)
        .filter((t): t is string => typeof t === 'string' && t !== 'allEvents'),
    )
    this.typesCache.set(session.client, types)
    return types
  }

  /**
   * The user as stored: on an HTML-escaping server every string arrives with one layer of
   * escaping the server added on output; taking it off here means a PUT never adds a layer.
   */
  private async readUser({ session, userId }: Target): Promise<User> {
    return session.client.plain(await session.client.getUser(userId))
  }

  /** The target of a user id within this session: its own account or a managed one. */
  targetOf(session: ActiveSession, userId: number): Target {
    const own = userId === session.info.userId
    return {
      session,
      userId,
      dataId: own ? session.info.accountId : managedDataId(session.info.accountId, userId),
    }
  }

  /** What the webhook operations act on now (see openAccount). */
  current(): Target {
    const session = this.accounts.require()
    return this.targetOf(session, this.opened.get(session.client) ?? session.info.userId)
  }

  /**
   * Points the webhook operations at a managed account (or back at one's own, null). Only an
   * account the server lets this user read can be opened; the target changes once it is read.
   */
  async open(userId: number | null): Promise<WebhookState> {
    const session = this.accounts.require()
    const target = this.targetOf(session, userId ?? session.info.userId)
    if (target.userId !== session.info.userId && !session.info.administrator && !session.info.manager) {
      throw new AppFailure('managed.notManager', t('error.managed.notManager'))
    }
    let user: User
    try {
      user = await this.readUser(target)
    } catch (error) {
      if (error instanceof AppFailure && /^HTTP (400|403|404)$/.test(error.extra.detail ?? '')) {
        throw new AppFailure(
          'managed.unknownAccount',
          t('error.managed.unknownAccount', { userId: target.userId }),
        )
      }
      throw error
    }
    if (target.userId === session.info.userId) this.opened.delete(session.client)
    else this.opened.set(session.client, target.userId)
    return this.state(target, user)
  }

  private async state({ session }: Target, user: User): Promise<WebhookState> {
    const attributes = (user.attributes ?? {}) as Record<string, unknown>
    const own = user.id === session.info.userId
    // Traccar checks the writer, not the account written: a read-only user or server blocks non-admins.
    const readonly = own
      ? (user.readonly === true || session.server.readonly) && user.administrator !== true
      : session.info.readonly && !session.info.administrator
    const reason =
      session.server.readonly && !(own && user.readonly === true)
        ? 'error.save.readonlyServer'
        : own
          ? 'error.save.readonlyAccount'
          : 'error.save.readonlyCaller'
    return {
      userId: user.id,
      target: {
        userId: user.id,
        name: typeof user.name === 'string' ? user.name : '',
        email: typeof user.email === 'string' ? user.email : '',
        own,
      },
      values: pickWebhook(attributes),
      nearMisses: findNearMisses(attributes),
      eventTypes: await this.eventTypes(session),
      readonly,
      readonlyReason: readonly ? t(reason) : null,
      attributesSize: JSON.stringify(attributes).length,
      otherAttributeCount: Object.keys(attributes).filter(
        (k) => !(WEBHOOK_KEYS as readonly string[]).includes(k),
      ).length,
      loadedAt: new Date().toISOString(),
      escaping: session.client.escaping(),
    }
  }

  async load(): Promise<WebhookState> {
    const target = this.current()
    return this.state(target, await this.readUser(target))
  }

  /** A form loaded for one account must never be saved, nor its draft kept, in another (see openAccount). */
  private guardTarget(userId: number): Target {
    const target = this.current()
    if (userId !== target.userId) {
      throw new AppFailure('target.changed', t('error.target.changed', { current: String(target.userId) }))
    }
    return target
  }

  async save(input: SaveWebhookInput): Promise<SaveOutcome> {
    const target = this.guardTarget(input.userId)
    const values: WebhookWrite = { ...input.values }
    if (values.webhookPsk === '') delete values.webhookPsk
    const problems = [
      values.webhookUrl !== undefined && checkUrl(values.webhookUrl).error,
      values.webhookPsk !== undefined && checkPsk(values.webhookPsk).error,
      values.webhookTypes !== undefined && checkTypes(values.webhookTypes).error,
    ].filter((p): p is string => typeof p === 'string')
    if (problems.length) throw new AppFailure('save.invalid', problems[0]!)
    return this.write(target, input.baseline, values, {
      removeKeys: input.removeKeys,
      acceptEscaping: input.acceptEscaping === true,
    })
  }

  /**
   * The safe save, for one's own account and every managed one alike (the editor, bulk changes and
   * their undo): re-read, stop on a conflict with the baseline, change only the webhook keys, send
   * everything else back as received, read back.
   */
  async write(
    target: Target,
    baseline: WebhookValues,
    intended: WebhookValues,
    options: WriteOptions = {},
  ): Promise<SaveOutcome> {
    const removeKeys = options.removeKeys ?? []
    const { session } = target
    const { client } = session
    const fresh = await this.readUser(target)
    const state = await this.state(target, fresh)
    if (state.readonly) throw new AppFailure('save.readonly', state.readonlyReason!)
    const onServer = state.values
    const nearMisses = new Set(state.nearMisses.map((n) => n.key))
    const attributes = { ...fresh.attributes }
    const removing = removeKeys.filter((k) => nearMisses.has(k) && k in attributes)
    const write: PendingWrite = {
      before: baseline,
      intended,
      removing: removeKeys.filter((k) => nearMisses.has(k)),
      ...(options.pskNotKept && { pskNotKept: options.pskNotKept }),
      ...(options.historyInBackground && { historyInBackground: true }),
    }
    if (WEBHOOK_KEYS.some((k) => !sameValue(onServer[k], baseline[k]))) {
      if (judge(fresh, write) !== 'applied') return { status: 'conflict', state }
      // Our own earlier write whose answer was lost is already there: that is a save, not a conflict.
      const lost = this.unsettled.get(target.dataId)
      if (lost && judge(fresh, lost) === 'applied') return this.settled(target, write, fresh, true)
      // Someone else set exactly these values meanwhile: nothing to write, and not ours to record or undo.
      return this.unchanged(target, state, write)
    }

    const changing = WEBHOOK_KEYS.filter((k) => !sameValue(onServer[k], intended[k]))
    if (changing.length === 0 && removing.length === 0) return this.unchanged(target, state, write)
    const atRisk = changing.filter((k) => typeof intended[k] === 'string' && hasHtmlSpecial(intended[k]))
    const refusal = options.acceptEscaping === true ? null : escapingRefusal(session, atRisk)
    if (refusal) throw refusal
    for (const key of changing) {
      if (intended[key] === undefined) delete attributes[key]
      else attributes[key] = intended[key]
    }
    for (const key of removing) delete attributes[key]

    // An escaping server stores the column escaped, which is what must fit.
    const size = JSON.stringify(
      treatsAsEscaping(client.escaping()) ? mapStrings(attributes, forHtml) : attributes,
    ).length
    if (size > ATTRIBUTES_LIMIT) {
      throw new AppFailure(
        'save.tooLarge',
        t('error.save.tooLarge', { size, over: size - ATTRIBUTES_LIMIT, limit: ATTRIBUTES_LIMIT }),
      )
    }
    // Everything else goes back exactly as the server sent it: unknown fields, totpKey, all attribute types.
    try {
      await client.putUser({ ...fresh, attributes })
    } catch (error) {
      if (!mayHaveApplied(error)) throw error
      return this.settle(target, write, error as AppFailure)
    }
    let readBack: User
    try {
      readBack = await this.readUser(target)
    } catch (error) {
      return this.settle(target, write, error as AppFailure)
    }
    if (judge(readBack, write) !== 'applied') {
      throw new AppFailure('save.notConfirmed', t('error.save.notConfirmed'))
    }
    return this.settled(target, write, readBack, false)
  }

  /**
   * Something failed after the write was sent: re-read the account and say what really happened.
   * When the re-read fails too, the write is kept so "Check again" can settle it later.
   */
  private async settle(target: Target, write: PendingWrite, cause: AppFailure): Promise<SaveOutcome> {
    let user: User
    try {
      user = await this.readUser(target)
    } catch {
      this.unsettled.set(target.dataId, write)
      return {
        status: 'unknown',
        message: t('error.save.outcomeUnknown', { host: target.session.client.host }),
      }
    }
    this.unsettled.delete(target.dataId)
    const verdict = judge(user, write)
    if (verdict === 'applied') return this.settled(target, write, user, true)
    if (verdict === 'notApplied')
      throw new AppFailure(cause.code, t('error.save.notApplied', { reason: cause.message }))
    return { status: 'conflict', state: await this.state(target, user) }
  }

  /** The server already holds the intended values: no history, but an editor's draft is done with. */
  private async unchanged(target: Target, state: WebhookState, write: PendingWrite): Promise<SaveOutcome> {
    if (!write.historyInBackground) await this.data.setDraft(target.dataId, null)
    return { status: 'saved', state, unchanged: true }
  }

  private async settled(
    target: Target,
    write: PendingWrite,
    user: User,
    confirmedByReread: boolean,
  ): Promise<SaveOutcome> {
    const { dataId } = target
    this.unsettled.delete(dataId)
    const after = pickWebhook((user.attributes ?? {}) as Record<string, unknown>)
    const record = withoutGenerated({ before: write.before, after }, write.pskNotKept)
    if (write.historyInBackground) {
      await this.data.addToBatch(dataId, record, { clearDraft: true })
    } else {
      await this.data.addHistory(dataId, record)
      await this.data.setDraft(dataId, null)
    }
    const state = await this.state(target, user)
    const escaped = storedEscaped(after, write.intended)
    return {
      status: 'saved',
      state,
      ...(escaped.length ? { storedEscaped: escaped } : {}),
      ...(confirmedByReread ? { confirmedByReread } : {}),
    }
  }

  /**
   * The end of a batch of writes with historyInBackground: their history is written to disk.
   * Returns how many entries could not be (they are kept for this run only).
   */
  flushHistory(session: ActiveSession): Promise<number> {
    return this.data.flushBatch(session.info.accountId)
  }

  /** "Check again" after an unknown outcome: the same re-read and verdict as right after the save. */
  async checkSave(): Promise<SaveOutcome> {
    const target = this.current()
    const write = this.unsettled.get(target.dataId)
    if (!write) throw new AppFailure('save.nothingPending', t('error.save.nothingPending'))
    return this.settle(target, write, new AppFailure('save.answerLost', t('error.save.answerLost')))
  }

  async draft(userId: number): Promise<{ draft: WebhookDraft | null; persistent: boolean }> {
    const { dataId } = this.guardTarget(userId)
    const stored = await this.data.draft(dataId)
    return {
      draft: stored ? { savedAt: stored.time, ...stored.value } : null,
      persistent: await this.data.persistent(dataId),
    }
  }

  async saveDraft(userId: number, draft: DraftRecord): Promise<void> {
    await this.data.setDraft(this.guardTarget(userId).dataId, draft)
  }

  async discardDraft(userId: number): Promise<void> {
    await this.data.setDraft(this.guardTarget(userId).dataId, null)
  }

  async history(): Promise<HistoryEntry[]> {
    const entries = await this.data.history(this.current().dataId)
    return entries.map((e) => ({
      id: e.id,
      time: e.time,
      before: maskValues(e.value.before),
      after: maskValues(e.value.after),
    }))
  }

  /** Puts back the values from before a recorded save, through the same safe save. */
  async restore(id: string, baseline: WebhookValues, userId: number): Promise<SaveOutcome> {
    const target = this.guardTarget(userId)
    const entry = (await this.data.history(target.dataId)).find((e) => e.id === id)
    if (!entry) throw new AppFailure('history.unknown', t('error.history.unknown'))
    if (entry.value.maskedPsk?.includes('before')) {
      throw new AppFailure('history.secretNotKept', t('error.history.secretNotKept'))
    }
    // On a server that HTML-escapes what it stores, the recorded values are the stored (escaped)
    // text, and writing them back would add a layer: the same warning as for a save comes first.
    return this.write(target, baseline, entry.value.before)
  }
}
