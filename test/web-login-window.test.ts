/**
 * The Electron web login window (src/main/electron/web-login.ts) with a mocked 'electron' (no
 * Electron binary here): its settings, its own in-memory partition shared by its transport, its
 * navigation rules, and how it reports pages, load failures and closing to the flow.
 */
import { EventEmitter } from 'node:events'
import { beforeEach, describe, expect, it, vi } from 'vitest'

type Handler = (...args: unknown[]) => unknown

const created: FakeWindow[] = []
const partitions = new Map<string, FakeSession>()
const requests: { url: string; session: unknown }[] = []

class FakeSession {
  cookieJar: { name: string; value: string; url: string }[] = []
  permissionRequest: Handler | null = null
  permissionCheck: Handler | null = null
  cookies = { get: vi.fn(async ({ url }: { url: string }) => this.cookieJar.filter((c) => c.url === url)) }
  setPermissionRequestHandler(fn: Handler): void {
    this.permissionRequest = fn
  }
  setPermissionCheckHandler(fn: Handler): void {
    this.permissionCheck = fn
  }
  clearStorageData = vi.fn(async () => {})
  webRequest = { onHeadersReceived: () => {} }
}

class FakeContents extends EventEmitter {
  openHandler: Handler | null = null
  setWindowOpenHandler(fn: Handler): void {
    this.openHandler = fn
  }
}

class FakeWindow extends EventEmitter {
  webContents = new FakeContents()
  shown = false
  destroyed = false
  loaded: string[] = []
  constructor(readonly options: Record<string, unknown>) {
    super()
    created.push(this)
    // As Electron does: app's web-contents-created runs while the window is being constructed.
    appListeners.get('web-contents-created')?.({}, this.webContents)
  }
  show(): void {
    this.shown = true
  }
  loadURL(url: string): Promise<void> {
    this.loaded.push(url)
    return Promise.reject(new Error('ERR_CONNECTION_REFUSED (-102) loading ' + url))
  }
  isDestroyed(): boolean {
    return this.destroyed
  }
  close(): void {
    this.destroyed = true
    this.emit('closed')
  }
}

const appListeners = new Map<string, Handler>()

vi.mock('electron', () => ({
  BrowserWindow: FakeWindow,
  // What window.ts's security rules use, to check they leave the login window to its own rules.
  app: { isPackaged: true, on: (name: string, fn: Handler) => appListeners.set(name, fn) },
  shell: { openExternal: async () => {} },
  Menu: {},
  nativeTheme: {},
  screen: {},
  session: {
    defaultSession: new FakeSession(),
    fromPartition: (name: string) => {
      const found = partitions.get(name) ?? new FakeSession()
      partitions.set(name, found)
      return found
    },
  },
  net: {
    request: (options: { url: string; session: unknown }) => {
      requests.push({ url: options.url, session: options.session })
      const req = new EventEmitter() as EventEmitter & Record<string, Handler>
      req.setHeader = () => {}
      req.write = () => {}
      req.abort = () => {}
      req.end = () => req.emit('error', new Error('no network in this test'))
      return req
    },
  },
}))

const { openWebLoginWindow, isWebLoginContents } = await import('../src/main/electron/web-login')
const { applySecurityRules } = await import('../src/main/electron/window')

beforeEach(() => {
  created.length = 0
  requests.length = 0
})

const preventable = () => ({
  prevented: false,
  preventDefault() {
    this.prevented = true
  },
})

