/** get, set, off, history and restore: the account's three webhook attributes, saved safely. */
import type { SaveOutcome, SaveWebhookInput, WebhookState, WebhookWrite } from '../../shared/contract'
import {
  checkPsk,
  checkTypes,
  checkUrl,
  diffWebhook,
  formatTypes,
  maskPsk,
  maskUrl,
  parseTypes,
  webhookStatus,
  type WebhookValues,
} from '../../shared/webhook'
import { flag, JSON_OPTION, text, USER_OPTION, type CommandSpec, type Values } from '../command'
import type { Context } from '../context'
import { CliError, EXIT, usageError } from '../exit-codes'
import type { GetJson, HistoryJson } from '../json-shapes'
import { note, painter, pairs, printJson, printLine, table, withProgress } from '../output'
import { confirm, isTerminal } from '../prompt'

/** A value as people read it: strings as they are, anything else as JSON. */
const shown = (value: unknown): string => (typeof value === 'string' ? value : JSON.stringify(value))

/** webhookTypes as a list, or null for all (absent or empty, as the cloud reads it). */
export function typesList(value: unknown): string[] | null {
  if (value === undefined || value === '') return null
  return typeof value === 'string' ? value.split(',') : [shown(value)]
}

/** A webhook value as the CLI prints it: the PSK and a password in the URL masked, as in the app. */
const showValue = (key: string, value: unknown): string =>
  value === undefined
    ? '(not set)'
    : key === 'webhookPsk'
      ? maskPsk(value)
      : key === 'webhookUrl'
        ? maskUrl(shown(value))
        : shown(value)

export const get: CommandSpec = {
  name: 'get',
  summary: "Show the account's webhook: URL, PSK (masked), types, problems",
  options: { json: JSON_OPTION, user: USER_OPTION },
  examples: [
    'webhook-desk get',
    'webhook-desk get --json | jq -r .webhook.url',
    'webhook-desk get --user rider@example.com',
  ],
  async run(ctx, values) {
    const session = await ctx.session()
    const state = await withProgress(ctx.io, 'Reading the account…', ctx.call('loadWebhook'))
    const v = state.values
    const json: GetJson = {
      account: {
        server: session.server,
        email: state.target.email,
        userId: state.target.userId,
        serverVersion: session.serverVersion,
        own: state.target.own,
      },
      webhook: {
        url: v.webhookUrl === undefined ? null : maskUrl(shown(v.webhookUrl)),
        psk: v.webhookPsk === undefined ? null : maskPsk(v.webhookPsk),
        types: typesList(v.webhookTypes),
        status: webhookStatus(v),
      },
      nearMisses: state.nearMisses.map((n) => ({ key: n.key, canonical: n.canonical })),
      readonly: state.readonly,
      readonlyReason: state.readonlyReason,
    }
    if (flag(values, 'json')) {
      printJson(ctx.io, json)
      return EXIT.ok
    }
    const paint = painter(ctx.io)
    const rows: [string, string][] = [
      ['Account', `${state.target.email} on ${session.server} (Traccar ${session.serverVersion})`],
      ...(state.target.own ? [] : [['Managed by', session.email] as [string, string]]),
      ['Status', paint(json.webhook.url ? 'green' : 'yellow', json.webhook.status)],
      ['URL', json.webhook.url ?? '(not set)'],
      ['PSK', json.webhook.psk ?? '(not set)'],
      ['Types', json.webhook.types ? json.webhook.types.join(', ') : 'all'],
    ]
    for (const n of state.nearMisses) {
      rows.push([
        'Ignored',
        paint('yellow', `"${n.key}" is not read by the cloud (it reads "${n.canonical}")`),
      ])
    }
    if (state.readonly) rows.push(['Read-only', paint('yellow', state.readonlyReason ?? 'yes')])
    printLine(ctx.io, pairs(rows))
    return EXIT.ok
  },
}

