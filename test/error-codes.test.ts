/**
 * Error codes are a checked type (ErrorCode in src/shared/result.ts): a code the app does not
 * have does not compile. `npm run typecheck` checks this file; each @ts-expect-error line turns
 * into an error of its own if its code were accepted.
 */
import { describe, expect, expectTypeOf, it } from 'vitest'
import { AppFailure, fail, type AppError, type ErrorCode, type Result } from '$shared/result'
import { CliError, exitCodeFor } from '../src/cli/exit-codes'

describe('error codes', () => {
  it('are the codes the app has, not any string', () => {
    expectTypeOf<'auth.totpRequired'>().toExtend<ErrorCode>()
    expectTypeOf<'test.invalidUrl' | 'backfill.invalidPsk' | 'usage.invalid'>().toExtend<ErrorCode>()
    expectTypeOf<'auth.totpRequierd'>().not.toExtend<ErrorCode>()
    expectTypeOf<string>().not.toExtend<ErrorCode>()
  })

  it('refuse an unknown code wherever one is made or compared', () => {
    // @ts-expect-error: no such code
    expect(new AppFailure('auth.totpRequierd', 'message').code).toBe('auth.totpRequierd')
    // @ts-expect-error: no such code
    expect(fail('save.conflicted', 'message').ok).toBe(false)
    // @ts-expect-error: no such code
    expect(new CliError('usage.unknown', 'message').exitCode).toBe(2)
    // @ts-expect-error: no such code
    expect(exitCodeFor('auth.nope')).toBe(3)
    // @ts-expect-error: no such code
    expect({ code: 'nope', message: '' } satisfies AppError).toBeTruthy()
    const result: Result<null> = fail('auth.totpRequired', 'message')
    // The renderer's checks, e.g. SignIn's: a misspelt code is a comparison that can never be true.
    // @ts-expect-error: no such code
    expect(!result.ok && result.error.code === 'auth.totpRequierd').toBe(false)
  })
})
