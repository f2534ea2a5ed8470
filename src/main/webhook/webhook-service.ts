/**
 * Reading and safely writing the account's webhook attributes (reference: traccar-api.md §2).
 * Traccar's PUT replaces the whole user and has no ETag, so every save re-reads the user, applies
 * only the intended webhook keys to that fresh object, sends every other field back exactly as
 * received, and reads back to confirm. A webhook key changed elsewhere since the form loaded
 * stops the save (a conflict) instead of being overwritten.
 */
import type {
  HistoryEntry,
  SaveOutcome,
  SaveWebhookInput,
  WebhookDraft,
  WebhookState,
  WebhookWrite,
} from '../../shared/contract'
import { orderEventTypes } from '../../shared/event-types'
import { t } from '../i18n'
import { AppFailure } from '../../shared/result'
import {
  ATTRIBUTES_LIMIT,
  checkPsk,
  checkTypes,
  checkUrl,
  findNearMisses,
  maskPsk,
  maskUrl,
  pickWebhook,
  sameValue,
  WEBHOOK_KEYS,
  type WebhookKey,
  type WebhookValues,
} from '../../shared/webhook'
import type { AccountService, ActiveSession } from '../account/account-service'
import type { AccountDataStore } from '../store/account-data'
import type { TraccarUser } from '../traccar/client'
import { forHtml, hasHtmlSpecial, mapStrings, treatsAsEscaping } from '../../shared/html-escape'
import { mayHaveApplied } from '../traccar/errors'

export type DraftRecord = Omit<WebhookDraft, 'savedAt'>
export interface HistoryRecord {
  before: WebhookValues
  after: WebhookValues
}

/** A write that was sent: the values it replaced, the values it meant to leave, near-misses it deletes. */
interface PendingWrite {
  before: WebhookValues
  intended: WebhookValues
  removing: string[]
}

/** Keys an HTML-escaping server stored with a layer of escaping (as warned): that is what it saved. */
function storedEscaped(values: WebhookValues, intended: WebhookValues): WebhookKey[] {
  return WEBHOOK_KEYS.filter((k) => {
    const meant = intended[k]
    return !sameValue(values[k], meant) && typeof meant === 'string' && values[k] === forHtml(meant)
  })
}

