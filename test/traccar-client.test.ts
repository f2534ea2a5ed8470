import { createServer, type Server } from 'node:https'
import type { AddressInfo } from 'node:net'
import { Agent, fetch as undiciFetch } from 'undici'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { TraccarClient, generationOf } from '../src/main/traccar/client'
import { traccarMessage } from '../src/main/traccar/errors'
import { nodeTransport } from '../src/main/traccar/transport'
import { DEMO_LEGACY_TOKEN, DEMO_TOTP_KEY, SEED_USERS, startSim, totpCode, type Sim } from '../src/sim'
import { HTML_PAGE } from '../src/sim/faults'
import { failure } from './helpers/failure'
import { makeCerts, type Pair } from './helpers/certs'
import { closedPort } from './helpers/ports'
import { TestClient } from './helpers/traccar-client'

const { demo, totp, disabled, expired } = SEED_USERS

describe.each(['6', '4.12'] as const)('account client against the simulator, Traccar %s', (flavor) => {
  let sim: Sim
  const client = (options = {}) => new TraccarClient(sim.url, nodeTransport(), options)
  beforeAll(async () => (sim = await startSim({ flavor, clock: false })))
  afterAll(() => sim.stop())
  beforeEach(() => sim.faults.clear())

  it('probes the version and generation', async () => {
    expect(await client().probe()).toEqual({
      version: flavor === '6' ? '6.14.5' : '4.12',
      generation: flavor === '6' ? 'modern' : 'legacy',
      readonly: false,
      openIdEnabled: false,
      openIdForce: false,
    })
  })

  it('signs in with a password, keeps the session cookie, and signs out', async () => {
    const c = client()
    const user = await c.signInWithPassword(demo.email, demo.password)
    expect(user).toMatchObject({ id: demo.id, email: demo.email })
    expect((await c.currentUser()).id).toBe(demo.id)
    await c.signOut()
    expect((await failure(c.currentUser())).code).toBe('auth.sessionExpired')
  })

  it('reports a wrong password on the password field', async () => {
    const f = await failure(client().signInWithPassword(demo.email, 'nope'))
    expect(f.code).toBe('auth.wrongPassword')
    expect(f.extra.field).toBe('secret')
  })

  it('reports disabled and expired accounts with a next step', async () => {
    const d = await failure(client().signInWithPassword(disabled.email, disabled.password))
    expect(d.code).toBe('auth.disabled')
    expect(d.message).toMatch(/Contact/)
    expect((await failure(client().signInWithPassword(expired.email, expired.password))).code).toBe(
      'auth.expired',
    )
  })

  it('signs in with an access token', async () => {
    let token = DEMO_LEGACY_TOKEN
    if (flavor === '6') {
      const t = new TestClient(sim.url)
      await t.login(demo.email, demo.password)
      token = (await t.post('/api/session/token', {})).text
    }
    const c = client()
    expect((await c.signInWithToken(token)).id).toBe(demo.id)
    expect((await c.currentUser()).id).toBe(demo.id)
    const bad = await failure(client().signInWithToken('not-a-token'))
    expect(bad.code).toBe('auth.badToken')
  })

  if (flavor === '6') {
    it('asks for a 2FA code, rejects a wrong one, accepts the right one', async () => {
      const c = client()
      const need = await failure(c.signInWithPassword(totp.email, totp.password))
      expect(need.code).toBe('auth.totpRequired')
      expect(need.extra.field).toBe('code')
      const code = totpCode(DEMO_TOTP_KEY)
      const wrong = await failure(
        c.signInWithPassword(totp.email, totp.password, String((code + 1) % 1_000_000).padStart(6, '0')),
      )
      expect(wrong.code).toBe('auth.totpWrong')
      const user = await c.signInWithPassword(totp.email, totp.password, String(code).padStart(6, '0'))
      expect(user.id).toBe(totp.id)
    })
  }

  it('signs in again once on a later 401 and retries the request', async () => {
    const c = client()
    await c.signInWithPassword(demo.email, demo.password)
    let calls = 0
    c.setUnauthorizedHandler(async () => {
      calls++
      await c.signInWithPassword(demo.email, demo.password)
      return true
    })
    sim.state.sessions.clear()
    expect((await c.getUser(demo.id)).id).toBe(demo.id)
    expect(calls).toBe(1)
  })

  it('gives up after one failed re-sign-in', async () => {
    const c = client()
    await c.signInWithPassword(demo.email, demo.password)
    c.setUnauthorizedHandler(async () => false)
    sim.state.sessions.clear()
    expect((await failure(c.getUser(demo.id))).code).toBe('auth.sessionExpired')
  })

  it('says "not a Traccar server" for HTML', async () => {
    sim.faults.add({ path: '/api/server', action: 'html' })
    const f = await failure(client().probe())
    expect(f.code).toBe('server.notTraccar')
    expect(f.message).toContain('127.0.0.1')
  })

  it.each([
    ['an HTML error page', { status: 500, body: HTML_PAGE, contentType: 'text/html' }],
    ['an empty answer', { status: 502, body: '' }],
  ])('once signed in, calls %s with a 5xx a server failure, not a wrong server', async (_label, answer) => {
    const c = client()
    await c.signInWithPassword(demo.email, demo.password)
    sim.faults.add({ method: 'GET', path: `/api/users/${demo.id}`, times: 1, ...answer })
    const f = await failure(c.getUser(demo.id))
    expect(f.code).toBe('server.failed')
    expect(f.message).toContain(`(${answer.status})`)
    expect(f.message).not.toMatch(/Traccar/)
  })

  it('once signed in, calls an unreadable answer unreadable without doubting the server', async () => {
    const c = client()
    await c.signInWithPassword(demo.email, demo.password)
    sim.faults.add({
      method: 'GET',
      path: `/api/users/${demo.id}`,
      status: 200,
      body: '{"id":',
      contentType: 'application/json',
      times: 1,
    })
    const f = await failure(c.getUser(demo.id))
    expect(f.code).toBe('server.unexpected')
    expect(f.message).toMatch(/cannot read/)
    expect(f.message).not.toMatch(/Traccar/)
  })

  it('once signed in, calls a web page instead of JSON something in between, not a wrong server', async () => {
    const c = client()
    await c.signInWithPassword(demo.email, demo.password)
    sim.faults.add({ method: 'GET', path: `/api/users/${demo.id}`, action: 'html', times: 1 })
    const f = await failure(c.getUser(demo.id))
    expect(f.code).toBe('server.webPage')
    expect(f.message).toMatch(/proxy/)
  })

  it('reports a timeout naming the host', async () => {
    sim.faults.add({ path: '/api/server', latencyMs: 1500 })
    const f = await failure(client({ timeoutMs: 200 }).probe())
    expect(f.code).toBe('net.timeout')
    expect(f.message).toContain(`127.0.0.1:${sim.port}`)
  })

  it('reports a reset connection and a body cut short', async () => {
    sim.faults.add({ path: '/api/server', action: 'reset', times: 1 })
    expect((await failure(client().probe())).code).toBe('net.reset')
    sim.faults.add({ path: '/api/server', action: 'abort', times: 1 })
    expect((await failure(client().probe())).code).toBe('net.reset')
  })

  it("shows Traccar's message line, never the stack trace, for other refusals", async () => {
    const c = client()
    await c.signInWithPassword(demo.email, demo.password)
    const user = await c.getUser(demo.id)
    const f = await failure(c.putUser({ ...user, deviceLimit: 99 }))
    expect(f.code).toBe('server.unexpected')
    expect(f.message).toContain('Administrator access required')
    expect(f.message).not.toMatch(/\tat |Exception|PermissionsService/)
  })

  it('reports an unexpected status with its text', async () => {
    sim.faults.add({
      path: '/api/session',
      method: 'POST',
      status: 503,
      body: 'Service Unavailable',
      times: 1,
    })
    const f = await failure(client().signInWithPassword(demo.email, demo.password))
    expect(f.code).toBe('server.unexpected')
    expect(f.message).toContain('503')
    expect(f.message).toContain('Service Unavailable')
  })
})

