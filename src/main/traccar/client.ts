/**
 * The account API client for one Traccar server (reference: traccar-api.md §1–§3). Plain Node:
 * the transport is injected. Sends no Origin header (6.12+ checks it against the cookie).
 */
import { t } from '../i18n'
import { AppFailure } from '$shared/result'
import {
  looksLikeHtml,
  networkFailure,
  notTraccar,
  redirected,
  serverFailed,
  traccarMessage,
  unexpectedAnswer,
  webPage,
} from './errors'
import type { HttpTransport } from './transport'
import {
  decideEscaping,
  escapingEvidence,
  mapStrings,
  treatsAsEscaping,
  unescapeForHtml,
  type Escaping,
} from '$shared/html-escape'
import { versionAtLeast, type Server, type User } from '$shared/traccar'
import { DEFAULT_PACE, RequestPacer, retryAfterMs } from './pacer'

export interface ServerInfo {
  version: string
  generation: 'legacy' | 'modern'
  readonly: boolean
  /** GET /api/server says password sign-in goes through OpenID (openIdForce) or may (openIdEnabled). */
  openIdEnabled: boolean
  openIdForce: boolean
}

/** 429 retries: at most this many, waiting Retry-After or doubling from BACKOFF_MS, each wait capped. */
const MAX_RETRIES = 6
const BACKOFF_MS = 250
const MAX_WAIT_MS = 8_000
/** Say "the server is slowing us down" only once a request has waited this long. */
const SLOW_NOTICE_MS = 1_500

/** Traccar before 5.3 has no Bearer tokens and no /api/session/token. */
export function generationOf(version: string): 'legacy' | 'modern' {
  return versionAtLeast(version, 5, 3) ? 'modern' : 'legacy'
}

interface Reply {
  status: number
  headers: Headers
  body: string
}

export interface ClientOptions {
  timeoutMs?: number
  /** Request pacing for this server; DEFAULT_PACE when absent. */
  pace?: { perSecond: number; burst: number }
  /** Told true when rate limiting has held a request for a while, false when it passes. */
  onSlowDown?: (slow: boolean) => void

  /** Called once when a request gets 401; resolves true when it signed in again. */
  onUnauthorized?: () => Promise<boolean>
}

export class TraccarClient {
  readonly host: string
  private readonly pacer: RequestPacer
  private version = ''
  private evidence = { raw: false, entities: false }
  private slow = false
  /** Once signed in, the server is known to be Traccar: a web page or a 5xx is a failure, not a wrong address. */
  private signedIn = false

  constructor(
    readonly origin: string,
    private readonly transport: HttpTransport,
    private readonly options: ClientOptions = {},
  ) {
    this.host = new URL(origin).host
    this.pacer = new RequestPacer(options.pace ?? DEFAULT_PACE)
  }

  /** Whether this server HTML-escapes its strings: its version, then what its answers showed. */
  escaping(): Escaping {
    const { raw, entities } = this.evidence
    return decideEscaping(this.version, raw ? 'raw' : entities ? 'entities' : 'none')
  }

  /** Text as stored, for showing: an escaping server's output layer taken off. */
  plain<T>(value: T): T {
    return treatsAsEscaping(this.escaping()) ? mapStrings(value, unescapeForHtml) : value
  }

  private noteEvidence(value: unknown): void {
    if (this.evidence.raw) return
    const seen = escapingEvidence(value)
    if (seen === 'raw') this.evidence.raw = true
    else if (seen === 'entities') this.evidence.entities = true
  }

  private setSlow(slow: boolean): void {
    if (slow === this.slow) return
    this.slow = slow
    this.options.onSlowDown?.(slow)
  }

