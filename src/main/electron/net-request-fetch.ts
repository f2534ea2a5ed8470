/**
 * The Electron transport's fetch, over `net.request` (Chromium's network stack: system proxies,
 * system certificates, the session's cookies). Not `net.fetch`: with `redirect: 'manual'` it
 * rejects with "Redirect was cancelled" and the target is lost, and with the default it follows
 * redirects, which the Node transport does not. Here a redirect comes back as its own 3xx answer
 * with its Location, exactly as Node's fetch gives it with `redirect: 'manual'`.
 */

import type { ClientRequest, ClientRequestConstructorOptions } from 'electron'

function toHeaders(raw: Record<string, string | string[]>): Headers {
  const headers = new Headers()
  for (const [name, value] of Object.entries(raw)) {
    for (const v of Array.isArray(value) ? value : [value]) headers.append(name, v)
  }
  return headers
}

export function netRequestFetch(
  request: (options: ClientRequestConstructorOptions) => ClientRequest,
): (url: string, init: RequestInit) => Promise<Response> {
  return (url, init) =>
    new Promise<Response>((resolve, reject) => {
      const signal = init.signal
      const aborted = (): Error => (signal?.reason as Error) ?? new DOMException('aborted', 'AbortError')
      if (signal?.aborted) return reject(aborted())
      // credentials 'include': send and keep the session's cookies (Traccar's JSESSIONID).
      const req = request({ url, method: init.method ?? 'GET', redirect: 'manual', credentials: 'include' })
      const onAbort = (): void => {
        req.abort()
        reject(aborted())
      }
      signal?.addEventListener('abort', onAbort, { once: true })
      const settle = (): void => signal?.removeEventListener('abort', onAbort)
      req.on('redirect', (status, _method, redirectUrl, headers) => {
        req.abort()
        settle()
        const answer = toHeaders(headers)
        answer.set('location', redirectUrl)
        resolve(new Response(null, { status, headers: answer }))
      })
      req.on('response', (response) => {
        const chunks: Buffer[] = []
        response.on('data', (chunk) => chunks.push(chunk))
        response.on('error', (error) => {
          settle()
          reject(error)
        })
        response.on('end', () => {
          settle()
          const empty = response.statusCode === 204 || response.statusCode === 304
          resolve(
            new Response(empty ? null : Buffer.concat(chunks), {
              status: response.statusCode,
              statusText: response.statusMessage,
              headers: toHeaders(response.headers),
            }),
          )
        })
      })
      req.on('error', (error) => {
        settle()
        reject(error)
      })
      for (const [name, value] of new Headers(init.headers)) req.setHeader(name, value)
      if (typeof init.body === 'string') req.write(init.body)
      req.end()
    })
}
