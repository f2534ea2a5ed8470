/**
 * webhook-desk: parses the command line with util.parseArgs, runs the subcommand on the app's
 * handler table, and turns every failure into one `error[code]: message` line and an exit code.
 */
import { parseArgs } from 'node:util'
import { version } from '../../package.json'
import { GLOBAL_OPTIONS, text, type CommandSpec, type OptionSpec } from './command'
import { accounts, login, logout } from './commands/account'
import { completionCommand } from './commands/completion'
import { events, inbox, test } from './commands/delivery'
import { apply, users } from './commands/managed'
import { get, history, off, restore, set } from './commands/webhook'
import { Context } from './context'
import { DataFolderBusy, lockDataFolderWaiting, type DataLock } from '../main/store/data-lock'
import { CliError, EXIT, usageError } from './exit-codes'
import { printError, printLine, table, type Io } from './output'
import type { Input } from './prompt'
import { defaultUserDataDir } from './user-data'

export const COMMANDS: CommandSpec[] = [
  login,
  logout,
  accounts,
  get,
  set,
  off,
  test,
  events,
  inbox,
  history,
  restore,
  users,
  apply,
]
COMMANDS.push(completionCommand(() => COMMANDS))

const EXIT_CODES_HELP = 'Exit codes: 0 ok · 1 failed · 2 usage · 3 sign-in · 4 conflict · 5 not delivered'

function optionLines(options: Record<string, OptionSpec>): string[][] {
  return Object.entries(options).map(([name, o]) => [
    `  ${o.short ? `-${o.short}, ` : ''}--${name}${o.value ? ` ${o.value}` : ''}`,
    o.description,
  ])
}

function topHelp(): string {
  return [
    'webhook-desk — set, test and check the BikeTrax Cloud / Traccar account webhook.',
    '',
    'Usage: webhook-desk <command> [options]     webhook-desk <command> --help',
    '',
    'Commands:',
    table(COMMANDS.map((c) => [`  ${c.name}`, c.summary])),
    '',
    'Options for every command:',
    table(optionLines(GLOBAL_OPTIONS)),
    '',
    'Environment (names only; secrets never go on the command line):',
    table([
      ['  WEBHOOK_DESK_TOKEN', 'An access token: sign in without a keychain (CI).'],
      ['  WEBHOOK_DESK_SERVER', 'The server for WEBHOOK_DESK_TOKEN.'],
      ['  WEBHOOK_DESK_USER_DATA', "The data folder (default: the desktop app's)."],
      ['  NO_COLOR', 'No colour, even on a terminal.'],
    ]),
    '',
    EXIT_CODES_HELP,
    '',
    'Examples:',
    '  webhook-desk login --email me@example.com --remember',
    '  webhook-desk set --url https://example.com/hook --yes',
    '  webhook-desk test && webhook-desk get',
  ].join('\n')
}

function commandHelp(c: CommandSpec): string {
  return [
    `webhook-desk ${c.name} — ${c.summary}`,
    '',
    `Usage: webhook-desk ${c.name}${c.positionals ? ` ${c.positionals}` : ''} [options]`,
    '',
    ...(Object.keys(c.options).length ? ['Options:', table(optionLines(c.options)), ''] : []),
    'Options for every command:',
    table(optionLines(GLOBAL_OPTIONS)),
    '',
    EXIT_CODES_HELP,
    '',
    'Examples:',
    ...c.examples.map((e) => `  ${e}`),
  ].join('\n')
}

export async function runCli(argv: string[], io: Io & Input): Promise<number> {
  const [name, ...rest] = argv
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    const about = name === 'help' ? COMMANDS.find((c) => c.name === rest[0]) : undefined
    printLine(io, about ? commandHelp(about) : topHelp())
    return name === undefined ? EXIT.usage : EXIT.ok
  }
  if (name === '--version' || name === '-v') {
    printLine(io, version)
    return EXIT.ok
  }
  const command = COMMANDS.find((c) => c.name === name)
  if (!command) throw usageError(`Unknown command "${name}". See "webhook-desk --help".`)
  let parsed: ReturnType<typeof parseArgs>
  try {
    parsed = parseArgs({
      args: rest,
      options: { ...GLOBAL_OPTIONS, ...command.options },
      allowPositionals: command.positionals !== undefined,
      strict: true,
    })
  } catch (error) {
    // parseArgs names the option, never its value.
    throw usageError(
      `${(error as Error).message.replace(/\.?$/, '.')} See "webhook-desk ${command.name} --help".`,
    )
  }
  const values = parsed.values as Record<string, string | boolean | undefined>
  if (values.help) {
    printLine(io, commandHelp(command))
    return EXIT.ok
  }
  const userData = text(values, 'user-data')
  const folder = userData ? userData : defaultUserDataDir(io.env)
  const lock = await takeDataFolder(folder)
  const ctx = new Context(io, folder, {
    server: text(values, 'server'),
    account: text(values, 'account'),
    code: text(values, 'code'),
    user: text(values, 'user'),
  })
  try {
    return await command.run(ctx, values, parsed.positionals)
  } finally {
    // Ends this run's server session, as the app does on sign-out.
    await ctx.call('signOut').catch(() => {})
    await lock.release()
  }
}

/**
 * One process at a time on a data folder, as for the app and the harness: two writers would
 * overwrite each other's saved accounts and history.
 */
async function takeDataFolder(folder: string): Promise<DataLock> {
  try {
    return await lockDataFolderWaiting(folder)
  } catch (error) {
    if (!(error instanceof DataFolderBusy)) throw error
    throw new CliError(
      'data.busy',
      `Webhook Desk (process ${error.pid}) is using ${folder}. Close the app or wait for the other command, then try again.`,
      EXIT.failed,
    )
  }
}

/** The process entry: runs, reports, and exits once stdout has drained. */
export async function start(): Promise<void> {
  const io = { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: process.env }
  let code: number
  try {
    code = await runCli(process.argv.slice(2), io)
  } catch (error) {
    if (error instanceof CliError) {
      printError(io, error.code, error.message)
      code = error.exitCode
    } else {
      printError(io, 'internal', `Something unexpected went wrong (${(error as Error)?.name ?? 'error'}).`)
      code = EXIT.failed
    }
  }
  process.stdout.write('', () => process.exit(code))
}
