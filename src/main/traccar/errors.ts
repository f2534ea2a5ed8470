/**
 * Turns what can go wrong talking to a server into errors that say what happened and what to do:
 * network failures (Node's and Chromium's wordings), TLS problems, and Traccar's own answers,
 * whose bodies are plain text or Java stack traces (only the message line is ever shown).
 */
import { AppFailure } from '../../shared/result'

const NETWORK: [RegExp, string, (host: string) => string][] = [
  [
    /ENOTFOUND|EAI_AGAIN|ERR_NAME_NOT_RESOLVED|ERR_NAME_RESOLUTION_FAILED/,
    'net.dns',
    (h) => `The server name ${h} could not be found. Check the address for typos and that you are online.`,
  ],
  [
    /ECONNREFUSED|ERR_CONNECTION_REFUSED/,
    'net.refused',
    (h) =>
      `${h} refused the connection. Check the address and port, or try again when the server is back up.`,
  ],
  [
    /TimeoutError|ETIMEDOUT|UND_ERR_CONNECT_TIMEOUT|UND_ERR_HEADERS_TIMEOUT|ERR_TIMED_OUT|ERR_CONNECTION_TIMED_OUT|aborted due to timeout/,
    'net.timeout',
    (h) => `${h} did not answer in time. Check your connection, or try again later.`,
  ],
  [
    /DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|ERR_CERT_AUTHORITY_INVALID/,
    'tls.selfSigned',
    (h) =>
      `${h} presented a self-signed certificate that this computer does not trust. Ask the server's administrator for a certificate from a trusted authority.`,
  ],
  [
    /CERT_HAS_EXPIRED|CERT_NOT_YET_VALID|ERR_CERT_DATE_INVALID/,
    'tls.expired',
    (h) =>
      `The security certificate of ${h} has expired (or is not valid yet). The server's administrator must renew it.`,
  ],
  [
    /ERR_TLS_CERT_ALTNAME_INVALID|ERR_CERT_COMMON_NAME_INVALID|Hostname\/IP does not match/,
    'tls.hostname',
    (h) => `The security certificate of ${h} is for a different name. Check the server address.`,
  ],
  [
    /UNABLE_TO_VERIFY_LEAF_SIGNATURE|UNABLE_TO_GET_ISSUER_CERT|CERT_UNTRUSTED|ERR_CERT_INVALID|ERR_SSL|EPROTO|ERR_TLS/,
    'tls.untrusted',
    (h) => `A secure connection to ${h} could not be made: its certificate is not trusted by this computer.`,
  ],
  [
    /ECONNRESET|UND_ERR_SOCKET|other side closed|ERR_CONNECTION_RESET|ERR_CONNECTION_CLOSED|ERR_EMPTY_RESPONSE|socket hang up|terminated/,
    'net.reset',
    (h) =>
      `The connection to ${h} was closed before it answered. Try again; if it keeps happening, a proxy or firewall may be interfering.`,
  ],
  [
    /bad port|ERR_UNSAFE_PORT/,
    'net.badPort',
    (h) =>
      `Webhook Desk will not connect to the port of ${h}: it is one that browsers block for safety. Use the server's usual port.`,
  ],
  [
    /ENETUNREACH|EHOSTUNREACH|ERR_INTERNET_DISCONNECTED|ERR_ADDRESS_UNREACHABLE|ERR_NETWORK_CHANGED/,
    'net.unreachable',
    (h) => `${h} cannot be reached from this computer. Check that you are online.`,
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
  for (const [pattern, code, message] of NETWORK)
    if (pattern.test(text)) return new AppFailure(code, message(host), { field: 'server' })
  return new AppFailure(
    'net.failed',
    `Webhook Desk could not talk to ${host}. Check the address and your connection.`,
    {
      field: 'server',
    },
  )
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
  return new AppFailure(
    'server.notTraccar',
    `${host} answered with a web page instead of the Traccar API. Check that this is the address of a Traccar or BikeTrax server (for BikeTrax: https://traccar.powunity.com).`,
    { field: 'server' },
  )
}

export function unexpectedAnswer(host: string, status: number, body: string): AppFailure {
  const message = traccarMessage(body)
  return new AppFailure(
    'server.unexpected',
    message
      ? `${host} refused the request (${status}): ${message}`
      : `${host} answered with an unexpected status ${status}. Try again later.`,
    { detail: `HTTP ${status}` },
  )
}