/** Whether the account shows the write carried out, still the values before it, or something else. */
function judge(user: TraccarUser, write: PendingWrite): 'applied' | 'notApplied' | 'other' {
  const attributes = (user.attributes ?? {}) as Record<string, unknown>
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
  /** Per account, a write whose outcome is not known yet (sent, then neither answer nor re-read). */
  private unsettled = new Map<string, PendingWrite>()

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
  private async readUser(session: ActiveSession): Promise<TraccarUser> {
    return session.client.plain(await session.client.getUser(session.info.userId))
  }

  private async state(session: ActiveSession, user: TraccarUser): Promise<WebhookState> {
    const attributes = (user.attributes ?? {}) as Record<string, unknown>
    const readonly = (user.readonly === true || session.server.readonly) && user.administrator !== true
    return {
      userId: user.id,
      target: {
        userId: user.id,
        name: typeof user.name === 'string' ? user.name : '',
        email: typeof user.email === 'string' ? user.email : '',
        own: user.id === session.info.userId,
      },
      values: pickWebhook(attributes),
      nearMisses: findNearMisses(attributes),
      eventTypes: await this.eventTypes(session),
      readonly,
      readonlyReason: readonly
        ? user.readonly === true
          ? t('error.save.readonlyAccount')
          : t('error.save.readonlyServer')
        : null,
      attributesSize: JSON.stringify(attributes).length,
      otherAttributeCount: Object.keys(attributes).filter(
        (k) => !(WEBHOOK_KEYS as readonly string[]).includes(k),
      ).length,
      loadedAt: new Date().toISOString(),
      escaping: session.client.escaping(),
    }
  }

  async load(): Promise<WebhookState> {
    const session = this.accounts.require()
    return this.state(session, await this.readUser(session))
  }

  /** A form loaded for one account must never be saved into another (see openAccount). */
  private guardTarget(userId: number): void {
    const { info } = this.accounts.require()
    if (userId !== info.userId) {
      throw new AppFailure('target.changed', t('error.target.changed', { current: info.email }))
    }
  }

  async save(input: SaveWebhookInput): Promise<SaveOutcome> {
    this.guardTarget(input.userId)
    const values: WebhookWrite = { ...input.values }
    if (values.webhookPsk === '') delete values.webhookPsk
    const problems = [
      values.webhookUrl !== undefined && checkUrl(values.webhookUrl).error,
      values.webhookPsk !== undefined && checkPsk(values.webhookPsk).error,
      values.webhookTypes !== undefined && checkTypes(values.webhookTypes).error,
    ].filter((p): p is string => typeof p === 'string')
    if (problems.length) throw new AppFailure('save.invalid', problems[0]!)
    return this.apply(input.baseline, values, input.removeKeys, input.acceptEscaping === true)
  }

  private async apply(
    baseline: WebhookValues,
    intended: WebhookValues,
    removeKeys: string[],
    acceptEscaping: boolean,
  ): Promise<SaveOutcome> {
    const session = this.accounts.require()
    const { client, info } = session
    const fresh = await this.readUser(session)
    const state = await this.state(session, fresh)
    if (state.readonly) throw new AppFailure('save.readonly', state.readonlyReason!)
    const onServer = state.values
    const nearMisses = new Set(state.nearMisses.map((n) => n.key))
    const attributes = { ...(fresh.attributes ?? {}) } as Record<string, unknown>
    const removing = removeKeys.filter((k) => nearMisses.has(k) && k in attributes)
    const write: PendingWrite = {
      before: baseline,
      intended,
      removing: removeKeys.filter((k) => nearMisses.has(k)),
    }
    if (WEBHOOK_KEYS.some((k) => !sameValue(onServer[k], baseline[k]))) {
      // Our own earlier write whose answer was lost is already there: that is a save, not a conflict.
      if (judge(fresh, write) === 'applied') return this.settled(session, write, fresh, true)
      return { status: 'conflict', state }
    }

    const changing = WEBHOOK_KEYS.filter((k) => !sameValue(onServer[k], intended[k]))
    if (changing.length === 0 && removing.length === 0) return { status: 'saved', state }
    const escaping = client.escaping()
    const atRisk = changing.filter((k) => typeof intended[k] === 'string' && hasHtmlSpecial(intended[k]))
    if (escaping !== 'no' && atRisk.length && !acceptEscaping) {
      throw new AppFailure(
        'save.willBeEscaped',
        t(treatsAsEscaping(escaping) ? 'error.save.willBeEscaped' : 'error.save.mayBeEscaped', {
          host: client.host,
          version: info.serverVersion,
          keys: atRisk.join(', '),
        }),
        { detail: atRisk.join(',') },
      )
    }
    for (const key of changing) {
      if (intended[key] === undefined) delete attributes[key]
      else attributes[key] = intended[key]
    }
    for (const key of removing) delete attributes[key]

    // An escaping server stores the column escaped, which is what must fit.
    const size = JSON.stringify(
      treatsAsEscaping(escaping) ? mapStrings(attributes, forHtml) : attributes,
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
      return this.settle(session, write, error as AppFailure)
    }
    let readBack: TraccarUser
    try {
      readBack = await this.readUser(session)
    } catch (error) {
      return this.settle(session, write, error as AppFailure)
    }
    if (judge(readBack, write) !== 'applied') {
      throw new AppFailure('save.notConfirmed', t('error.save.notConfirmed'))
    }
    return this.settled(session, write, readBack, false)
  }

  /**
   * Something failed after the write was sent: re-read the account and say what really happened.
   * When the re-read fails too, the write is kept so "Check again" can settle it later.
   */
  private async settle(session: ActiveSession, write: PendingWrite, cause: AppFailure): Promise<SaveOutcome> {
    const { client, info } = session
    let user: TraccarUser
    try {
      user = await this.readUser(session)
    } catch {
      this.unsettled.set(info.accountId, write)
      return { status: 'unknown', message: t('error.save.outcomeUnknown', { host: client.host }) }
    }
    this.unsettled.delete(info.accountId)
    const verdict = judge(user, write)
    if (verdict === 'applied') return this.settled(session, write, user, true)
    if (verdict === 'notApplied')
      throw new AppFailure(cause.code, t('error.save.notApplied', { reason: cause.message }))
    return { status: 'conflict', state: await this.state(session, user) }
  }

  private async settled(
    session: ActiveSession,
    write: PendingWrite,
    user: TraccarUser,
    confirmedByReread: boolean,
  ): Promise<SaveOutcome> {
    const { accountId } = session.info
    this.unsettled.delete(accountId)
    const after = pickWebhook((user.attributes ?? {}) as Record<string, unknown>)
    await this.data.addHistory(accountId, { before: write.before, after })
    await this.data.setDraft(accountId, null)
    const state = await this.state(session, user)
    const escaped = storedEscaped(after, write.intended)
    return {
      status: 'saved',
      state,
      ...(escaped.length ? { storedEscaped: escaped } : {}),
      ...(confirmedByReread ? { confirmedByReread } : {}),
    }
  }

  /** "Check again" after an unknown outcome: the same re-read and verdict as right after the save. */
  async checkSave(): Promise<SaveOutcome> {
    const session = this.accounts.require()
    const write = this.unsettled.get(session.info.accountId)
    if (!write) throw new AppFailure('save.nothingPending', t('error.save.nothingPending'))
    return this.settle(session, write, new AppFailure('save.answerLost', t('error.save.answerLost')))
  }

  async draft(): Promise<{ draft: WebhookDraft | null; persistent: boolean }> {
    const { info } = this.accounts.require()
    const stored = await this.data.draft(info.accountId)
    return {
      draft: stored ? { savedAt: stored.time, ...stored.value } : null,
      persistent: await this.data.persistent(info.accountId),
    }
  }

  async saveDraft(draft: DraftRecord): Promise<void> {
    await this.data.setDraft(this.accounts.require().info.accountId, draft)
  }

  async discardDraft(): Promise<void> {
    await this.data.setDraft(this.accounts.require().info.accountId, null)
  }

  async history(): Promise<HistoryEntry[]> {
    const entries = await this.data.history(this.accounts.require().info.accountId)
    const masked = (v: WebhookValues): WebhookValues => ({
      ...v,
      ...('webhookPsk' in v && { webhookPsk: maskPsk(v.webhookPsk) }),
      ...(typeof v.webhookUrl === 'string' && { webhookUrl: maskUrl(v.webhookUrl) }),
    })
    return entries.map((e) => ({
      id: e.id,
      time: e.time,
      before: masked(e.value.before),
      after: masked(e.value.after),
    }))
  }

  /** Puts back the values from before a recorded save, through the same safe save. */
  async restore(id: string, baseline: WebhookValues, userId: number): Promise<SaveOutcome> {
    this.guardTarget(userId)
    const entry = (await this.data.history(this.accounts.require().info.accountId)).find((e) => e.id === id)
    if (!entry) throw new AppFailure('history.unknown', t('error.history.unknown'))
    // On a server that HTML-escapes what it stores, the recorded values are the stored (escaped)
    // text, and writing them back would add a layer: the same warning as for a save comes first.
    return this.apply(baseline, entry.value.before, [], false)
  }
}
