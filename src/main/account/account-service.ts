/**
 * Signing in and out of a Traccar/BikeTrax server, saved accounts and their keychain secrets.
 * Holds the one active session; the secret stays in main (memory for this run, keychain when
 * remembered) and is never handed back to the renderer.
 */
import { isManager, type User } from '$shared/traccar'
import type {
  AccountList,
  PushEvent,
  ServerSignInOptions,
  SessionInfo,
  SessionMethod,
  SignInInput,
  WebSignInInput,
  WebSignInOutcome,
} from '$shared/contract'
import { t } from '../i18n'
import { AppFailure } from '$shared/result'
import { parseServerAddress } from '$shared/server-address'
import type { ProfileStore } from '../store/profiles'
import { accountId } from '../store/profiles'
import type { SecretStore } from '../store/secrets'
import { TraccarClient, type ServerInfo } from '../traccar/client'
import type { HttpTransport } from '../traccar/transport'
import { runWebLogin, WEB_LOGIN_TIMEOUT_MS, type WebLoginWindow } from './web-login-flow'

export interface AccountDeps {
  /** A new transport with its own cookie jar: each sign-in attempt gets one, so a failed one leaves the session alone. */
  transport: () => HttpTransport
  secrets: SecretStore
  profiles: ProfileStore
  push: (event: PushEvent) => void
  timeoutMs?: number
  /** Request pacing per server (DEFAULT_PACE when absent); tests that need speed turn it off. */
  pace?: { perSecond: number; burst: number }
  /** The BikeTrax Cloud address: a refused password there gets the token route explained. */
  bikeTraxServer?: string
  /** True for the origin of the demo server running inside the app. */
  isDemo?: (origin: string) => boolean
  /** Opens a login window with a fresh cookie jar (the desktop app only; absent elsewhere). */
  webLogin?: () => WebLoginWindow
  /** How long the web login may stay open (WEB_LOGIN_TIMEOUT_MS when absent). */
  webLoginTimeoutMs?: number
}

export interface ActiveSession {
  info: SessionInfo
  client: TraccarClient
  server: ServerInfo
  user: User
}

interface Attempt {
  origin: string
  method: SessionMethod
  email: string
  secret: string
  remember: boolean
  ephemeral: boolean
  client: TraccarClient
  server: ServerInfo
}

export class AccountService {
  private active: (ActiveSession & { attempt: Attempt; needsCode: boolean }) | null = null
  private pending: Attempt | null = null
  private webWindow: WebLoginWindow | null = null

  constructor(private readonly deps: AccountDeps) {}

  async list(): Promise<AccountList> {
    const accounts = await this.deps.profiles.list()
    return { accounts: [...accounts], notice: this.deps.profiles.notice }
  }

  session(): SessionInfo | null {
    // Escaping is decided from evidence too, which grows as the server answers.
    return this.active ? { ...this.active.info, escaping: this.active.client.escaping() } : null
  }

  /** The signed-in session, for the features built on it. */
  require(): ActiveSession {
    if (!this.active) throw new AppFailure('auth.signedOut', t('error.auth.signedOut'))
    return this.active
  }

  async signIn(input: SignInInput): Promise<SessionInfo> {
    const address = parseServerAddress(input.server)
    if (!address.ok) throw new AppFailure('address.invalid', address.message, { field: 'server' })
    if (address.insecure && !input.allowInsecure) {
      throw new AppFailure(
        'address.insecure',
        t(`error.address.insecure.${input.method}`, { host: address.host }),
        { field: 'server' },
      )
    }
    const email = (input.email ?? '').trim()
    if (input.method === 'password' && email === '') {
      throw new AppFailure('auth.emailMissing', t('signIn.form.emailMissing'), {
        field: 'email',
      })
    }
    this.pending = null
    // The current session stays until the new account is in (see complete()).
    const client = this.newClient(address.origin, this.deps.transport())
    const server = await client.probe()
    const attempt: Attempt = {
      origin: address.origin,
      method: input.method,
      email,
      secret: input.secret,
      remember: input.remember,
      ephemeral: input.ephemeral === true,
      client,
      server,
    }
    try {
      const user = await this.authenticate(attempt)
      return await this.complete(attempt, user, false)
    } catch (error) {
      if (error instanceof AppFailure && error.code === 'auth.totpRequired') this.pending = attempt
      throw this.explain(error, attempt)
    }
  }

