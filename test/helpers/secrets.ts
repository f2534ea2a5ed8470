/**
 * The secret store for tests whose subject is not the keychain: the real one inside the test
 * keyring, else an in-memory stand-in (the keychain itself is covered by keychain.test.ts).
 */
import { KeytarStore, type SecretStore } from '../../src/main/store/secrets'
import { keyringReady } from './keyring'

export function memorySecrets(): SecretStore & { items: Map<string, string> } {
  const items = new Map<string, string>()
  return {
    items,
    get: async (k) => items.get(k) ?? null,
    set: async (k, v) => void items.set(k, v),
    delete: async (k) => void items.delete(k),
  }
}

export const testSecrets = (): SecretStore => (keyringReady ? new KeytarStore() : memorySecrets())
