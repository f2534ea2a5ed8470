/**
 * Reviews of a change for many accounts: for each account what it has now, what it would get,
 * and whether it is changed, already as wanted, or skipped (and why). Built from the accounts as
 * the server lists them when the review is made; nothing is written here. The values are real (main keeps them for the writes);
 * what the renderer sees is masked by `shownRow`.
 */
import { randomBytes } from 'node:crypto'
import type { BulkAction, BulkChange, BulkPlanRow, BulkSkipCode } from '$shared/contract'
import { hasHtmlSpecial } from '$shared/html-escape'
import { AppFailure } from '$shared/result'
import {
  bearer,
  checkPsk,
  checkUrl,
  findNearMisses,
  formatTypes,
  maskValues,
  pickWebhook,
  sameValue,
  WEBHOOK_KEYS,
  type WebhookValues,
} from '$shared/webhook'
import { t } from '../i18n'
import type { ActiveSession } from '../account/account-service'
import { escapingRefusal } from '../webhook/escaping-refusal'
import { versionAtLeast, type User } from '$shared/traccar'

/** One account of a review, with the real values. */
export interface PlannedRow {
  /** Null for an import row whose email is no managed account (always skipped). */
  userId: number | null
  email: string
  name: string
  action: BulkAction
  skip?: { code: BulkSkipCode; message: string }
  before: WebhookValues
  intended: WebhookValues
  /** The PSK in `intended` was generated for this account (shown once, never kept). */
  pskGenerated: boolean
  line?: number
}

/** A distinct secret per account: 32 random bytes, base64url (header-safe), as a Bearer credential. */
export function generatePsk(): string {
  return bearer(randomBytes(32).toString('base64url'))
}

export function shownRow(row: PlannedRow): BulkPlanRow {
  return {
    userId: row.userId,
    name: row.name,
    email: row.email,
    action: row.action,
    ...(row.skip && { skip: row.skip }),
    before: maskValues(row.before),
    after: maskValues(row.intended),
    ...(row.line !== undefined && { line: row.line }),
  }
}

/** Event types must be ones the server knows, exactly as it spells them. */
export function unknownType(types: readonly string[], known: readonly string[]): string | null {
  return types.find((type) => !known.includes(type)) ?? null
}

/** Refuses a change that no account could take: the same checks as the editor's. */
export function checkChange(session: ActiveSession, change: BulkChange, known: readonly string[]): void {
  if (change.kind === 'off') return
  const invalid = (message: string, field: string): never => {
    throw new AppFailure('save.invalid', message, { field })
  }
  if (change.url !== undefined) {
    const error = change.url === '' ? t('error.bulk.urlEmpty') : checkUrl(change.url).error
    if (error) invalid(error, 'url')
  }
  if (change.psk?.mode === 'same') {
    const error = checkPsk(change.psk.value).error
    if (error) invalid(error, 'psk')
  }
  if (Array.isArray(change.types)) {
    if (change.types.length === 0) invalid(t('check.types.empty'), 'types')
    const unknown = unknownType(change.types, known)
    if (unknown !== null) invalid(t('error.bulk.unknownType', { type: unknown }), 'types')
  }
  const atRisk = [
    change.url !== undefined && hasHtmlSpecial(change.url) && 'webhookUrl',
    change.psk?.mode === 'same' && hasHtmlSpecial(change.psk.value) && 'webhookPsk',
  ].filter((k): k is string => typeof k === 'string')
  // Bulk writes never store escaped text: the editor, one account at a time, can when the user accepts it.
  const refusal = escapingRefusal(session, atRisk)
  if (refusal) throw refusal
}

/** The values an account would have after the change. */
export function changed(before: WebhookValues, change: BulkChange, psk: () => string): WebhookValues {
  if (change.kind === 'off') return {}
  const after: WebhookValues = { ...before }
  if (change.url !== undefined) after.webhookUrl = change.url
  if (change.psk?.mode === 'perAccount') after.webhookPsk = psk()
  else if (change.psk?.mode === 'same') {
    if (change.psk.value === '') delete after.webhookPsk
    else after.webhookPsk = change.psk.value
  }
  if (change.types === 'all') delete after.webhookTypes
  else if (change.types) after.webhookTypes = formatTypes(change.types)
  return after
}

const parseDate = (value: unknown): number | null => {
  if (typeof value !== 'string') return null
  const time = Date.parse(value)
  return Number.isNaN(time) ? null : time
}

/** Traccar before 5.5: a manager with an expiry cannot save a user whose expiry is later or none. */
function expiryBlocks(session: ActiveSession, user: User): boolean {
  if (session.info.administrator || versionAtLeast(session.server.version, 5, 5)) return false
  const own = parseDate(session.user.expirationTime)
  if (own === null) return false
  const theirs = parseDate(user.expirationTime)
  return theirs === null || theirs > own
}

/** Why an account cannot take a bulk change, or null. */
export function skipOf(session: ActiveSession, user: User): PlannedRow['skip'] | null {
  const { info } = session
  if (info.readonly && !info.administrator) {
    return { code: 'noPermission', message: t('error.save.readonlyCaller') }
  }
  if (user.administrator === true && !info.administrator) {
    return { code: 'noPermission', message: t('bulk.skip.administrator') }
  }
  if (expiryBlocks(session, user)) return { code: 'noPermission', message: t('bulk.skip.expiry') }
  if (user.readonly === true) return { code: 'readonly', message: t('bulk.skip.readonly') }
  const nearMisses = findNearMisses((user.attributes ?? {}) as Record<string, unknown>)
  if (nearMisses.length) {
    return {
      code: 'nearMiss',
      message: t('bulk.skip.nearMiss', { keys: nearMisses.map((n) => n.key).join(', ') }),
    }
  }
  return null
}

/** A review row for an account: skipped, unchanged, or changed to `intended`. */
export function planRow(
  session: ActiveSession,
  user: User,
  intendedOf: (before: WebhookValues) => { intended: WebhookValues; pskGenerated: boolean },
): PlannedRow {
  const before = pickWebhook((user.attributes ?? {}) as Record<string, unknown>)
  const base = {
    userId: user.id,
    email: typeof user.email === 'string' ? user.email : '',
    name: typeof user.name === 'string' ? user.name : '',
    before,
  }
  const skip = skipOf(session, user)
  if (skip) return { ...base, action: 'skip', skip, intended: before, pskGenerated: false }
  const { intended, pskGenerated } = intendedOf(before)
  const same = WEBHOOK_KEYS.every((k) => sameValue(before[k], intended[k]))
  return { ...base, action: same ? 'unchanged' : 'change', intended, pskGenerated: pskGenerated && !same }
}

export function countActions(rows: readonly { action: BulkAction }[]): Record<BulkAction, number> {
  const counts: Record<BulkAction, number> = { change: 0, unchanged: 0, skip: 0 }
  for (const row of rows) counts[row.action]++
  return counts
}