  async verifyCode(code: string): Promise<SessionInfo> {
    const attempt = this.pending
    if (!attempt) throw new AppFailure('auth.noPendingSignIn', t('error.auth.noPendingSignIn'))
    const user = await this.authenticate(attempt, code.trim())
    this.pending = null
    return this.complete(attempt, user, true)
  }

  cancelSignIn(): void {
    this.pending = null
  }

  /** What the server offers before sign-in: the sign-in form shows the web login only where it exists. */
  async checkServer(server: string): Promise<ServerSignInOptions> {
    const address = parseServerAddress(server)
    if (!address.ok) throw new AppFailure('address.invalid', address.message, { field: 'server' })
    const info = await this.newClient(address.origin, this.deps.transport()).probe()
    return { openIdEnabled: info.openIdEnabled || info.openIdForce, openIdForce: info.openIdForce }
  }

  /**
   * Signs in through the server's web login (web-login-flow.ts). The session lives in the login
   * window's cookie jar, which this session's transport shares; nothing is saved: there is no
   * secret to remember, so the next run signs in through the web login again.
   */
  async signInWeb(input: WebSignInInput): Promise<WebSignInOutcome> {
    if (!this.deps.webLogin)
      throw new AppFailure('auth.webLoginNeedsDesktop', t('error.auth.webLoginNeedsDesktop'))
    const address = parseServerAddress(input.server)
    if (!address.ok) throw new AppFailure('address.invalid', address.message, { field: 'server' })
    if (address.insecure && !input.allowInsecure) {
      throw new AppFailure('address.insecure', t('error.address.insecure.web', { host: address.host }), {
        field: 'server',
      })
    }
    this.cancelWebSignIn()
    this.pending = null
    const window = this.deps.webLogin()
    this.webWindow = window
    try {
      const client = this.newClient(address.origin, window.transport)
      const server = await client.probe()
      if (!server.openIdEnabled && !server.openIdForce)
        throw new AppFailure(
          'auth.webLoginUnavailable',
          t('error.auth.webLoginUnavailable', { host: client.host }),
        )
      // Cancelled while the server was asked: the window is closed already, never show it.
      if (this.webWindow !== window) return { status: 'cancelled' }
      const timeoutMs = this.deps.webLoginTimeoutMs ?? WEB_LOGIN_TIMEOUT_MS
      const end = await runWebLogin(address.origin, window.browser, timeoutMs, () => client.sessionUser())
      if (end === 'cancelled') return { status: 'cancelled' }
      const attempt: Attempt = {
        origin: address.origin,
        method: 'web',
        email: '',
        secret: '',
        remember: false,
        ephemeral: true,
        client,
        server,
      }
      return { status: 'signedIn', session: await this.complete(attempt, end.user, false) }
    } finally {
      if (this.webWindow === window) this.webWindow = null
      window.browser.close()
    }
  }

  /** Closes the web login window, if one is open; its signInWeb ends as cancelled. */
  cancelWebSignIn(): void {
    this.webWindow?.browser.close()
    this.webWindow = null
  }

  private newClient(origin: string, transport: HttpTransport): TraccarClient {
    return new TraccarClient(origin, transport, {
      timeoutMs: this.deps.timeoutMs,
      pace: this.deps.pace,
      onSlowDown: (slow) => this.deps.push({ type: 'server.slow', slow }),
    })
  }

  async signInSaved(id: string): Promise<SessionInfo> {
    const account = await this.deps.profiles.get(id)
    if (!account) throw new AppFailure('account.unknown', t('error.account.unknown'))
    const secret = await this.deps.secrets.get(id)
    if (!secret) {
      throw new AppFailure(
        'auth.secretMissing',
        t(`error.auth.secretMissing.${account.method}`, { email: account.email }),
        {
          field: 'secret',
        },
      )
    }
    // Plain http to another host was confirmed when the account was first saved.
    return this.signIn({
      server: account.server,
      method: account.method,
      email: account.email,
      secret,
      remember: true,
      allowInsecure: true,
    })
  }

  async signOut(): Promise<void> {
    const active = this.active
    this.active = null
    this.pending = null
    if (active) await active.client.signOut().catch(() => {})
  }

