/**
 * The built index.html works when served by the app:// handler: Chromium loads its module script
 * (and the language chunk it imports), its CSS, and runs it under the CSP, with no violation. The
 * handler is the one Electron's protocol.handle gets; a loopback HTTP server carries it here
 * because Chromium without Electron cannot register the scheme (same paths, same headers).
 */
import { existsSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join, resolve } from 'node:path'
import { chromium, type Browser } from '@playwright/test'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { APP_HOST, APP_SCHEME, rendererProtocolHandler } from '../src/main/electron/renderer-files'
import { CHROMIUM_ARGS, chromiumPath } from '../e2e/support/chromium'

const rendererDir = resolve(__dirname, '../out/renderer')
const built = existsSync(join(rendererDir, 'index.html'))

let server: Server
let browser: Browser
let origin: string

beforeAll(async () => {
  if (!built) return
  const handle = rendererProtocolHandler(rendererDir)
  server = createServer(async (req, res) => {
    const response = await handle(
      new Request(`${APP_SCHEME}://${APP_HOST}${req.url}`, { method: req.method }),
    )
    res.writeHead(response.status, Object.fromEntries(response.headers))
    res.end(Buffer.from(await response.arrayBuffer()))
  })
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done))
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS })
}, 60_000)
afterAll(async () => {
  await browser?.close()
  server?.close()
})

describe.skipIf(!built)('the built renderer from the app scheme handler', () => {
  it('loads its module scripts and CSS from its own origin and renders, with no CSP violation', async () => {
    const page = await browser.newPage()
    const problems: string[] = []
    page.on('console', (m) => m.type() === 'error' && problems.push(m.text()))
    page.on('pageerror', (e) => problems.push(String(e)))
    const loaded: { url: string; status: number; type: string }[] = []
    page.on('response', (r) =>
      loaded.push({ url: r.url(), status: r.status(), type: r.headers()['content-type'] ?? '' }),
    )
    // What the preload provides in Electron: a back end that answers (here: that it is absent).
    await page.addInitScript(`
      const absent = async () => ({ ok: false, error: { code: 'ipc.failed', message: 'no back end' } })
      window.api = new Proxy({}, { get: (_t, name) => (name === 'onEvent' ? () => () => {} : absent) })
    `)
    await page.goto(`${origin}/index.html`)
    await expect.poll(() => page.locator('#app > *').count(), { timeout: 15_000 }).toBeGreaterThan(0)

    const scripts = loaded.filter((r) => r.type.startsWith('text/javascript'))
    const styles = loaded.filter((r) => r.type.startsWith('text/css'))
    // The entry script, and at least one chunk it imports (the messages of a language).
    expect(scripts.length).toBeGreaterThanOrEqual(2)
    expect(styles.length).toBeGreaterThanOrEqual(1)
    for (const r of [...scripts, ...styles]) {
      expect(r.status).toBe(200)
      expect(new URL(r.url).origin).toBe(origin)
    }
    // The stylesheet applied: the design tokens are defined on the root.
    const token = await page.evaluate<string>(
      "getComputedStyle(document.documentElement).getPropertyValue('--bg').trim()",
    )
    expect(token).not.toBe('')
    expect(problems.filter((p) => /Content Security Policy|Refused to/.test(p))).toEqual([])
    await page.close()
  })
})
