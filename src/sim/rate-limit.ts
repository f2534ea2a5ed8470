/**
 * Jetty's DoSFilter as Traccar 5.1–6.11 put it on /api/* (docs/traccar-facts.md, "Rate limits"):
 * a budget of requests per second per session (else per address). Over it, a request is held
 * 100 ms, as the real filter delays before it throttles, then answered 429 with an HTML page.
 */
import type { IncomingMessage } from 'node:http'
import { SESSION_COOKIE } from './auth'
import { parseCookies } from './http'

export const TOO_MANY_REQUESTS_PAGE =
  '<html><head><title>Error 429 Too Many Requests</title></head><body><h2>HTTP ERROR 429 Too Many Requests</h2></body></html>'

const DELAY_MS = 100

export class RateLimiter {
  private windows = new Map<string, { second: number; count: number }>()

  constructor(private readonly limit: () => number) {}

  /** True when the request may go on; false after the delay when it is over the budget. */
  async admit(req: IncomingMessage): Promise<boolean> {
    const limit = this.limit()
    if (limit <= 0) return true
    const key = parseCookies(req.headers.cookie)[SESSION_COOKIE] ?? req.socket.remoteAddress ?? ''
    const second = Math.floor(Date.now() / 1000)
    const window = this.windows.get(key)
    if (!window || window.second !== second) {
      this.windows.set(key, { second, count: 1 })
      if (this.windows.size > 1000) this.windows.clear()
      return true
    }
    window.count++
    if (window.count <= limit) return true
    await new Promise((done) => setTimeout(done, DELAY_MS))
    return false
  }
}
