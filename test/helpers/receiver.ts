/** A real HTTP(S) receiver on loopback that records every request byte for byte. */
import { createServer as createHttp, type IncomingMessage, type ServerResponse } from 'node:http'
import { createServer as createHttps } from 'node:https'
import type { AddressInfo } from 'node:net'

export interface Received {
  method: string
  path: string
  rawHeaders: string[]
  headers: IncomingMessage['headers']
  body: string
}

export interface Receiver {
  url: string
  requests: Received[]
  /** What to answer next; default 200 with an empty body. */
  respond: (req: Received, res: ServerResponse) => void
  close(): Promise<void>
}

export async function startReceiver(tls?: { key: string; cert: string }): Promise<Receiver> {
  const receiver: Receiver = {
    url: '',
    requests: [],
    respond: (_req, res) => res.writeHead(200).end(),
    close: async () => {},
  }
  const handler = (req: IncomingMessage, res: ServerResponse): void => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const received: Received = {
        method: req.method ?? '',
        path: req.url ?? '',
        rawHeaders: req.rawHeaders,
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      }
      receiver.requests.push(received)
      receiver.respond(received, res)
    })
  }
  const server = tls ? createHttps(tls, handler) : createHttp(handler)
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', () => done()))
  const { port } = server.address() as AddressInfo
  receiver.url = `${tls ? 'https' : 'http'}://127.0.0.1:${port}`
  receiver.close = () =>
    new Promise<void>((done) => {
      server.closeAllConnections()
      server.close(() => done())
    })
  return receiver
}
