/**
 * The account API client for one Traccar server (reference: traccar-api.md §1–§3). Plain Node:
 * the transport is injected. Sends no Origin header (6.12+ checks it against the cookie).
 */
import { t } from '../i18n'
import { AppFailure } from '../../shared/result'
import {
  looksLikeHtml,
  networkFailure,
  notTraccar,
  serverFailed,
  traccarMessage,
  unexpectedAnswer,
  webPage,
} from './errors'
import type { HttpTransport } from './transport'

/** A Traccar user as the server returned it: every field kept, whatever it is. */
export type TraccarUser = {
  id: number
  email: string
  name: string
  attributes: Record<string, unknown>
} & Record<string, unknown>

export interface ServerInfo {
  version: string
  generation: 'legacy' | 'modern'
  readonly: boolean
}

/** Traccar before 5.3 has no Bearer tokens and no /api/session/token. */
export function generationOf(version: string): 'legacy' | 'modern' {
  const [major = 0, minor = 0] = version.split(/[.-]/).map((n) => Number.parseInt(n, 10) || 0)
  return major > 5 || (major === 5 && minor >= 3) ? 'modern' : 'legacy'
}

interface Reply {
  status: number
  headers: Headers
  body: string
}

export interface ClientOptions {
  timeoutMs?: number
  /** Called once when a request gets 401; resolves true when it signed in again. */
  onUnauthorized?: () => Promise<boolean>
}

export class TraccarClient {
  readonly host: string
  /** Once signed in, the server is known to be Traccar: a web page or a 5xx is a failure, not a wrong address. */
  private signedIn = false

  constructor(
    readonly origin: string,
    private readonly transport: HttpTransport,
    private readonly options: ClientOptions = {},
  ) {
    this.host = new URL(origin).host
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
      const response = await this.transport.fetch(this.origin + path, {
        method,
        headers,
        body,
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 15_000),
      })
      reply = { status: response.status, headers: response.headers, body: await response.text() }
    } catch (error) {
      throw networkFailure(error, this.host)
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
    try {
      return JSON.parse(reply.body) as T
    } catch {
      const key = this.signedIn ? 'error.server.unreadableSignedIn' : 'error.server.unreadable'
      throw new AppFailure('server.unexpected', t(key, { host: this.host }))
    }
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
    const server = this.parseJson<{ version?: unknown; readonly?: unknown }>(reply)
    if (typeof server !== 'object' || server === null || typeof server.version !== 'string')
      throw notTraccar(this.host)
    return {
      version: server.version,
      generation: generationOf(server.version),
      readonly: server.readonly === true,
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
    return unexpectedAnswer(this.host, reply.status, reply.body)
  }

  async signInWithPassword(email: string, password: string, code?: string): Promise<TraccarUser> {
    const form: Record<string, string> = { email, password }
    if (code) form.code = code
    const reply = await this.send('POST', '/api/session', { form, reauth: false })
    if (reply.status !== 200) throw this.signInFailure(reply, 'password')
    return this.signedInAs(reply)
  }

  async signInWithToken(token: string): Promise<TraccarUser> {
    const reply = await this.send('GET', `/api/session?token=${encodeURIComponent(token)}`, { reauth: false })
    if (reply.status !== 200) throw this.signInFailure(reply, 'token')
    return this.signedInAs(reply)
  }

  private parseUser(reply: Reply): TraccarUser {
    const user = this.parseJson<TraccarUser>(reply)
    if (typeof user !== 'object' || user === null || typeof user.id !== 'number') throw this.webPageFailure()
    return user
  }

  private signedInAs(reply: Reply): TraccarUser {
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

  async currentUser(): Promise<TraccarUser> {
    const reply = await this.send('GET', '/api/session')
    if (reply.status === 404) throw new AppFailure('auth.sessionExpired', t('error.auth.sessionExpired'))
    this.expectOk(reply)
    return this.parseUser(reply)
  }

  async getUser(id: number): Promise<TraccarUser> {
    const reply = await this.send('GET', `/api/users/${id}`)
    this.expectOk(reply)
    return this.parseUser(reply)
  }

  async putUser(user: TraccarUser): Promise<TraccarUser> {
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
