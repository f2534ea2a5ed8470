/**
 * Signing in through a server's own web login (Traccar's OpenID flow, docs/traccar-facts.md
 * "OpenID"): a login window opens `<server>/api/session/openid/auth`, the user signs in at the
 * identity provider, and the server's callback sets the session cookie and sends the window to
 * the web root. That cookie lives in the window's own cookie jar, which the transport of this
 * session shares; the app never sees the password. No Electron here: the window is an interface
 * (electron/web-login.ts in the app, Playwright's Chromium in the tests).
 */
import { AppFailure } from '$shared/result'
import { t } from '../i18n'
import type { HttpTransport } from '../traccar/transport'

export const OPENID_AUTH_PATH = '/api/session/openid/auth'
const OPENID_PATHS = '/api/session/openid/'
export const WEB_LOGIN_TIMEOUT_MS = 5 * 60_000

/** A top-level page the window ended up on (after redirects); status null: it did not load. */
export interface LoginPage {
  url: string
  status: number | null
}

export interface LoginBrowser {
  /** Shows the window and starts loading url; load failures arrive through onPage. */
  open(url: string): void
  onPage(listener: (page: LoginPage) => void): void
  /** The window closed, by the user or by close(). */
  onClosed(listener: () => void): void
  /** The cookies the window holds for an origin. */
  cookies(origin: string): Promise<{ name: string }[]>
  close(): void
}

/** A login window and the transport that shares its cookie jar. */
export interface WebLoginWindow {
  browser: LoginBrowser
  transport: HttpTransport
}

/**
 * Runs the window until the server has a session in it (the user, from `session`), the window
 * is closed ('cancelled', not an error), or it fails: a refused callback, a page that does not
 * load, or no session within timeoutMs. Each server page outside the OpenID paths where the
 * window holds a cookie is checked with `session` (GET /api/session); without a session there
 * (a provider on the server's own origin, say) the flow waits on.
 */
export function runWebLogin<User>(
  origin: string,
  browser: LoginBrowser,
  timeoutMs: number,
  session: () => Promise<User | null>,
): Promise<{ user: User } | 'cancelled'> {
  const host = new URL(origin).host
  return new Promise((resolve, reject) => {
    let settled = false
    const settle = (end: () => void): void => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      end()
    }
    const fail = (error: unknown): void => settle(() => reject(error))
    const minutes = String(Math.round(timeoutMs / 60_000))
    const timer = setTimeout(
      () => fail(new AppFailure('auth.webLoginTimeout', t('error.auth.webLoginTimeout', { minutes }))),
      timeoutMs,
    )
    browser.onClosed(() => settle(() => resolve('cancelled')))
    const check = async (): Promise<void> => {
      if ((await browser.cookies(origin)).length === 0) return
      const user = await session()
      if (user !== null) settle(() => resolve({ user }))
    }
    browser.onPage((page) => {
      if (settled) return
      const url = new URL(page.url)
      if (page.status === null) {
        return fail(
          new AppFailure('auth.webLoginLoadFailed', t('error.auth.webLoginLoadFailed', { host: url.host })),
        )
      }
      // Pages elsewhere belong to the identity provider.
      if (url.origin !== origin) return
      if (url.pathname.startsWith(OPENID_PATHS)) {
        if (page.status >= 400) {
          fail(
            new AppFailure(
              'auth.webLoginRefused',
              t('error.auth.webLoginRefused', { host, status: String(page.status) }),
            ),
          )
        }
        return
      }
      check().catch(fail)
    })
    browser.open(origin + OPENID_AUTH_PATH)
  })
}
