import { currentLocale, formatNumber } from '$shared/i18n'

/** Pretty-prints JSON text; anything else comes back as it was. */
export function prettyBody(text: string): { text: string; json: boolean } {
  try {
    return { text: JSON.stringify(JSON.parse(text), null, 2), json: true }
  } catch {
    return { text, json: false }
  }
}

const oneDecimal = (n: number): string =>
  n.toLocaleString(currentLocale(), { minimumFractionDigits: 1, maximumFractionDigits: 1 })

export function formatBytes(n: number): string {
  if (n < 1024) return `${formatNumber(n)} B`
  if (n < 1024 * 1024) return `${oneDecimal(n / 1024)} KB`
  return `${oneDecimal(n / 1024 / 1024)} MB`
}

export const ms = (value: number | null): string =>
  value === null ? '—' : `${formatNumber(Math.round(value))} ms`
