/**
 * users and apply: the accounts an admin or manager manages, and one change for many of them
 * through the app's review → apply flow (the same plan, safe save per account, results, and
 * once-only CSV of generated PSKs).
 */
import { open, readFile, unlink, type FileHandle } from 'node:fs/promises'
import type { BulkChange, BulkPlan, BulkRowResult, ManagedAccount, PushEvent } from '$shared/contract'
import { fromSpreadsheetSafe, parseCsv } from '$shared/csv'
import { maskPsk, maskUrl } from '$shared/webhook'
import { flag, JSON_OPTION, text, type CommandSpec, type Values } from '../command'
import type { Context } from '../context'
import { CliError, EXIT, usageError } from '../exit-codes'
import type { ApplyJson, UsersJson } from '../json-shapes'
import { note, painter, printJson, printLine, table, withProgress } from '../output'
import { confirm, isTerminal } from '../prompt'
import { pskFrom, PSK_OPTIONS } from './webhook'

const FILTERS = ['on', 'off', 'near-miss', 'readonly', 'disabled'] as const

/** --filter: a state (on, off, near-miss, readonly, disabled) or text found in name, email or host. */
export function matchesFilter(account: ManagedAccount, filter: string | undefined): boolean {
  if (filter === undefined || filter === '') return true
  switch (filter) {
    case 'on':
      return account.webhook.on
    case 'off':
      return !account.webhook.on
    case 'near-miss':
      return account.nearMisses.length > 0
    case 'readonly':
      return account.readonly
    case 'disabled':
      return account.disabled
  }
  const needle = filter.toLowerCase()
  return [account.name, account.email, account.webhook.host ?? ''].some((s) =>
    s.toLowerCase().includes(needle),
  )
}

async function listAccounts(ctx: Context): Promise<ManagedAccount[]> {
  await ctx.session()
  return (await withProgress(ctx.io, 'Reading the accounts…', ctx.call('listManagedAccounts'))).accounts
}

export const users: CommandSpec = {
  name: 'users',
  summary: 'The accounts you manage (admins and managers) with their webhook at a glance',
  options: {
    json: JSON_OPTION,
    filter: {
      type: 'string',
      value: 'WHAT',
      description: `Only accounts that are ${FILTERS.join(' | ')}, or whose name, email or host contains WHAT.`,
    },
  },
  examples: [
    'webhook-desk users',
    'webhook-desk users --filter off',
    'webhook-desk users --json | jq length',
  ],
  async run(ctx, values) {
    const filter = text(values, 'filter')
    const accounts = (await listAccounts(ctx)).filter((a) => matchesFilter(a, filter))
    if (flag(values, 'json')) {
      printJson(ctx.io, { accounts } satisfies UsersJson)
      return EXIT.ok
    }
    if (accounts.length === 0) {
      printLine(ctx.io, filter ? 'No managed account matches.' : 'You manage no accounts.')
      return EXIT.ok
    }
    const paint = painter(ctx.io)
    const rows = accounts.map((a) => [
      a.email,
      a.name,
      a.webhook.on ? (a.webhook.host ?? a.webhook.url ?? '') : paint('yellow', 'off'),
      a.webhook.typesCount === null ? 'all' : String(a.webhook.typesCount),
      a.webhook.pskSet ? 'set' : '-',
      [
        a.readonly && 'read-only',
        a.disabled && 'disabled',
        a.nearMisses.length && paint('yellow', `near-miss: ${a.nearMisses.join(' ')}`),
      ]
        .filter(Boolean)
        .join(', '),
    ])
    printLine(ctx.io, table([['EMAIL', 'NAME', 'WEBHOOK', 'TYPES', 'PSK', 'NOTES'], ...rows]))
    return EXIT.ok
  },
}

/** Emails from --users FILE: one per line, or a CSV with an `email` column. */
export function emailsFrom(content: string): string[] {
  const parsed = parseCsv(content)
  if (!parsed.ok) throw usageError(`--users: the file is not readable as lines or CSV (line ${parsed.line}).`)
  const records = parsed.records.map((r) => r.fields.map((f) => f.trim()))
  const column = records[0]?.findIndex((f) => f.toLowerCase() === 'email') ?? -1
  // A CSV such as the export may hold a formula-looking email neutralized with a leading '.
  const rows =
    column >= 0
      ? records.slice(1).map((r) => fromSpreadsheetSafe(r[column] ?? ''))
      : records.map((r) => r[0] ?? '')
  return rows.filter((e) => e !== '' && !e.startsWith('#'))
}

