/**
 * The single entry point both transports (Electron IPC and the browser harness) use to run an
 * operation: validate the untrusted input, call the handler, and turn every outcome into a Result.
 * Nothing thrown here ever crosses to the renderer.
 */
import * as v from 'valibot'
import { isOperationName, type InputOf, type OperationName, type OutputOf } from '$shared/contract'
import { inputSchemas } from '$shared/contract-inputs'
import { t } from './i18n'
import { AppFailure, fail, ok, type Result } from '$shared/result'

export type Handlers = {
  [K in OperationName]: (input: InputOf<K>) => Promise<OutputOf<K>> | OutputOf<K>
}

/** Where unexpected errors go; the default reports only the error's name, never its text. */
export type ErrorReporter = (operation: string, error: unknown) => void

export function describeIssues(issues: readonly v.BaseIssue<unknown>[]): string {
  return issues
    .slice(0, 3)
    .map((issue) => {
      const path = v.getDotPath(issue)
      return path ? `${path}: ${issue.message}` : issue.message
    })
    .join('; ')
}

export async function dispatch(
  handlers: Handlers,
  name: unknown,
  input: unknown,
  report: ErrorReporter = () => {},
): Promise<Result<unknown>> {
  if (!isOperationName(name)) return fail('ipc.unknownOperation', t('error.ipc.unknownOperation'))
  let parsed: v.SafeParseResult<v.GenericSchema>
  try {
    parsed = v.safeParse(inputSchemas[name] as v.GenericSchema, input)
  } catch {
    // Pathological input (e.g. nesting deep enough to exhaust the stack) is invalid input too.
    return fail('ipc.invalidInput', t('error.ipc.unreadableInput', { operation: name }))
  }
  if (!parsed.success) {
    return fail(
      'ipc.invalidInput',
      t('error.ipc.invalidInput', { operation: name, issues: describeIssues(parsed.issues) }),
    )
  }
  try {
    const handler = handlers[name] as (input: unknown) => unknown
    return ok(await handler(parsed.output))
  } catch (error) {
    if (error instanceof AppFailure) return { ok: false, error: error.toError() }
    report(name, error)
    return fail('internal', t('error.internal'))
  }
}