describe('the web login window', () => {
  it('is a hidden child window on a fresh in-memory partition, sandboxed, isolated, without Node or preload', () => {
    const parent = new FakeWindow({})
    openWebLoginWindow(parent as never, 'Sign in')
    openWebLoginWindow(null, 'Sign in')
    const [, first, second] = created
    const prefs = first!.options.webPreferences as Record<string, unknown>
    expect(first!.options).toMatchObject({ parent, show: false, title: 'Sign in' })
    expect(prefs).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      webviewTag: false,
    })
    expect(prefs).not.toHaveProperty('preload')
    expect(prefs.partition).toMatch(/^web-login-/)
    expect(prefs.partition).not.toMatch(/^persist:/)
    expect((second!.options.webPreferences as Record<string, unknown>).partition).not.toBe(prefs.partition)
    expect(second!.options.parent).toBeUndefined()
  })

  it('sends its transport through the same partition the window uses', async () => {
    const { transport } = openWebLoginWindow(null, 'Sign in')
    const partition = (created[0]!.options.webPreferences as { partition: string }).partition
    await expect(transport.fetch('https://traccar.example.com/api/session', {})).rejects.toThrow()
    expect(requests).toEqual([
      { url: 'https://traccar.example.com/api/session', session: partitions.get(partition) },
    ])
    partitions
      .get(partition)!
      .cookieJar.push({ name: 'JSESSIONID', value: 'node0abc.node0', url: 'https://traccar.example.com' })
    expect(await transport.cookieHeader('https://traccar.example.com')).toBe('JSESSIONID=node0abc.node0')
  })

  it('denies every permission, new windows and webviews, and navigation off http(s)', () => {
    openWebLoginWindow(null, 'Sign in')
    const win = created[0]!
    const jar = partitions.get((win.options.webPreferences as { partition: string }).partition)!
    const decided: boolean[] = []
    jar.permissionRequest!(null, 'media', (allowed: boolean) => decided.push(allowed))
    expect(decided).toEqual([false])
    expect(jar.permissionCheck!(null, 'clipboard-read')).toBe(false)
    expect(win.webContents.openHandler!({ url: 'https://traccar.example.com/' })).toEqual({ action: 'deny' })
    for (const [url, blocked] of [
      ['https://idp.example.com/login', false],
      ['http://127.0.0.1:8082/api/session/openid/callback?code=x', false],
      ['file:///etc/passwd', true],
      ['javascript:alert(1)', true],
      ['app://webhook-desk/index.html', true],
    ] as const) {
      for (const name of ['will-navigate', 'will-redirect']) {
        const event = preventable()
        win.webContents.emit(name, event, url)
        expect(event.prevented, `${name} ${url}`).toBe(blocked)
      }
    }
    const webview = preventable()
    win.webContents.emit('will-attach-webview', webview)
    expect(webview.prevented).toBe(true)
    expect(isWebLoginContents(win.webContents as never)).toBe(true)
    expect(isWebLoginContents(new FakeContents() as never)).toBe(false)
  })

  it('reports pages with their status, main-frame load failures (not aborts), and closing', async () => {
    const { browser } = openWebLoginWindow(null, 'Sign in')
    const win = created[0]!
    const pages: unknown[] = []
    let closed = 0
    browser.onPage((page) => pages.push(page))
    browser.onClosed(() => closed++)
    browser.open('https://traccar.example.com/api/session/openid/auth')
    expect(win.shown).toBe(true)
    expect(win.loaded).toEqual(['https://traccar.example.com/api/session/openid/auth'])
    const contents = win.webContents
    contents.emit('did-navigate', {}, 'https://idp.example.com/login', 200, 'OK')
    contents.emit('did-fail-load', {}, -3, 'ERR_ABORTED', 'https://idp.example.com/x', true)
    contents.emit('did-fail-load', {}, -102, 'ERR_CONNECTION_REFUSED', 'https://idp.example.com/frame', false)
    contents.emit('did-fail-load', {}, -102, 'ERR_CONNECTION_REFUSED', 'https://idp.example.com/login', true)
    contents.emit('did-navigate', {}, 'https://traccar.example.com/', 200, 'OK')
    expect(pages).toEqual([
      { url: 'https://idp.example.com/login', status: 200 },
      { url: 'https://idp.example.com/login', status: null },
      { url: 'https://traccar.example.com/', status: 200 },
    ])
    // The rejected loadURL is not an unhandled rejection: the failure came through did-fail-load.
    await new Promise((done) => setTimeout(done, 10))
    browser.close()
    browser.close()
    expect(closed).toBe(1)
  })

  it("is not held to the app window's navigation rules, which still hold for every other window", () => {
    applySecurityRules('app://webhook-desk/index.html')
    const other = new FakeWindow({}).webContents
    // window.ts hooks the login window as it is created, before openWebLoginWindow can mark it.
    openWebLoginWindow(null, 'Sign in')
    const login = created[1]!.webContents
    for (const [contents, blocked] of [
      [login, false],
      [other, true],
    ] as const) {
      const event = preventable()
      contents.emit('will-navigate', event, 'https://idp.example.com/login')
      expect(event.prevented).toBe(blocked)
    }
  })

  it('keeps its own title over the pages it shows', () => {
    openWebLoginWindow(null, 'Sign in')
    const event = preventable()
    created[0]!.emit('page-title-updated', event, 'Keycloak')
    expect(event.prevented).toBe(true)
  })
})
