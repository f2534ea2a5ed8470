/**
 * Signing in through the server's web login (OpenID), for real: the login window is Debian's
 * Chromium driven by Playwright (the app uses an Electron window, electron/web-login.ts), with a
 * fresh browser context as its own cookie jar, on the simulator's stand-in login page over
 * loopback. The transport of the session reads that same jar, as the app's partition does.
 */
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromium, type Browser, type BrowserContext, type Page } from '@playwright/test'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { AccountService } from '../src/main/account/account-service'
import type { LoginBrowser, WebLoginWindow } from '../src/main/account/web-login-flow'
import { ProfileStore } from '../src/main/store/profiles'
import type { SecretStore } from '../src/main/store/secrets'
import type { HttpTransport } from '../src/main/traccar/transport'
import type { WebSignInOutcome } from '$shared/contract'
import { SEED_USERS, startSim, type Sim } from '../src/sim'
import { CHROMIUM_ARGS, chromiumPath } from '../e2e/support/chromium'
import { failure } from './helpers/failure'

const { demo } = SEED_USERS

/** The web login must never touch the keychain: there is no secret to keep. */
const noSecrets: SecretStore = {
  get: () => Promise.reject(new Error('the web login read the keychain')),
  set: () => Promise.reject(new Error('the web login wrote the keychain')),
  delete: () => Promise.reject(new Error('the web login deleted from the keychain')),
}

let browser: Browser
let sim: Sim | undefined
let dir: string
/**
 * The login windows opened, for the test to act as the user. closeRequested: the service closed
 * it (headless Chromium can take seconds to close a page in mid-navigation, so tests check this).
 */
let windows: { context: BrowserContext; page: Page; closeRequested: boolean }[] = []

beforeAll(async () => {
  browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS })
}, 60_000)
afterAll(() => browser?.close())
afterEach(async () => {
  await sim?.stop()
  sim = undefined
  for (const w of windows) await w.context.close().catch(() => {})
  windows = []
})

/** A LoginBrowser over a Playwright page, and a transport that uses the page's cookie jar. */
async function playwrightWindow(): Promise<WebLoginWindow> {
  const context = await browser.newContext()
  const page = await context.newPage()
  const window = { context, page, closeRequested: false }
  windows.push(window)
  const mainNavigation = (frame: unknown, isNavigation: boolean): boolean =>
    isNavigation && frame === page.mainFrame()
  const login: LoginBrowser = {
    open: (url) => void page.goto(url).catch(() => {}),
    onPage(listener) {
      page.on('response', (r) => {
        if (!mainNavigation(r.frame(), r.request().isNavigationRequest())) return
        if (r.status() < 300 || r.status() >= 400) listener({ url: r.url(), status: r.status() })
      })
      page.on('requestfailed', (r) => {
        if (mainNavigation(r.frame(), r.isNavigationRequest())) listener({ url: r.url(), status: null })
      })
    },
    onClosed: (listener) => void page.on('close', listener),
    cookies: (origin) => context.cookies(origin),
    close: () => {
      window.closeRequested = true
      void page.close().catch(() => {})
    },
  }
  const cookieHeader = async (url: string): Promise<string | null> => {
    const cookies = await context.cookies(url)
    return cookies.length ? cookies.map((c) => `${c.name}=${c.value}`).join('; ') : null
  }
  const transport: HttpTransport = {
    async fetch(url, init) {
      const headers = new Headers(init.headers)
      const cookie = await cookieHeader(url)
      if (cookie) headers.set('cookie', cookie)
      return fetch(url, { ...init, headers, redirect: 'manual' })
    },
    clearCookies: () => context.clearCookies(),
    cookieHeader,
  }
  return { browser: login, transport }
}

