/** What the whole window knows: the app's identity and who is signed in. */
import type { AppInfo, SessionInfo } from '../../../shared/contract'

export const appState: {
  info: AppInfo | null
  session: SessionInfo | null
  /** Why the user is back on the sign-in screen, when it was not their choice. */
  signedOutReason: string | null
  /** The sign-in screen is open over a live session ("Switch account"). */
  switching: boolean
  /** The webhook form has changes not yet saved to the server. */
  dirty: boolean
  ready: boolean
} = $state({ info: null, session: null, signedOutReason: null, switching: false, dirty: false, ready: false })