  /** One request through the pacer; a 429 (rejected before it reached Traccar) is retried. */
  private async exchange(
    method: string,
    path: string,
    headers: Record<string, string>,
    body?: string,
  ): Promise<Reply> {
    const started = Date.now()
    for (let attempt = 0; ; attempt++) {
      await this.pacer.slot()
      if (Date.now() - started >= SLOW_NOTICE_MS) this.setSlow(true)
      let response: Response
      let text: string
      try {
        response = await this.transport.fetch(this.origin + path, {
          method,
          headers,
          body,
          signal: AbortSignal.timeout(this.options.timeoutMs ?? 15_000),
        })
        text = await response.text()
      } catch (error) {
        // A network failure ends the wait too: the notice must not outlive it.
        this.setSlow(false)
        throw error
      }
      if (response.status !== 429) {
        this.setSlow(false)
        return { status: response.status, headers: response.headers, body: text }
      }
      if (attempt >= MAX_RETRIES) {
        this.setSlow(false)
        throw new AppFailure('net.rateLimited', t('error.net.rateLimited', { host: this.host }))
      }
      const asked = retryAfterMs(response.headers.get('retry-after'), Date.now())
      const wait = Math.min(MAX_WAIT_MS, asked ?? BACKOFF_MS * 2 ** attempt * (1 + Math.random() / 2))
      this.pacer.pause(wait)
      if (Date.now() + wait - started >= SLOW_NOTICE_MS) this.setSlow(true)
    }
  }

  setUnauthorizedHandler(handler: (() => Promise<boolean>) | undefined): void {
    this.options.onUnauthorized = handler
  }

  private async send(
    method: string,
    path: string,
    init: { form?: Record<string, string>; json?: unknown; reauth?: boolean } = {},
  ): Promise<Reply> {
    const headers: Record<string, string> = { accept: 'application/json' }
    let body: string | undefined
    if (init.form) {
      headers['content-type'] = 'application/x-www-form-urlencoded'
      body = new URLSearchParams(init.form).toString()
    } else if (init.json !== undefined) {
      headers['content-type'] = 'application/json'
      body = JSON.stringify(init.json)
    }
    let reply: Reply
    try {
      reply = await this.exchange(method, path, headers, body)
    } catch (error) {
      throw networkFailure(error, this.host)
    }
    if (reply.status >= 300 && reply.status < 400) {
      throw redirected(this.host, reply.headers.get('location'), this.origin + path)
    }
    if (reply.status === 401 && init.reauth !== false && this.options.onUnauthorized) {
      if (await this.options.onUnauthorized()) return this.send(method, path, { ...init, reauth: false })
      throw new AppFailure('auth.sessionExpired', t('error.auth.sessionExpired'))
    }
    return reply
  }

  /** A web page where the API's JSON was expected. */
  private webPageFailure(): AppFailure {
    return this.signedIn ? webPage(this.host) : notTraccar(this.host)
  }

  private parseJson<T>(reply: Reply): T {
    if (looksLikeHtml(reply.headers.get('content-type'), reply.body)) throw this.webPageFailure()
    let value: T
    try {
      value = JSON.parse(reply.body) as T
    } catch {
      const key = this.signedIn ? 'error.server.unreadableSignedIn' : 'error.server.unreadable'
      throw new AppFailure('server.unexpected', t(key, { host: this.host }))
    }
    this.noteEvidence(value)
    return value
  }

  private expectOk(reply: Reply): void {
    if (reply.status >= 200 && reply.status < 300) {
      if (looksLikeHtml(reply.headers.get('content-type'), reply.body)) throw this.webPageFailure()
      return
    }
    if (reply.status === 401) {
      throw new AppFailure('auth.sessionExpired', t('error.auth.sessionExpired'))
    }
    if (this.signedIn && reply.status >= 500) throw serverFailed(this.host, reply.status, reply.body)
    if (looksLikeHtml(reply.headers.get('content-type'), reply.body)) throw this.webPageFailure()
    throw unexpectedAnswer(this.host, reply.status, reply.body)
  }

  async probe(): Promise<ServerInfo> {
    const reply = await this.send('GET', '/api/server', { reauth: false })
    if (reply.status === 404 || looksLikeHtml(reply.headers.get('content-type'), reply.body))
      throw notTraccar(this.host)
    this.expectOk(reply)
    // Checked, not trusted: anything may answer at this address.
    const server = this.parseJson<Partial<Record<keyof Server, unknown>> | null>(reply)
    if (typeof server !== 'object' || server === null || typeof server.version !== 'string')
      throw notTraccar(this.host)
    this.version = server.version
    return {
      version: server.version,
      generation: generationOf(server.version),
      readonly: server.readonly === true,
      openIdEnabled: server.openIdEnabled === true,
      openIdForce: server.openIdForce === true,
    }
  }

