/**
 * How the account client reaches a server. In the app: Electron's net.request
 * (net-request-fetch.ts), where Chromium keeps the session cookie (system proxies and
 * certificates apply). Under Node (tests, harness): global fetch with a small per-origin cookie
 * jar. The client itself never touches cookies.
 *
 * Both transports never follow a redirect: a 3xx comes back as it is, with its Location, and the
 * client reports it with its target. A server that moved is entered at its new address by the
 * user; following it silently could send the password to another host.
 */
export interface HttpTransport {
  fetch(url: string, init: RequestInit): Promise<Response>
  /** Forget the session cookie of an origin (sign out, switch account). */
  clearCookies(origin: string): Promise<void>
  /** The Cookie header for an origin, for the WebSocket (which Traccar authenticates by cookie). */
  cookieHeader(origin: string): Promise<string | null>
}

export function nodeTransport(baseFetch: typeof fetch = fetch): HttpTransport {
  const jars = new Map<string, Map<string, string>>()
  const cookieOf = (origin: string): string | null => {
    const jar = jars.get(origin)
    return jar?.size ? [...jar].map(([k, v]) => `${k}=${v}`).join('; ') : null
  }
  return {
    async fetch(url, init) {
      const origin = new URL(url).origin
      const headers = new Headers(init.headers)
      const cookie = cookieOf(origin)
      if (cookie) headers.set('cookie', cookie)
      const response = await baseFetch(url, { ...init, headers, redirect: 'manual' })
      for (const line of response.headers.getSetCookie()) {
        const [pair = '', ...attributes] = line.split(';')
        const eq = pair.indexOf('=')
        if (eq <= 0) continue
        const name = pair.slice(0, eq).trim()
        const value = pair.slice(eq + 1).trim()
        const expired = attributes.some((a) => /^\s*max-age\s*=\s*0\s*$/i.test(a))
        const target = jars.get(origin) ?? new Map<string, string>()
        if (expired || value === '') target.delete(name)
        else target.set(name, value)
        jars.set(origin, target)
      }
      return response
    },
    async clearCookies(origin) {
      jars.delete(origin)
    },
    cookieHeader: async (origin) => cookieOf(origin),
  }
}
