/**
 * Traccar 4.4–6.1 can serialize every JSON string through OWASP `Encode.forHtml`
 * (docs/traccar-facts.md, "HTML escaping"). These are that encoding, its exact inverse, and the
 * rules for telling whether a server does it.
 */

import { versionAtLeast } from './traccar'

const ENCODE: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&#34;', "'": '&#39;' }
const DECODE: Record<string, string> = { amp: '&', lt: '<', gt: '>', '#34': '"', '#39': "'" }

/** OWASP Encode.forHtml for the five characters it changes. */
export function forHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ENCODE[c]!)
}

/** The exact inverse of forHtml: one layer off, in one pass (so `&amp;lt;` becomes `&lt;`). */
export function unescapeForHtml(text: string): string {
  return text.replace(/&(amp|lt|gt|#34|#39);/g, (_, name: string) => DECODE[name]!)
}

/** Applies fn to every string value in a JSON value (object keys stay as they are, as in Jackson). */
export function mapStrings<T>(value: T, fn: (text: string) => string): T {
  if (typeof value === 'string') return fn(value) as T
  if (Array.isArray(value)) return value.map((v) => mapStrings(v, fn)) as T
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {}
    for (const [k, v] of Object.entries(value)) out[k] = mapStrings(v, fn)
    return out as T
  }
  return value
}

/** True when the text has a character forHtml would have changed. */
export const hasHtmlSpecial = (text: string): boolean => /[&<>"']/.test(text)

/**
 * Whether a server HTML-escapes its output:
 * - `yes`: it does (4.4–4.15, or evidence);
 * - `likely`: by default on this version (5.0–5.2) or entities seen without evidence against;
 * - `possible`: only if configured (5.3–6.1), no evidence either way;
 * - `no`: never (≤ 4.3, ≥ 6.2) or a raw special character was seen.
 */
export type Escaping = 'yes' | 'likely' | 'possible' | 'no'

export function escapingOfVersion(version: string): Escaping {
  if (!versionAtLeast(version, 4, 4)) return 'no'
  if (!versionAtLeast(version, 5, 0)) return 'yes'
  if (!versionAtLeast(version, 5, 3)) return 'likely'
  return versionAtLeast(version, 6, 2) ? 'no' : 'possible'
}

/** What the strings of a response say: a raw special character proves no escaping. */
export function escapingEvidence(value: unknown): 'raw' | 'entities' | 'none' {
  let sawEntity = false
  let sawRaw = false
  mapStrings(value, (text) => {
    const stripped = text.replace(/&(amp|lt|gt|#34|#39);/g, '')
    if (hasHtmlSpecial(stripped)) sawRaw = true
    if (stripped.length !== text.length) sawEntity = true
    return text
  })
  return sawRaw ? 'raw' : sawEntity ? 'entities' : 'none'
}

/**
 * Evidence over version: an escaping server never sends a raw special character, so one means no;
 * entities without raw characters make a maybe-escaping version likely.
 */
export function decideEscaping(version: string, evidence: 'raw' | 'entities' | 'none'): Escaping {
  const byVersion = escapingOfVersion(version)
  if (evidence === 'raw') return 'no'
  if (evidence === 'entities' && byVersion === 'possible') return 'likely'
  return byVersion
}

/** The safe path where it is unclear: treat yes and likely as escaping. */
export const treatsAsEscaping = (escaping: Escaping): boolean => escaping === 'yes' || escaping === 'likely'