  /** Shared meaning of the sign-in answers (LoginService): 400 carries Traccar's reason. */
  private signInFailure(reply: Reply, method: 'password' | 'token'): AppFailure {
    const message = traccarMessage(reply.body) ?? ''
    if (reply.status === 401 && /totp/i.test(reply.headers.get('www-authenticate') ?? '')) {
      return new AppFailure('auth.totpRequired', t('error.auth.totpRequired'), { field: 'code' })
    }
    if (reply.status === 401) {
      return method === 'password'
        ? new AppFailure('auth.wrongPassword', t('error.auth.wrongPassword'), { field: 'secret' })
        : new AppFailure('auth.badToken', t('error.auth.badToken'), {
            field: 'secret',
          })
    }
    if (reply.status === 400 && /authorization failed/i.test(message)) {
      return new AppFailure('auth.totpWrong', t('error.auth.totpWrong'), { field: 'code' })
    }
    if (reply.status === 400 && /disabled/i.test(message)) {
      return new AppFailure('auth.disabled', t('error.auth.disabled'))
    }
    if (reply.status === 400 && /expired/i.test(message)) {
      return new AppFailure('auth.expired', t('error.auth.expired'))
    }
    if (looksLikeHtml(reply.headers.get('content-type'), reply.body)) return notTraccar(this.host)
    // 5.12 answers a bad ?token= with 400 (docs/traccar-facts.md, "Sign-in per version").
    if (reply.status === 400 && method === 'token')
      return new AppFailure('auth.badToken', t('error.auth.badToken'), { field: 'secret' })
    return unexpectedAnswer(this.host, reply.status, reply.body)
  }

  async signInWithPassword(email: string, password: string, code?: string): Promise<User> {
    const form: Record<string, string> = { email, password }
    if (code) form.code = code
    const reply = await this.send('POST', '/api/session', { form, reauth: false })
    if (reply.status !== 200) throw this.signInFailure(reply, 'password')
    return this.signedInAs(reply)
  }

  async signInWithToken(token: string): Promise<User> {
    const reply = await this.send('GET', `/api/session?token=${encodeURIComponent(token)}`, { reauth: false })
    if (reply.status !== 200) throw this.signInFailure(reply, 'token')
    return this.signedInAs(reply)
  }

  /**
   * The user of a session made elsewhere (the web login) with the cookie it left, or null when
   * there is no session (404, as Traccar's "not logged in" probe answers); then signed in.
   */
  async sessionUser(): Promise<User | null> {
    const reply = await this.send('GET', '/api/session', { reauth: false })
    if (reply.status === 404) return null
    this.expectOk(reply)
    return this.signedInAs(reply)
  }

  private parseUser(reply: Reply): User {
    const user = this.parseJson<User>(reply)
    if (typeof user !== 'object' || user === null || typeof user.id !== 'number') throw this.webPageFailure()
    return user
  }

  private signedInAs(reply: Reply): User {
    const user = this.parseUser(reply)
    this.signedIn = true
    return user
  }

  async signOut(): Promise<void> {
    this.signedIn = false
    try {
      await this.send('DELETE', '/api/session', { reauth: false })
    } finally {
      await this.transport.clearCookies(this.origin)
    }
  }

  async currentUser(): Promise<User> {
    const reply = await this.send('GET', '/api/session')
    if (reply.status === 404) throw new AppFailure('auth.sessionExpired', t('error.auth.sessionExpired'))
    this.expectOk(reply)
    return this.parseUser(reply)
  }

  async getUser(id: number): Promise<User> {
    const reply = await this.send('GET', `/api/users/${id}`)
    this.expectOk(reply)
    return this.parseUser(reply)
  }

  async putUser(user: User): Promise<User> {
    const reply = await this.send('PUT', `/api/users/${user.id}`, { json: user })
    this.expectOk(reply)
    return this.parseUser(reply)
  }

  /** The Cookie header of this session, for the WebSocket. */
  cookieHeader(): Promise<string | null> {
    return this.transport.cookieHeader(this.origin)
  }

  async getJson<T>(path: string): Promise<T> {
    const reply = await this.send('GET', path)
    this.expectOk(reply)
    return this.parseJson<T>(reply)
  }
}
