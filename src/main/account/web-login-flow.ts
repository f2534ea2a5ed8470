/**
 * Signing in through a server's own web login (Traccar's OpenID flow, docs/traccar-facts.md
 * "OpenID"): a login window opens `<server>/api/session/openid/auth`, the user signs in at the
 * identity provider, and the server's callback sets the session cookie and sends the window to
 * the web root. That cookie lives in the window's own cookie jar, which the transport of this
 * session shares; the app never sees the password. No Electron here: the window is an interface
 * (electron/web-login.ts in the app, Playwright's Chromium in the tests).
 */
import { AppFailure } from '../../shared/result'
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

export type WebLoginEnd = 'landed' | 'cancelled'

/**
 * Runs the window until the server has a session in it ('landed'), the window is closed
 * ('cancelled', not an error), or it fails: a refused callback, a page that does not load, no
 * session cookie on arrival, or no arrival within timeoutMs.
 */
export function runWebLogin(origin: string, browser: LoginBrowser, timeoutMs: number): Promise<WebLoginEnd> {
  const host = new URL(origin).host
  return new Promise<WebLoginEnd>((resolve, reject) => {
    let settled = false
    const settle = (end: () => void): void => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      end()
    }
    const fail = (error: AppFailure): void => settle(() => reject(error))
    const timer = setTimeout(
      () =>
        fail(
          new AppFailure(
            'auth.webLoginTimeout',
            t('error.auth.webLoginTimeout', { minutes: String(Math.round(timeoutMs / 60_000)) }),
          ),
        ),
      timeoutMs,
    )
    browser.onClosed(() => settle(() => resolve('cancelled')))
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
      // Back on the server outside the OpenID paths: the callback is done, with a session or without.
      void browser.cookies(origin).then(
        (cookies) =>
          cookies.length > 0
            ? settle(() => resolve('landed'))
            : fail(new AppFailure('auth.webLoginNoSession', t('error.auth.webLoginNoSession', { host }))),
        () => fail(new AppFailure('auth.webLoginNoSession', t('error.auth.webLoginNoSession', { host }))),
      )
    })
    browser.open(origin + OPENID_AUTH_PATH)
  })
}
