import { readFileSync } from 'node:fs'
import { describe, expect, it, vi } from 'vitest'
import { electron } from './helpers/electron-mock'

vi.mock('electron', async () => (await import('./helpers/electron-mock')).electron.module)

const { windowOptions, applySecurityRules, isAppUrl, rendererUrl } =
  await import('../src/main/electron/window')
const { contentSecurityPolicy } = await import('../src/main/electron/csp')
const { isAllowedExternalUrl } = await import('../src/main/electron/external-links')

const APP_URL = 'app://webhook-desk/index.html'

describe('window options', () => {
  const prefs = windowOptions('/p/preload.js', false).webPreferences!

  it('isolates and sandboxes the renderer without Node', () => {
    expect(prefs).toMatchObject({
      preload: '/p/preload.js',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      disableBlinkFeatures: 'Auxclick',
    })
  })

  it('has a sensible size and the product title', () => {
    const opts = windowOptions('/p', true)
    expect(opts.title).toBe('Webhook Desk')
    expect(opts.minWidth).toBeGreaterThanOrEqual(800)
    expect(opts.show).toBe(false)
  })
})

describe('content security policy', () => {
  const csp = contentSecurityPolicy()

  it('allows nothing by default and no network of the renderer own', () => {
    expect(csp).toContain("default-src 'none'")
    expect(csp).toContain("script-src 'self'")
    expect(csp).toContain("connect-src 'self'")
    expect(csp).not.toContain('unsafe-inline')
    expect(csp).not.toContain('unsafe-eval')
  })

  it('is the policy in the built index.html meta tag', () => {
    const html = readFileSync('out/renderer/index.html', 'utf8')
    const meta = /<meta http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)
    expect(meta?.[1]).toBe(csp)
  })
})

describe('security rules', () => {
  applySecurityRules(APP_URL)
  const session = electron.module.session.defaultSession

  it('denies every permission request and check except writing to the clipboard', () => {
    const [handler] = session.setPermissionRequestHandler.mock.calls[0] as [(...a: unknown[]) => void]
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal']) {
      const callback = vi.fn()
      handler({}, permission, callback)
      expect(callback).toHaveBeenCalledWith(false)
    }
    const allowed = vi.fn()
    handler({}, 'clipboard-sanitized-write', allowed)
    expect(allowed).toHaveBeenCalledWith(true)
    const [check] = session.setPermissionCheckHandler.mock.calls[0] as [(wc: unknown, p: string) => boolean]
    expect(check({}, 'media')).toBe(false)
    expect(check({}, 'clipboard-sanitized-write')).toBe(true)
  })

  it('adds the CSP response header', () => {
    const [onHeaders] = session.webRequest.onHeadersReceived.mock.calls[0] as [
      (d: unknown, cb: (r: unknown) => void) => void,
    ]
    const cb = vi.fn()
    onHeaders({ responseHeaders: { a: ['b'] } }, cb)
    expect(cb).toHaveBeenCalledWith({
      responseHeaders: { a: ['b'], 'Content-Security-Policy': [contentSecurityPolicy()] },
    })
  })

  function newContents() {
    const listeners = new Map<string, (...a: unknown[]) => void>()
    let openHandler: ((d: { url: string }) => { action: string }) | undefined
    const contents = {
      on: (name: string, fn: (...a: unknown[]) => void) => listeners.set(name, fn),
      setWindowOpenHandler: (fn: typeof openHandler) => (openHandler = fn),
    }
    for (const fn of electron.appListeners.get('web-contents-created') ?? []) fn({}, contents)
    return { listeners, open: (url: string) => openHandler!({ url }) }
  }

  it('blocks navigation away from the app document', () => {
    const { listeners } = newContents()
    const away = { preventDefault: vi.fn() }
    listeners.get('will-navigate')!(away, 'https://evil.example/')
    expect(away.preventDefault).toHaveBeenCalled()
    const home = { preventDefault: vi.fn() }
    listeners.get('will-navigate')!(home, `${APP_URL}#x`)
    expect(home.preventDefault).not.toHaveBeenCalled()
    const attach = { preventDefault: vi.fn() }
    listeners.get('will-attach-webview')!(attach)
    expect(attach.preventDefault).toHaveBeenCalled()
  })

  it('denies every new window and opens only allow-listed https links externally', () => {
    const { open } = newContents()
    expect(open('https://traccar.powunity.com/')).toEqual({ action: 'deny' })
    expect(electron.module.shell.openExternal).toHaveBeenCalledWith('https://traccar.powunity.com/')
    electron.module.shell.openExternal.mockClear()
    for (const url of [
      'http://traccar.powunity.com/',
      'https://evil.example/',
      'file:///etc/passwd',
      'javascript:alert(1)',
    ]) {
      expect(open(url)).toEqual({ action: 'deny' })
    }
    expect(electron.module.shell.openExternal).not.toHaveBeenCalled()
  })
})

describe('url helpers', () => {
  it('loads the dev server only when unpackaged, else the app scheme (never file://)', () => {
    const app = electron.module.app as { isPackaged: boolean }
    const saved = process.env.ELECTRON_RENDERER_URL
    try {
      delete process.env.ELECTRON_RENDERER_URL
      expect(rendererUrl()).toBe('app://webhook-desk/index.html')
      process.env.ELECTRON_RENDERER_URL = 'http://localhost:5173/'
      expect(rendererUrl()).toBe('http://localhost:5173/')
      app.isPackaged = true
      expect(rendererUrl()).toBe('app://webhook-desk/index.html')
    } finally {
      app.isPackaged = false
      if (saved === undefined) delete process.env.ELECTRON_RENDERER_URL
      else process.env.ELECTRON_RENDERER_URL = saved
    }
  })

  it('recognises only the app origin', () => {
    expect(isAppUrl(`${APP_URL}?a#b`, APP_URL)).toBe(true)
    expect(isAppUrl('app://webhook-desk/assets/index.js', APP_URL)).toBe(true)
    expect(isAppUrl('file:///opt/other.html', APP_URL)).toBe(false)
    expect(isAppUrl('file://webhook-desk/index.html', APP_URL)).toBe(false)
    expect(isAppUrl('app://webhook-desk.evil/index.html', APP_URL)).toBe(false)
    expect(isAppUrl('app://evil/index.html', APP_URL)).toBe(false)
    expect(isAppUrl('app://user@evil/index.html', APP_URL)).toBe(false)
    // A file:// app URL would let any local file pass: it is never the app.
    expect(isAppUrl('file:///opt/app/index.html', 'file:///opt/app/index.html')).toBe(false)
    expect(isAppUrl('http://localhost:5173/x', 'http://localhost:5173/')).toBe(true)
    expect(isAppUrl('http://localhost:5174/', 'http://localhost:5173/')).toBe(false)
    expect(isAppUrl('not a url', APP_URL)).toBe(false)
  })

  it('allows external links only over https to known hosts', () => {
    expect(isAllowedExternalUrl('https://www.traccar.org/forward')).toBe(true)
    expect(isAllowedExternalUrl('https://user:pw@traccar.powunity.com/')).toBe(false)
    expect(isAllowedExternalUrl('https://traccar.powunity.com.evil.example/')).toBe(false)
  })
})
