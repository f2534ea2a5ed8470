import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { SEED_USERS, startSim, type Sim, FLAVORS } from '../../src/sim'
import { TestClient } from '../helpers/traccar-client'

const { demo } = SEED_USERS

function open(
  url: string,
  headers: Record<string, string> = {},
): Promise<{ ws: WebSocket; messages: unknown[] }> {
  return new Promise((done, reject) => {
    const ws = new WebSocket(url, { headers })
    const messages: unknown[] = []
    ws.on('message', (data) => messages.push(JSON.parse(String(data))))
    ws.once('open', () => done({ ws, messages }))
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)))
    ws.once('error', reject)
  })
}

async function until<T>(check: () => T | undefined, ms = 3000): Promise<T> {
  const end = Date.now() + ms
  for (;;) {
    const value = check()
    if (value !== undefined) return value
    if (Date.now() > end) throw new Error('timed out waiting')
    await new Promise((r) => setTimeout(r, 20))
  }
}

describe.each(FLAVORS)('WebSocket /api/socket, Traccar %s', (flavor) => {
  let sim: Sim
  let c: TestClient
  let wsUrl: string
  beforeAll(async () => {
    sim = await startSim({ flavor, sanitize: false, rateLimit: 0, clock: false, keepaliveMs: 150 })
    c = new TestClient(sim.url)
    await c.login(demo.email, demo.password)
    wsUrl = sim.url.replace('http', 'ws') + '/api/socket'
  })
  afterAll(() => sim.stop())

  it('refuses a connection without a session', async () => {
    await expect(open(wsUrl)).rejects.toThrow('HTTP 401')
  })

  it('sends the latest positions on open, then positions, devices and web-notified events', async () => {
    const { ws, messages } = await open(wsUrl, { cookie: c.cookie! })
    try {
      const first = await until(() => messages[0] as { positions: { deviceId: number }[] } | undefined)
      expect(first.positions.map((p) => p.deviceId).sort()).toEqual([10, 11, 12])
      sim.injectEvent({ deviceId: 11, type: 'deviceMoving' })
      sim.injectEvent({ deviceId: 11, type: 'alarm', attributes: { alarm: 'sos' } })
      const events = await until(
        () => messages.find((m) => 'events' in (m as object)) as { events: Record<string, unknown>[] },
      )
      expect(events.events).toHaveLength(1)
      expect(events.events[0]).toMatchObject({
        type: 'alarm',
        attributes: { alarm: 'sos', message: 'City Commuter: alarm' },
      })
      sim.state.setDeviceStatus(sim.state.devices.get(12)!, 'online')
      await until(() => messages.find((m) => 'devices' in (m as object)))
      const keepalive = await until(() => messages.find((m) => Object.keys(m as object).length === 0))
      expect(keepalive).toEqual({})
    } finally {
      ws.close()
    }
  })

  it("never sends other users' devices", async () => {
    const { ws, messages } = await open(wsUrl, { cookie: c.cookie! })
    try {
      await until(() => messages[0])
      sim.injectEvent({ deviceId: 13, type: 'alarm', attributes: { alarm: 'sos' } })
      sim.state.setDeviceStatus(sim.state.devices.get(13)!, 'online')
      await new Promise((r) => setTimeout(r, 200))
      expect(messages.filter((m) => 'events' in (m as object) || 'devices' in (m as object))).toEqual([])
    } finally {
      ws.close()
    }
  })

  if (flavor === '6') {
    it('accepts ?token= (6.2+)', async () => {
      const token = (await c.post('/api/session/token', {})).text
      const { ws, messages } = await open(`${wsUrl}?token=${encodeURIComponent(token)}`)
      await until(() => messages[0])
      ws.close()
    })
  } else {
    it('accepts only the session cookie, not ?token=', async () => {
      await expect(open(`${wsUrl}?token=demo-legacy-token-4-12`)).rejects.toThrow('HTTP 401')
    })
  }
})
