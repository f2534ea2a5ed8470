/** Which failures of a write leave its outcome open (re-read the account) and which prove it was not applied. */
import { describe, expect, it } from 'vitest'
import { mayHaveApplied } from '../src/main/traccar/errors'
import { AppFailure, type ErrorCode } from '$shared/result'

const failure = (code: ErrorCode, detail?: string): AppFailure =>
  new AppFailure(code, 'message', detail ? { detail } : {})

describe('mayHaveApplied', () => {
  it.each<[ErrorCode, string?]>([
    ['net.timeout'],
    ['net.reset'],
    ['net.failed'],
    ['server.failed', 'HTTP 500'],
    ['server.unexpected', 'HTTP 502'],
  ])('%s (%s) may have been applied', (code, detail?: string) => {
    expect(mayHaveApplied(failure(code, detail))).toBe(true)
  })

  it.each<[ErrorCode, string?]>([
    ['net.dns'],
    ['net.refused'],
    ['net.unreachable'],
    ['net.rateLimited'],
    ['server.redirect'],
    ['tls.selfSigned'],
    ['auth.sessionExpired'],
    ['server.unexpected', 'HTTP 400'],
  ])('%s (%s) was not applied', (code, detail?: string) => {
    expect(mayHaveApplied(failure(code, detail))).toBe(false)
  })

  it('is false for anything that is not an app failure', () => {
    expect(mayHaveApplied(new Error('boom'))).toBe(false)
  })
})
