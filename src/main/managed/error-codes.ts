/**
 * The error codes the managed-accounts features add, in one place (for the app-wide list of codes).
 * Messages are in src/main/i18n under `error.<code>`.
 */
export const MANAGED_ERROR_CODES = [
  /** A save or restore named an account other than the one the webhook operations act on now. */
  'target.changed',
  /** The signed-in user is neither an admin nor a manager. */
  'managed.notManager',
  /** The account is not one the signed-in user manages (or no longer exists). */
  'managed.unknownAccount',
  /** The server refused the change for this account (its own words in the message). */
  'managed.noPermission',
  'bulk.unknownPlan',
  'bulk.unknownBatch',
  /** Another batch is still running: one at a time. */
  'bulk.running',
  'bulk.nothingToRetry',
  'bulk.nothingToUndo',
  /** The batch generated no PSKs. */
  'bulk.noSecrets',
  /** The generated PSKs were already handed out once and are no longer kept. */
  'bulk.secretsGone',
  /** The import's plan has row errors: fix the file first. */
  'import.invalid',
  /** Row and file errors of an import review (BulkRowError.code). */
  'import.malformed',
  'import.header',
  'import.empty',
  'import.noEmail',
  'import.duplicateEmail',
  'import.unknownEmail',
  'import.url',
  'import.psk',
  'import.types',
  /** A history entry whose PSK was a generated secret (kept masked) cannot be restored. */
  'history.secretNotKept',
] as const

export type ManagedErrorCode = (typeof MANAGED_ERROR_CODES)[number]
