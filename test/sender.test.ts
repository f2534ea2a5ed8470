// The sender on its own, against real loopback servers, at the details the delivery journeys do
// not look at: IPv6 literals, the timings it reports, a response cut off mid-body, the words of a
// timeout, and what it says and offers in the TLS handshake (certificate names, SNI, ALPN).
import { createServer as createHttp, type IncomingMessage, type ServerResponse } from 'node:http'
import { createServer as createHttps } from 'node:https'
import type { AddressInfo } from 'node:net'
import type { TLSSocket } from 'node:tls'
import { afterEach, describe, expect, it } from 'vitest'
import { send } from '../src/main/delivery/sender'
import { makeCerts } from './helpers/certs'

const certs = makeCerts()

interface Seen {
  host: string | undefined
  remote: string | undefined
  /** SNI as the server saw it (false: none sent). */
  servername: string | false | null | undefined
  alpn: string | false | null | undefined
}

const servers: { close(): void; closeAllConnections(): void }[] = []
afterEach(() => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections()
    server.close()
  }
})

/** A receiver on `host` that notes what each request came with and answers with `answer`. */
async function receiver(
  host: string,
  answer: (res: ServerResponse) => void = (res) => res.writeHead(200).end('ok'),
  tls = false,
): Promise<{ port: number; seen: Seen[] }> {
  const seen: Seen[] = []
  const handler = (req: IncomingMessage, res: ServerResponse): void => {
    req.resume()
    req.on('end', () => {
      const socket = req.socket as TLSSocket
      seen.push({
        host: req.headers.host,
        remote: req.socket.remoteAddress,
        servername: socket.servername,
        alpn: socket.alpnProtocol,
      })
      answer(res)
    })
  }
  const server = tls
    ? createHttps({ ...certs.named, ALPNProtocols: ['h2', 'http/1.1'] }, handler)
    : createHttp(handler)
  servers.push(server)
  await new Promise<void>((done) => server.listen(0, host, () => done()))
  return { port: (server.address() as AddressInfo).port, seen }
}

const post = (url: string, extra: Partial<Parameters<typeof send>[0]> = {}) =>
  send({ url, headers: [['Content-Type', 'application/json']], body: '{}', timeoutMs: 5000, ...extra })

describe('the sender', () => {
  it('sends to an IPv6 literal, with the bracketed Host the cloud would send', async () => {
    const { port, seen } = await receiver('::1')
    const outcome = await post(`http://[::1]:${port}/hook`)
    expect(outcome.error).toBeNull()
    expect(outcome.response!.status).toBe(200)
    expect(outcome.remoteAddress).toBe('::1')
    expect(seen).toEqual([{ host: `[::1]:${port}`, remote: '::1', servername: undefined, alpn: undefined }])
  })

  it('times each step: no DNS for an address, DNS for a name, no TLS for http; in 0.1 ms steps', async () => {
    const { port } = await receiver('127.0.0.1')
    const before = performance.now()
    const byAddress = await post(`http://127.0.0.1:${port}/`)
    const elapsed = performance.now() - before
    const { timings } = byAddress
    expect(timings.dnsMs).toBeNull()
    expect(timings.tlsMs).toBeNull()
    for (const ms of [timings.connectMs!, timings.firstByteMs!, timings.totalMs]) {
      expect(Number.isInteger(Math.round(ms * 10 * 1000) / 1000)).toBe(true)
      expect(ms).toBeGreaterThanOrEqual(0)
      expect(ms).toBeLessThanOrEqual(elapsed + 0.1)
    }
    expect(timings.connectMs!).toBeLessThanOrEqual(timings.firstByteMs!)
    expect(timings.firstByteMs!).toBeLessThanOrEqual(timings.totalMs)
    const byName = await post(`http://localhost:${port}/`)
    expect(byName.error).toBeNull()
    expect(byName.timings.dnsMs).toEqual(expect.any(Number))
    expect(byName.timings.dnsMs!).toBeLessThanOrEqual(byName.timings.connectMs!)
  })

  it('keeps the response status line and headers exactly as they came', async () => {
    const { port } = await receiver('127.0.0.1', (res) => {
      res.sendDate = false
      res.writeHead(202, 'Taken', [
        ['X-One', '1'],
        ['x-two', 'b'],
        ['Content-Length', '2'],
        ['Connection', 'close'],
      ])
      res.end('ok')
    })
    const outcome = await post(`http://127.0.0.1:${port}/`)
    expect(outcome.response).toEqual({
      status: 202,
      statusText: 'Taken',
      headers: [
        ['X-One', '1'],
        ['x-two', 'b'],
        ['Content-Length', '2'],
        ['Connection', 'close'],
      ],
      body: 'ok',
      bodySize: 2,
      truncated: false,
    })
  })

  it('reports a response cut off mid-body as such, not as a response', async () => {
    const { port } = await receiver('127.0.0.1', (res) => {
      res.writeHead(200, { 'Content-Length': '1000' })
      res.write('x'.repeat(10), () => res.socket!.destroy())
    })
    const outcome = await post(`http://127.0.0.1:${port}/`)
    expect(outcome.response).toBeNull()
    expect(outcome.error).toEqual({ code: 'ECONNRESET', message: 'the response was cut off' })
  })

  it('says how long it waited when no answer came', async () => {
    const { port } = await receiver('127.0.0.1', () => {})
    const outcome = await post(`http://127.0.0.1:${port}/`, { timeoutMs: 150 })
    expect(outcome.error).toEqual({ code: 'ETIMEDOUT', message: 'no answer within 150 ms' })
  })
})

describe('the sender over TLS', () => {
  it('shows every field of the certificate names, a repeated one joined with +', async () => {
    const { port } = await receiver('127.0.0.1', undefined, true)
    const outcome = await post(`https://127.0.0.1:${port}/`, { insecureTls: true })
    expect(outcome.error).toBeNull()
    const subject = 'C=AT, O=Webhook Desk, OU=Ops+Dev, CN=localhost'
    expect(outcome.certificate).toMatchObject({ subject, issuer: subject, selfSigned: true, trusted: false })
  })

  it('names the reason when it refuses an untrusted certificate', async () => {
    const { port, seen } = await receiver('127.0.0.1', undefined, true)
    const outcome = await post(`https://127.0.0.1:${port}/`)
    expect(outcome.error).toEqual({
      code: 'DEPTH_ZERO_SELF_SIGNED_CERT',
      message: 'certificate not trusted: DEPTH_ZERO_SELF_SIGNED_CERT',
    })
    expect(seen).toEqual([])
  })

  it('sends the host name as SNI but never an address, and asks for HTTP/1.1 by ALPN', async () => {
    const { port, seen } = await receiver('127.0.0.1', undefined, true)
    for (const host of ['localhost', '127.0.0.1']) {
      const outcome = await post(`https://${host}:${port}/`, { insecureTls: true })
      expect(outcome.response!.status).toBe(200)
    }
    expect(seen.map((s) => [s.servername, s.alpn])).toEqual([
      ['localhost', 'http/1.1'],
      [false, 'http/1.1'],
    ])
  })

  it('reaches an IPv6 literal over TLS without SNI', async () => {
    const { port, seen } = await receiver('::1', undefined, true)
    const outcome = await post(`https://[::1]:${port}/`, { insecureTls: true })
    expect(outcome.response!.status).toBe(200)
    expect(outcome.remoteAddress).toBe('::1')
    expect(seen.map((s) => [s.host, s.servername])).toEqual([[`[::1]:${port}`, false]])
  })
})
