/**
 * Local records that hold webhook values (drafts, save history) can contain the webhookPsk, so
 * they are sealed with AES-256-GCM under a per-account key that lives in the OS keychain. Without
 * a keychain nothing sealed can be read or written, and callers keep such data in memory only.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto'
import type { SecretStore } from './secrets'

export class Sealer {
  private keys = new Map<string, Buffer>()

  constructor(private readonly secrets: SecretStore) {}

  /** The account's local data key, created on first use; null when the keychain is unavailable. */
  async key(accountId: string): Promise<Buffer | null> {
    const cached = this.keys.get(accountId)
    if (cached) return cached
    const name = `${accountId}|local-data-key`
    try {
      let encoded = await this.secrets.get(name)
      if (!encoded) {
        encoded = randomBytes(32).toString('base64')
        await this.secrets.set(name, encoded)
      }
      const key = Buffer.from(encoded, 'base64')
      this.keys.set(accountId, key)
      return key
    } catch {
      return null
    }
  }

  /** The key if this run has read it already; never asks the keychain. */
  known(accountId: string): Buffer | null {
    return this.keys.get(accountId) ?? null
  }

  async forget(accountId: string): Promise<void> {
    this.keys.delete(accountId)
    await this.secrets.delete(`${accountId}|local-data-key`).catch(() => {})
  }
}

export function seal(key: Buffer, value: unknown): string {
  const iv = randomBytes(12)
  const cipher = createCipheriv('aes-256-gcm', key, iv)
  const data = Buffer.concat([cipher.update(JSON.stringify(value), 'utf8'), cipher.final()])
  return Buffer.concat([iv, cipher.getAuthTag(), data]).toString('base64')
}

export function unseal<T>(key: Buffer, sealed: string): T | null {
  try {
    const raw = Buffer.from(sealed, 'base64')
    const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12))
    decipher.setAuthTag(raw.subarray(12, 28))
    const text = Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8')
    return JSON.parse(text) as T
  } catch {
    return null
  }
}
