import { describe, expect, it } from 'vitest'
import { base32Decode, base32Encode, generateTotpKey, totpCode, verifyTotp } from '../../src/sim/totp'

describe('TOTP (RFC 6238)', () => {
  const secret = base32Encode(Buffer.from('12345678901234567890'))

  it('encodes base32 like RFC 4648', () => {
    expect(secret).toBe('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ')
    expect(base32Decode(secret).toString()).toBe('12345678901234567890')
  })

  it('matches the RFC 6238 SHA-1 test vectors (last six digits)', () => {
    expect(totpCode(secret, 59_000)).toBe(287082)
    expect(totpCode(secret, 1111111109_000)).toBe(81804)
    expect(totpCode(secret, 1234567890_000)).toBe(5924)
    expect(totpCode(secret, 2000000000_000)).toBe(279037)
  })

  it('accepts the neighbouring window and nothing further', () => {
    const key = generateTotpKey()
    const now = 1_700_000_000_000
    expect(verifyTotp(key, totpCode(key, now - 30_000), now)).toBe(true)
    expect(verifyTotp(key, totpCode(key, now - 90_000), now)).toBe(false)
  })
})