async function changeFrom(ctx: Context, values: Values): Promise<BulkChange> {
  if (flag(values, 'off')) {
    const others = ['url', 'types', 'all-types', 'psk-per-user', 'psk-stdin', 'psk-env'].filter(
      (k) => values[k] !== undefined,
    )
    if (others.length) throw usageError(`--off turns the webhook off: it takes no --${others[0]}.`)
    return { kind: 'off' }
  }
  const change: BulkChange & { kind: 'set' } = { kind: 'set' }
  const url = text(values, 'url')
  if (url !== undefined) change.url = url
  const types = text(values, 'types')
  if (types !== undefined && flag(values, 'all-types'))
    throw usageError('Use --types or --all-types, not both.')
  if (types !== undefined) change.types = types.split(',')
  if (flag(values, 'all-types')) change.types = 'all'
  const psk = await pskFrom(ctx, values)
  if (flag(values, 'psk-per-user')) {
    if (psk !== undefined)
      throw usageError('Use --psk-per-user or one PSK (--psk-stdin/--psk-env), not both.')
    change.psk = { mode: 'perAccount' }
  } else if (psk !== undefined) change.psk = { mode: 'same', value: psk }
  if (change.url === undefined && change.types === undefined && change.psk === undefined) {
    throw usageError('Nothing to change: give --url, --types/--all-types, a PSK, or --off.')
  }
  return change
}

const show = (key: string, value: unknown): string =>
  value === undefined
    ? '-'
    : key === 'webhookPsk'
      ? maskPsk(value)
      : typeof value === 'string'
        ? key === 'webhookUrl'
          ? maskUrl(value)
          : value
        : JSON.stringify(value)

function printPlan(ctx: Context, plan: BulkPlan): void {
  const paint = painter(ctx.io)
  const keys = ['webhookUrl', 'webhookPsk', 'webhookTypes'] as const
  const rows = plan.rows.map((r) => {
    const changes = keys
      .filter((k) => JSON.stringify(r.before[k]) !== JSON.stringify(r.after[k]))
      .map((k) => `${k}: ${show(k, r.before[k])} → ${show(k, r.after[k])}`)
      .join('; ')
    return [
      r.email,
      r.action === 'skip' ? paint('yellow', 'skip') : r.action,
      r.action === 'skip' ? (r.skip?.message ?? '') : changes,
    ]
  })
  printLine(ctx.io, table([['ACCOUNT', 'ACTION', 'WHAT'], ...rows]))
  const { change, unchanged, skip } = plan.counts
  printLine(ctx.io, `${change} to change, ${unchanged} already as wanted, ${skip} skipped.`)
}

/** A progress bar on a terminal's stderr; nothing otherwise. */
function progressBar(ctx: Context): (event: PushEvent) => void {
  return (event) => {
    if (ctx.io.stderr.isTTY !== true) return
    if (event.type === 'bulk.progress') {
      const width = 30
      const filled = Math.round((event.done / Math.max(event.total, 1)) * width)
      ctx.io.stderr.write(
        `\r[${'#'.repeat(filled)}${' '.repeat(width - filled)}] ${event.done}/${event.total}`,
      )
    } else if (event.type === 'bulk.finished') ctx.io.stderr.write('\r\u001b[2K')
  }
}

function printResults(ctx: Context, results: BulkRowResult[]): void {
  const paint = painter(ctx.io)
  const tone = (status: BulkRowResult['status']): string =>
    status === 'saved' || status === 'unchanged'
      ? paint('green', status)
      : status === 'conflict' || status === 'cancelled'
        ? paint('yellow', status)
        : paint('red', status)
  printLine(
    ctx.io,
    table([
      ['ACCOUNT', 'RESULT', 'DETAIL'],
      ...results.map((r) => [r.email, tone(r.status), r.message ?? '']),
    ]),
  )
}

