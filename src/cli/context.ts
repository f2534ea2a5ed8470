/**
 * What every command runs on: the app's handler table (the same services, keychain entries and
 * data folder as the desktop app), called through the one dispatch(), and the sign-in that
 * each run makes from a saved account or from WEBHOOK_DESK_TOKEN.
 */
import { version } from '../../package.json'
import type {
  AccountSummary,
  InputOf,
  OperationName,
  OutputOf,
  PushEvent,
  SessionInfo,
  WebhookState,
} from '../shared/contract'
import { parseServerAddress } from '../shared/server-address'
import { dispatch, type Handlers } from '../main/dispatch'
import { createHandlers } from '../main/handlers'
import { LanguageSettings } from '../main/language'
import { t } from '../main/i18n'
import { KeytarStore } from '../main/store/secrets'
import { nodeTransport } from '../main/traccar/transport'
import { CliError, EXIT } from './exit-codes'
import { note, type Io } from './output'
import { ask, isTerminal, StdinLines, type Input } from './prompt'

export interface GlobalOptions {
  server?: string
  account?: string
  code?: string
  /** --user EMAIL: the webhook commands act on this managed account instead of one's own. */
  user?: string
}

export const TOKEN_ROUTE =
  'Without a keychain, set WEBHOOK_DESK_TOKEN (an access token) and WEBHOOK_DESK_SERVER instead.'

export class Context {
  readonly handlers: Handlers
  readonly stdinLines: StdinLines
  private listeners: ((event: PushEvent) => void)[] = []

  constructor(
    readonly io: Io & Input,
    readonly userDataDir: string,
    readonly global: GlobalOptions,
  ) {
    this.stdinLines = new StdinLines(io.stdin)
    this.handlers = createHandlers({
      appInfo: { name: 'Webhook Desk', version, shell: 'cli', demoRequested: false },
      userDataDir,
      // The command speaks English; main's messages follow the app's language setting, English by default.
      language: new LanguageSettings(userDataDir, ['en']),
      transport: nodeTransport,
      secrets: new KeytarStore(),
      push: (event) => this.listeners.forEach((listener) => listener(event)),
    })
  }

  onPush(listener: (event: PushEvent) => void): void {
    this.listeners.push(listener)
  }

  /** Runs one operation through dispatch(); a failure becomes a CliError with the app's code and words. */
  async call<K extends OperationName>(
    name: K,
    ...input: InputOf<K> extends void ? [] : [InputOf<K>]
  ): Promise<OutputOf<K>> {
    const result = await dispatch(this.handlers, name, input[0], (operation, error) =>
      note(this.io, `[${operation}] unexpected ${(error as Error)?.name ?? 'error'}`),
    )
    if (!result.ok) throw new CliError(result.error.code, result.error.message)
    return result.value as OutputOf<K>
  }

  /** A secret or code: the next stdin line when piped, else a prompt on the terminal. */
  async secretFrom(prompt: string, stdinFlag: string | null): Promise<string> {
    if (stdinFlag || !isTerminal(this.io)) {
      const line = await this.stdinLines.line()
      if (line === null || line === '') {
        throw new CliError(
          'usage.missingInput',
          stdinFlag
            ? `${stdinFlag} was given but stdin was empty.`
            : `Nothing on stdin to answer "${prompt.trim()}"`,
          EXIT.usage,
        )
      }
      return line
    }
    return ask(this.io, prompt, true)
  }

  /** Runs a sign-in and, when the account has 2FA, answers with the code from --code, stdin or a prompt. */
  async withCode(signIn: () => Promise<SessionInfo>): Promise<SessionInfo> {
    try {
      return await signIn()
    } catch (error) {
      if (!(error instanceof CliError) || error.code !== 'auth.totpRequired') throw error
      const code = this.global.code ?? (await this.secretFrom('Two-factor code: ', null))
      return this.call('verifyCode', { code })
    }
  }

  /** The saved account --server/--account point at; by default the one used last. */
  async savedAccount(): Promise<AccountSummary> {
    const { accounts, notice } = await this.call('listAccounts')
    if (notice) note(this.io, notice)
    const origin = this.global.server ? parseServerAddress(this.global.server) : null
    const email = this.global.account?.trim().toLowerCase()
    const found = accounts.find(
      (a) =>
        (!origin || (origin.ok && a.server === origin.origin)) && (!email || a.email.toLowerCase() === email),
    )
    if (found) return found
    if (accounts.length > 0 && (origin || email)) {
      throw new CliError(
        'account.unknown',
        'No saved account matches --server/--account. "webhook-desk accounts" lists them.',
        EXIT.auth,
      )
    }
    throw new CliError(
      'auth.signedOut',
      `Not signed in. Run "webhook-desk login --server URL --email EMAIL --remember". ${TOKEN_ROUTE}`,
    )
  }

  /**
   * Signs in for this run and, with --user, points the webhook operations at that managed
   * account (the app's openAccount), so get/set/off/test/history/restore act on it.
   */
  async session(): Promise<SessionInfo> {
    const info = await this.signIn()
    const email = this.global.user?.trim().toLowerCase()
    if (email) {
      const { accounts } = await this.call('listManagedAccounts')
      const found = accounts.find((a) => a.email.toLowerCase() === email)
      if (!found) {
        throw new CliError(
          'managed.unknownAccount',
          `${this.global.user} is not one of the accounts you manage. "webhook-desk users" lists them.`,
          EXIT.usage,
        )
      }
      this.opened = await this.call('openAccount', { userId: found.userId })
    }
    return info
  }

  /** The managed account --user opened, if any. */
  opened: WebhookState | null = null

  /** Signs in for this run: WEBHOOK_DESK_TOKEN if set, else the chosen saved account. */
  private async signIn(): Promise<SessionInfo> {
    const token = this.io.env.WEBHOOK_DESK_TOKEN
    if (token) {
      const server = this.global.server ?? this.io.env.WEBHOOK_DESK_SERVER
      if (!server) {
        throw new CliError(
          'usage.serverMissing',
          'WEBHOOK_DESK_TOKEN is set but not the server: set WEBHOOK_DESK_SERVER or pass --server.',
          EXIT.usage,
        )
      }
      return this.call('signIn', { server, method: 'token', secret: token, remember: false, ephemeral: true })
    }
    const account = await this.savedAccount()
    if (account.remembered) {
      try {
        return await this.withCode(() => this.call('signInSaved', { accountId: account.id }))
      } catch (error) {
        const noSecret =
          error instanceof CliError &&
          (error.code === 'auth.secretMissing' || error.code.startsWith('keychain.'))
        if (!noSecret) throw error
        if (!isTerminal(this.io))
          throw new CliError(error.code, `${error.message} ${TOKEN_ROUTE}`, error.exitCode)
        note(this.io, error.message)
      }
    } else if (!isTerminal(this.io)) {
      throw new CliError(
        'auth.secretMissing',
        `${t(`error.auth.secretMissing.${account.method}`, { email: account.email })} There is no terminal here to ask on: keep it with "webhook-desk login --remember". ${TOKEN_ROUTE}`,
      )
    }
    // On a terminal, ask for what the keychain does not hold, for this run only.
    const what = account.method === 'password' ? 'Password' : 'Access token'
    const secret = await ask(this.io, `${what} for ${account.email} on ${account.server}: `, true)
    return this.withCode(() =>
      this.call('signIn', {
        server: account.server,
        method: account.method,
        email: account.email,
        secret,
        remember: false,
        allowInsecure: true,
        ephemeral: true,
      }),
    )
  }
}