/** Reads a PSK from stdin or a named environment variable: never from the command line. */
export async function pskFrom(ctx: Context, values: Values): Promise<string | undefined> {
  const name = text(values, 'psk-env')
  if (flag(values, 'psk-stdin') && name) throw usageError('Use --psk-stdin or --psk-env, not both.')
  if (flag(values, 'psk-stdin')) return ctx.secretFrom('', '--psk-stdin')
  if (name === undefined) return undefined
  const value = ctx.io.env[name]
  if (value === undefined) throw usageError(`--psk-env ${name}: that environment variable is not set.`)
  return value
}

export const PSK_OPTIONS = {
  'psk-stdin': { type: 'boolean', description: 'Read the Authorization header value (PSK) from stdin.' },
  'psk-env': {
    type: 'string',
    value: 'NAME',
    description: 'Read the PSK from the environment variable NAME.',
  },
} as const

/** The diff as the app's review shows it, PSK masked; returns whether anything changes. */
function printReview(ctx: Context, before: WebhookValues, after: WebhookValues, pskMasked = false): boolean {
  const changes = diffWebhook(before, after)
  const paint = painter(ctx.io)
  if (changes.length === 0) {
    printLine(ctx.io, 'Nothing to change: the account already has these values.')
    return false
  }
  printLine(
    ctx.io,
    table([
      ['KEY', 'NOW', 'AFTER SAVING'].map((h) => paint('bold', h)),
      ...changes.map((c) => [
        c.key,
        paint('red', pskMasked ? shown(c.before ?? '(not set)') : showValue(c.key, c.before)),
        paint('green', pskMasked ? shown(c.after ?? '(not set)') : showValue(c.key, c.after)),
      ]),
    ]),
  )
  return true
}

/** Asks on a terminal unless --yes; without a terminal, --yes is required. */
async function confirmed(ctx: Context, values: Values, question: string): Promise<boolean> {
  if (flag(values, 'yes')) return true
  if (!isTerminal(ctx.io))
    throw usageError('Not a terminal, so nothing was saved: add --yes to save without asking.')
  return confirm(ctx.io, question)
}

/** Reports a safe-save outcome: saved, a conflict (nothing written), or not known (the answer was lost). */
function reportOutcome(ctx: Context, outcome: SaveOutcome): number {
  if (outcome.status === 'conflict') {
    throw new CliError(
      'save.conflict',
      'A webhook setting changed on the server since it was read; nothing was saved. Run the command again to review against the new values.',
      EXIT.conflict,
    )
  }
  if (outcome.status === 'unknown') {
    throw new CliError(
      'save.outcomeUnknown',
      `${outcome.message} Run "webhook-desk get" to see what the server holds.`,
      EXIT.failed,
    )
  }
  const how = outcome.confirmedByReread ? ' (confirmed by reading the account again)' : ''
  printLine(ctx.io, `Saved${how}. ${webhookStatus(outcome.state.values)}`)
  if (outcome.storedEscaped?.length) {
    printLine(ctx.io, `The server stored ${outcome.storedEscaped.join(', ')} HTML-escaped.`)
  }
  return EXIT.ok
}

/** The safe save; a value the server may store escaped is refused with the way to go on anyway. */
async function saveWebhook(ctx: Context, input: SaveWebhookInput): Promise<SaveOutcome> {
  try {
    return await ctx.call('saveWebhook', input)
  } catch (error) {
    if (error instanceof CliError && error.code === 'save.willBeEscaped') {
      throw new CliError(
        error.code,
        `${error.message} To save it anyway, add --accept-escaping.`,
        error.exitCode,
      )
    }
    throw error
  }
}

/** Shows the review, asks, and saves `after` through the safe save. */
async function reviewAndSave(
  ctx: Context,
  values: Values,
  state: WebhookState,
  after: WebhookWrite,
): Promise<number> {
  if (state.readonly)
    throw new CliError('save.readonly', state.readonlyReason ?? 'This account is read-only.')
  if (!printReview(ctx, state.values, after)) return EXIT.ok
  if (flag(values, 'dry-run')) {
    note(ctx.io, 'Dry run: nothing was saved.')
    return EXIT.ok
  }
  if (!(await confirmed(ctx, values, 'Save these changes?'))) {
    note(ctx.io, 'Nothing was saved.')
    return EXIT.failed
  }
  const outcome = await withProgress(
    ctx.io,
    'Saving…',
    saveWebhook(ctx, {
      userId: state.userId,
      baseline: state.values,
      values: after,
      removeKeys: [],
      acceptEscaping: flag(values, 'accept-escaping'),
    }),
  )
  return reportOutcome(ctx, outcome)
}