/** 0 when every account took the change; 1 when one failed or was refused; 4 when only conflicts remain. */
function exitFor(results: BulkRowResult[]): number {
  if (results.some((r) => ['failed', 'noPermission', 'unknown', 'cancelled'].includes(r.status)))
    return EXIT.failed
  return results.some((r) => r.status === 'conflict') ? EXIT.conflict : EXIT.ok
}

export const apply: CommandSpec = {
  name: 'apply',
  summary: 'One webhook change for many managed accounts: review, confirm, safe save each, results',
  options: {
    users: {
      type: 'string',
      value: 'FILE',
      description: 'The accounts: emails one per line, or a CSV with an email column.',
    },
    all: { type: 'boolean', description: 'Every account you manage.' },
    csv: {
      type: 'string',
      value: 'FILE',
      description:
        'Import a CSV of email,webhookUrl,webhookPsk,webhookTypes instead (every row checked first).',
    },
    url: { type: 'string', value: 'URL', description: 'Set this webhookUrl.' },
    types: {
      type: 'string',
      value: 'a,b',
      description: 'Set these event types (exactly as the server names them).',
    },
    'all-types': { type: 'boolean', description: 'Remove webhookTypes: every event type is sent.' },
    ...PSK_OPTIONS,
    'psk-per-user': {
      type: 'boolean',
      description: 'Generate a distinct PSK for each account (needs --psk-out).',
    },
    'psk-out': {
      type: 'string',
      value: 'FILE',
      description: 'Write the generated PSKs there as CSV email,userId,webhookPsk (a new file, owner-only).',
    },
    off: { type: 'boolean', description: 'Turn the webhook off (removes all three keys).' },
    'dry-run': { type: 'boolean', description: 'Print the review and stop.' },
    yes: { type: 'boolean', short: 'y', description: 'Apply without asking (scripts).' },
    json: JSON_OPTION,
  },
  examples: [
    'webhook-desk apply --all --url https://hooks.example.com/in --types alarm,geofenceEnter --dry-run',
    'webhook-desk apply --users riders.txt --url https://hooks.example.com/in --psk-per-user --psk-out psks.csv --yes',
    'webhook-desk apply --csv webhooks.csv --yes',
  ],
  async run(ctx, values) {
    const json = flag(values, 'json')
    const csvFile = text(values, 'csv')
    const usersFile = text(values, 'users')
    const chosen = [usersFile !== undefined, flag(values, 'all'), csvFile !== undefined].filter(
      Boolean,
    ).length
    if (chosen !== 1)
      throw usageError('Choose the accounts with exactly one of --users FILE, --all or --csv FILE.')
    const pskOut = text(values, 'psk-out')
    if (flag(values, 'psk-per-user') && pskOut === undefined && !flag(values, 'dry-run')) {
      throw usageError('--psk-per-user needs --psk-out FILE: the generated PSKs are shown only once.')
    }
    const readFileOr = async (path: string, option: string): Promise<string> => {
      try {
        return await readFile(path, 'utf8')
      } catch (error) {
        throw usageError(`${option} ${path}: ${(error as NodeJS.ErrnoException).code ?? 'cannot be read'}.`)
      }
    }
    const change = csvFile === undefined ? await changeFrom(ctx, values) : null
    const wanted = usersFile === undefined ? null : emailsFrom(await readFileOr(usersFile, '--users'))
    const csv = csvFile === undefined ? null : await readFileOr(csvFile, '--csv')

    const accounts = await listAccounts(ctx)
    let plan: BulkPlan
    if (csv !== null) {
      plan = await withProgress(ctx.io, 'Checking the file…', ctx.call('planImport', { csv }))
    } else {
      const byEmail = new Map(accounts.map((a) => [a.email.toLowerCase(), a.userId]))
      const unknown = (wanted ?? []).filter((e) => !byEmail.has(e.toLowerCase()))
      if (unknown.length) {
        throw usageError(
          `Not accounts you manage: ${unknown.slice(0, 5).join(', ')}${unknown.length > 5 ? ` and ${unknown.length - 5} more` : ''}.`,
        )
      }
      const userIds = wanted
        ? wanted.map((e) => byEmail.get(e.toLowerCase())!)
        : accounts.map((a) => a.userId)
      if (userIds.length === 0) throw usageError('No accounts to change.')
      plan = await withProgress(ctx.io, 'Reviewing…', ctx.call('planBulk', { userIds, change: change! }))
    }
    const output: ApplyJson = {
      review: plan.rows.map((r) => ({
        userId: r.userId,
        email: r.email,
        action: r.action,
        skip: r.skip ?? null,
        before: r.before,
        after: r.after,
      })),
      results: null,
      counts: null,
      pskOut: null,
    }
    if (!json) printPlan(ctx, plan)
    if (plan.errors.length) {
      for (const e of plan.errors)
        note(ctx.io, `line ${e.line ?? '-'}${e.column ? ` (${e.column})` : ''}: ${e.message}`)
      if (json) printJson(ctx.io, output)
      throw new CliError(
        'import.invalid',
        `The file has ${plan.errors.length} problem(s); nothing was sent.`,
        EXIT.usage,
      )
    }
    const finish = (code: number): number => {
      if (json) printJson(ctx.io, output)
      return code
    }
    if (flag(values, 'dry-run')) {
      note(ctx.io, 'Dry run: nothing was changed.')
      return finish(EXIT.ok)
    }
    if (plan.counts.change === 0) {
      note(ctx.io, 'Nothing to change.')
      return finish(EXIT.ok)
    }
    if (!flag(values, 'yes')) {
      if (!isTerminal(ctx.io))
        throw usageError('Not a terminal, so nothing was changed: add --yes to apply without asking.')
      if (!(await confirm(ctx.io, `Change ${plan.counts.change} account(s)?`))) {
        note(ctx.io, 'Nothing was changed.')
        return EXIT.failed
      }
    }
    // The file for the generated PSKs exists before anything is written, so they cannot be lost
    // (Ctrl+C included, below).
    let secretsFile: FileHandle | null = null
    if (plan.generatesSecrets && pskOut !== undefined) {
      try {
        secretsFile = await open(pskOut, 'wx', 0o600)
      } catch (error) {
        throw usageError(
          `--psk-out ${pskOut}: ${(error as NodeJS.ErrnoException).code === 'EEXIST' ? 'the file exists; name a new one' : 'cannot be created'}.`,
        )
      }
    }
    try {
      let batchId = ''
      const done = new Promise<void>((resolve) => {
        const bar = progressBar(ctx)
        ctx.onPush((event) => {
          if ((event.type === 'bulk.progress' || event.type === 'bulk.finished') && event.batchId === batchId)
            bar(event)
          if (event.type === 'bulk.finished' && event.batchId === batchId) resolve()
        })
      })
      batchId = (await ctx.call('applyBulk', { planId: plan.planId })).batchId
      // Ctrl+C stops after the account in flight; the PSKs of the accounts saved by then are still
      // written below (dying here would leave saved accounts with PSKs nobody has).
      const stop = (): void => {
        note(ctx.io, 'Stopping after the account in flight…')
        void ctx.call('cancelBulk', { batchId }).catch(() => {})
      }
      process.on('SIGINT', stop)
      process.on('SIGTERM', stop)
      try {
        // A batch that ended before its id was known here has already sent its last event.
        if ((await ctx.call('getBulk', { batchId })).running) await done
      } finally {
        process.off('SIGINT', stop)
        process.off('SIGTERM', stop)
      }
      const batch = await ctx.call('getBulk', { batchId })
      output.results = batch.results.map(({ userId, email, status, code, message }) => ({
        userId,
        email,
        status,
        code,
        message,
      }))
      output.counts = batch.counts
      if (!json) printResults(ctx, batch.results)
      if (batch.historyNotSaved > 0) {
        note(
          ctx.io,
          `The history of ${batch.historyNotSaved} saved account(s) could not be written to disk: the server has the changes, but Webhook Desk has no history of them.`,
        )
      }
      if (secretsFile && batch.secretsAvailable) {
        await secretsFile.writeFile(await ctx.call('bulkSecretsCsv', { batchId }))
        output.pskOut = pskOut!
        note(ctx.io, `The generated PSKs are in ${pskOut} (shown nowhere else, not kept by Webhook Desk).`)
      }
      return finish(exitFor(batch.results))
    } finally {
      await secretsFile?.close()
      if (secretsFile && output.pskOut === null) await unlink(pskOut!).catch(() => {})
    }
  },
}
