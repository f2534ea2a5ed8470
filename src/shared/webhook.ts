/**
 * The webhook domain: the three case-sensitive attributes, how their values are checked, and
 * how `webhookTypes` is read and written. Pure, shared by main (which enforces) and the renderer
 * (which explains as the user types).
 */
import { t, tn, type MessageKey } from './i18n'

export const WEBHOOK_KEYS = ['webhookUrl', 'webhookPsk', 'webhookTypes'] as const
export type WebhookKey = (typeof WEBHOOK_KEYS)[number]

/** The three attributes as found on the server: absent (undefined) or any JSON value. */
export type WebhookValues = Partial<Record<WebhookKey, unknown>>

export const ATTRIBUTES_LIMIT = 4000

export interface Check {
  error: string | null
  warnings: string[]
}

const PRIVATE_V4: [number, number, MessageKey][] = [
  [0x0a000000, 8, 'where.private10'],
  [0xac100000, 12, 'where.private172'],
  [0xc0a80000, 16, 'where.private192'],
  [0x7f000000, 8, 'where.loopback'],
  [0xa9fe0000, 16, 'where.linkLocal'],
  [0x64400000, 10, 'where.cgnat'],
  [0x00000000, 8, 'where.unroutable'],
]

function ipv4(host: string): number | null {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(host)
  if (!m) return null
  const parts = m.slice(1).map(Number)
  if (parts.some((p) => p > 255)) return null
  return ((parts[0]! << 24) | (parts[1]! << 16) | (parts[2]! << 8) | parts[3]!) >>> 0
}

/** Why the cloud cannot reach this host, or null when it is a public name or address. */
export function unreachableFromCloud(hostname: string): string | null {
  const host = hostname
    .toLowerCase()
    .replace(/^\[|\]$/g, '')
    .replace(/\.$/, '')
  if (host === 'localhost' || host.endsWith('.localhost')) return t('where.localhost')
  const v4 = ipv4(host)
  if (v4 !== null) {
    for (const [base, bits, what] of PRIVATE_V4) {
      const mask = bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0
      if ((v4 & mask) >>> 0 === base) return t(what)
    }
    return null
  }
  if (host.includes(':')) {
    if (host === '::1') return t('where.loopback')
    if (/^fe[89ab]/.test(host)) return t('where.linkLocal6')
    if (/^f[cd]/.test(host)) return t('where.private6')
    return null
  }
  if (/\.(local|internal|lan|home\.arpa|intranet|corp)$/.test(host))
    return t('where.localName', { suffix: host.split('.').slice(-1)[0]! })
  if (!host.includes('.')) return t('where.singleLabel')
  return null
}

export function checkUrl(value: string): Check {
  const warnings: string[] = []
  if (value === '') return { error: t('check.url.empty'), warnings }
  if (/\s/.test(value)) return { error: t('check.url.spaces'), warnings }
  let url: URL
  try {
    url = new URL(value)
  } catch {
    return { error: t('check.url.incomplete'), warnings }
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return { error: t('check.url.scheme', { scheme: url.protocol }), warnings }
  }
  if (!url.hostname) return { error: t('check.url.noHost'), warnings }
  if (url.protocol === 'http:') warnings.push(t('check.url.plainHttp'))
  if (url.username || url.password) warnings.push(t('check.url.credentials'))
  const unreachable = unreachableFromCloud(url.hostname)
  if (unreachable) warnings.push(t('check.url.unreachable', { host: url.hostname, where: unreachable }))
  return { error: null, warnings }
}

export function checkPsk(value: string): Check {
  const warnings: string[] = []
  if (value === '') return { error: null, warnings }
  if (/[\r\n]/.test(value)) return { error: t('check.psk.lineBreaks'), warnings }
  // A header carries visible ASCII, spaces and tabs; anything else fails to send or goes out as raw bytes.
  const chars = Array.from(value)
  const bad = chars.findIndex((c) => !/^[\t\x20-\x7e]$/.test(c))
  if (bad >= 0)
    return { error: t('check.psk.char', { char: nameChar(chars[bad]!), position: bad + 1 }), warnings }
  if (value.length > 2000) return { error: t('check.psk.tooLong'), warnings }
  if (value !== value.trim()) warnings.push(t('check.psk.padded'))
  if (!/^\S+ \S/.test(value.trim())) warnings.push(t('check.psk.noScheme'))
  return { error: null, warnings }
}