  async forget(id: string): Promise<void> {
    const account = await this.deps.profiles.get(id)
    if (this.active?.info.accountId === id) await this.signOut()
    try {
      await this.deps.secrets.delete(id)
    } catch (error) {
      // Without a keychain there is nothing stored to delete, unless this account was remembered.
      if (account?.remembered) throw error
    }
    await this.deps.profiles.remove(id)
  }

  /**
   * A refused password says more where we know why: a server that allows only its web login
   * (openIdForce), or BikeTrax Cloud, where the app's password may not be the Traccar password.
   */
  private explain(error: unknown, attempt: Attempt): unknown {
    if (!(error instanceof AppFailure) || error.code !== 'auth.wrongPassword') return error
    if (attempt.server.openIdForce)
      return new AppFailure(
        'auth.passwordDisabled',
        t('error.auth.passwordDisabled', { host: attempt.client.host }),
      )
    const bikeTrax = this.deps.bikeTraxServer ? parseServerAddress(this.deps.bikeTraxServer) : null
    if (bikeTrax?.ok && bikeTrax.origin === attempt.origin)
      return new AppFailure('auth.bikeTraxPassword', t('error.auth.bikeTraxPassword'), { field: 'secret' })
    return error
  }

  private authenticate(attempt: Attempt, code?: string): Promise<User> {
    if (attempt.method === 'web') throw new Error('a web login cannot be repeated without its window')
    return attempt.method === 'password'
      ? attempt.client.signInWithPassword(attempt.email, attempt.secret, code)
      : attempt.client.signInWithToken(attempt.secret)
  }

  private async complete(attempt: Attempt, user: User, needsCode: boolean): Promise<SessionInfo> {
    const email = typeof user.email === 'string' && user.email !== '' ? user.email : attempt.email
    const id = accountId(attempt.origin, email)
    let remembered = false
    let notice: string | null = null
    // A sign-in for one run (the command line's WEBHOOK_DESK_TOKEN, the web login) leaves saved accounts alone.
    if (!attempt.ephemeral && attempt.method !== 'web') {
      if (attempt.remember) {
        try {
          await this.deps.secrets.set(id, attempt.secret)
          remembered = true
        } catch (error) {
          notice = error instanceof AppFailure ? error.message : t('error.keychain.saveFailed')
        }
      } else {
        await this.deps.secrets.delete(id).catch(() => {})
      }
      await this.deps.profiles.upsert({ server: attempt.origin, email, method: attempt.method, remembered })
    }
    const info: SessionInfo = {
      accountId: id,
      server: attempt.origin,
      serverVersion: attempt.server.version,
      generation: attempt.server.generation,
      userId: user.id,
      name: typeof user.name === 'string' ? user.name : '',
      email,
      method: attempt.method,
      readonly: user.readonly === true || attempt.server.readonly,
      administrator: user.administrator === true,
      manager: isManager(user),
      remembered,
      notice,
      demo: this.deps.isDemo?.(attempt.origin) ?? false,
      escaping: attempt.client.escaping(),
    }
    const previous = this.active
    const mine: NonNullable<typeof this.active> = {
      info,
      client: attempt.client,
      server: attempt.server,
      user,
      attempt,
      needsCode,
    }
    this.active = mine
    // A 401 renews this session only: a request of an earlier session still in flight (a bulk
    // batch, a backfill) must not sign in again, or end, whoever is signed in now.
    attempt.client.setUnauthorizedHandler(() =>
      this.active === mine ? this.reauthenticate() : Promise.resolve(false),
    )
    if (previous) await previous.client.signOut().catch(() => {})
    return info
  }

  /** A later 401: sign in again once with the secret held for this run, else end the session. */
  private async reauthenticate(): Promise<boolean> {
    const active = this.active
    if (!active) return false
    const end = (message: string): false => {
      if (this.active === active) this.active = null
      this.deps.push({ type: 'session.ended', message })
      return false
    }
    if (active.needsCode) return end(t('error.session.endedNeedsCode'))
    // The web login's session cannot be renewed without its window.
    if (active.attempt.method === 'web') return end(t('error.session.endedWebLogin'))
    try {
      active.user = await this.authenticate(active.attempt)
      return true
    } catch (error) {
      const reason = error instanceof AppFailure ? error.message : t('error.session.savedRefused')
      return end(t('error.session.endedReauthFailed', { reason }))
    }
  }
}
