/** Whether a real, throwaway Secret Service is running (npm run test:unit starts one). */
export const keyringReady = process.env.WEBHOOK_DESK_KEYRING === 'ready'

export const keyringSkipReason =
  'no test keyring: run through `npm run test:unit` (dbus-run-session + gnome-keyring), which needs dbus and gnome-keyring installed'

if (!keyringReady && !process.env.WEBHOOK_DESK_KEYRING_NOTICE) {
  process.env.WEBHOOK_DESK_KEYRING_NOTICE = '1'
  console.warn(`[keychain tests] skipped: ${keyringSkipReason}`)
}
