/**
 * Runs in the page served by the harness, before the app: defines window.api from the shared
 * contract with an invoke over loopback HTTP. The token arrives in the URL fragment once and is
 * kept in sessionStorage so reloads keep working.
 */
import { createApi } from '$shared/client'
import type { PushEvent } from '$shared/contract'

const TOKEN_KEY = 'webhook-desk-harness-token'
const TOKEN_HEADER = 'x-webhook-desk-token'

const fromFragment = new URLSearchParams(location.hash.slice(1)).get('token')
if (fromFragment) {
  sessionStorage.setItem(TOKEN_KEY, fromFragment)
  history.replaceState(null, '', location.pathname + location.search)
}
const token = sessionStorage.getItem(TOKEN_KEY) ?? ''

window.api = createApi({
  async invoke(name, input) {
    const response = await fetch(`/__harness/invoke/${name}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [TOKEN_HEADER]: token },
      body: JSON.stringify({ input }),
    })
    return response.json()
  },
  subscribe(listener) {
    const source = new EventSource(`/__harness/events?token=${encodeURIComponent(token)}`)
    source.onmessage = (message) => listener(JSON.parse(message.data as string) as PushEvent)
    return () => source.close()
  },
})
