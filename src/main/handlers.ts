/**
 * The handler table: the contract implemented on plain services. Built once, without Electron,
 * and carried by either transport.
 */
import type { AppInfo } from '../shared/contract'
import type { Handlers } from './dispatch'

export interface HandlerDeps {
  appInfo: AppInfo
}

export function createHandlers(deps: HandlerDeps): Handlers {
  return {
    getAppInfo: () => deps.appInfo,
  }
}
