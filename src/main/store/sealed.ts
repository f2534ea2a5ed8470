/**
 * Local records that hold webhook values (drafts, save history) can contain the webhookPsk, so
 * they are sealed with AES-256-GCM under a per-account key that lives in the OS keychain. Without
 * a keychain nothing sealed can be read or written, and callers keep such data in memory only.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto'
import type { SecretStore } from './secrets'

export class Sealer {
  private keys = new Map<string, Buffer>()
  /** One keychain request per account at a time, so two callers never make two different keys. */
  private asking = new Map<string, Promise<Buffer | null>>()
  /** Counts forget() per account: a request that began before one makes or keeps no key. */
  private forgets = new Map<string, number>()

  constructor(private readonly secrets: SecretStore) {}

  /** The account's local data key, created on first use; null when the keychain is unavailable. */
  key(accountId: string): Promise<Buffer | null> {
    const cached = this.keys.get(accountId)
    if (cached) return Promise.resolve(cached)
    let asking = this.asking.get(accountId)
    if (!asking) {
      const request = this.ask(accountId).finally(() => {
        if (this.asking.get(accountId) === request) this.asking.delete(accountId)
      })
      this.asking.set(accountId, request)
      asking = request
    }
    return asking
  }

  private async ask(accountId: string): Promise<Buffer | null> {
    const forgets = this.forgets.get(accountId)
    const forgotten = (): boolean => this.forgets.get(accountId) !== forgets
    const name = `${accountId}|local-data-key`
    try {
      let encoded = await this.secrets.get(name)
      if (forgotten()) return null
      if (!encoded) {
        encoded = randomBytes(32).toString('base64')
        await this.secrets.set(name, encoded)
        // Forgotten while it was being stored: the new entry must not outlive the account.
        if (forgotten()) {
          await this.secrets.delete(name)
          return null
        }
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
    this.forgets.set(accountId, (this.forgets.get(accountId) ?? 0) + 1)
    this.keys.delete(accountId)
    this.asking.delete(accountId)
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
