/**
 * The secret store for tests whose subject is not the keychain: the real one inside the test
 * keyring, else an in-memory stand-in (the keychain itself is covered by keychain.test.ts).
 */
import { KeytarStore, type Keytar, type SecretStore } from '../../src/main/store/secrets'
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

/**
 * A keychain that can be locked for a while, failing the way keytar does: through the real
 * KeytarStore (its timeout and error wording), with a keytar whose calls reject with the
 * Secret Service's words or never answer.
 */
export function lockableKeychain(timeoutMs = 200): {
  store: SecretStore
  items: Map<string, string>
  state: { now: 'open' | 'locked' | 'silent' }
} {
  const items = new Map<string, string>()
  const state = { now: 'open' as 'open' | 'locked' | 'silent' }
  const gate = async (): Promise<void> => {
    if (state.now === 'locked') throw new Error('Cannot create an item in a locked collection')
    if (state.now === 'silent') await new Promise(() => {})
  }
  const keytar: Keytar = {
    getPassword: async (_service, account) => (await gate(), items.get(account) ?? null),
    setPassword: async (_service, account, password) => (await gate(), void items.set(account, password)),
    deletePassword: async (_service, account) => (await gate(), items.delete(account)),
  }
  return { store: new KeytarStore(timeoutMs, keytar), items, state }
}
