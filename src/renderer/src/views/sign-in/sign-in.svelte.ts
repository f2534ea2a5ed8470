/**
 * The sign-in screen's work: the saved accounts, the form and its checks, signing in (password,
 * token, a saved account, the demo), the two-factor step and forgetting an account. Each action
 * says which field should take the focus next; the view moves it.
 */
import type { AccountSummary, Api, ServerSignInOptions, SessionInfo, SignInMethod } from '$shared/contract'
import { t } from '$shared/i18n'
import type { AppError, Result } from '$shared/result'
import { DEFAULT_SERVER, parseServerAddress } from '$shared/server-address'
import { appState } from '../../lib/app-state.svelte'
import { hostOf } from '../../lib/format'
import { showToast } from '../../ui/toasts.svelte'

/** The field to focus after an action, and whether its text should be selected for retyping. */
export type Focus = { field: 'email' | 'secret' | 'code'; select?: boolean } | null

export class SignInStore {
  accounts = $state<AccountSummary[]>([])
  listNotice = $state<string | null>(null)
  step = $state<'form' | 'code'>('form')
  server = $state(DEFAULT_SERVER)
  email = $state('')
  secret = $state('')
  method = $state<SignInMethod>('password')
  remember = $state(true)
  code = $state('')
  busy = $state(false)
  busyAccount = $state<string | null>(null)
  error = $state<AppError | null>(null)
  confirmInsecure = $state(false)
  /** Which sign-in the plain-http confirmation is for. */
  insecureFor = $state<SignInMethod | 'web'>('password')
  forgetting = $state<AccountSummary | null>(null)
  bikeTraxGuide = $state(false)

  // The web login (OpenID) is offered only where the server says it has one (GET /api/server).
  webOptions = $state<{ server: string; options: ServerSignInOptions } | null>(null)
  webBusy = $state(false)
  webCancelled = $state(false)
  webError = $state<string | null>(null)
  readonly webLogin = $derived(
    this.webOptions?.server === this.server && this.webOptions.options.openIdEnabled
      ? this.webOptions.options
      : null,
  )

  readonly showGuide = $derived(this.bikeTraxGuide || this.error?.code === 'auth.bikeTraxPassword')
  readonly generalError = $derived(this.error && !this.error.field ? this.error.message : null)

  constructor(
    /** Called with the new session once signed in. */
    private readonly onsignedin: (session: SessionInfo) => void,
    private readonly api: Api = window.api,
  ) {}

  fieldError(field: string): string | null {
    return this.error?.field === field ? this.error.message : null
  }

  get useToken(): boolean {
    return this.method === 'token'
  }
  set useToken(on: boolean) {
    this.method = on ? 'token' : 'password'
    this.secret = ''
    this.error = null
  }

  async loadAccounts(): Promise<void> {
    const result = await this.api.listAccounts()
    if (result.ok) {
      this.accounts = result.value.accounts
      this.listNotice = result.value.notice
    }
  }

  /** Fills in the BikeTrax Cloud server and shows which credentials work there. */
  useBikeTrax(): Focus {
    this.server = appState.info?.bikeTraxServer ?? DEFAULT_SERVER
    this.bikeTraxGuide = true
    this.error = null
    return { field: this.method === 'password' ? 'email' : 'secret' }
  }

  switchToToken(): Focus {
    this.useToken = true
    this.bikeTraxGuide = true
    return { field: 'secret' }
  }

  private async finish(result: Result<SessionInfo>): Promise<Focus> {
    if (result.ok) {
      this.secret = ''
      this.code = ''
      appState.signedOutReason = null
      if (result.value.notice) showToast(result.value.notice, 'warning', 9000)
      this.onsignedin(result.value)
      return null
    }
    this.error = result.error
    if (result.error.code === 'auth.totpRequired') {
      this.step = 'code'
      this.secret = ''
      this.error = null
      return { field: 'code' }
    }
    if (result.error.code === 'address.insecure') {
      this.insecureFor = this.method
      this.confirmInsecure = true
    } else if (result.error.field === 'secret') return { field: 'secret', select: true }
    else if (result.error.field === 'code') return { field: 'code', select: true }
    return null
  }

