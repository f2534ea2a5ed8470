/**
 * Reviews a CSV of `email,webhookUrl,webhookPsk,webhookTypes` (other columns, such as the export's,
 * are ignored). Every row is checked before anything is sent: the email must be a managed account
 * (once), the URL and PSK pass the editor's checks, the types are ones the server knows. A row
 * describes the whole webhook: an empty PSK or types cell removes that key, a missing column or a
 * masked PSK (`••••••••`, as the export writes it) keeps what the account has, and an empty URL
 * with nothing else turns the webhook off. On an HTML-escaping server a value that would change
 * and holds & < > " ' is a row error (bulk writes never store escaped text).
 */
import type { ErrorCode } from '$shared/result'
import type { BulkRowError } from '$shared/contract'
import { fromSpreadsheetSafe, parseCsv } from '$shared/csv'
import { hasHtmlSpecial } from '$shared/html-escape'
import {
  checkPsk,
  checkTypes,
  checkUrl,
  maskUrl,
  pickWebhook,
  sameValue,
  WEBHOOK_KEYS,
  type WebhookValues,
} from '$shared/webhook'
import { t, tn } from '../i18n'
import type { ActiveSession } from '../account/account-service'
import type { User } from '$shared/traccar'
import { planRow, unknownType, type PlannedRow } from './bulk-plan'
import { escapingRefusal } from '../webhook/escaping-refusal'

export const IMPORT_COLUMNS = ['email', 'webhookUrl', 'webhookPsk', 'webhookTypes'] as const
const REQUIRED = ['email', 'webhookUrl'] as const
const MASK = '••••••••'

export interface ImportReview {
  rows: PlannedRow[]
  errors: BulkRowError[]
}

export function reviewImport(
  session: ActiveSession,
  csv: string,
  users: readonly User[],
  known: readonly string[],
): ImportReview {
  const errors: BulkRowError[] = []
  const parsed = parseCsv(csv)
  if (!parsed.ok) {
    errors.push({
      line: parsed.line,
      column: null,
      code: 'import.malformed',
      message: t(`error.import.${parsed.reason}`),
    })
    return { rows: [], errors }
  }
  const [header, ...records] = parsed.records
  const names = (header?.fields ?? []).map((f) => f.trim())
  const missing = REQUIRED.filter((c) => !names.includes(c))
  if (!header || missing.length) {
    errors.push({
      line: header ? 1 : null,
      column: missing[0] ?? null,
      code: 'import.header',
      message: t('error.import.header', { missing: missing.join(', '), expected: IMPORT_COLUMNS.join(',') }),
    })
    return { rows: [], errors }
  }
  if (records.length === 0) {
    errors.push({ line: null, column: null, code: 'import.empty', message: t('error.import.empty') })
    return { rows: [], errors }
  }
  const byEmail = new Map(users.map((u) => [String(u.email ?? '').toLowerCase(), u]))
  const seen = new Map<string, number>()
  const rows: PlannedRow[] = []
  for (const { line, fields } of records) {
    const cell = (column: (typeof IMPORT_COLUMNS)[number]): string | undefined => {
      const at = names.indexOf(column)
      if (at < 0) return undefined
      // The export may have neutralized any cell against spreadsheet formulas.
      return fromSpreadsheetSafe(fields[at] ?? '')
    }
    const rowErrors: BulkRowError[] = []
    const problem = (column: string | null, code: ErrorCode, message: string): void =>
      void rowErrors.push({ line, column, code, message })
    const email = (cell('email') ?? '').trim()
    const user = byEmail.get(email.toLowerCase())
    const earlier = seen.get(email.toLowerCase())
    if (email === '') problem('email', 'import.noEmail', t('error.import.noEmail'))
    else if (earlier !== undefined)
      problem('email', 'import.duplicateEmail', t('error.import.duplicateEmail', { line: earlier }))
    else if (!user) problem('email', 'import.unknownEmail', t('error.import.unknownEmail', { email }))
    if (email !== '' && earlier === undefined) seen.set(email.toLowerCase(), line)

    const url = cell('webhookUrl') ?? ''
    const psk = cell('webhookPsk')
    const types = cell('webhookTypes')
    const off = url === '' && (psk ?? '') === '' && (types ?? '') === ''
    // A masked URL (as the export writes it) keeps the account's URL when it is that URL masked.
    const current = user
      ? pickWebhook((user.attributes ?? {}) as Record<string, unknown>).webhookUrl
      : undefined
    const keepUrl = url.includes(MASK) && typeof current === 'string' && maskUrl(current) === url
    if (!off && !keepUrl) {
      const urlError =
        url === ''
          ? t('error.import.urlEmpty')
          : url.includes(MASK)
            ? t('error.import.maskedUrl')
            : checkUrl(url).error
      if (urlError) problem('webhookUrl', 'import.url', urlError)
      if (psk !== undefined && psk !== '' && !psk.includes(MASK)) {
        const pskError = checkPsk(psk).error
        if (pskError) problem('webhookPsk', 'import.psk', pskError)
      }
      if (types !== undefined && types !== '') {
        const list = types.split(',')
        const unknown = checkTypes(types).error === null ? unknownType(list, known) : null
        const typesError =
          checkTypes(types).error ??
          (unknown === null ? null : t('error.bulk.unknownType', { type: unknown }))
        if (typesError) problem('webhookTypes', 'import.types', typesError)
      }
    }
    const intendedOf = (before: WebhookValues): { intended: WebhookValues; pskGenerated: boolean } => {
      if (off) return { intended: {}, pskGenerated: false }
      const intended: WebhookValues = { ...before, ...(!keepUrl && { webhookUrl: url }) }
      if (psk === '') delete intended.webhookPsk
      else if (psk !== undefined && !psk.includes(MASK)) intended.webhookPsk = psk
      if (types === '') delete intended.webhookTypes
      else if (types !== undefined) intended.webhookTypes = types
      return { intended, pskGenerated: false }
    }
    if (user && rowErrors.length === 0) {
      // An escaping server would store a changed value with & < > " ' escaped: said here, not at apply.
      const before = pickWebhook((user.attributes ?? {}) as Record<string, unknown>)
      const { intended } = intendedOf(before)
      const atRisk = WEBHOOK_KEYS.filter((k) => {
        const value = intended[k]
        return !sameValue(before[k], value) && typeof value === 'string' && hasHtmlSpecial(value)
      })
      const refusal = escapingRefusal(session, atRisk)
      if (refusal) problem(atRisk[0]!, refusal.code, refusal.message)
    }
    errors.push(...rowErrors)
    if (!user || rowErrors.length) {
      const before = user ? pickWebhook((user.attributes ?? {}) as Record<string, unknown>) : {}
      rows.push({
        userId: user ? user.id : null,
        email,
        name: typeof user?.name === 'string' ? user.name : '',
        action: 'skip',
        skip: {
          code: user ? 'invalid' : 'notFound',
          message: rowErrors.map((e) => e.message).join(' '),
        },
        before,
        intended: before,
        pskGenerated: false,
        line,
      })
      continue
    }
    rows.push({ ...planRow(session, user, intendedOf), line })
  }
  return { rows, errors }
}

/** The one message for a review with errors (applyBulk refuses it). */
export function importInvalid(errors: readonly BulkRowError[]): string {
  return tn('error.import.invalid', errors.length)
}
