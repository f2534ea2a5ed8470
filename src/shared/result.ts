/** The error half of every contract result: a stable code, words for the user, optional detail. */
export interface AppError {
  code: string
  message: string
  detail?: string
  /** The form field the error is about, so the UI can show it right there. */
  field?: string
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: AppError }

export const ok = <T>(value: T): Result<T> => ({ ok: true, value })

export const fail = (
  code: string,
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
    readonly code: string,
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
