// The web login's rules, fast: the same flow web-login.test.ts drives in Chromium, here through a
// window that walks the pages with plain HTTP over loopback — the simulator's OpenID endpoints and
// its stand-in identity provider, for real, with the transport's cookie jar as the window's.
// Chromium's own part (pages, cookies, closing) stays web-login.test.ts's subject; this file
// judges runWebLogin and signInWeb in milliseconds (they are mutation-tested with it).
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { AccountService } from '../src/main/account/account-service'
import {
  OPENID_AUTH_PATH,
  runWebLogin,
  type LoginBrowser,
  type LoginPage,
  type WebLoginWindow,
} from '../src/main/account/web-login-flow'
import { t } from '../src/main/i18n'
import { AppFailure } from '$shared/result'
import { ProfileStore } from '../src/main/store/profiles'
import type { SecretStore } from '../src/main/store/secrets'
import { nodeTransport } from '../src/main/traccar/transport'
import type { PushEvent } from '$shared/contract'
import { SEED_USERS, startSim, type Sim } from '../src/sim'
import { failure } from './helpers/failure'

const { demo } = SEED_USERS

/** The web login must never touch the keychain: there is no secret to keep. */
const noSecrets: SecretStore = {
  get: () => Promise.reject(new Error('the web login read the keychain')),
  set: () => Promise.reject(new Error('the web login wrote the keychain')),
  delete: () => Promise.reject(new Error('the web login deleted from the keychain')),
}

/**
 * A login window that loads pages with HTTP through its transport (redirects followed, as a
 * browser does), reports each page it lands on, and submits the provider's form for the test.
 */
function httpWindow(): WebLoginWindow & {
  opened: string[]
  /** The page load under way (redirects included). */
  loading: Promise<void>
  closeRequested: boolean
  /** Submits the provider's login form on the current page. */
  submit(fields: { email?: string; password?: string; action: 'allow' | 'deny' }): Promise<void>
  /** The user closes the window. */
  closeByUser(): void
} {
  const transport = nodeTransport()
  const pageListeners: ((page: LoginPage) => void)[] = []
  const closedListeners: (() => void)[] = []
  let current = { url: '', html: '' }
  let closed = false
  const load = async (url: string, init: RequestInit = { method: 'GET' }): Promise<void> => {
    let target = url
    let request = init
    for (;;) {
      let response: Response
      try {
        response = await transport.fetch(target, request)
      } catch {
        if (!closed) for (const l of pageListeners) l({ url: target, status: null })
        return
      }
      const location = response.headers.get('location')
      if (response.status >= 300 && response.status < 400 && location) {
        target = new URL(location, target).toString()
        request = { method: 'GET' }
        continue
      }
      current = { url: target, html: await response.text() }
      if (!closed) for (const l of pageListeners) l({ url: target, status: response.status })
      return
    }
  }
  const close = (): void => {
    if (closed) return
    closed = true
    for (const l of closedListeners) l()
  }
  const window = {
    transport,
    opened: [] as string[],
    loading: Promise.resolve(),
    closeRequested: false,
    browser: {
      open: (url) => {
        window.opened.push(url)
        window.loading = load(url)
      },
      onPage: (listener) => void pageListeners.push(listener),
      onClosed: (listener) => void closedListeners.push(listener),
      cookies: async (origin) =>
        (await transport.cookieHeader(origin)) === null ? [] : [{ name: 'cookie' }],
      close: () => {
        window.closeRequested = true
        close()
      },
    } satisfies LoginBrowser,
    async submit(fields: { email?: string; password?: string; action: 'allow' | 'deny' }) {
      const hidden = (name: string): string =>
        new RegExp(`name="${name}" value="([^"]*)"`).exec(current.html)?.[1]?.replaceAll('&amp;', '&') ?? ''
      const body = new URLSearchParams({
        redirect_uri: hidden('redirect_uri'),
        state: hidden('state'),
        email: fields.email ?? '',
        password: fields.password ?? '',
        action: fields.action,
      })
      await load(new URL('/authorize', current.url).toString(), {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: body.toString(),
      })
    },
    closeByUser: close,
  }
  return window
}

