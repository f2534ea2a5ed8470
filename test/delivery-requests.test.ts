// What a test send refuses and what its record keeps, at the edges the journeys in
// delivery.test.ts do not reach: JSON that is not an object, a body of exactly 64 KB, quotes in
// a cURL line, a delivery that is gone, a re-send without a PSK.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { Handlers } from '../src/main/dispatch'
import { t } from '../src/main/i18n'
import { startSim, type Sim } from '../src/sim'
import { failure } from './helpers/failure'
import { signInAs, testHandlers } from './helpers/handlers'
import { startReceiver, type Receiver } from './helpers/receiver'

const LIMIT = 64 * 1024

describe('test sends at their edges', () => {
  let sim: Sim
  let handlers: Handlers
  let receiver: Receiver
  beforeAll(async () => {
    receiver = await startReceiver()
  })
  afterAll(() => receiver.close())
  beforeEach(async () => {
    sim = await startSim({ flavor: '6', clock: false })
    handlers = testHandlers()
    await signInAs(handlers, sim)
    receiver.requests.length = 0
  })
  afterEach(() => sim.stop())

  const send = (body: string, psk?: string) =>
    Promise.resolve(
      handlers.sendTest({
        url: `${receiver.url}/hook`,
        body,
        eventType: 'alarm',
        timeoutMs: 5000,
        insecureTls: false,
        psk,
      }),
    )

  it.each(['null', '"text"', '42', 'true'])('refuses the JSON body %s: not an object', async (body) => {
    const refused = await failure(send(body))
    expect(refused.code).toBe('test.invalidBody')
    expect(refused.extra.field).toBe('body')
    expect(refused.message).toBe(t('error.test.bodyNotObject'))
    expect(receiver.requests).toHaveLength(0)
  })

  it("names JSON's own reason for a body that does not parse", async () => {
    const refused = await failure(send('{"event": '))
    let reason = ''
    try {
      JSON.parse('{"event": ')
    } catch (error) {
      reason = (error as Error).message
    }
    expect(refused.message).toBe(t('error.test.bodyNotJson', { detail: reason }))
  })

  it('keeps a body of exactly 64 KB whole, and cuts one byte more', async () => {
    const exactly = JSON.stringify({ p: 'x'.repeat(LIMIT - 8) })
    expect(Buffer.byteLength(exactly)).toBe(LIMIT)
    const whole = await send(exactly)
    expect(whole.request).toEqual({
      method: 'POST',
      url: `${receiver.url}/hook`,
      headers: whole.request.headers,
      body: exactly,
    })
    const over = JSON.stringify({ p: 'x'.repeat(LIMIT - 7) })
    const cut = await send(over)
    expect(cut.request).toMatchObject({ method: 'POST', truncated: true, bodySize: LIMIT + 1 })
  })

  it('records the headers as sent, masking only the Authorization value', async () => {
    const record = await send('{}', 'Bearer a-secret-value')
    const headers = Object.fromEntries(record.request.headers)
    expect(headers['Content-Type']).toBe('application/json')
    expect(headers['X-Webhook-Desk']).toBe('test')
    expect(headers['X-PowTxn']).toBe(receiver.requests[0]!.headers['x-powtxn'])
    expect(headers.Authorization).not.toContain('a-secret-value')
    expect(receiver.requests[0]!.headers['x-webhook-desk']).toBe('test')
  })

  it('writes a cURL line that survives single quotes, one option per line', async () => {
    const record = await send(`{"name":"Anna's bike"}`, 'Bearer q')
    const curl = await Promise.resolve(handlers.deliveryCurl({ id: record.id, revealSecret: true }))
    // The record shown is masked; the cURL line asked to reveal carries the PSK as sent.
    const headers = record.request.headers.map(([k, v]) => (k === 'Authorization' ? [k, 'Bearer q'] : [k, v]))
    expect(curl.split(' \\\n')).toEqual([
      `curl -X POST '${receiver.url}/hook'`,
      ...headers.map(([k, v]) => `  -H '${k}: ${v}'`),
      `  --data-raw '{"name":"Anna'\\''s bike"}'`,
    ])
  })

  it('re-sends a delivery without a PSK without one, and refuses a delivery that is gone', async () => {
    const record = await send('{"n":1}')
    await Promise.resolve(handlers.resendDelivery({ id: record.id }))
    expect(receiver.requests.map((r) => r.headers.authorization)).toEqual([undefined, undefined])
    for (const gone of [
      handlers.resendDelivery({ id: 'no-such-delivery' }),
      handlers.deliveryCurl({ id: 'no-such-delivery', revealSecret: false }),
    ]) {
      const refused = await failure(Promise.resolve(gone))
      expect([refused.code, refused.message]).toEqual(['delivery.unknown', t('error.delivery.unknown')])
    }
    expect(receiver.requests).toHaveLength(2)
  })

  it('refuses to re-send a cut body, saying why', async () => {
    const cut = await send(JSON.stringify({ p: 'x'.repeat(LIMIT) }))
    const refused = await failure(Promise.resolve(handlers.resendDelivery({ id: cut.id })))
    expect([refused.code, refused.message]).toEqual(['delivery.truncated', t('error.delivery.truncated')])
  })
})
