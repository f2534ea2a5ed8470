/**
 * The browser harness: serves the built renderer on 127.0.0.1 and carries the same handler table
 * main uses over loopback HTTP (calls) and SSE (push events). Guarded by a per-run random token on
 * every call, a Host and Origin check against DNS rebinding and other sites, and a cap on open
 * event streams.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join, resolve } from 'node:path'
import type { PushEvent } from '$shared/contract'
import { fail } from '$shared/result'
import { PAGE_HEADERS, readRendererFile } from '../main/electron/renderer-files'
import { dispatch, type ErrorReporter, type Handlers } from '../main/dispatch'

export const TOKEN_HEADER = 'x-webhook-desk-token'
const MAX_BODY = 1024 * 1024
/** Each window holds one stream; more than this is a runaway page, not a user. */
export const MAX_STREAMS = 16

export interface HarnessOptions {
  handlers: Handlers
  rendererDir: string
  bridgeFile: string
  port?: number
  token?: string
  report?: ErrorReporter
}

export interface Harness {
  /** The page to open, with the token in the fragment (never sent to the server by the browser). */
  url: string
  origin: string
  token: string
  push(event: PushEvent): void
  close(): Promise<void>
}

function sameSecret(given: string | undefined, expected: string): boolean {
  if (!given) return false
  const a = Buffer.from(given)
  const b = Buffer.from(expected)
  return a.length === b.length && timingSafeEqual(a, b)
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' })
  res.end(JSON.stringify(body))
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of req) {
    size += (chunk as Buffer).length
    if (size > MAX_BODY) throw new Error('too large')
    chunks.push(chunk as Buffer)
  }
  return Buffer.concat(chunks).toString('utf8')
}

export async function startHarness(options: HarnessOptions): Promise<Harness> {
  const token = options.token ?? randomBytes(24).toString('base64url')
  const rendererDir = resolve(options.rendererDir)
  const streams = new Set<ServerResponse>()
  // The page may be opened at 127.0.0.1 or localhost; each is its own origin, both are this server.
  let allowedHosts = new Set<string>()
  let allowedOrigins = new Set<string>()
  let origin = ''

  async function serveStatic(res: ServerResponse, pathname: string): Promise<void> {
    if (pathname === '/__harness/bridge.js') {
      const body = await readFile(options.bridgeFile)
      res.writeHead(200, { ...PAGE_HEADERS, 'content-type': 'text/javascript; charset=utf-8' })
      res.end(body)
      return
    }
    const file = await readRendererFile(rendererDir, pathname)
    if (!file.found) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('Not found')
      return
    }
    // The bridge defines window.api before the app's (deferred) module script runs.
    const body =
      file.name === 'index.html'
        ? file.body
            .toString('utf8')
            .replace('</head>', '  <script src="/__harness/bridge.js"></script>\n  </head>')
        : file.body
    res.writeHead(200, { ...PAGE_HEADERS, 'content-type': file.contentType })
    res.end(body)
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!allowedHosts.has(req.headers.host ?? '')) {
      res.writeHead(403, { 'content-type': 'text/plain' }).end('Host not allowed')
      return
    }
    if (req.headers.origin && !allowedOrigins.has(req.headers.origin)) {
      res.writeHead(403, { 'content-type': 'text/plain' }).end('Origin not allowed')
      return
    }
    const url = new URL(req.url ?? '/', origin)

    if (url.pathname.startsWith('/__harness/invoke/')) {
      if (req.method !== 'POST') return void res.writeHead(405, { allow: 'POST' }).end()
      const given = req.headers[TOKEN_HEADER]
      if (!sameSecret(typeof given === 'string' ? given : undefined, token)) {
        return sendJson(
          res,
          401,
          fail(
            'harness.unauthorized',
            'This page is not signed in to the harness. Open the URL that npm run harness printed.',
          ),
        )
      }
      if (!(req.headers['content-type'] ?? '').startsWith('application/json')) {
        return sendJson(res, 415, fail('harness.badRequest', 'Calls must be JSON.'))
      }
      let payload: unknown
      try {
        payload = JSON.parse(await readBody(req))
      } catch {
        return sendJson(res, 400, fail('harness.badRequest', 'The call was not valid JSON or was too large.'))
      }
      const input =
        typeof payload === 'object' && payload !== null ? (payload as { input?: unknown }).input : undefined
      const name = url.pathname.slice('/__harness/invoke/'.length)
      return sendJson(res, 200, await dispatch(options.handlers, name, input, options.report))
    }

    if (url.pathname === '/__harness/events') {
      if (!sameSecret(url.searchParams.get('token') ?? undefined, token)) return void res.writeHead(401).end()
      if (streams.size >= MAX_STREAMS) {
        return void res.writeHead(429, { 'content-type': 'text/plain' }).end('Too many open windows')
      }
      res.writeHead(200, {
        'content-type': 'text/event-stream',
        'cache-control': 'no-store',
        connection: 'keep-alive',
      })
      res.write(': connected\n\n')
      streams.add(res)
      req.on('close', () => streams.delete(res))
      return
    }

    if (req.method !== 'GET' && req.method !== 'HEAD') return void res.writeHead(405, { allow: 'GET' }).end()
    await serveStatic(res, url.pathname)
  }

  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' })
      res.end('Internal error')
    })
  })
  await new Promise<void>((done, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, '127.0.0.1', () => done())
  })
  const { port } = server.address() as AddressInfo
  origin = `http://127.0.0.1:${port}`
  allowedHosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`])
  allowedOrigins = new Set([...allowedHosts].map((host) => `http://${host}`))
  const heartbeat = setInterval(() => streams.forEach((s) => s.write(': keepalive\n\n')), 25_000)
  heartbeat.unref()

  return {
    url: `${origin}/#token=${token}`,
    origin,
    token,
    push(event) {
      const line = `data: ${JSON.stringify(event)}\n\n`
      streams.forEach((s) => s.write(line))
    },
    close: () =>
      new Promise<void>((done) => {
        clearInterval(heartbeat)
        streams.forEach((s) => s.end())
        server.closeAllConnections()
        server.close(() => done())
      }),
  }
}

export const defaultPaths = (root: string): { rendererDir: string; bridgeFile: string } => ({
  rendererDir: join(root, 'out/renderer'),
  bridgeFile: join(root, 'out/harness/bridge.js'),
})
