import { mkdtempSync, writeFileSync, mkdirSync } from 'node:fs'
import { request } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ENGLISH, stubHandlers } from './helpers/stub-handlers'
import { MAX_STREAMS, startHarness, TOKEN_HEADER, type Harness } from '../src/harness/server'

let harness: Harness
const dir = mkdtempSync(join(tmpdir(), 'wd-harness-'))

/** Raw HTTP so the test controls the Host header (fetch does not allow it). */
function raw(
  path: string,
  options: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<{ status: number; body: string; headers: Record<string, unknown> }> {
  const url = new URL(harness.origin)
  return new Promise((done, reject) => {
    const req = request(
      { host: url.hostname, port: url.port, path, method: options.method ?? 'GET', headers: options.headers },
      (res) => {
        let body = ''
        res.on('data', (c) => (body += c))
        res.on('end', () => done({ status: res.statusCode!, body, headers: res.headers }))
      },
    )
    req.on('error', reject)
    req.end(options.body)
  })
}

const invoke = (name: string, body: unknown, headers: Record<string, string> = {}) =>
  raw(`/__harness/invoke/${name}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', [TOKEN_HEADER]: harness.token, ...headers },
    body: JSON.stringify(body),
  })

beforeAll(async () => {
  mkdirSync(join(dir, 'renderer'))
  writeFileSync(join(dir, 'renderer/index.html'), '<html><head></head><body>app</body></html>')
  writeFileSync(join(dir, 'bridge.js'), 'window.api = {}')
  writeFileSync(join(dir, 'secret.txt'), 'outside the renderer folder')
  harness = await startHarness({
    handlers: stubHandlers({
      getAppInfo: () => ({
        name: 'Webhook Desk',
        version: '9.9.9',
        bikeTraxServer: 'https://traccar.powunity.com',
        shell: 'harness',
        demoRequested: false,
        language: ENGLISH,
      }),
    }),
    rendererDir: join(dir, 'renderer'),
    bridgeFile: join(dir, 'bridge.js'),
  })
})
afterAll(() => harness.close())

describe('browser harness', () => {
  it('binds to loopback and prints a URL carrying the token in the fragment', () => {
    expect(harness.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    expect(harness.url).toBe(`${harness.origin}/#token=${harness.token}`)
    expect(harness.token.length).toBeGreaterThanOrEqual(32)
  })

  it('runs a call through the same handler table with the token', async () => {
    const res = await invoke('getAppInfo', {})
    expect(res.status).toBe(200)
    expect(JSON.parse(res.body)).toEqual({
      ok: true,
      value: {
        name: 'Webhook Desk',
        version: '9.9.9',
        bikeTraxServer: 'https://traccar.powunity.com',
        shell: 'harness',
        demoRequested: false,
        language: ENGLISH,
      },
    })
  })

  it('refuses a call without the token or with a wrong one (401)', async () => {
    const none = await raw('/__harness/invoke/getAppInfo', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    })
    expect(none.status).toBe(401)
    expect(JSON.parse(none.body)).toMatchObject({ ok: false, error: { code: 'harness.unauthorized' } })
    const wrong = await invoke('getAppInfo', {}, { [TOKEN_HEADER]: 'x'.repeat(harness.token.length) })
    expect(wrong.status).toBe(401)
  })

  it('rejects a foreign Host header (DNS rebinding) on every route', async () => {
    const page = await raw('/', { headers: { host: 'evil.example' } })
    expect(page.status).toBe(403)
    const call = await invoke('getAppInfo', {}, { host: `evil.example:${new URL(harness.origin).port}` })
    expect(call.status).toBe(403)
  })

  it('works when opened at localhost as well as 127.0.0.1 (Host and Origin agree)', async () => {
    const port = new URL(harness.origin).port
    for (const name of ['localhost', '127.0.0.1']) {
      const page = await raw('/', { headers: { host: `${name}:${port}` } })
      expect(page.status).toBe(200)
      const call = await invoke(
        'getAppInfo',
        {},
        { host: `${name}:${port}`, origin: `http://${name}:${port}` },
      )
      expect(call.status).toBe(200)
      expect(JSON.parse(call.body)).toMatchObject({ ok: true })
    }
  })

  it('rejects a cross-origin call even with the token', async () => {
    const res = await invoke('getAppInfo', {}, { origin: 'https://evil.example' })
    expect(res.status).toBe(403)
  })

  it('returns Result errors for bad calls instead of failing', async () => {
    expect(JSON.parse((await invoke('nope', {})).body)).toMatchObject({
      ok: false,
      error: { code: 'ipc.unknownOperation' },
    })
    expect(JSON.parse((await invoke('getAppInfo', { input: 42 })).body)).toMatchObject({
      ok: false,
      error: { code: 'ipc.invalidInput' },
    })
    const notJson = await raw('/__harness/invoke/getAppInfo', {
      method: 'POST',
      headers: { 'content-type': 'text/plain', [TOKEN_HEADER]: harness.token },
      body: 'x',
    })
    expect(notJson.status).toBe(415)
  })

  it('serves the app with the bridge injected and the CSP header', async () => {
    const res = await raw('/')
    expect(res.status).toBe(200)
    expect(res.body).toContain('<script src="/__harness/bridge.js"></script>')
    expect(String(res.headers['content-security-policy'])).toContain("default-src 'none'")
  })

  it('never serves files outside the renderer folder', async () => {
    for (const path of ['/../secret.txt', '/%2e%2e/secret.txt', '/..%2fsecret.txt']) {
      const res = await raw(path)
      expect(res.status).toBe(404)
      expect(res.body).not.toContain('outside the renderer folder')
    }
  })

  it('delivers push events over SSE only with the token', async () => {
    expect((await raw('/__harness/events')).status).toBe(401)
    const url = new URL(`/__harness/events?token=${harness.token}`, harness.origin)
    const got = new Promise<string>((done, reject) => {
      const req = request(url, (res) => {
        let buf = ''
        res.on('data', (c) => {
          buf += c
          if (buf.includes('data: ')) {
            done(buf)
            req.destroy()
          }
        })
      })
      req.on('error', reject)
      req.end()
    })
    await new Promise((r) => setTimeout(r, 100))
    harness.push({ type: 'session.ended', message: 'bye' })
    expect(await got).toContain('data: {"type":"session.ended","message":"bye"}')
  })

  it(`keeps at most ${MAX_STREAMS} event streams open and takes a new one when one closes`, async () => {
    const open = (): Promise<{ status: number; close: () => void }> =>
      new Promise((done, reject) => {
        const req = request(new URL(`/__harness/events?token=${harness.token}`, harness.origin), (res) => {
          res.resume()
          done({ status: res.statusCode!, close: () => req.destroy() })
        })
        req.on('error', reject)
        req.end()
      })
    const streams = []
    for (let i = 0; i < MAX_STREAMS; i++) streams.push(await open())
    expect(streams.every((s) => s.status === 200)).toBe(true)
    const refused = await open()
    expect(refused.status).toBe(429)
    refused.close()
    streams.pop()!.close()
    await new Promise((r) => setTimeout(r, 100))
    const again = await open()
    expect(again.status).toBe(200)
    again.close()
    streams.forEach((s) => s.close())
  })
})