/** Waits until the window has opened its page (after the server check, which a busy machine slows). */
const opened = (window: { opened: string[] }): Promise<void> =>
  vi.waitFor(() => expect(window.opened.length).toBe(1), { timeout: 15_000 })

/** Waits until the window shows the provider's login form (the server sent it there). */
async function formShown(window: ReturnType<typeof httpWindow>): Promise<void> {
  await opened(window)
  await window.loading
}

let sim: Sim | undefined
afterEach(async () => {
  vi.useRealTimers()
  await sim?.stop()
  sim = undefined
})

describe('runWebLogin', () => {
  const origin = 'http://127.0.0.1:9'

  /** A window the test moves by hand: pages and cookies as told. */
  function handWindow() {
    const pages: ((page: LoginPage) => void)[] = []
    const closed: (() => void)[] = []
    const state = { opened: [] as string[], cookies: [] as { name: string }[] }
    const browser: LoginBrowser = {
      open: (url) => void state.opened.push(url),
      onPage: (l) => void pages.push(l),
      onClosed: (l) => void closed.push(l),
      cookies: async () => state.cookies,
      close: () => closed.forEach((l) => l()),
    }
    return { browser, state, page: (page: LoginPage) => pages.forEach((l) => l(page)) }
  }
  const settled = () => new Promise((done) => setTimeout(done, 5))

  it('opens the OpenID path of the origin, and signs in on a server page with a session', async () => {
    const w = handWindow()
    const session = vi.fn(async () => ({ id: 7 }))
    const end = runWebLogin(origin, w.browser, 60_000, session)
    expect(w.state.opened).toEqual([origin + OPENID_AUTH_PATH])
    // No cookie yet: the session is not asked for.
    w.page({ url: `${origin}/`, status: 200 })
    await settled()
    expect(session).not.toHaveBeenCalled()
    w.state.cookies = [{ name: 'JSESSIONID' }]
    w.page({ url: `${origin}/`, status: 200 })
    expect(await end).toEqual({ user: { id: 7 } })
  })

  it('leaves the provider and the OpenID paths below 400 alone, and waits on without a session', async () => {
    const w = handWindow()
    w.state.cookies = [{ name: 'idp' }]
    let user: { id: number } | null = null
    const session = vi.fn(async () => user)
    let ended = false
    const end = runWebLogin(origin, w.browser, 60_000, session).finally(() => (ended = true))
    w.page({ url: 'http://127.0.0.1:10/authorize', status: 500 })
    w.page({ url: `${origin}/api/session/openid/callback?code=x`, status: 399 })
    await settled()
    expect(session).not.toHaveBeenCalled()
    w.page({ url: `${origin}/`, status: 200 })
    await settled()
    expect(session).toHaveBeenCalledTimes(1)
    expect(ended).toBe(false)
    user = { id: 1 }
    w.page({ url: `${origin}/other`, status: 200 })
    expect(await end).toEqual({ user: { id: 1 } })
    // Settled: later pages are not looked at.
    w.page({ url: `${origin}/`, status: 200 })
    await settled()
    expect(session).toHaveBeenCalledTimes(2)
  })

  it('a refused OpenID page (400 and up) is an error with the host and status', async () => {
    const w = handWindow()
    const error = failure(runWebLogin(origin, w.browser, 60_000, async () => null))
    w.page({ url: `${origin}/api/session/openid/callback?error=x`, status: 400 })
    expect(await error).toMatchObject({
      code: 'auth.webLoginRefused',
      message: t('error.auth.webLoginRefused', { host: '127.0.0.1:9', status: '400' }),
    })
  })

  it('a page that does not load is an error naming its host; later pages change nothing', async () => {
    const w = handWindow()
    w.state.cookies = [{ name: 'JSESSIONID' }]
    const session = vi.fn(async () => ({ id: 1 }))
    const error = failure(runWebLogin(origin, w.browser, 60_000, session))
    w.page({ url: 'http://idp.example:8080/login', status: null })
    w.page({ url: `${origin}/`, status: 200 })
    expect(await error).toMatchObject({
      code: 'auth.webLoginLoadFailed',
      message: t('error.auth.webLoginLoadFailed', { host: 'idp.example:8080' }),
    })
    expect(session).not.toHaveBeenCalled()
  })

  it('a failing session check is the error', async () => {
    const w = handWindow()
    w.state.cookies = [{ name: 'JSESSIONID' }]
    const error = failure(
      runWebLogin(origin, w.browser, 60_000, () =>
        Promise.reject(new AppFailure('net.unreachable', 'server down')),
      ),
    )
    w.page({ url: `${origin}/`, status: 200 })
    expect((await error).message).toBe('server down')
  })

  it('closing the window is "cancelled", and the timer is gone', async () => {
    vi.useFakeTimers()
    const w = handWindow()
    const end = runWebLogin(origin, w.browser, 60_000, async () => null)
    expect(vi.getTimerCount()).toBe(1)
    w.browser.close()
    expect(await end).toBe('cancelled')
    expect(vi.getTimerCount()).toBe(0)
  })

  it('gives up after the timeout, saying after how many minutes', async () => {
    vi.useFakeTimers()
    const w = handWindow()
    const error = failure(runWebLogin(origin, w.browser, 150_000, async () => null))
    await vi.advanceTimersByTimeAsync(149_999)
    let done = false
    void error.then(() => (done = true))
    await Promise.resolve()
    expect(done).toBe(false)
    await vi.advanceTimersByTimeAsync(1)
    expect(await error).toMatchObject({
      code: 'auth.webLoginTimeout',
      message: t('error.auth.webLoginTimeout', { minutes: '3' }),
    })
  })
})

