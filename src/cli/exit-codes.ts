/**
 * The command's exit codes (documented in the README and in `webhook-desk --help`) and the one
 * error type commands throw: a stable code, the message, and the exit code it maps to.
 */
import type { ErrorCode } from '$shared/result'

export const EXIT = {
  ok: 0,
  failed: 1,
  usage: 2,
  auth: 3,
  conflict: 4,
  notDelivered: 5,
} as const
export type ExitCode = (typeof EXIT)[keyof typeof EXIT]

export class CliError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly exitCode: ExitCode = exitCodeFor(code),
  ) {
    super(message)
    this.name = 'CliError'
  }
}

/** Maps the app's stable error codes to exit codes, so scripts can tell the kinds apart. */
export function exitCodeFor(code: ErrorCode): ExitCode {
  if (code.startsWith('auth.') || code.startsWith('keychain.') || code.startsWith('session.'))
    return EXIT.auth
  if (code === 'save.conflict') return EXIT.conflict
  if (
    code.startsWith('usage.') ||
    code.startsWith('address.') ||
    code === 'ipc.invalidInput' ||
    code === 'save.invalid' ||
    /\.invalid(Url|Psk|Body)$/.test(code)
  ) {
    return EXIT.usage
  }
  return EXIT.failed
}

export const usageError = (message: string): CliError => new CliError('usage.invalid', message, EXIT.usage)
