/**
 * How the account client reaches a server. In the app: Electron's net.fetch, where Chromium keeps
 * the session cookie (system proxies and certificates apply). Under Node (tests, harness): global
 * fetch with a small per-origin cookie jar. The client itself never touches cookies.
 */
export interface HttpTransport {
  fetch(url: string, init: RequestInit): Promise<Response>
  /** Forget the session cookie of an origin (sign out, switch account). */
  clearCookies(origin: string): Promise<void>
}

export function nodeTransport(baseFetch: typeof fetch = fetch): HttpTransport {
  const jars = new Map<string, Map<string, string>>()
  return {
    async fetch(url, init) {
      const origin = new URL(url).origin
      const jar = jars.get(origin)
      const headers = new Headers(init.headers)
      if (jar?.size) headers.set('cookie', [...jar].map(([k, v]) => `${k}=${v}`).join('; '))
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
  }
}