describe('account client network failures', () => {
  it('reports an unknown host', async () => {
    const f = await failure(new TraccarClient('https://no-such-server.invalid', nodeTransport()).probe())
    expect(f.code).toBe('net.dns')
    expect(f.message).toContain('no-such-server.invalid')
  })

  it('reports a refused connection', async () => {
    const f = await failure(
      new TraccarClient(`http://127.0.0.1:${await closedPort()}`, nodeTransport()).probe(),
    )
    expect(f.code).toBe('net.refused')
    expect(f.extra.field).toBe('server')
  })
})

describe('account client TLS failures', () => {
  const certs = makeCerts()
  const servers: Server[] = []
  const trustingTestCa = nodeTransport(((url: string, init: RequestInit) =>
    undiciFetch(url, {
      ...(init as object),
      dispatcher: new Agent({ connect: { ca: certs.ca } }),
    })) as unknown as typeof fetch)

  async function serve(pair: Pair): Promise<string> {
    const server = createServer(pair, (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' })
      res.end('{"version":"6.14.5"}')
    })
    servers.push(server)
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', () => done()))
    return `https://127.0.0.1:${(server.address() as AddressInfo).port}`
  }
  afterAll(() => servers.forEach((s) => s.close()))

  it('works over https with a trusted certificate', async () => {
    expect((await new TraccarClient(await serve(certs.valid), trustingTestCa).probe()).version).toBe('6.14.5')
  })

  it('reports a self-signed certificate naming the host', async () => {
    const origin = await serve(certs.selfSigned)
    const f = await failure(new TraccarClient(origin, nodeTransport()).probe())
    expect(f.code).toBe('tls.selfSigned')
    expect(f.message).toContain(new URL(origin).host)
  })

  it('reports an expired certificate', async () => {
    const f = await failure(new TraccarClient(await serve(certs.expired), trustingTestCa).probe())
    expect(f.code).toBe('tls.expired')
  })

  it('reports a certificate for another host name', async () => {
    const f = await failure(new TraccarClient(await serve(certs.wrongHost), trustingTestCa).probe())
    expect(f.code).toBe('tls.hostname')
  })
})

describe('helpers', () => {
  it('reads the message line out of Traccar error bodies', () => {
    expect(traccarMessage('java.lang.SecurityException: Write access denied\n\tat org.traccar...')).toBe(
      'Write access denied',
    )
    expect(traccarMessage('Account is readonly - SecurityException (PermissionsManager:273 < ...)')).toBe(
      'Account is readonly',
    )
    expect(traccarMessage('<!doctype html><html>')).toBeNull()
  })

  it('tells the generations apart', () => {
    expect(generationOf('4.12')).toBe('legacy')
    expect(generationOf('5.2')).toBe('legacy')
    expect(generationOf('5.3')).toBe('modern')
    expect(generationOf('6.14.5')).toBe('modern')
  })
})
