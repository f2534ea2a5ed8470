/**
 * "Receive here": a webhook receiver inside the app on 127.0.0.1. Arrivals are kept (bounded)
 * and pushed to the window live; the user chooses what it answers to see how a sender treats
 * failures.
 */
import { randomUUID } from 'node:crypto'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { InboxArrival, InboxState, PushEvent } from '$shared/contract'
import { t } from '../i18n'
import { AppFailure } from '$shared/result'

const MAX_ARRIVALS = 200
const MAX_BODY = 1024 * 1024

export class Inbox {
  private server: Server | null = null
  private port: number | null = null
  private arrivals: InboxArrival[] = []
  private reply = { status: 200, delayMs: 0 }

  constructor(private readonly push: (event: PushEvent) => void) {}

  state(): InboxState {
    return {
      running: this.server !== null,
      url: this.port === null ? null : `http://127.0.0.1:${this.port}/webhook`,
      port: this.port,
      reply: { ...this.reply },
      arrivals: [...this.arrivals],
    }
  }

  async start(port: number): Promise<InboxState> {
    if (this.server) await this.stop()
    const server = createServer((req, res) => {
      const chunks: Buffer[] = []
      let size = 0
      req.on('data', (chunk: Buffer) => {
        size += chunk.length
        if (size <= MAX_BODY) chunks.push(chunk)
      })
      req.on('end', () => {
        const { status, delayMs } = this.reply
        const headers: [string, string][] = []
        for (let i = 0; i < req.rawHeaders.length; i += 2)
          headers.push([req.rawHeaders[i]!, req.rawHeaders[i + 1]!])
        const arrival: InboxArrival = {
          id: randomUUID(),
          time: new Date().toISOString(),
          method: req.method ?? '',
          path: req.url ?? '/',
          headers,
          body:
            Buffer.concat(chunks).toString('utf8') + (size > MAX_BODY ? `\n… (${size} bytes in all)` : ''),
          remoteAddress: req.socket.remoteAddress ?? '',
          answeredWith: status,
        }
        this.arrivals = [arrival, ...this.arrivals].slice(0, MAX_ARRIVALS)
        this.push({ type: 'inbox.arrival', arrival })
        setTimeout(() => {
          res.writeHead(status, { 'content-type': 'application/json' })
          res.end(JSON.stringify({ receivedBy: 'Webhook Desk inbox', status }))
        }, delayMs)
      })
    })
    await new Promise<void>((done, reject) => {
      server.once('error', (error: NodeJS.ErrnoException) =>
        reject(
          error.code === 'EADDRINUSE'
            ? new AppFailure('inbox.portInUse', t('error.inbox.portInUse', { port: String(port) }))
            : new AppFailure(
                'inbox.failed',
                t('error.inbox.failed', { reason: error.code ?? error.message }),
              ),
        ),
      )
      server.listen(port, '127.0.0.1', () => done())
    })
    this.server = server
    this.port = (server.address() as AddressInfo).port
    return this.state()
  }

  async stop(): Promise<InboxState> {
    const server = this.server
    this.server = null
    this.port = null
    if (server) {
      server.closeAllConnections()
      await new Promise<void>((done) => server.close(() => done()))
    }
    return this.state()
  }

  setReply(reply: { status: number; delayMs: number }): InboxState {
    this.reply = { ...reply }
    return this.state()
  }

  clear(): InboxState {
    this.arrivals = []
    return this.state()
  }
}
