// The inbox on its own, with real HTTP on loopback: what it keeps of an arrival (headers exactly
// as sent, the sender's address), the reply it gives, its state, and its port's life: loopback
// only, given back on restart and stop, named when taken.
import { request } from 'node:http'
import { connect } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import type { InboxState, PushEvent } from '$shared/contract'
import { t } from '../src/main/i18n'
import { Inbox } from '../src/main/inbox/inbox'
import { failure } from './helpers/failure'
import { startReceiver } from './helpers/receiver'

let inbox: Inbox
let pushed: PushEvent[]
afterEach(() => inbox.stop())

async function started(): Promise<InboxState> {
  pushed = []
  inbox = new Inbox((event) => pushed.push(event))
  return inbox.start(0)
}

/** A raw POST, so the headers go out in this order and case. */
function post(
  port: number,
  path: string,
  headers: string[],
  body: string,
): Promise<{ status: number; type: string | undefined; body: string }> {
  return new Promise((done, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method: 'POST', headers, setHost: false }, (res) => {
      let text = ''
      res.setEncoding('utf8')
      res.on('data', (c: string) => (text += c))
      res.on('end', () => done({ status: res.statusCode!, type: res.headers['content-type'], body: text }))
    })
    req.on('error', reject)
    req.end(body)
  })
}

/** Whether something accepts connections at host:port. */
const listening = (host: string, port: number): Promise<boolean> =>
  new Promise((done) => {
    const socket = connect({ host, port })
    socket.once('connect', () => {
      socket.destroy()
      done(true)
    })
    socket.once('error', () => done(false))
  })

describe('the inbox', () => {
  it('keeps each header as sent, in order, and the address it came from', async () => {
    const { port } = await started()
    const headers = ['Host', `127.0.0.1:${port}`, 'Authorization', 'Bearer x', 'X-PowTxn', 'abc']
    await post(port!, '/webhook?from=test', [...headers, 'Content-Length', '2', 'Connection', 'close'], '{}')
    const [arrival] = inbox.state().arrivals
    expect(arrival).toMatchObject({
      method: 'POST',
      path: '/webhook?from=test',
      body: '{}',
      remoteAddress: '127.0.0.1',
      answeredWith: 200,
    })
    expect(arrival!.headers).toEqual([
      ['Host', `127.0.0.1:${port}`],
      ['Authorization', 'Bearer x'],
      ['X-PowTxn', 'abc'],
      ['Content-Length', '2'],
      ['Connection', 'close'],
    ])
    expect(pushed).toEqual([{ type: 'inbox.arrival', arrival }])
  })

  it('answers with the chosen status and a JSON reply saying who answered', async () => {
    const { port } = await started()
    const state = inbox.setReply({ status: 503, delayMs: 0 })
    expect(state.reply).toEqual({ status: 503, delayMs: 0 })
    expect(inbox.state().reply).toEqual({ status: 503, delayMs: 0 })
    const reply = await post(port!, '/webhook', ['Host', 'inbox', 'Content-Length', '2'], '{}')
    expect(reply).toEqual({
      status: 503,
      type: 'application/json',
      body: JSON.stringify({ receivedBy: 'Webhook Desk inbox', status: 503 }),
    })
    expect(inbox.state().arrivals[0]!.answeredWith).toBe(503)
  })

  it('listens on loopback only', async () => {
    const { port, url } = await started()
    expect(url).toBe(`http://127.0.0.1:${port}/webhook`)
    expect(await listening('127.0.0.1', port!)).toBe(true)
    expect(await listening('::1', port!)).toBe(false)
  })

  it('gives its port back when started again and when stopped, and stops twice without harm', async () => {
    const first = (await started()).port!
    const second = (await inbox.start(0)).port!
    expect(await listening('127.0.0.1', first)).toBe(false)
    expect(await listening('127.0.0.1', second)).toBe(true)
    expect(await inbox.stop()).toMatchObject({ running: false, url: null, port: null })
    expect(await listening('127.0.0.1', second)).toBe(false)
    expect(await inbox.stop()).toMatchObject({ running: false, port: null })
  })

  it('names the port when it is taken', async () => {
    await started()
    const taken = await startReceiver()
    const port = Number(new URL(taken.url).port)
    const refused = await failure(inbox.start(port))
    await taken.close()
    expect([refused.code, refused.message]).toEqual([
      'inbox.portInUse',
      t('error.inbox.portInUse', { port: String(port) }),
    ])
  })
})
