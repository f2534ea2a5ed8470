/**
 * The state of an account's local data across its kinds (webhook drafts and history, test
 * deliveries), worded for the notice the window shows: locked, and what was set aside.
 */
import type { LocalDataStatus } from '$shared/contract'

import { tn } from '../i18n'
import { isLocked, type AccountDataStore } from './account-data'

export class LocalData {
  constructor(
    private readonly stores: {
      webhook: AccountDataStore<unknown, unknown>
      deliveries: AccountDataStore<unknown, unknown>
    },
  ) {}

  /** Opens each kind (asking the keychain again if it was locked) and says what stands in the way. */
  async status(accountId: string): Promise<LocalDataStatus> {
    let locked: string | null = null
    const setAside: string[] = []
    for (const kind of ['webhook', 'deliveries'] as const) {
      const store = this.stores[kind]
      try {
        await store.persistent(accountId, { ask: true })
      } catch (error) {
        if (!isLocked(error)) throw error
        locked = error.message
      }
      const aside = store.setAside(accountId)
      if (aside) setAside.push(tn(`data.setAside.${kind}`, aside.count, { folder: aside.folder }))
    }
    return { locked, setAside }
  }

  dismiss(accountId: string): void {
    for (const store of Object.values(this.stores)) store.dismissSetAside(accountId)
  }
}
