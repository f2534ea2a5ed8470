/**
 * Every error code a Result, an AppFailure or the command line can carry, so a check like
 * `error.code === 'auth.totpRequired'` is verified by the compiler. Codes are stable: scripts and
 * the command line's exit codes (src/cli/exit-codes.ts) depend on them. The words belong to the
 * message files (`error.<code>`), not here.
 */
export type ErrorCode =
  | NetworkCode
  | SignInCode
  | SaveCode
  | DeliveryCode
  | LocalDataCode
  | TransportCode
  | CliCode
  | ManagedCode
  /** A check in the window's own form, before anything is sent. */
  | 'form'
  /** Anything unexpected; its text is never shown (dispatch() reports it by operation only). */
  | 'internal'

/** Reaching a server: the request never got an answer (see traccar/errors.ts). */
export type NetworkCode =
  | 'net.dns'
  | 'net.refused'
  | 'net.timeout'
  | 'net.reset'
  | 'net.badPort'
  | 'net.unreachable'
  | 'net.rateLimited'
  | 'net.failed'
  | 'tls.selfSigned'
  | 'tls.expired'
  | 'tls.hostname'
  | 'tls.untrusted'
  /** The server answered, but not as Traccar does. */
  | 'server.notTraccar'
  | 'server.redirect'
  | 'server.failed'
  | 'server.webPage'
  | 'server.unexpected'

/** Signing in, saved accounts and the session. */
export type SignInCode =
  | 'address.invalid'
  | 'address.insecure'
  | 'auth.wrongPassword'
  | 'auth.badToken'
  | 'auth.totpRequired'
  | 'auth.totpWrong'
  | 'auth.disabled'
  | 'auth.expired'
  | 'auth.passwordDisabled'
  | 'auth.bikeTraxPassword'
  | 'auth.emailMissing'
  | 'auth.secretMissing'
  | 'auth.noPendingSignIn'
  | 'auth.sessionExpired'
  | 'auth.signedOut'
  /** The web login (OpenID): no desktop window here, no OpenID on the server, timed out, page failed, server refused. */
  | 'auth.webLoginNeedsDesktop'
  | 'auth.webLoginUnavailable'
  | 'auth.webLoginTimeout'
  | 'auth.webLoginLoadFailed'
  | 'auth.webLoginRefused'
  | 'account.unknown'
  | 'keychain.locked'
  | 'keychain.unavailable'
  | 'demo.unavailable'

/** Saving and restoring the webhook attributes (README, "Safe save of the webhook"). */
export type SaveCode =
  | 'save.invalid'
  | 'save.readonly'
  | 'save.tooLarge'
  | 'save.conflict'
  | 'save.willBeEscaped'
  | 'save.notConfirmed'
  | 'save.outcomeUnknown'
  | 'save.nothingPending'
  | 'save.answerLost'
  | 'history.unknown'

/** Test deliveries, backfill, the events listing and the inbox. */
export type DeliveryCode =
  | 'test.invalidUrl'
  | 'test.invalidPsk'
  | 'test.invalidBody'
  | 'test.noUrl'
  | 'test.noDraft'
  | 'backfill.invalidUrl'
  | 'backfill.invalidPsk'
  | 'delivery.unknown'
  | 'delivery.truncated'
  | 'events.range'
  | 'inbox.portInUse'
  | 'inbox.failed'

/** Drafts, history and deliveries kept on this computer, and its data folder. */
export type LocalDataCode = 'data.locked' | 'data.busy'

/** The IPC binding and the browser harness, before a handler runs. */
export type TransportCode =
  | 'ipc.invalidInput'
  | 'ipc.unknownOperation'
  | 'ipc.untrustedSender'
  | 'ipc.malformed'
  | 'ipc.failed'
  | 'harness.badRequest'
  | 'harness.unauthorized'

/** The command line's own (bin/webhook-desk.cjs also prints `cli.notBuilt`, before any of this loads). */
export type CliCode =
  'usage.invalid' | 'usage.missingInput' | 'usage.serverMissing' | 'usage.cancelled' | 'cli.notBuilt'

/** The error half of every contract result: a stable code, words for the user, optional detail. */
export interface AppError {
  code: ErrorCode
  message: string
  detail?: string
  /** The form field the error is about, so the UI can show it right there. */
  field?: string
}

/** Managed accounts: opening another account, bulk changes, imports. */
export type ManagedCode =
  /** A save or restore named an account other than the one the webhook operations act on now. */
  | 'target.changed'
  /** The signed-in user is neither an admin nor a manager. */
  | 'managed.notManager'
  /** The account is not one the signed-in user manages (or no longer exists). */
  | 'managed.unknownAccount'
  /** Paging GET /api/users brought only accounts already read (offset ignored): the list is refused. */
  | 'managed.pagingStuck'
  | 'bulk.unknownPlan'
  | 'bulk.unknownBatch'
  /** Another batch is still running: one at a time. */
  | 'bulk.running'
  | 'bulk.nothingToRetry'
  | 'bulk.nothingToUndo'
  /** The batch generated no PSKs. */
  | 'bulk.noSecrets'
  /** The generated PSKs were already handed out once and are no longer kept. */
  | 'bulk.secretsGone'
  /** The import's plan has row errors: fix the file first. */
  | 'import.invalid'
  /** Row and file errors of an import review (BulkRowError.code). */
  | 'import.malformed'
  | 'import.header'
  | 'import.empty'
  | 'import.noEmail'
  | 'import.duplicateEmail'
  | 'import.unknownEmail'
  | 'import.url'
  | 'import.psk'
  | 'import.types'
  /** A history entry whose PSK was a generated secret (kept masked) cannot be restored. */
  | 'history.secretNotKept'

export type Result<T> = { ok: true; value: T } | { ok: false; error: AppError }

export const ok = <T>(value: T): Result<T> => ({ ok: true, value })

export const fail = (
  code: ErrorCode,
  message: string,
  extra: { detail?: string; field?: string } = {},
): { ok: false; error: AppError } => ({
  ok: false,
  error: { code, message, ...extra },
})

/**
 * Thrown inside main-side services; the dispatcher turns it into a Result error. Only this kind
 * of error has its message shown to the user: anything else is reported as an internal error.
 */
export class AppFailure extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly extra: { detail?: string; field?: string } = {},
  ) {
    super(message)
    this.name = 'AppFailure'
  }

  toError(): AppError {
    return { code: this.code, message: this.message, ...this.extra }
  }
}

export function isResult(value: unknown): value is Result<unknown> {
  if (typeof value !== 'object' || value === null || !('ok' in value)) return false
  const r = value as { ok: unknown; error?: { code?: unknown; message?: unknown } }
  if (r.ok === true) return 'value' in value
  return r.ok === false && typeof r.error?.code === 'string' && typeof r.error?.message === 'string'
}