function service(timeoutMs?: number): AccountService {
  dir = mkdtempSync(join(tmpdir(), 'wd-weblogin-'))
  let pending: Promise<WebLoginWindow> | null = null
  const service = new AccountService({
    transport: () => {
      throw new Error('the web login must use its window’s transport')
    },
    secrets: noSecrets,
    profiles: new ProfileStore(dir),
    push: () => {},
    webLoginTimeoutMs: timeoutMs,
    // The service opens its window synchronously; the Playwright page comes a moment later.
    webLogin: () => {
      pending = playwrightWindow()
      const later = (use: (w: WebLoginWindow) => void): void => void pending!.then(use)
      return {
        browser: {
          open: (url) => later((w) => w.browser.open(url)),
          onPage: (listener) => later((w) => w.browser.onPage(listener)),
          onClosed: (listener) => later((w) => w.browser.onClosed(listener)),
          cookies: async (origin) => (await pending!).browser.cookies(origin),
          close: () => later((w) => w.browser.close()),
        },
        transport: {
          fetch: async (url, init) => (await pending!).transport.fetch(url, init),
          clearCookies: async (origin) => (await pending!).transport.clearCookies(origin),
          cookieHeader: async (origin) => (await pending!).transport.cookieHeader(origin),
        },
      }
    },
  })
  return service
}

/** The login window's page once it shows the stand-in's form. */
async function loginPage(): Promise<Page> {
  await expect.poll(() => windows.length, { timeout: 10_000 }).toBe(1)
  const page = windows[0]!.page
  await page.locator('#password').waitFor({ timeout: 10_000 })
  return page
}

describe.each(['enabled', 'forced'] as const)('web login against the stand-in (--openid %s)', (openid) => {
  it('ends signed in with the session the window got; nothing saved, the window closed', async () => {
    sim = await startSim({ flavor: '6', openid, clock: false })
    const accounts = service()
    const outcome = accounts.signInWeb({ server: sim.url })
    const page = await loginPage()
    expect(new URL(page.url()).origin).toBe(sim.openIdProvider)
    await page.fill('#email', demo.email)
    await page.fill('#password', demo.password)
    await page.click('button[value=allow]')
    const result: WebSignInOutcome = await outcome
    expect(result.status).toBe('signedIn')
    if (result.status !== 'signedIn') return
    expect(result.session).toMatchObject({
      server: sim.url,
      userId: demo.id,
      email: demo.email,
      method: 'web',
      remembered: false,
    })
    // The API now works with the window's session cookie.
    const { client } = accounts.require()
    expect((await client.currentUser()).id).toBe(demo.id)
    await expect.poll(() => windows[0]?.closeRequested).toBe(true)
    expect((await accounts.list()).accounts).toEqual([])
  }, 30_000)
})

