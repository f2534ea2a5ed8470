/**
 * Where saved accounts live: the desktop app's own user-data folder, so a sign-in made in one
 * works in the other. Electron names it after the productName under the OS's config folder
 * (app.getPath('userData')); WEBHOOK_DESK_USER_DATA overrides it for both, as it does for the app.
 */
import { homedir } from 'node:os'
import { join, resolve } from 'node:path'

export const PRODUCT_NAME = 'Webhook Desk'

export function defaultUserDataDir(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
  home: string = homedir(),
): string {
  if (env.WEBHOOK_DESK_USER_DATA) return resolve(env.WEBHOOK_DESK_USER_DATA)
  const appData =
    platform === 'win32'
      ? (env.APPDATA ?? join(home, 'AppData', 'Roaming'))
      : platform === 'darwin'
        ? join(home, 'Library', 'Application Support')
        : env.XDG_CONFIG_HOME || join(home, '.config')
  return join(appData, PRODUCT_NAME)
}
