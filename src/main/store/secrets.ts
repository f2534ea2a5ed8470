/**
 * Passwords and tokens live only in the OS keychain (keytar: Keychain, Credential Manager,
 * Secret Service). Service "Webhook Desk", account "<server origin>|<email>". Failures become
 * clear keychain errors; there is never a plain-text fallback.
 */
import { t } from '../i18n'
import { AppFailure } from '$shared/result'

export const KEYCHAIN_SERVICE = 'Webhook Desk'

export interface SecretStore {
  get(account: string): Promise<string | null>
  set(account: string, secret: string): Promise<void>
  delete(account: string): Promise<void>
}

/** The part of keytar this store uses. */
export interface Keytar {
  getPassword(service: string, account: string): Promise<string | null>
  setPassword(service: string, account: string, password: string): Promise<void>
  deletePassword(service: string, account: string): Promise<boolean>
}

/** Says what went wrong with the keychain in words a user can act on. */
export function keychainFailure(error: unknown): AppFailure {
  const text = String((error as Error)?.message ?? error)
  if (/locked|dismissed|cancel/i.test(text)) {
    return new AppFailure('keychain.locked', t('error.keychain.locked'))
  }
  return new AppFailure('keychain.unavailable', t('error.keychain.unavailable'))
}

async function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('keychain did not answer')), ms)
  })
  try {
    return await Promise.race([work, timeout])
  } finally {
    clearTimeout(timer)
  }
}

export class KeytarStore implements SecretStore {
  private keytar: Promise<Keytar> | null = null

  constructor(
    private readonly timeoutMs = 20_000,
    /** Tests pass a keytar that fails the way the real one does; the app loads the real one. */
    keytar?: Keytar,
  ) {
    if (keytar) this.keytar = Promise.resolve(keytar)
  }

  // Loaded on first use so a missing or broken native module cannot stop the app from starting.
  private load(): Promise<Keytar> {
    this.keytar ??= import('keytar').then(
      (m) => (m as unknown as { default?: Keytar }).default ?? (m as unknown as Keytar),
    )
    return this.keytar
  }

  private async run<T>(call: (k: Keytar) => Promise<T>): Promise<T> {
    try {
      return await withTimeout(
        this.load().then((k) => call(k)),
        this.timeoutMs,
      )
    } catch (error) {
      throw keychainFailure(error)
    }
  }

  get(account: string): Promise<string | null> {
    return this.run((k) => k.getPassword(KEYCHAIN_SERVICE, account))
  }

  set(account: string, secret: string): Promise<void> {
    return this.run((k) => k.setPassword(KEYCHAIN_SERVICE, account, secret))
  }

  async delete(account: string): Promise<void> {
    await this.run((k) => k.deletePassword(KEYCHAIN_SERVICE, account))
  }
}
