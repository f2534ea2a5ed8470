/**
 * What the app left in the OS keychain, read the way another Secret Service client would (the
 * e2e run shares its throwaway keyring with the app it starts).
 */
import keytar from 'keytar'
import { KEYCHAIN_SERVICE } from '../../src/main/store/secrets'

/** The app's keychain items of one account (`<server>|<email>` and `<server>|<email>|…`). */
export async function keychainItemsOf(accountId: string): Promise<string[]> {
  const items = await keytar.findCredentials(KEYCHAIN_SERVICE)
  return items
    .map((i) => i.account)
    .filter((name) => name === accountId || name.startsWith(`${accountId}|`))
    .sort()
}
