/** login, logout and accounts: sign-ins saved exactly as the desktop app saves them. */
import { DEFAULT_SERVER } from '$shared/server-address'
import type { SessionInfo } from '$shared/contract'
import { flag, JSON_OPTION, text, type CommandSpec } from '../command'
import { TOKEN_ROUTE, type Context } from '../context'
import { CliError, EXIT, usageError } from '../exit-codes'
import type { AccountsJson } from '../json-shapes'
import { note, painter, printJson, printLine, table } from '../output'
import { isTerminal } from '../prompt'

export const login: CommandSpec = {
  name: 'login',
  summary: 'Sign in to a BikeTrax Cloud / Traccar server',
  options: {
    email: { type: 'string', value: 'EMAIL', description: 'The account email (password sign-in).' },
    'password-stdin': {
      type: 'boolean',
      description: 'Read the password from stdin (then the 2FA code, if asked).',
    },
    'token-stdin': { type: 'boolean', description: 'Sign in with an access token read from stdin.' },
    remember: {
      type: 'boolean',
      description: 'Keep the password or token in the keychain, like "Remember me".',
    },
  },
  examples: [
    'webhook-desk login --server https://traccar.powunity.com --email me@example.com --remember',
    'printf "%s\\n" "$PASSWORD" | webhook-desk login --email me@example.com --password-stdin --code 123456',
    'webhook-desk login --server https://traccar.example.com --token-stdin --remember < token.txt',
  ],
  async run(ctx, values) {
    const server = ctx.global.server ?? DEFAULT_SERVER
    const byToken = flag(values, 'token-stdin')
    if (byToken && flag(values, 'password-stdin'))
      throw usageError('Use --password-stdin or --token-stdin, not both.')
    const email = text(values, 'email') ?? ctx.global.account
    if (!byToken && !email)
      throw usageError('--email is required for a password sign-in (or use --token-stdin).')
    const stdinFlag = byToken ? '--token-stdin' : flag(values, 'password-stdin') ? '--password-stdin' : null
    if (!stdinFlag && !isTerminal(ctx.io)) {
      throw usageError(
        'No terminal to ask for the password: pipe it in with --password-stdin (or a token with --token-stdin).',
      )
    }
    const secret = await ctx.secretFrom(byToken ? 'Access token: ' : `Password for ${email}: `, stdinFlag)
    const remember = flag(values, 'remember')
    const session = await ctx.withCode(() =>
      ctx.call('signIn', { server, method: byToken ? 'token' : 'password', email, secret, remember }),
    )
    printLine(
      ctx.io,
      `Signed in to ${session.server} as ${session.email} (Traccar ${session.serverVersion}).`,
    )
    if (session.remembered) printLine(ctx.io, 'Remembered in the keychain: later commands use this account.')
    else if (session.notice) note(ctx.io, `${session.notice} ${TOKEN_ROUTE}`)
    else
      note(
        ctx.io,
        'Not remembered: later commands ask for it again on a terminal. Add --remember to keep it in the keychain.',
      )
    return EXIT.ok
  },
}

export const logout: CommandSpec = {
  name: 'logout',
  summary: 'Remove a saved account and its keychain entry from this computer',
  options: {},
  examples: ['webhook-desk logout', 'webhook-desk logout --account me@example.com'],
  async run(ctx) {
    const account = await ctx.savedAccount()
    await ctx.call('forgetAccount', { accountId: account.id })
    printLine(ctx.io, `Signed out: ${account.email} on ${account.server} is no longer saved here.`)
    return EXIT.ok
  },
}

export const accounts: CommandSpec = {
  name: 'accounts',
  summary: 'List saved accounts (shared with the desktop app); --use switches',
  options: {
    use: { type: 'string', value: 'ID|EMAIL', description: 'Make this saved account the one commands use.' },
    json: JSON_OPTION,
  },
  examples: [
    'webhook-desk accounts',
    'webhook-desk accounts --use me@example.com',
    'webhook-desk accounts --json',
  ],
  async run(ctx, values) {
    const use = text(values, 'use')
    if (use) return switchTo(ctx, use)
    const { accounts: list, notice } = await ctx.call('listAccounts')
    if (notice) note(ctx.io, notice)
    const json: AccountsJson = {
      accounts: list.map((a, index) => ({
        id: a.id,
        server: a.server,
        email: a.email,
        method: a.method,
        remembered: a.remembered,
        lastUsedAt: a.lastUsedAt,
        current: index === 0,
      })),
    }
    if (flag(values, 'json')) {
      printJson(ctx.io, json)
      return EXIT.ok
    }
    if (list.length === 0) {
      printLine(ctx.io, 'No saved accounts. Sign in with "webhook-desk login --remember".')
      return EXIT.ok
    }
    const paint = painter(ctx.io)
    printLine(
      ctx.io,
      table([
        ['', 'EMAIL', 'SERVER', 'SIGN-IN', 'REMEMBERED', 'LAST USED'].map((h) => paint('bold', h)),
        ...json.accounts.map((a) => [
          a.current ? paint('green', '*') : '',
          a.email,
          a.server,
          a.method,
          a.remembered ? 'yes' : 'no',
          a.lastUsedAt.slice(0, 16).replace('T', ' '),
        ]),
      ]),
    )
    return EXIT.ok
  },
}

async function switchTo(ctx: Context, use: string): Promise<number> {
  const { accounts: list } = await ctx.call('listAccounts')
  const matches = list.filter((a) => a.id === use || a.email.toLowerCase() === use.trim().toLowerCase())
  if (matches.length !== 1) {
    throw new CliError(
      'account.unknown',
      matches.length
        ? `"${use}" is saved on several servers: give its ID from "webhook-desk accounts --json".`
        : `No saved account "${use}".`,
      EXIT.usage,
    )
  }
  const account = matches[0]!
  // Signing in marks it as used last, which is what makes it the current one, in the app too.
  const session: SessionInfo = await ctx.withCode(() => ctx.call('signInSaved', { accountId: account.id }))
  printLine(ctx.io, `Now using ${session.email} on ${session.server}.`)
  return EXIT.ok
}
