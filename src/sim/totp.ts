/** RFC 6238 TOTP (SHA-1, 30 s, 6 digits) over RFC 4648 base32 secrets, as Traccar uses. */
import { createHmac, randomBytes } from 'node:crypto'

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'

export function base32Decode(input: string): Buffer {
  const clean = input.replace(/=+$/, '').replace(/\s+/g, '').toUpperCase()
  let bits = 0
  let value = 0
  const out: number[] = []
  for (const char of clean) {
    const index = ALPHABET.indexOf(char)
    if (index < 0) throw new Error('invalid base32')
    value = (value << 5) | index
    bits += 5
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff)
      bits -= 8
    }
  }
  return Buffer.from(out)
}

export function base32Encode(bytes: Buffer): string {
  let bits = 0
  let value = 0
  let out = ''
  for (const byte of bytes) {
    value = (value << 8) | byte
    bits += 8
    while (bits >= 5) {
      out += ALPHABET[(value >>> (bits - 5)) & 31]
      bits -= 5
    }
  }
  if (bits > 0) out += ALPHABET[(value << (5 - bits)) & 31]
  return out
}

export function generateTotpKey(): string {
  return base32Encode(randomBytes(20))
}

export function totpCode(secret: string, timeMs: number = Date.now(), stepSeconds = 30): number {
  const counter = Math.floor(timeMs / 1000 / stepSeconds)
  const message = Buffer.alloc(8)
  message.writeBigUInt64BE(BigInt(counter))
  const hmac = createHmac('sha1', base32Decode(secret)).update(message).digest()
  const offset = hmac[hmac.length - 1]! & 0xf
  return (hmac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000
}

/** Accepts the current code and the neighbouring windows, like common authenticator checks. */
export function verifyTotp(secret: string, code: number, timeMs: number = Date.now()): boolean {
  return [-1, 0, 1].some((drift) => totpCode(secret, timeMs + drift * 30_000) === code)
}