/** A kept value must be text to be written back as it is. */
function kept(key: keyof WebhookWrite, value: unknown): string | undefined {
  if (value === undefined || typeof value === 'string') return value
  throw usageError(`The saved ${key} is not text (${shown(value)}): give a new value for it.`)
}

export const set: CommandSpec = {
  name: 'set',
  summary: 'Change the webhook URL, PSK or event types (review, confirm, safe save)',
  options: {
    user: USER_OPTION,
    url: { type: 'string', value: 'URL', description: 'Where the cloud sends events (webhookUrl).' },
    ...PSK_OPTIONS,
    types: {
      type: 'string',
      value: 'a,b',
      description: 'Only these event types (webhookTypes, exact case).',
    },
    'all-types': { type: 'boolean', description: 'Send every event type (removes webhookTypes).' },
    'dry-run': { type: 'boolean', description: 'Print the review and stop.' },
    yes: { type: 'boolean', short: 'y', description: 'Save without asking (scripts).' },
    'accept-escaping': {
      type: 'boolean',
      description:
        'Save a value with & < > " \' even where the server may store it HTML-escaped (the app asks first).',
    },
  },
  examples: [
    'webhook-desk set --url https://example.com/hooks/biketrax --dry-run',
    'printf "%s" "Bearer $HOOK_TOKEN" | webhook-desk set --url https://example.com/hook --psk-stdin --yes',
    'webhook-desk set --types alarm,geofenceEnter,geofenceExit --yes',
    'webhook-desk set --all-types --psk-env WEBHOOK_PSK --yes',
  ],
  async run(ctx, values) {
    const url = text(values, 'url')
    const types = text(values, 'types')
    if (types !== undefined && flag(values, 'all-types'))
      throw usageError('Use --types or --all-types, not both.')
    const psk = await pskFrom(ctx, values)
    if (url === undefined && psk === undefined && types === undefined && !flag(values, 'all-types')) {
      throw usageError('Nothing to set: give --url, --psk-stdin/--psk-env, --types or --all-types.')
    }
    // Checked before signing in, with the app's own rules and words.
    const problem =
      (url !== undefined && checkUrl(url).error) ||
      (psk !== undefined && psk !== '' && checkPsk(psk).error) ||
      (types !== undefined && checkTypes(types).error)
    if (problem) throw new CliError('save.invalid', problem, EXIT.usage)
    for (const warning of [...(url ? checkUrl(url).warnings : []), ...(psk ? checkPsk(psk).warnings : [])]) {
      note(ctx.io, `${painter(ctx.io, 'stderr')('yellow', 'warning')}: ${warning}`)
    }

    await ctx.session()
    const state = await withProgress(ctx.io, 'Reading the account…', ctx.call('loadWebhook'))
    if (types !== undefined) checkKnownTypes(ctx, types, state.eventTypes)
    const after: WebhookWrite = {}
    const nextUrl = url ?? kept('webhookUrl', state.values.webhookUrl)
    const nextPsk = psk ?? kept('webhookPsk', state.values.webhookPsk)
    const nextTypes = flag(values, 'all-types')
      ? undefined
      : (types ?? kept('webhookTypes', state.values.webhookTypes))
    if (nextUrl !== undefined) after.webhookUrl = nextUrl
    if (nextPsk !== undefined && nextPsk !== '') after.webhookPsk = nextPsk
    if (nextTypes !== undefined) after.webhookTypes = nextTypes
    return reviewAndSave(ctx, values, state, after)
  },
}

