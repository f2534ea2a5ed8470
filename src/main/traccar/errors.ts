/**
 * Turns what can go wrong talking to a server into errors that say what happened and what to do:
 * network failures (Node's and Chromium's wordings), TLS problems, and Traccar's own answers,
 * whose bodies are plain text or Java stack traces (only the message line is ever shown).
 */
import { t, type MessageKey } from '../i18n'
import { AppFailure, type ErrorCode, type NetworkCode } from '$shared/result'

/** Pattern of the error text, then its code; the message is `error.<code>`. */
const NETWORK: [RegExp, NetworkCode][] = [
  [/ENOTFOUND|EAI_AGAIN|ERR_NAME_NOT_RESOLVED|ERR_NAME_RESOLUTION_FAILED/, 'net.dns'],
  [/ECONNREFUSED|ERR_CONNECTION_REFUSED/, 'net.refused'],
  [
    /TimeoutError|ETIMEDOUT|UND_ERR_CONNECT_TIMEOUT|UND_ERR_HEADERS_TIMEOUT|ERR_TIMED_OUT|ERR_CONNECTION_TIMED_OUT|aborted due to timeout/,
    'net.timeout',
  ],
  [/DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|ERR_CERT_AUTHORITY_INVALID/, 'tls.selfSigned'],
  [/CERT_HAS_EXPIRED|CERT_NOT_YET_VALID|ERR_CERT_DATE_INVALID/, 'tls.expired'],
  [/ERR_TLS_CERT_ALTNAME_INVALID|ERR_CERT_COMMON_NAME_INVALID|Hostname\/IP does not match/, 'tls.hostname'],
  [
    /UNABLE_TO_VERIFY_LEAF_SIGNATURE|UNABLE_TO_GET_ISSUER_CERT|CERT_UNTRUSTED|ERR_CERT_INVALID|ERR_SSL|EPROTO|ERR_TLS/,
    'tls.untrusted',
  ],
  [
    /ECONNRESET|UND_ERR_SOCKET|other side closed|ERR_CONNECTION_RESET|ERR_CONNECTION_CLOSED|ERR_EMPTY_RESPONSE|socket hang up|terminated/,
    'net.reset',
  ],
  [/bad port|ERR_UNSAFE_PORT/, 'net.badPort'],
  [
    /ENETUNREACH|EHOSTUNREACH|ERR_INTERNET_DISCONNECTED|ERR_ADDRESS_UNREACHABLE|ERR_NETWORK_CHANGED/,
    'net.unreachable',
  ],
]

/** Every code and message of an error and its causes, for matching. */
function describe(error: unknown): string {
  const parts: string[] = []
  let current: unknown = error
  for (let depth = 0; current && depth < 5; depth++) {
    const e = current as { name?: string; code?: string; message?: string; cause?: unknown }
    parts.push(String(e.name ?? ''), String(e.code ?? ''), String(e.message ?? ''))
    current = e.cause
  }
  return parts.join(' ')
}

export function networkFailure(error: unknown, host: string): AppFailure {
  if (error instanceof AppFailure) return error
  const text = describe(error)
  const code = NETWORK.find(([pattern]) => pattern.test(text))?.[1] ?? 'net.failed'
  return new AppFailure(code, t(`error.${code}` as MessageKey, { host }), { field: 'server' })
}

/** The message line of a Traccar error body: no class names, no stack. Null for HTML. */
export function traccarMessage(body: string): string | null {
  const text = body.trim()
  if (text === '' || /^<(!doctype|html)/i.test(text)) return null
  let line = text.split(/\r?\n/)[0]!.trim()
  line = line.replace(/^([\w$]+\.)*[\w$]*(Exception|Error):\s*/, '')
  line = line.replace(/\s+-\s+\w*(Exception|Error)\s*\(.*\)\s*$/, '')
  return line.length > 300 ? `${line.slice(0, 300)}…` : line
}

export function looksLikeHtml(contentType: string | null, body: string): boolean {
  return (contentType ?? '').includes('text/html') || /^\s*<(!doctype|html)/i.test(body)
}

export function notTraccar(host: string): AppFailure {
  return new AppFailure('server.notTraccar', t('error.server.notTraccar', { host }), { field: 'server' })
}

/**
 * A 3xx: neither transport follows redirects (see transport.ts), so say where it pointed. Only the
 * target's origin and path are shown: its query or user part may carry what was sent (a token
 * sign-in is `GET /api/session?token=…`, and gateways echo the original URL in the redirect).
 */
export function redirected(host: string, location: string | null, from: string): AppFailure {
  let target = '?'
  try {
    if (location) {
      const url = new URL(location, from)
      target = `${url.origin}${url.pathname}`
    }
  } catch {
    // Not a URL: say that it pointed elsewhere without repeating what it said.
  }
  return new AppFailure('server.redirect', t('error.server.redirect', { host, target }), { field: 'server' })
}

/** Signed in, a 5xx: the server failed, whatever its body says (an error page, nothing, a stack trace). */
export function serverFailed(host: string, status: number, body: string): AppFailure {
  const message = traccarMessage(body)
  return new AppFailure(
    'server.failed',
    message
      ? t('error.server.failedWith', { host, status: String(status), message })
      : t('error.server.failed', { host, status: String(status) }),
    { detail: `HTTP ${status}` },
  )
}

/** Signed in, a web page instead of the API's JSON: something between here and the server answered. */
export function webPage(host: string): AppFailure {
  return new AppFailure('server.webPage', t('error.server.webPage', { host }))
}

export function unexpectedAnswer(host: string, status: number, body: string): AppFailure {
  const message = traccarMessage(body)
  return new AppFailure(
    'server.unexpected',
    message
      ? t('error.server.refused', { host, status: String(status), message })
      : t('error.server.unexpectedStatus', { host, status: String(status) }),
    { detail: `HTTP ${status}` },
  )
}

/** Failures that prove a request was never sent: the name, route or certificate failed first. */
/**
 * Failures that prove the write was not carried out: it never left, or was turned away before
 * Traccar ran it (a 429 from the rate limiter in front of the API, a redirect).
 */
const NOT_SENT = new Set<ErrorCode>([
  'net.dns',
  'net.refused',
  'net.badPort',
  'net.unreachable',
  'net.rateLimited',
  'server.redirect',
])

/**
 * Whether a failed write may still have been carried out. Not when it provably never left, was
 * answered 401 (signed out) or refused with a 4xx; a lost answer or a 5xx leave it open.
 */
export function mayHaveApplied(error: unknown): boolean {
  if (!(error instanceof AppFailure)) return false
  const { code, extra } = error
  if (NOT_SENT.has(code) || code.startsWith('tls.') || code.startsWith('auth.')) return false
  return !/^HTTP 4\d\d$/.test(extra.detail ?? '')
}
