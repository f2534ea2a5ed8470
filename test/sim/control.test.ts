import { spawn } from 'node:child_process'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { SEED_USERS, startSim, type Sim } from '../../src/sim'
import { TestClient } from '../helpers/traccar-client'

const { demo } = SEED_USERS

describe('simulator faults and mutations', () => {
  let sim: Sim
  let c: TestClient
  beforeAll(async () => {
    sim = await startSim({ clock: false })
    c = new TestClient(sim.url)
    await c.login(demo.email, demo.password)
  })
  afterAll(() => sim.stop())
  beforeEach(() => c.request('DELETE', '/sim/faults'))

  const fault = (f: Record<string, unknown>) => c.postJson('/sim/faults', f)

  it('adds latency to a route', async () => {
    await fault({ path: '/api/devices', latencyMs: 300 })
    const started = Date.now()
    expect((await c.get('/api/devices')).status).toBe(200)
    expect(Date.now() - started).toBeGreaterThanOrEqual(280)
  })

  it('answers with a chosen status and body, for a method and path prefix, a limited number of times', async () => {
    await fault({ method: 'PUT', path: '/api/users/*', status: 503, body: 'Service Unavailable', times: 1 })
    const user = (await c.get('/api/users/2')).json()
    const res = await c.put('/api/users/2', user)
    expect(res.status).toBe(503)
    expect(res.text).toBe('Service Unavailable')
    expect((await c.put('/api/users/2', user)).status).toBe(200)
  })

  it('resets the connection', async () => {
    await fault({ path: '/api/server', action: 'reset' })
    await expect(fetch(`${sim.url}/api/server`)).rejects.toThrow()
  })

  it('aborts mid-body', async () => {
    await fault({ path: '/api/server', action: 'abort' })
    const res = await fetch(`${sim.url}/api/server`)
    expect(res.status).toBe(200)
    await expect(res.text()).rejects.toThrow()
  })

  it.each(['apply-then-reset', 'apply-then-delay'])(
    'carries out a PUT but loses its answer (%s)',
    async (action) => {
      await fault({ method: 'PUT', path: '/api/users/*', action, latencyMs: 2000, times: 1 })
      const user = (await c.get(`/api/users/${demo.id}`)).json()
      const attributes = { ...(user.attributes as object), webhookUrl: `https://${action}.example/` }
      await expect(
        fetch(`${sim.url}/api/users/${demo.id}`, {
          method: 'PUT',
          headers: { 'content-type': 'application/json', cookie: c.cookie ?? '' },
          body: JSON.stringify({ ...user, attributes }),
          signal: AbortSignal.timeout(500),
        }),
      ).rejects.toThrow()
      expect(sim.state.users.get(demo.id)!.json.attributes).toMatchObject({
        webhookUrl: `https://${action}.example/`,
      })
      sim.mutateUser(demo.id, { removeAttributes: ['webhookUrl'] })
    },
  )

  it('answers HTML instead of JSON', async () => {
    await fault({ path: '/api/session', action: 'html' })
    const res = await c.get('/api/session')
    expect(res.headers.get('content-type')).toContain('text/html')
    expect(res.text).toMatch(/^<!doctype html>/)
  })

  it('applies a one-shot user mutation right after the next matching request', async () => {
    await c.postJson('/sim/mutations', {
      userId: demo.id,
      after: { method: 'GET', path: `/api/users/${demo.id}` },
      attributes: { webhookUrl: 'https://someone-else.example/hook', note: null },
      removeAttributes: ['timezone'],
    })
    const loaded = (await c.get(`/api/users/${demo.id}`)).json()
    expect((loaded.attributes as Record<string, unknown>).webhookUrl).toBeUndefined()
    const now = (await c.get(`/api/users/${demo.id}`)).json()
    expect(now.attributes).toMatchObject({ webhookUrl: 'https://someone-else.example/hook' })
    // Traccar keeps an attribute whose value is null; only an explicit removal deletes it.
    expect(now.attributes).toHaveProperty('note', null)
    expect(now.attributes).not.toHaveProperty('timezone')
    const third = (await c.get(`/api/users/${demo.id}`)).json()
    expect(third).toEqual(now)
  })

  it('edits a user directly through PATCH /sim/users/{id}', async () => {
    const res = await c.request('PATCH', `/sim/users/${demo.id}`, {
      body: JSON.stringify({ attributes: { WebhookURL: 'https://typo.example/' } }),
      headers: { 'content-type': 'application/json' },
    })
    expect(res.json().attributes).toMatchObject({ WebhookURL: 'https://typo.example/' })
    expect((await c.get(`/api/users/${demo.id}`)).json().attributes).toMatchObject({
      WebhookURL: 'https://typo.example/',
    })
  })

  it('keeps the control API off /api', async () => {
    expect((await c.get('/api/deliveries')).status).toBe(404)
  })
})

describe('npm run sim', () => {
  it('prints the URL and the demo credentials and serves the API', async () => {
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        'src/sim/cli.ts',
        ...['--port', '0', '--flavor', '5.12', '--sanitize', 'on', '--rate-limit', '7', '--openid', 'forced'],
        ...['--users', '30'],
        '--no-clock',
      ],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    )
    try {
      let out = ''
      const url = await new Promise<string>((done, reject) => {
        child.stdout.on('data', (d) => {
          out += d
          const m = /at (http:\/\/127\.0\.0\.1:\d+)/.exec(out)
          // Written in several chunks: wait for the last line it prints at start.
          if (m && out.includes('delivery log:')) done(m[1]!)
        })
        child.once('exit', (code) => reject(new Error(`exited ${code}: ${out}`)))
      })
      expect(out).toContain('demo@example.com / demo')
      expect(out).toContain('Traccar 5.12; HTML escaping on; rate limit 7/s')
      expect(out).toContain('manager@example.com / manager (manages ')
      expect(out).toContain('30 more accounts, ids 100–129')
      const admin = await fetch(`${url}/api/users`, {
        headers: { authorization: `Basic ${Buffer.from('admin@example.com:admin').toString('base64')}` },
      })
      expect(((await admin.json()) as unknown[]).length).toBe(9 + 30)
      const server = (await (await fetch(`${url}/api/server`)).json()) as Record<string, unknown>
      expect(server).toMatchObject({ version: '5.12', openIdEnabled: true, openIdForce: true })
      const login = await fetch(`${url}/api/session`, {
        method: 'POST',
        body: new URLSearchParams({ email: 'demo@example.com', password: 'demo' }),
      })
      expect(login.status).toBe(401)
    } finally {
      child.kill()
    }
  })

  it.each([
    [['--flavor', '5'], '--flavor must be 4.12, 5.12, 6'],
    [['--users', 'many'], '--users must be a whole number 0–100000, not "many"'],
  ])('refuses %j with a clear message', async (args, message) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/sim/cli.ts', ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let err = ''
    child.stderr.on('data', (d) => (err += d))
    const code = await new Promise((done) => child.once('exit', done))
    expect(code).toBe(2)
    expect(err).toContain(message)
  })
})
