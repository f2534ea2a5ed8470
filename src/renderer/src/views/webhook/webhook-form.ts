/**
 * The editor's form model and its mapping to and from the three attributes. The form keeps
 * `webhookTypes` entries exactly as found until the user changes them, so nothing is rewritten
 * behind their back.
 */
import type { WebhookWrite } from '$shared/contract'
import { t } from '$shared/i18n'
import {
  checkPsk,
  checkUrl,
  diffWebhook,
  parseTypes,
  type Check,
  type KeyChange,
  type WebhookValues,
} from '$shared/webhook'

export interface WebhookForm {
  url: string
  psk: string
  typesMode: 'all' | 'list'
  types: string[]
  /** Near-miss attribute names to delete in the next save. */
  removeKeys: string[]
}

const asText = (value: unknown): string =>
  value === undefined ? '' : typeof value === 'string' ? value : JSON.stringify(value)

export function formFrom(values: WebhookValues | WebhookWrite, removeKeys: string[] = []): WebhookForm {
  const parsed = parseTypes(values.webhookTypes, [])
  return {
    url: asText(values.webhookUrl),
    psk: asText(values.webhookPsk),
    typesMode: parsed.kind === 'all' ? 'all' : 'list',
    types:
      parsed.kind === 'list'
        ? parsed.entries.map((e) => e.raw)
        : parsed.kind === 'invalid'
          ? [asText(parsed.value)]
          : [],
    removeKeys: [...removeKeys],
  }
}

export function writeFrom(form: WebhookForm): WebhookWrite {
  const out: WebhookWrite = {}
  if (form.url !== '') out.webhookUrl = form.url
  if (form.psk !== '') out.webhookPsk = form.psk
  if (form.typesMode === 'list') out.webhookTypes = form.types.join(',')
  return out
}

/** What saving the form would change, key by key, against the values it was loaded from. */
export function changesOf(baseline: WebhookValues, form: WebhookForm): KeyChange[] {
  return diffWebhook(baseline, writeFrom(form))
}

export interface FormChecks {
  url: Check
  psk: Check
  types: string | null
  /** True when nothing blocks a save. */
  ok: boolean
}

export function checkForm(form: WebhookForm, knownTypes: readonly string[]): FormChecks {
  const off = form.url === '' && form.psk === '' && form.typesMode === 'all'
  const url = off ? { error: null, warnings: [] } : checkUrl(form.url)
  const psk = checkPsk(form.psk)
  let types: string | null = null
  if (form.typesMode === 'list') {
    const parsed = parseTypes(form.types.join(','), knownTypes)
    if (form.types.length === 0) types = t('check.types.empty')
    else if (
      parsed.kind === 'list' &&
      parsed.entries.some((e) => e.status !== 'ok' && e.status !== 'unknown')
    ) {
      types = t('form.types.invalid')
    }
  }
  return { url, psk, types, ok: !url.error && !psk.error && !types }
}
