/**
 * One network behaviour in both shells: neither transport follows a redirect. Node's transport is
 * global fetch; Electron's is net-request-fetch over `net.request`, driven here by a stand-in for
 * `net.request` built on node:http that behaves as Chromium's does with `redirect: 'manual'` (a
 * 'redirect' event for a 3xx with a Location, else 'response'). The client reports the redirect
 * with its target.
 */
import { EventEmitter } from 'node:events'
import { createServer, request as httpRequest, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { ClientRequest, ClientRequestConstructorOptions } from 'electron'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { TraccarClient } from '../src/main/traccar/client'
import { netRequestFetch } from '../src/main/electron/net-request-fetch'
import { nodeTransport, type HttpTransport } from '../src/main/traccar/transport'
import { failure } from './helpers/failure'

/** Chromium's ClientRequest in manual redirect mode, on node:http. */
function chromiumLikeRequest(options: ClientRequestConstructorOptions): ClientRequest {
  const emitter = new EventEmitter()
  const headers: Record<string, string> = {}
  let body = ''
  let req: ReturnType<typeof httpRequest> | undefined
  let aborted = false
  const api = Object.assign(emitter, {
    setHeader: (name: string, value: string) => void (headers[name] = value),
    write: (chunk: string) => void (body += chunk),
    abort: () => {
      aborted = true
      req?.destroy()
    },
    end: () => {
      const send = (url: string, method: string, payload: string): void => {
        req = httpRequest(url, { method, headers }, (res) => {
          const location = res.headers.location
          if (res.statusCode! >= 300 && res.statusCode! < 400 && location) {
            const target = new URL(location, url).href
            res.resume()
            // Chromium follows by default; in manual mode it asks, and no answer cancels the request.
            if (options.redirect !== 'manual')
              return send(target, res.statusCode === 307 ? method : 'GET', '')
            const raw = Object.fromEntries(
              Object.entries(res.headers).map(([k, v]) => [k, Array.isArray(v) ? v : [String(v)]]),
            )
            emitter.emit('redirect', res.statusCode, method, target, raw)
            return
          }
          emitter.emit('response', res)
        })
        req.on('error', (error) => !aborted && emitter.emit('error', error))
        req.end(payload)
      }
      send(options.url!, options.method ?? 'GET', body)
    },
  })
  return api as unknown as ClientRequest
}

const electronLike: HttpTransport = {
  fetch: netRequestFetch(chromiumLikeRequest),
  clearCookies: async () => {},
  cookieHeader: async () => null,
}

let server: Server
let origin: string
const seen: string[] = []

beforeAll(async () => {
  server = createServer((req, res) => {
    seen.push(`${req.method} ${req.url}`)
    if (req.url === '/api/server') {
      res.writeHead(302, { location: 'https://moved.example/api/server' }).end('Moved')
    } else if (req.url === '/api/session') {
      res.writeHead(307, { location: '/login' }).end()
    } else if (req.url?.startsWith('/api/session?token=')) {
      // A gateway that echoes the original address (with the token) in its redirect.
      res.writeHead(302, { location: `https://sso.example/login?rd=${encodeURIComponent(req.url)}` }).end()
    } else if (req.url === '/api/users/1') {
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"id":1,"name":"a"}')
    } else {
      res.writeHead(404).end()
    }
  })
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done))
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})
afterAll(() => new Promise<void>((done) => server.close(() => done())))

describe.each([
  ['Node', nodeTransport()],
  ['Electron', electronLike],
])('the %s transport', (_name, transport) => {
  it('returns a redirect as it is, with its target, and does not follow it', async () => {
    seen.length = 0
    const response = await transport.fetch(`${origin}/api/session`, { method: 'POST', body: 'a=b' })
    expect(response.status).toBe(307)
    expect(new URL(response.headers.get('location')!, origin).href).toBe(`${origin}/login`)
    expect(seen).toEqual(['POST /api/session'])
  })

  it('returns other answers with status, headers and body', async () => {
    const response = await transport.fetch(`${origin}/api/users/1`, { method: 'GET' })
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe('application/json')
    expect(await response.json()).toEqual({ id: 1, name: 'a' })
  })

  it('lets the client name the redirect target on the server field', async () => {
    const f = await failure(new TraccarClient(origin, transport).probe())
    expect(f.code).toBe('server.redirect')
    expect(f.message).toContain('https://moved.example/api/server')
    expect(f.extra.field).toBe('server')
    const relative = await failure(new TraccarClient(origin, transport).signInWithPassword('a@b', 'c'))
    expect(relative.code).toBe('server.redirect')
    expect(relative.message).toContain(`${origin}/login`)
  })

  it('never repeats the query of a redirect target, which may carry the token that was sent', async () => {
    const f = await failure(new TraccarClient(origin, transport).signInWithToken('SECRET-TOKEN-123'))
    expect(f.code).toBe('server.redirect')
    expect(f.message).toContain('https://sso.example/login')
    expect(f.message).not.toContain('SECRET-TOKEN-123')
    expect(JSON.stringify(f)).not.toContain('SECRET-TOKEN-123')
  })

  it('stops at a timeout', async () => {
    const never = createServer(() => {})
    await new Promise<void>((done) => never.listen(0, '127.0.0.1', done))
    const url = `http://127.0.0.1:${(never.address() as AddressInfo).port}/`
    await expect(transport.fetch(url, { method: 'GET', signal: AbortSignal.timeout(200) })).rejects.toThrow()
    never.closeAllConnections()
    never.close()
  })
})
