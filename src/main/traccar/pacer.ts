/**
 * Keeps one server's request rate polite (docs/traccar-facts.md, "Rate limits": Traccar 5.1–6.11
 * answer 429 over 25 requests/s). A token bucket: a few requests at once, then an even pace; after
 * a 429 no request leaves before the server's Retry-After (or our backoff) has passed.
 */
export interface PacerOptions {
  /** Sustained requests per second; 0 turns pacing off. */
  perSecond: number
  /** How many may leave at once after a quiet spell. */
  burst: number
  now?: () => number
  sleep?: (ms: number) => Promise<void>
}

export const DEFAULT_PACE = { perSecond: 10, burst: 5 }

export class RequestPacer {
  private tokens: number
  private last: number
  private pausedUntil = 0
  private readonly now: () => number
  private readonly sleep: (ms: number) => Promise<void>

  constructor(private readonly options: PacerOptions) {
    this.now = options.now ?? Date.now
    this.sleep = options.sleep ?? ((ms) => new Promise((done) => setTimeout(done, ms)))
    this.tokens = options.burst
    this.last = this.now()
  }

  /** Resolves when a request may leave. */
  async slot(): Promise<void> {
    const { perSecond, burst } = this.options
    for (;;) {
      const now = this.now()
      if (now < this.pausedUntil) {
        await this.sleep(this.pausedUntil - now)
        continue
      }
      if (perSecond <= 0) return
      this.tokens = Math.min(burst, this.tokens + ((now - this.last) * perSecond) / 1000)
      this.last = now
      if (this.tokens >= 1) {
        this.tokens -= 1
        return
      }
      await this.sleep(Math.ceil(((1 - this.tokens) * 1000) / perSecond))
    }
  }

  /** Holds every request of this server for a while (after a 429). */
  pause(ms: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, this.now() + ms)
  }
}

/** Retry-After as seconds or an HTTP date; null when absent or unreadable. */
export function retryAfterMs(header: string | null, now: number): number | null {
  if (!header) return null
  const seconds = Number(header.trim())
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000
  const at = Date.parse(header)
  return Number.isNaN(at) ? null : Math.max(0, at - now)
}
