/** What a review row changes, one line per key, for the rows of long lists. */
import type { BulkPlanRow } from '$shared/contract'
import { t } from '$shared/i18n'
import { diffWebhook, maskPsk, maskUrl, type WebhookKey } from '$shared/webhook'

/** The server masks PSKs already; the URL's password is masked again in case it was not. */
function shown(key: WebhookKey, value: unknown): string {
  if (value === undefined) return t('value.notSet')
  if (key === 'webhookPsk') return typeof value === 'string' && value.includes('•') ? value : maskPsk(value)
  if (typeof value !== 'string') return JSON.stringify(value)
  return key === 'webhookUrl' ? maskUrl(value) : value
}

export function describeChanges(row: Pick<BulkPlanRow, 'before' | 'after'>): string[] {
  return diffWebhook(row.before, row.after).map((c) =>
    t('accounts.review.change', {
      key: c.key,
      before: shown(c.key, c.before),
      after: shown(c.key, c.after),
    }),
  )
}
