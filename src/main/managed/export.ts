/**
 * The managed accounts' webhook settings as a file: CSV (its first four columns are the import's)
 * or JSON. PSKs and URL passwords are masked unless the user explicitly asks for them. CSV cells
 * that a spreadsheet would run as a formula are neutralized; the import takes that off again.
 */
import type { ExportFormat } from '$shared/contract'
import { formatCsv, spreadsheetSafe } from '$shared/csv'
import { findNearMisses, maskValues, pickWebhook, type WebhookValues } from '$shared/webhook'
import type { User } from '$shared/traccar'
import { IMPORT_COLUMNS } from './import'

const text = (value: unknown): string =>
  value === undefined ? '' : typeof value === 'string' ? value : JSON.stringify(value)

export function exportAccounts(
  users: readonly User[],
  options: { format: ExportFormat; includePsk: boolean; host: string; now: Date },
): { fileName: string; content: string } {
  const rows = users.map((user) => {
    const attributes = (user.attributes ?? {}) as Record<string, unknown>
    const values: WebhookValues = pickWebhook(attributes)
    return {
      userId: user.id,
      email: text(user.email),
      name: text(user.name),
      readonly: user.readonly === true,
      disabled: user.disabled === true,
      ...(options.includePsk ? values : maskValues(values)),
      nearMisses: findNearMisses(attributes).map((n) => n.key),
    }
  })
  const day = options.now.toISOString().slice(0, 10)
  const base = `webhooks-${options.host.replace(/[^\w.-]+/g, '_')}-${day}`
  if (options.format === 'json') {
    return { fileName: `${base}.json`, content: `${JSON.stringify(rows, null, 2)}\n` }
  }
  const extra = ['userId', 'name', 'readonly', 'disabled', 'nearMisses'] as const
  // Account holders write these cells themselves, the PSK included: a formula in one must not run
  // in a spreadsheet (which shows a guarded cell without its `'`; the import takes it off).
  const safe = spreadsheetSafe
  return {
    fileName: `${base}.csv`,
    content: formatCsv([
      [...IMPORT_COLUMNS, ...extra],
      ...rows.map((r) => [
        safe(r.email),
        safe(text(r.webhookUrl)),
        safe(text(r.webhookPsk)),
        safe(text(r.webhookTypes)),
        String(r.userId),
        safe(r.name),
        String(r.readonly),
        String(r.disabled),
        safe(r.nearMisses.join(' ')),
      ]),
    ]),
  }
}
