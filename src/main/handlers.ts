/**
 * The handler table: the contract implemented on plain services. Built once, without Electron,
 * and carried by either transport.
 */
import type { AppInfo, PushEvent } from '../shared/contract'
import { AccountService } from './account/account-service'
import type { Handlers } from './dispatch'
import { ProfileStore } from './store/profiles'
import type { SecretStore } from './store/secrets'
import type { HttpTransport } from './traccar/transport'

export interface HandlerDeps {
  appInfo: AppInfo
  userDataDir: string
  transport: HttpTransport
  secrets: SecretStore
  push: (event: PushEvent) => void
}

export function createHandlers(deps: HandlerDeps): Handlers {
  const accounts = new AccountService({
    transport: deps.transport,
    secrets: deps.secrets,
    profiles: new ProfileStore(deps.userDataDir),
    push: deps.push,
  })
  return {
    getAppInfo: () => deps.appInfo,
    listAccounts: () => accounts.list(),
    getSession: () => accounts.session(),
    signIn: (input) => accounts.signIn(input),
    verifyCode: ({ code }) => accounts.verifyCode(code),
    cancelSignIn: () => (accounts.cancelSignIn(), null),
    signInSaved: ({ accountId }) => accounts.signInSaved(accountId),
    signOut: async () => (await accounts.signOut(), null),
    forgetAccount: async ({ accountId }) => (await accounts.forget(accountId), null),
  }
}
