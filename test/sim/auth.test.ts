import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  DEMO_LEGACY_TOKEN,
  DEMO_TOTP_KEY,
  SEED_USERS,
  startSim,
  totpCode,
  type Sim,
  FLAVORS,
} from '../../src/sim'
import { MESSAGES, VERSION } from '../../src/sim/flavor'
import { basic, TestClient } from '../helpers/traccar-client'

const { demo, totp, disabled, expired } = SEED_USERS

describe.each(FLAVORS)('simulator sign-in, Traccar %s', (flavor) => {
  let sim: Sim
  const client = (): TestClient => new TestClient(sim.url)
  beforeAll(async () => (sim = await startSim({ flavor, sanitize: false, rateLimit: 0, clock: false })))
  afterAll(() => sim.stop())

  it('GET /api/server needs no auth and reports the version with the generation field set', async () => {
    const server = (await client().get('/api/server')).json()
    expect(server.version).toBe(VERSION[flavor])
    if (flavor === '4.12') expect(server).not.toHaveProperty('openIdEnabled')
    else expect(server).toHaveProperty('fixedEmail')
    // twelveHourFormat until 6.1.
    if (flavor === '6') expect(server).not.toHaveProperty('twelveHourFormat')
    else expect(server).toHaveProperty('twelveHourFormat')
  })

  it('signs in with email and password, sets an HttpOnly JSESSIONID, and reads the session back', async () => {
    const c = client()
    const res = await c.login(demo.email.toUpperCase(), demo.password)
    expect(res.status).toBe(200)
    expect(res.headers.get('set-cookie')).toMatch(/^JSESSIONID=node0[0-9a-f]+\.node0; Path=\/; HttpOnly/)
    expect(res.json()).toMatchObject({ id: demo.id, email: demo.email, password: null })
    const session = await c.get('/api/session')
    expect(session.status).toBe(200)
    expect(session.json().id).toBe(demo.id)
  })

  it('has the user field set of its generation', async () => {
    const user = (await client().login(demo.email, demo.password)).json()
    if (flavor !== '4.12') {
      expect(Object.keys(user)).toEqual(
        expect.arrayContaining(['totpKey', 'fixedEmail', 'disableReports', 'temporary']),
      )
      expect(user).not.toHaveProperty('token')
      if (flavor === '6') expect(user).not.toHaveProperty('twelveHourFormat')
      else expect(user).toHaveProperty('twelveHourFormat')
    } else {
      expect(Object.keys(user)).toEqual(expect.arrayContaining(['twelveHourFormat', 'token']))
      expect(user).not.toHaveProperty('totpKey')
      expect(user).not.toHaveProperty('fixedEmail')
    }
  })

  it('answers GET /api/session without a session with 404', async () => {
    expect((await client().get('/api/session')).status).toBe(404)
  })

  it('answers a wrong password with 401', async () => {
    expect((await client().login(demo.email, 'wrong')).status).toBe(401)
    expect((await client().login('nobody@example.com', 'x')).status).toBe(401)
  })

  it('answers a disabled or expired user with 400 and the generation message', async () => {
    const d = await client().login(disabled.email, disabled.password)
    expect(d.status).toBe(400)
    expect(d.text).toContain(MESSAGES[flavor].disabled)
    const e = await client().login(expired.email, expired.password)
    expect(e.status).toBe(400)
    expect(e.text).toContain(MESSAGES[flavor].expired)
  })

  it('accepts Basic auth on every request', async () => {
    const res = await client().get('/api/devices', basic(demo.email, demo.password))
    expect(res.status).toBe(200)
    expect(res.json<unknown[]>()).toHaveLength(3)
    // 5.11–5.12 fail a wrong Basic password with a NullPointerException (400).
    expect((await client().get('/api/devices', basic(demo.email, 'nope'))).status).toBe(
      flavor === '5.12' ? 400 : 401,
    )
  })

  it('lets a header win over the cookie', async () => {
    const c = client()
    await c.login(demo.email, demo.password)
    expect((await c.get('/api/devices', { authorization: 'Weird xyz' })).status).toBe(401)
  })

  it('signs out with DELETE /api/session (204), after which the cookie is dead', async () => {
    const c = client()
    await c.login(demo.email, demo.password)
    expect((await c.request('DELETE', '/api/session')).status).toBe(204)
    expect((await c.get('/api/session')).status).toBe(404)
    expect((await c.get('/api/devices')).status).toBe(401)
  })

  it('refuses unauthenticated API calls with 401, never 403', async () => {
    for (const path of ['/api/devices', '/api/users/2', '/api/positions', '/api/notifications/types']) {
      expect((await client().get(path)).status).toBe(401)
    }
  })

  if (flavor !== '4.12') {
    it('2FA: no code → 401 with WWW-Authenticate: TOTP; wrong code → 400; right code → 200', async () => {
      const first = await client().login(totp.email, totp.password)
      expect(first.status).toBe(401)
      expect(first.headers.get('www-authenticate')).toBe('TOTP')
      const code = totpCode(DEMO_TOTP_KEY)
      const wrong = await client().login(totp.email, totp.password, (code + 1) % 1_000_000)
      expect(wrong.status).toBe(400)
      expect(wrong.text).toContain('User authorization failed')
      const right = await client().login(totp.email, totp.password, code)
      expect(right.status).toBe(200)
      expect(right.json().totpKey).toBe(DEMO_TOTP_KEY)
    })

    it('2FA users cannot use Basic auth', async () => {
      expect((await client().get('/api/devices', basic(totp.email, totp.password))).status).toBe(401)
    })

    it('issues tokens (7 days by default) usable as Bearer and for a token session', async () => {
      const c = client()
      await c.login(demo.email, demo.password)
      const res = await c.post('/api/session/token', {})
      expect(res.status).toBe(200)
      const token = res.text
      expect(token).toMatch(/^[\w-]+\.[\w-]+$/)
      const record = sim.state.tokens.get(token)!
      expect(Math.round((record.expiresAt - Date.now()) / 86_400_000)).toBe(7)
      expect((await client().get('/api/devices', { authorization: `Bearer ${token}` })).status).toBe(200)
      const t = client()
      const session = await t.get(`/api/session?token=${encodeURIComponent(token)}`)
      expect(session.status).toBe(200)
      expect(session.json().id).toBe(demo.id)
      expect((await t.get('/api/devices')).status).toBe(200)
      expect((await client().get('/api/session?token=bogus')).status).toBe(flavor === '5.12' ? 400 : 401)
    })

    it('a token-created session expires with its token', async () => {
      const c = client()
      await c.login(demo.email, demo.password)
      const token = (
        await c.post('/api/session/token', { expiration: new Date(Date.now() + 800).toISOString() })
      ).text
      const t = client()
      expect((await t.get(`/api/session?token=${encodeURIComponent(token)}`)).status).toBe(200)
      await new Promise((r) => setTimeout(r, 900))
      expect((await t.get('/api/session')).status).toBe(404)
      expect((await client().get('/api/devices', { authorization: `Bearer ${token}` })).status).toBe(401)
    })

    it('ignores the cookie when a foreign Origin comes with it (6.12+, not 5.12)', async () => {
      const c = client()
      await c.login(demo.email, demo.password)
      expect((await c.get('/api/devices', { origin: 'https://evil.example' })).status).toBe(
        flavor === '6' ? 401 : 200,
      )
      expect((await c.get('/api/devices')).status).toBe(200)
    })
  } else {
    it('has no token endpoint and no Bearer, but signs in with the user token field', async () => {
      const c = client()
      await c.login(demo.email, demo.password)
      expect((await c.post('/api/session/token', {})).status).toBe(404)
      expect(
        (await client().get('/api/devices', { authorization: `Bearer ${DEMO_LEGACY_TOKEN}` })).status,
      ).toBe(401)
      const t = client()
      const res = await t.get(`/api/session?token=${DEMO_LEGACY_TOKEN}`)
      expect(res.status).toBe(200)
      expect(res.json().id).toBe(demo.id)
    })

    it('has no 2FA: the 2FA seed user signs in with the password alone', async () => {
      expect((await client().login(totp.email, totp.password)).status).toBe(200)
    })
  }
})
