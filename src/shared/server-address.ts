/**
 * Turns what users paste into a server origin: a missing scheme becomes https, and a trailing
 * slash, an /api suffix or a page of the web UI are dropped (Traccar serves its API at /api of
 * the origin). Pure, so the form can check as the user types and main checks again.
 */
import { t } from './i18n'

export const DEFAULT_SERVER = 'https://traccar.powunity.com'

export type ServerAddress =
  | {
      ok: true
      origin: string
      host: string
      /** http to a host that is not this machine */ insecure: boolean
    }
  | { ok: false; message: string }

export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase()
  return (
    host === 'localhost' ||
    host.endsWith('.localhost') ||
    host === '::1' ||
    /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host)
  )
}

export function parseServerAddress(input: string): ServerAddress {
  const trimmed = input.trim()
  if (trimmed === '') return { ok: false, message: t('address.empty') }
  if (/\s/.test(trimmed)) return { ok: false, message: t('address.spaces') }
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed) ? trimmed : `https://${trimmed}`
  let url: URL
  try {
    url = new URL(withScheme)
  } catch {
    return {
      ok: false,
      message: t('address.notUrl', { address: trimmed }),
    }
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return { ok: false, message: t('address.scheme', { scheme: url.protocol }) }
  }
  if (url.username || url.password) {
    return {
      ok: false,
      message: t('address.credentials'),
    }
  }
  if (!url.hostname) return { ok: false, message: t('address.noHost') }
  return {
    ok: true,
    origin: url.origin,
    host: url.host,
    insecure: url.protocol === 'http:' && !isLoopbackHost(url.hostname),
  }
}
