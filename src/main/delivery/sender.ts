/**
 * Sends one webhook request the way the cloud does and records everything about it: timings
 * (DNS, connect, TLS, first byte, total), the address connected to, the server certificate, the
 * response. For https the certificate is checked before any byte of the request is sent, so a
 * webhookPsk never goes to a server that failed verification (unless the user chose to ignore
 * TLS errors for this one test).
 */
import { request as httpRequest, type IncomingMessage } from 'node:http'
import { connect as netConnect, type Socket } from 'node:net'
import { connect as tlsConnect, type PeerCertificate, type TLSSocket } from 'node:tls'
import type { DeliveryCertificate, DeliveryResponse, DeliveryTimings } from '$shared/contract'

export const RESPONSE_BODY_LIMIT = 64 * 1024

export interface SendOutcome {
  response: DeliveryResponse | null
  /** Network-level failure: Node's error code and message. */
  error: { code: string; message: string } | null
  timings: DeliveryTimings
  remoteAddress: string | null
  certificate: DeliveryCertificate | null
}

export interface SendOptions {
  url: string
  /** In the order they are sent; Content-Length, Host and Connection are added by Node. */
  headers: [string, string][]
  body: string
  timeoutMs: number
  insecureTls?: boolean
  /** Extra trusted CA certificates (tests). */
  ca?: string
}

const name = (dn: Record<string, unknown> | undefined): string =>
  dn
    ? Object.entries(dn)
        .map(([k, v]) => `${k}=${Array.isArray(v) ? v.join('+') : String(v)}`)
        .join(', ')
    : ''

function certificateOf(socket: TLSSocket): DeliveryCertificate | null {
  const cert = socket.getPeerCertificate() as PeerCertificate | undefined
  if (!cert || Object.keys(cert).length === 0) return null
  const problem = socket.authorized ? null : String(socket.authorizationError ?? 'UNTRUSTED')
  return {
    subject: name(cert.subject as unknown as Record<string, unknown>),
    issuer: name(cert.issuer as unknown as Record<string, unknown>),
    validFrom: new Date(cert.valid_from).toISOString(),
    validTo: new Date(cert.valid_to).toISOString(),
    selfSigned:
      name(cert.subject as unknown as Record<string, unknown>) ===
      name(cert.issuer as unknown as Record<string, unknown>),
    trusted: socket.authorized,
    problem,
  }
}

class Failure extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message)
  }
}

export async function send(options: SendOptions): Promise<SendOutcome> {
  const started = performance.now()
  const since = (): number => Math.round((performance.now() - started) * 10) / 10
  const outcome: SendOutcome = {
    response: null,
    error: null,
    timings: { dnsMs: null, connectMs: null, tlsMs: null, firstByteMs: null, totalMs: 0 },
    remoteAddress: null,
    certificate: null,
  }
  const url = new URL(options.url)
  const secure = url.protocol === 'https:'
  const port = Number(url.port || (secure ? 443 : 80))
  const host = url.hostname.replace(/^\[|\]$/g, '')
  let socket: Socket | undefined
  let timer: NodeJS.Timeout | undefined

  const work = (async (): Promise<void> => {
    // 1. TCP (and DNS), timed.
    const tcp = netConnect({ host, port })
    socket = tcp
    tcp.once('lookup', () => (outcome.timings.dnsMs = since()))
    await new Promise<void>((done, reject) => {
      tcp.once('connect', () => done())
      tcp.once('error', reject)
    })
    outcome.timings.connectMs = since()
    outcome.remoteAddress = tcp.remoteAddress ?? null
    let channel: Socket = tcp

    // 2. TLS: verify before sending anything.
    if (secure) {
      const tls = tlsConnect({
        socket: tcp,
        host,
        servername: /^[\d.:]+$/.test(host) ? undefined : host,
        rejectUnauthorized: false,
        ALPNProtocols: ['http/1.1'],
        ...(options.ca ? { ca: options.ca } : {}),
      })
      socket = tls
      await new Promise<void>((done, reject) => {
        tls.once('secureConnect', () => done())
        tls.once('error', reject)
      })
      outcome.timings.tlsMs = since()
      outcome.certificate = certificateOf(tls)
      if (tls.authorized || options.insecureTls) channel = tls
      else
        throw new Failure(
          String(tls.authorizationError ?? 'UNTRUSTED'),
          `certificate not trusted: ${tls.authorizationError}`,
        )
    }

    // 3. The request itself, as HTTP/1.1 over the connection we just made (and verified).
    const response = await new Promise<IncomingMessage>((done, reject) => {
      const req = httpRequest(
        {
          method: 'POST',
          path: url.pathname + url.search,
          headers: [
            ...options.headers,
            ['Content-Length', String(Buffer.byteLength(options.body))],
            ['Host', url.host],
          ].flat(),
          setHost: false,
          createConnection: () => channel,
        },
        done,
      )
      req.on('error', reject)
      req.end(options.body)
    })
    outcome.timings.firstByteMs = since()
    const chunks: Buffer[] = []
    let size = 0
    await new Promise<void>((done, reject) => {
      response.on('data', (chunk: Buffer) => {
        size += chunk.length
        if (size - chunk.length < RESPONSE_BODY_LIMIT) chunks.push(chunk)
      })
      response.on('end', () => done())
      response.on('error', reject)
      response.on('aborted', () => reject(new Failure('ECONNRESET', 'the response was cut off')))
    })
    const body = Buffer.concat(chunks).subarray(0, RESPONSE_BODY_LIMIT).toString('utf8')
    const headers: [string, string][] = []
    for (let i = 0; i < response.rawHeaders.length; i += 2)
      headers.push([response.rawHeaders[i]!, response.rawHeaders[i + 1]!])
    outcome.response = {
      status: response.statusCode ?? 0,
      statusText: response.statusMessage ?? '',
      headers,
      body,
      bodySize: size,
      truncated: size > RESPONSE_BODY_LIMIT,
    }
  })()

  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Failure('ETIMEDOUT', `no answer within ${options.timeoutMs} ms`)),
      options.timeoutMs,
    )
  })
  try {
    await Promise.race([work, timeout])
  } catch (error) {
    const e = error as NodeJS.ErrnoException
    outcome.error = { code: e.code ?? 'EUNKNOWN', message: e.message }
    work.catch(() => {})
  } finally {
    clearTimeout(timer)
    socket?.destroy()
    outcome.timings.totalMs = since()
  }
  return outcome
}