describe('web login, when it does not sign in', () => {
  it('shows the wrong-password error in the window and keeps waiting; the user closing it is "cancelled"', async () => {
    sim = await startSim({ flavor: '6', openid: 'enabled', clock: false })
    const accounts = service()
    const outcome = accounts.signInWeb({ server: sim.url })
    const page = await loginPage()
    await page.fill('#email', demo.email)
    await page.fill('#password', 'not-the-password')
    await page.click('button[value=allow]')
    await expect.poll(() => page.locator('[role=alert]').textContent()).toBe('Wrong email or password.')
    let ended = false
    void outcome.finally(() => (ended = true))
    await new Promise((done) => setTimeout(done, 300))
    expect(ended).toBe(false)
    await page.close()
    expect(await outcome).toEqual({ status: 'cancelled' })
    expect(accounts.session()).toBeNull()
  }, 30_000)

  it('waits on where the window reaches the server without a session, then signs in', async () => {
    sim = await startSim({ flavor: '6', openid: 'enabled', clock: false })
    const accounts = service()
    let ended = false
    const outcome = accounts.signInWeb({ server: sim.url })
    void outcome.then(
      () => (ended = true),
      () => (ended = true),
    )
    const page = await loginPage()
    // A cookie on the server's origin but no session (as a provider on the same origin may set).
    await page.context().addCookies([{ name: 'idp', value: '1', url: sim.url }])
    await page.goto(`${sim.url}/`)
    await new Promise((done) => setTimeout(done, 500))
    expect(ended).toBe(false)
    await page.goto(`${sim.url}/api/session/openid/auth`)
    await page.fill('#email', demo.email)
    await page.fill('#password', demo.password)
    await page.click('button[value=allow]')
    const result = await outcome
    expect(result.status === 'signedIn' && result.session.userId).toBe(demo.id)
  }, 30_000)

  it('cancelWebSignIn closes the window and the sign-in ends as cancelled', async () => {
    sim = await startSim({ flavor: '6', openid: 'enabled', clock: false })
    const accounts = service()
    const outcome = accounts.signInWeb({ server: sim.url })
    await loginPage()
    accounts.cancelWebSignIn()
    expect(await outcome).toEqual({ status: 'cancelled' })
    await expect.poll(() => windows[0]?.closeRequested).toBe(true)
  }, 30_000)

  it('cancelled while the server is still being asked: cancelled, and no page is opened', async () => {
    sim = await startSim({ flavor: '6', openid: 'enabled', clock: false })
    const accounts = service(3_000)
    const outcome = accounts.signInWeb({ server: sim.url })
    accounts.cancelWebSignIn()
    expect(await outcome).toEqual({ status: 'cancelled' })
    await expect.poll(() => windows[0]?.closeRequested).toBe(true)
    expect(windows[0]!.page.url()).toBe('about:blank')
  }, 30_000)

  it('reports a refused callback (the user denied it at the provider) with the status', async () => {
    sim = await startSim({ flavor: '6', openid: 'enabled', clock: false })
    const accounts = service()
    // Watched from the start: the sign-in may fail before the click has returned.
    const refused = failure(accounts.signInWeb({ server: sim.url }))
    const page = await loginPage()
    await page.click('button[value=deny]')
    const error = await refused
    expect(error.code).toBe('auth.webLoginRefused')
    expect(error.message).toContain('HTTP 400')
    expect(accounts.session()).toBeNull()
    await expect.poll(() => windows[0]?.closeRequested).toBe(true)
  }, 30_000)

  it('gives up after the timeout and closes the window', async () => {
    sim = await startSim({ flavor: '6', openid: 'enabled', clock: false })
    const accounts = service(2000)
    const error = await failure(accounts.signInWeb({ server: sim.url }))
    expect(error.code).toBe('auth.webLoginTimeout')
    await expect.poll(() => windows[0]?.closeRequested).toBe(true)
    expect(accounts.session()).toBeNull()
  }, 30_000)

  it('refuses a server without OpenID before opening any page', async () => {
    sim = await startSim({ flavor: '6', clock: false })
    const accounts = service()
    const error = await failure(accounts.signInWeb({ server: sim.url }))
    expect(error.code).toBe('auth.webLoginUnavailable')
    await expect.poll(() => windows[0]?.closeRequested).toBe(true)
    expect(windows[0]!.page.url()).toBe('about:blank')
  }, 30_000)

  it('reports a login page that does not load', async () => {
    sim = await startSim({ flavor: '6', openid: 'enabled', clock: false })
    const accounts = service()
    const failed = failure(accounts.signInWeb({ server: sim.url }))
    await loginPage()
    // The provider goes away; reloading its page fails.
    await windows[0]!.page
      .goto(`http://127.0.0.1:${new URL(sim.openIdProvider!).port}/authorize`)
      .catch(() => {})
    await sim.stop()
    sim = undefined
    const page = windows[0]!.page
    void page.reload().catch(() => {})
    const error = await failed
    expect(error.code).toBe('auth.webLoginLoadFailed')
  }, 30_000)
})

describe('web login, where there is no window', () => {
  it('says it needs the desktop app', async () => {
    const accounts = new AccountService({
      transport: () => {
        throw new Error('no request expected')
      },
      secrets: noSecrets,
      profiles: new ProfileStore(mkdtempSync(join(tmpdir(), 'wd-weblogin-'))),
      push: () => {},
    })
    const error = await failure(accounts.signInWeb({ server: 'https://traccar.example.com' }))
    expect(error.code).toBe('auth.webLoginNeedsDesktop')
  })
})
