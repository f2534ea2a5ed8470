/** What the whole window knows: the app's identity and who is signed in. */
import type { AppInfo, SessionInfo, WebhookWrite } from '$shared/contract'
import type { WebhookValues } from '$shared/webhook'

export const appState: {
  info: AppInfo | null
  session: SessionInfo | null
  /** Why the user is back on the sign-in screen, when it was not their choice. */
  signedOutReason: string | null
  /** The sign-in screen is open over a live session ("Switch account"). */
  switching: boolean
  /** The webhook form has changes not yet saved to the server. */
  dirty: boolean
  /** The webhook as saved on the server and as the form has it now, for testing either, and the
   * event types the server knows (loaded with the webhook). */
  webhook: { saved: WebhookValues | null; draft: WebhookWrite | null; eventTypes: string[] }
  tab: 'webhook' | 'test' | 'inbox' | 'events' | 'accounts'
  /** Counts the times locked local data opened again, so views re-read drafts and histories. */
  localDataOpened: number
  settingsOpen: boolean
  ready: boolean
  /** The server's rate limit has been holding requests back for a while. */
  slow: boolean
} = $state({
  slow: false,
  info: null,
  session: null,
  signedOutReason: null,
  switching: false,
  dirty: false,
  webhook: { saved: null, draft: null, eventTypes: [] },
  tab: 'webhook',
  localDataOpened: 0,
  settingsOpen: false,
  ready: false,
})
