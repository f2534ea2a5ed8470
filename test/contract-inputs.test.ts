/**
 * The runtime input schemas, one rule at a time (the IPC fuzz test throws thousands of random
 * inputs at them through dispatch(); these pin the edges and the words of each refusal).
 */
import * as v from 'valibot'
import { describe, expect, it } from 'vitest'
import { inputSchemas } from '$shared/contract-inputs'
import { t } from '$shared/i18n'

const parse = <K extends keyof typeof inputSchemas>(name: K, input: unknown) =>
  v.safeParse(inputSchemas[name] as v.GenericSchema, input)
const messages = (result: ReturnType<typeof parse>) =>
  result.success ? [] : result.issues.map((issue) => issue.message)

const signIn = { server: 'https://demo.example', method: 'password', email: 'a@b.c', remember: false }
const draft = (baseline: Record<string, unknown>) => ({ userId: 1, baseline, values: {}, removeKeys: [] })

describe('values found on the server (the save baseline)', () => {
  it('takes any JSON up to 8,000 characters written out', () => {
    // JSON.stringify adds the two quotes: 7,998 characters are exactly 8,000 written out.
    expect(parse('saveDraft', draft({ webhookUrl: 'x'.repeat(7998) })).success).toBe(true)
    expect(parse('saveDraft', draft({ webhookTypes: null, webhookPsk: { nested: [1, null] } })).success).toBe(
      true,
    )
  })

  it('refuses a value one character longer, in words', () => {
    const result = parse('saveDraft', draft({ webhookUrl: 'x'.repeat(7999) }))
    expect(result.success).toBe(false)
    expect(messages(result)).toEqual([t('input.smallJson')])
  })

  it('refuses a value that is not JSON at all instead of throwing', () => {
    const circular: Record<string, unknown> = {}
    circular.self = circular
    for (const value of [circular, 1n]) {
      const result = parse('restoreHistory', { id: 'h1', baseline: { webhookPsk: value }, userId: 1 })
      expect(result.success).toBe(false)
      expect(messages(result)).toEqual([t('input.smallJson')])
    }
  })
})

describe('sign-in and verification inputs', () => {
  it('refuses an empty secret with its own words and takes one character', () => {
    const empty = parse('signIn', { ...signIn, secret: '' })
    expect(empty.success).toBe(false)
    expect(messages(empty)).toEqual([t('input.secretMissing')])
    expect(parse('signIn', { ...signIn, secret: 's' }).success).toBe(true)
  })

  it('takes six digits (padding allowed) and refuses anything else with its own words', () => {
    expect(parse('verifyCode', { code: ' 123456 ' }).success).toBe(true)
    for (const code of ['12345', '1234567', '12a456']) {
      const result = parse('verifyCode', { code })
      expect(result.success).toBe(false)
      expect(messages(result)).toEqual([t('signIn.form.codeDigits')])
    }
  })
})