describe('signInWeb over loopback HTTP (simulator and its stand-in provider)', () => {
  let dir: string
  let pushed: PushEvent[]
  let windows: ReturnType<typeof httpWindow>[]
  const service = (extra: { webLoginTimeoutMs?: number } = {}) => {
    dir = mkdtempSync(join(tmpdir(), 'wd-weblogin-flow-'))
    pushed = []
    windows = []
    return new AccountService({
      transport: () => {
        throw new Error('the web login must use its window’s transport')
      },
      secrets: noSecrets,
      profiles: new ProfileStore(dir),
      push: (e) => pushed.push(e),
      webLogin: () => {
        const w = httpWindow()
        windows.push(w)
        return w
      },
      ...extra,
    })
  }

  it('signs in with the session the window got; nothing saved, the window closed', async () => {
    sim = await startSim({ flavor: '6', openid: 'enabled', clock: false })
    const accounts = service()
    const outcome = accounts.signInWeb({ server: sim.url })
    await formShown(windows[0]!)
    await windows[0]!.submit({ email: demo.email, password: demo.password, action: 'allow' })
    const result = await outcome
    expect(result).toEqual({ status: 'signedIn', session: accounts.session() })
    expect(result.status === 'signedIn' && result.session).toMatchObject({
      accountId: `${sim.url}|${demo.email}`,
      method: 'web',
      userId: demo.id,
      remembered: false,
    })
    expect(windows[0]!.closeRequested).toBe(true)
    expect((await accounts.list()).accounts).toEqual([])
  })

  it('a later 401 ends the web session: it cannot be renewed without its window', async () => {
    sim = await startSim({ flavor: '6', openid: 'enabled', clock: false })
    const accounts = service()
    const outcome = accounts.signInWeb({ server: sim.url })
    await formShown(windows[0]!)
    await windows[0]!.submit({ email: demo.email, password: demo.password, action: 'allow' })
    await outcome
    sim.state.sessions.clear()
    await failure(accounts.require().client.getUser(demo.id))
    expect(pushed).toContainEqual({ type: 'session.ended', message: t('error.session.endedWebLogin') })
    expect(accounts.session()).toBeNull()
  })

  it('a wrong password keeps waiting; the user closing the window is "cancelled"', async () => {
    sim = await startSim({ flavor: '6', openid: 'forced', clock: false })
    const accounts = service()
    let ended = false
    const outcome = accounts.signInWeb({ server: sim.url }).finally(() => (ended = true))
    await formShown(windows[0]!)
    await windows[0]!.submit({ email: demo.email, password: 'wrong', action: 'allow' })
    await new Promise((done) => setTimeout(done, 20))
    expect(ended).toBe(false)
    windows[0]!.closeByUser()
    expect(await outcome).toEqual({ status: 'cancelled' })
    expect(accounts.session()).toBeNull()
  })

  it('the user denying it at the provider is refused with the status, and the window closed', async () => {
    sim = await startSim({ flavor: '6', openid: 'enabled', clock: false })
    const accounts = service()
    const refused = failure(accounts.signInWeb({ server: sim.url }))
    await formShown(windows[0]!)
    await windows[0]!.submit({ action: 'deny' })
    const error = await refused
    expect(error.code).toBe('auth.webLoginRefused')
    expect(error.message).toContain('400')
    expect(windows[0]!.closeRequested).toBe(true)
  })

  it('cancelWebSignIn, or a second web sign-in, closes the open window: "cancelled"', async () => {
    sim = await startSim({ flavor: '6', openid: 'enabled', clock: false })
    const accounts = service()
    const first = accounts.signInWeb({ server: sim.url })
    await opened(windows[0]!)
    const second = accounts.signInWeb({ server: sim.url })
    expect(await first).toEqual({ status: 'cancelled' })
    expect(windows[0]!.closeRequested).toBe(true)
    await opened(windows[1]!)
    accounts.cancelWebSignIn()
    expect(await second).toEqual({ status: 'cancelled' })
    expect(windows[1]!.closeRequested).toBe(true)
    // Nothing left to cancel.
    accounts.cancelWebSignIn()
  })

  it('cancelled while the server is still asked: "cancelled" without opening a page', async () => {
    sim = await startSim({ flavor: '6', openid: 'enabled', clock: false })
    const accounts = service()
    const outcome = accounts.signInWeb({ server: sim.url })
    accounts.cancelWebSignIn()
    expect(await outcome).toEqual({ status: 'cancelled' })
    expect(windows[0]!.opened).toEqual([])
    expect(windows[0]!.closeRequested).toBe(true)
  })

  it('refuses a server without OpenID before opening a page, naming it', async () => {
    sim = await startSim({ flavor: '6', clock: false })
    const accounts = service()
    const error = await failure(accounts.signInWeb({ server: sim.url }))
    expect(error).toMatchObject({
      code: 'auth.webLoginUnavailable',
      message: t('error.auth.webLoginUnavailable', { host: new URL(sim.url).host }),
    })
    expect(windows[0]!.opened).toEqual([])
    expect(windows[0]!.closeRequested).toBe(true)
  })

  it('gives up after its timeout and closes the window', async () => {
    sim = await startSim({ flavor: '6', openid: 'enabled', clock: false })
    const accounts = service({ webLoginTimeoutMs: 50 })
    const error = await failure(accounts.signInWeb({ server: sim.url }))
    expect(error.code).toBe('auth.webLoginTimeout')
    expect(windows[0]!.closeRequested).toBe(true)
  })

  it('refuses a bad address, and plain http to another host unless allowed, before any window', async () => {
    const accounts = service()
    expect((await failure(accounts.signInWeb({ server: 'ftp://x' }))).code).toBe('address.invalid')
    const insecure = await failure(accounts.signInWeb({ server: 'http://traccar.example.com' }))
    expect(insecure).toMatchObject({
      code: 'address.insecure',
      message: t('error.address.insecure.web', { host: 'traccar.example.com' }),
      extra: { field: 'server' },
    })
    expect(windows).toEqual([])
  })

  it('says it needs the desktop app where there is no window', async () => {
    const accounts = new AccountService({
      transport: () => {
        throw new Error('no request expected')
      },
      secrets: noSecrets,
      profiles: new ProfileStore(mkdtempSync(join(tmpdir(), 'wd-weblogin-flow-'))),
      push: () => {},
    })
    const error = await failure(accounts.signInWeb({ server: 'https://traccar.example.com' }))
    expect(error.code).toBe('auth.webLoginNeedsDesktop')
  })
})
