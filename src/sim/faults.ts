/**
 * Faults per route, set through /sim/faults: added latency, a status with a body, a connection
 * reset, an abort mid-body, an HTML page instead of JSON (a proxy or captive portal), or a request
 * that is carried out but whose answer is lost (reset, or held back for `latencyMs`).
 */
import type { IncomingMessage, ServerResponse } from 'node:http'

export interface Fault {
  /** HTTP method to match; any when absent. */
  method?: string
  /** Exact path, or a prefix ending in '*' (e.g. '/api/users/*'). */
  path: string
  latencyMs?: number
  status?: number
  body?: string
  contentType?: string
  action?: 'reset' | 'abort' | 'html' | 'apply-then-reset' | 'apply-then-delay'
  /** How many requests it applies to; unlimited when absent. */
  times?: number
}

export function matches(fault: Fault, method: string, path: string): boolean {
  if (fault.method && fault.method.toUpperCase() !== method) return false
  return fault.path.endsWith('*') ? path.startsWith(fault.path.slice(0, -1)) : path === fault.path
}

export const HTML_PAGE =
  '<!doctype html><html><head><title>Sign in - Portal</title></head><body><h1>Please sign in</h1></body></html>'

export class Faults {
  private list: Fault[] = []

  add(fault: Fault): void {
    this.list.push({ ...fault })
  }

  clear(): void {
    this.list = []
  }

  /** Applies a matching fault. Returns true when it answered (or killed) the request itself. */
  async apply(req: IncomingMessage, res: ServerResponse, path: string): Promise<boolean> {
    const fault = this.list.find((f) => matches(f, req.method ?? 'GET', path))
    if (!fault) return false
    if (fault.times !== undefined && --fault.times <= 0) this.list.splice(this.list.indexOf(fault), 1)
    if (fault.action === 'apply-then-reset' || fault.action === 'apply-then-delay') {
      loseAnswer(req, res, fault.action === 'apply-then-reset' ? 0 : (fault.latencyMs ?? 60_000))
      return false
    }
    if (fault.latencyMs) await new Promise((r) => setTimeout(r, fault.latencyMs))
    if (fault.action === 'reset') {
      req.socket.resetAndDestroy()
      return true
    }
    if (fault.action === 'abort') {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '4096' })
      res.write('{"id":1,"attributes":{"webhookUrl":"htt')
      setTimeout(() => req.socket.destroy(), 20)
      return true
    }
    if (fault.action === 'html') {
      res.writeHead(200, { 'content-type': 'text/html;charset=utf-8' })
      res.end(HTML_PAGE)
      return true
    }
    if (fault.status !== undefined) {
      res.writeHead(fault.status, { 'content-type': fault.contentType ?? 'text/plain' })
      res.end(fault.body ?? '')
      return true
    }
    return false
  }
}

/**
 * Lets the request be carried out, then loses its answer: the connection is reset (delayMs 0) or
 * the answer is held back until the client has given up. Node sends the status line with the
 * first body write, so nothing reaches the client before `end`.
 */
function loseAnswer(req: IncomingMessage, res: ServerResponse, delayMs: number): void {
  const end = res.end.bind(res) as (...args: unknown[]) => ServerResponse
  res.end = ((...args: unknown[]) => {
    if (delayMs === 0) req.socket.resetAndDestroy()
    else setTimeout(() => req.socket.destroyed || end(...args), delayMs)
    return res
  }) as typeof res.end
}