/** Refuses entries the cloud would not match (case, spaces, duplicates); warns about unknown ones. */
function checkKnownTypes(ctx: Context, types: string, known: string[]): void {
  const parsed = parseTypes(types, known)
  if (parsed.kind !== 'list') return
  for (const entry of parsed.entries) {
    if (entry.status === 'miscased' || entry.status === 'padded') {
      throw new CliError(
        'save.invalid',
        `"${entry.raw}" would never match: the cloud compares exactly. Did you mean "${entry.fix}"?`,
        EXIT.usage,
      )
    }
    if (entry.status === 'duplicate') {
      throw new CliError(
        'save.invalid',
        `"${entry.raw}" is listed twice; use --types ${formatTypes(types.split(','))}.`,
        EXIT.usage,
      )
    }
    if (entry.status === 'unknown') {
      note(
        ctx.io,
        `warning: "${entry.raw}" is not an event type this server knows; the cloud will only match it exactly.`,
      )
    }
  }
}

export const off: CommandSpec = {
  name: 'off',
  summary: 'Turn the webhook off (removes webhookUrl, webhookPsk and webhookTypes)',
  options: {
    user: USER_OPTION,
    'dry-run': { type: 'boolean', description: 'Print the review and stop.' },
    yes: { type: 'boolean', short: 'y', description: 'Save without asking (scripts).' },
  },
  examples: ['webhook-desk off', 'webhook-desk off --yes'],
  async run(ctx, values) {
    await ctx.session()
    const state = await withProgress(ctx.io, 'Reading the account…', ctx.call('loadWebhook'))
    return reviewAndSave(ctx, values, state, {})
  },
}

export const history: CommandSpec = {
  name: 'history',
  summary: 'Changes saved from this computer (app and command line), newest first',
  options: { json: JSON_OPTION, user: USER_OPTION },
  examples: ['webhook-desk history', 'webhook-desk history --json'],
  async run(ctx, values) {
    await ctx.session()
    const entries = await ctx.call('listHistory')
    if (flag(values, 'json')) {
      printJson(ctx.io, { entries } satisfies HistoryJson)
      return EXIT.ok
    }
    if (entries.length === 0) {
      printLine(ctx.io, 'No changes saved from this computer yet.')
      return EXIT.ok
    }
    const paint = painter(ctx.io)
    printLine(
      ctx.io,
      table([
        ['ID', 'TIME', 'CHANGED'].map((h) => paint('bold', h)),
        ...entries.map((e) => [
          e.id,
          e.time.slice(0, 19).replace('T', ' '),
          diffWebhook(e.before, e.after)
            .map((c) => `${c.key}: ${shown(c.before ?? '(not set)')} → ${shown(c.after ?? '(not set)')}`)
            .join('; '),
        ]),
      ]),
    )
    return EXIT.ok
  },
}

export const restore: CommandSpec = {
  name: 'restore',
  summary: 'Put back the values from before a change in the history',
  positionals: 'ID',
  options: {
    user: USER_OPTION,
    yes: { type: 'boolean', short: 'y', description: 'Restore without asking (scripts).' },
  },
  examples: ['webhook-desk history', 'webhook-desk restore 3f1c… --yes'],
  async run(ctx, values, positionals) {
    const [id] = positionals
    if (!id || positionals.length > 1) throw usageError('Give one history ID: see "webhook-desk history".')
    await ctx.session()
    const entry = (await ctx.call('listHistory')).find((e) => e.id === id)
    if (!entry) throw new CliError('history.unknown', `No history entry "${id}": see "webhook-desk history".`)
    const state = await ctx.call('loadWebhook')
    // The history keeps secrets masked, so the review shows them masked on both sides too. Masked
    // values can look alike while the real ones differ (a rotated PSK of the same length), so the
    // server-side restore decides what changes, never this review.
    const now = { ...state.values }
    if (now.webhookPsk !== undefined) now.webhookPsk = maskPsk(now.webhookPsk)
    if (typeof now.webhookUrl === 'string') now.webhookUrl = maskUrl(now.webhookUrl)
    if (diffWebhook(now, entry.before).length) printReview(ctx, now, entry.before, true)
    else
      note(
        ctx.io,
        'No difference shows with the secrets masked; restoring puts the recorded values back exactly.',
      )
    if (!(await confirmed(ctx, values, 'Restore these values?'))) {
      note(ctx.io, 'Nothing was restored.')
      return EXIT.failed
    }
    return reportOutcome(
      ctx,
      await ctx.call('restoreHistory', { id, baseline: state.values, userId: state.userId }),
    )
  },
}
