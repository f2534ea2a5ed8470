/** The shape of one subcommand: its options for util.parseArgs, its help, and what it runs. */
import type { Context } from './context'

export interface OptionSpec {
  type: 'string' | 'boolean'
  short?: string
  /** The placeholder in help, e.g. URL. */
  value?: string
  description: string
}

export type Values = Record<string, string | boolean | undefined>

export interface CommandSpec {
  name: string
  summary: string
  /** Positional arguments as help shows them, e.g. "ID". */
  positionals?: string
  options: Record<string, OptionSpec>
  examples: string[]
  run(ctx: Context, values: Values, positionals: string[]): Promise<number>
}

/** Options every command takes. */
export const GLOBAL_OPTIONS: Record<string, OptionSpec> = {
  server: {
    type: 'string',
    value: 'URL',
    description: 'Use the saved account on this server (or sign in to it).',
  },
  account: { type: 'string', value: 'EMAIL', description: 'Use the saved account with this email.' },
  code: { type: 'string', value: 'CODE', description: 'The two-factor code, when the account asks for one.' },
  'user-data': {
    type: 'string',
    value: 'DIR',
    description: "Data folder (default: the desktop app's; env WEBHOOK_DESK_USER_DATA).",
  },
  help: { type: 'boolean', short: 'h', description: 'Show help for the command.' },
}

export const JSON_OPTION: OptionSpec = {
  type: 'boolean',
  description: 'Print one JSON document on stdout (shape in the README).',
}

export const text = (values: Values, name: string): string | undefined => {
  const value = values[name]
  return typeof value === 'string' ? value : undefined
}
export const flag = (values: Values, name: string): boolean => values[name] === true

/** On the webhook commands: act on a managed account (admins and managers) instead of one's own. */
export const USER_OPTION: OptionSpec = {
  type: 'string',
  value: 'EMAIL',
  description: 'Act on this managed account instead of your own (admins and managers).',
}