  /** What is missing or malformed in the form, before anything is sent. */
  validate(): AppError | null {
    const address = parseServerAddress(this.server)
    if (!address.ok) return { code: 'address.invalid', message: address.message, field: 'server' }
    if (this.method === 'password' && this.email.trim() === '')
      return { code: 'form', message: t('signIn.form.emailMissing'), field: 'email' }
    if (this.secret === '') {
      return {
        code: 'form',
        message: this.method === 'token' ? t('signIn.form.tokenMissing') : t('signIn.form.passwordMissing'),
        field: 'secret',
      }
    }
    return null
  }

  /** Runs one sign-in call with the form busy; the call's result says where the user goes next. */
  private async busyWith(call: () => Promise<Result<SessionInfo>>): Promise<Focus> {
    this.busy = true
    try {
      return await this.finish(await call())
    } finally {
      this.busy = false
    }
  }

  async submit(allowInsecure = false): Promise<Focus> {
    if (this.busy) return null
    this.error = this.validate()
    if (this.error) return null
    performance.mark('webhook-desk:sign-in-submitted')
    const method = this.method
    return this.busyWith(() =>
      this.api.signIn({
        server: this.server,
        method,
        email: method === 'password' ? this.email.trim() : undefined,
        secret: this.secret,
        remember: this.remember,
        allowInsecure,
      }),
    )
  }

  /** Goes on over plain http after the user confirmed it. */
  submitInsecure(): Promise<Focus> {
    this.confirmInsecure = false
    this.error = null
    return this.insecureFor === 'web' ? this.signInWeb(true) : this.submit(true)
  }

  /** Asks the server in the form whether it offers the web login; answers for an older address are dropped. */
  async probeServer(wanted: string): Promise<void> {
    if (!parseServerAddress(wanted).ok) return
    const result = await this.api.checkServer({ server: wanted })
    if (result.ok && wanted === this.server) this.webOptions = { server: wanted, options: result.value }
  }

  /** Signs in through the server's own web login, in a window of the desktop app. */
  async signInWeb(allowInsecure = false): Promise<Focus> {
    if (this.busy) return null
    this.busy = true
    this.webBusy = true
    this.webCancelled = false
    this.webError = null
    this.error = null
    try {
      const result = await this.api.signInWeb({ server: this.server, allowInsecure })
      if (!result.ok && result.error.code === 'address.insecure') {
        this.insecureFor = 'web'
        this.confirmInsecure = true
      } else if (!result.ok) {
        this.webError = result.error.message
      } else if (result.value.status === 'cancelled') {
        this.webCancelled = true
      } else {
        return await this.finish({ ok: true, value: result.value.session })
      }
      return null
    } finally {
      this.busy = false
      this.webBusy = false
    }
  }

  cancelWeb(): void {
    void this.api.cancelWebSignIn()
  }

  async submitCode(): Promise<Focus> {
    if (this.busy) return null
    if (!/^\d{6}$/.test(this.code.trim())) {
      this.error = { code: 'form', message: t('signIn.form.codeDigits'), field: 'code' }
      return null
    }
    this.error = null
    return this.busyWith(() => this.api.verifyCode({ code: this.code.trim() }))
  }

  async back(): Promise<Focus> {
    await this.api.cancelSignIn()
    this.step = 'form'
    this.code = ''
    this.error = null
    return { field: 'secret' }
  }

  async openSaved(account: AccountSummary): Promise<Focus> {
    this.server = account.server
    this.email = account.email
    this.method = account.method
    this.secret = ''
    this.error = null
    if (!account.remembered) return { field: 'secret' }
    this.busyAccount = account.id
    this.busy = true
    try {
      const result = await this.api.signInSaved({ accountId: account.id })
      if (!result.ok && result.error.code !== 'auth.totpRequired') {
        this.error = { ...result.error, field: result.error.field ?? 'secret' }
        return { field: 'secret' }
      }
      return await this.finish(result)
    } finally {
      this.busy = false
      this.busyAccount = null
    }
  }

  async tryDemo(): Promise<Focus> {
    if (this.busy) return null
    this.error = null
    return this.busyWith(() => this.api.startDemo())
  }

  /** Forgets the account the user asked about, its keychain entry and its local data. */
  async forget(): Promise<void> {
    const account = this.forgetting
    this.forgetting = null
    if (!account) return
    const result = await this.api.forgetAccount({ accountId: account.id })
    if (result.ok) {
      showToast(t('signIn.forgot', { email: account.email, host: hostOf(account.server) }), 'success')
      await this.loadAccounts()
    } else {
      showToast(result.error.message, 'danger', 9000)
    }
  }
}