/** A character as a person can find it: the glyph when it is visible, always its code point. */
export function nameChar(char: string): string {
  const code = `U+${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`
  return /^[\p{L}\p{N}\p{P}\p{S}]$/u.test(char) ? `${code} (${char})` : code
}

export const bearer = (token: string): string => `Bearer ${token}`

export function basic(user: string, password: string): string {
  const bytes = new TextEncoder().encode(`${user}:${password}`)
  let binary = ''
  for (const b of bytes) binary += String.fromCharCode(b)
  return `Basic ${btoa(binary)}`
}

/** Masks a header value for display: the scheme stays, the credential does not. */
export function maskPsk(value: unknown): string {
  if (typeof value !== 'string') return value === undefined ? t('psk.notSet') : JSON.stringify(value)
  if (value === '') return t('psk.empty')
  const space = value.indexOf(' ')
  const scheme = space > 0 && space < 12 ? value.slice(0, space + 1) : ''
  return tn('psk.masked', value.length, { scheme, dots: '•'.repeat(8) })
}

/**
 * Masks the password of a URL's userinfo (`https://user:••••••••@host/…`), leaving the rest as
 * typed. The userinfo ends at the last `@` before the path, as URL parsers read it.
 */
export function maskUrl(url: string): string {
  const start = url.indexOf('://') + 3
  if (start < 3) return url
  const end = url.slice(start).search(/[/?#]/)
  const authority = end < 0 ? url.slice(start) : url.slice(start, start + end)
  const at = authority.lastIndexOf('@')
  const colon = authority.indexOf(':')
  if (colon < 0 || colon >= at - 1) return url
  return `${url.slice(0, start + colon + 1)}${'•'.repeat(8)}${url.slice(start + at)}`
}

export type TypeEntryStatus = 'ok' | 'unknown' | 'miscased' | 'padded' | 'empty' | 'duplicate'

export interface TypeEntry {
  raw: string
  status: TypeEntryStatus
  /** The known type this entry should be, when one fits. */
  fix: string | null
}

export type ParsedTypes =
  | { kind: 'all' }
  | { kind: 'list'; entries: TypeEntry[] }
  /** Present but not a string: the cloud's reading of it is unknown. */
  | { kind: 'invalid'; value: unknown }

export function parseTypes(value: unknown, known: readonly string[]): ParsedTypes {
  if (value === undefined) return { kind: 'all' }
  if (typeof value !== 'string') return { kind: 'invalid', value }
  const lower = new Map(known.map((k) => [k.toLowerCase(), k]))
  const seen = new Set<string>()
  const entries = value.split(',').map((raw): TypeEntry => {
    const trimmed = raw.trim()
    let entry: TypeEntry
    if (trimmed === '') entry = { raw, status: 'empty', fix: null }
    else if (known.includes(raw)) entry = { raw, status: 'ok', fix: null }
    else if (known.includes(trimmed)) entry = { raw, status: 'padded', fix: trimmed }
    else if (lower.has(trimmed.toLowerCase()))
      entry = { raw, status: 'miscased', fix: lower.get(trimmed.toLowerCase())! }
    else entry = { raw, status: 'unknown', fix: null }
    const key = entry.fix ?? raw
    if (entry.status === 'ok' && seen.has(key)) entry = { raw, status: 'duplicate', fix: null }
    seen.add(key)
    return entry
  })
  return { kind: 'list', entries }
}

/** What the app writes: exact case, comma-separated, no spaces, no duplicates, in the given order. */
export function formatTypes(types: readonly string[]): string {
  return [...new Set(types.map((type) => type.trim()).filter(Boolean))].join(',')
}

export function checkTypes(value: string): Check {
  if (value === '') return { error: t('check.types.empty'), warnings: [] }
  if (/\s/.test(value)) return { error: t('check.types.spaces'), warnings: [] }
  if (value.split(',').some((type) => type === ''))
    return { error: t('check.types.emptyEntry'), warnings: [] }
  return { error: null, warnings: [] }
}

export interface NearMiss {
  key: string
  canonical: WebhookKey
  value: unknown
  /** Characters of the name outside plain ASCII (look-alikes, invisible ones), with their position. */
  foreign: string[]
}

/** Cyrillic and Greek lower-case letters that look like the Latin letter at the same place in LATIN. */
const LOOK_ALIKES = Array.from('авсԁеһіјкӏмнорѕтухԝαβεηικμνορτυχζ')
const LATIN = 'abcdehijklmhopstyxwabenikuvoptuxz'
const CONFUSABLES = new Map(LOOK_ALIKES.map((c, i) => [c, LATIN[i]!]))

/**
 * A name as it reads to a person: compatibility forms folded (full-width letters), case ignored,
 * invisible characters and separators (space, _, -, .) dropped, look-alike letters made Latin.
 */
function readAs(name: string): string {
  return Array.from(
    name
      .normalize('NFKC')
      .toLowerCase()
      .replace(/[\s_.\-\p{Cf}]/gu, ''),
  )
    .map((c) => CONFUSABLES.get(c) ?? c)
    .join('')
}

/** Attributes the cloud ignores because their name only looks like one of ours. */
export function findNearMisses(attributes: Record<string, unknown>): NearMiss[] {
  const out: NearMiss[] = []
  for (const [key, value] of Object.entries(attributes)) {
    const read = readAs(key)
    const canonical = WEBHOOK_KEYS.find((k) => k !== key && k.toLowerCase() === read)
    if (!canonical) continue
    const foreign = Array.from(key).flatMap((c, i) =>
      /^[\x20-\x7e]$/.test(c) ? [] : [t('nearMiss.foreign', { char: nameChar(c), position: i + 1 })],
    )
    out.push({ key, canonical, value, foreign })
  }
  return out
}

export const sameValue = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b)

export interface KeyChange {
  key: WebhookKey
  before: unknown
  after: unknown
}

export function diffWebhook(before: WebhookValues, after: WebhookValues): KeyChange[] {
  return WEBHOOK_KEYS.filter((k) => !sameValue(before[k], after[k])).map((key) => ({
    key,
    before: before[key],
    after: after[key],
  }))
}

export function pickWebhook(attributes: Record<string, unknown>): WebhookValues {
  const out: WebhookValues = {}
  for (const k of WEBHOOK_KEYS) if (k in attributes) out[k] = attributes[k]
  return out
}

/** Where the cloud sends events, or null when it sends none (no webhookUrl, or not a string). */
export function webhookTarget(values: WebhookValues): string | null {
  return typeof values.webhookUrl === 'string' && values.webhookUrl !== '' ? values.webhookUrl : null
}

/**
 * Whether the cloud forwards an event of this type under these values: a webhookUrl must be set,
 * and webhookTypes, when present and not empty, must list the type exactly (case-sensitive,
 * comma-separated, no trimming).
 */
export function forwards(values: WebhookValues, type: string): boolean {
  return webhookTarget(values) !== null && typeSelected(values.webhookTypes, type)
}

/** The webhookTypes rule alone: absent or empty means every type. */
export function typeSelected(webhookTypes: unknown, type: string): boolean {
  if (typeof webhookTypes !== 'string' || webhookTypes === '') return true
  return webhookTypes.split(',').includes(type)
}

/** The values with the PSK and a URL's password masked, for showing and for records of them. */
export function maskValues(values: WebhookValues): WebhookValues {
  return {
    ...values,
    ...('webhookPsk' in values && { webhookPsk: maskPsk(values.webhookPsk) }),
    ...(typeof values.webhookUrl === 'string' && { webhookUrl: maskUrl(values.webhookUrl) }),
  }
}

/** One sentence a person can read at a glance. */
export function webhookStatus(values: WebhookValues): string {
  const url = webhookTarget(values)
  if (url === null) return t('status.off')
  const shown = maskUrl(url)
  const types = values.webhookTypes
  if (typeof types !== 'string' || types === '') return t('status.all', { url: shown })
  const n = types.split(',').filter((type) => type.trim() !== '').length
  return tn('status.some', n, { url: shown })
}
