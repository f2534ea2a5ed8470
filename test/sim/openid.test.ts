/** The simulator's OpenID flow and its stand-in provider, over real loopback HTTP. */
import { afterEach, describe, expect, it } from 'vitest'
import { SEED_USERS, startSim, type Sim } from '../../src/sim'
import { TestClient } from '../helpers/traccar-client'

const { demo, disabled } = SEED_USERS
let sim: Sim | undefined
afterEach(async () => {
  await sim?.stop()
  sim = undefined
})

const get = (url: string): Promise<Response> => fetch(url, { redirect: 'manual' })
const post = (url: string, form: Record<string, string>): Promise<Response> =>
  fetch(url, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form).toString(),
  })

/** Follows /auth to the provider's form and posts it; returns the provider's answer. */
async function submitLogin(s: Sim, form: Record<string, string>): Promise<Response> {
  const auth = await get(`${s.url}/api/session/openid/auth`)
  expect(auth.status).toBe(303)
  const login = new URL(auth.headers.get('location')!)
  const html = await (await get(login.toString())).text()
  const state = /name="state" value="([^"]*)"/.exec(html)![1]!
  return post(new URL('/authorize', login).toString(), {
    redirect_uri: login.searchParams.get('redirect_uri')!,
    state,
    ...form,
  })
}

describe.each(['enabled', 'forced'] as const)('simulator OpenID stand-in (--openid %s)', (openid) => {
  it('redirects /auth to a provider on another origin whose form leads back to the callback', async () => {
    sim = await startSim({ flavor: '6', openid, clock: false })
    const auth = await get(`${sim.url}/api/session/openid/auth`)
    expect(auth.status).toBe(303)
    const login = new URL(auth.headers.get('location')!)
    expect(login.origin).toBe(sim.openIdProvider)
    expect(login.origin).not.toBe(sim.url)
    expect(login.searchParams.get('redirect_uri')).toBe(`${sim.url}/api/session/openid/callback`)
    expect(login.searchParams.get('response_type')).toBe('code')
    const page = await get(login.toString())
    expect(page.headers.get('content-type')).toMatch(/text\/html/)
    expect(await page.text()).toMatch(/<input id="password" name="password" type="password"/)
  })

  it('signs in: the callback sets JSESSIONID, answers 303 to the web root, and the cookie serves the API', async () => {
    sim = await startSim({ flavor: '5.12', openid, clock: false })
    const answer = await submitLogin(sim, { email: demo.email, password: demo.password, action: 'allow' })
    expect(answer.status).toBe(303)
    const callback = new URL(answer.headers.get('location')!)
    expect(callback.pathname).toBe('/api/session/openid/callback')
    expect(callback.searchParams.get('code')).toBeTruthy()
    const landed = await get(callback.toString())
    expect(landed.status).toBe(303)
    expect(landed.headers.get('location')).toBe(`${sim.url}/`)
    const cookie = landed.headers.get('set-cookie')!
    expect(cookie).toMatch(/^JSESSIONID=node0[0-9a-f]+\.node0; Path=\/; HttpOnly/)
    const client = new TestClient(sim.url)
    client.cookie = cookie.split(';')[0]!
    const session = await client.get('/api/session')
    expect(session.status).toBe(200)
    expect(session.json()).toMatchObject({ id: demo.id, email: demo.email })
    // A code works once.
    const again = await get(callback.toString())
    expect(again.status).toBe(400)
    expect(await again.text()).toContain('Unable to authenticate with the OpenID Connect provider.')
  })

  it('shows the form again with an error for a wrong password, and starts no session', async () => {
    sim = await startSim({ flavor: '6', openid, clock: false })
    const answer = await submitLogin(sim, { email: demo.email, password: 'wrong', action: 'allow' })
    expect(answer.status).toBe(200)
    const html = await answer.text()
    expect(html).toContain('Wrong email or password.')
    expect(html).toContain(`value="${demo.email}"`)
    expect(sim.state.sessions.size).toBe(0)
  })

  it('turns a denied sign-in into the 400 the callback answers, with the reason', async () => {
    sim = await startSim({ flavor: '6', openid, clock: false })
    const answer = await submitLogin(sim, { action: 'deny' })
    const callback = answer.headers.get('location')!
    expect(new URL(callback).searchParams.get('error')).toBe('access_denied')
    const landed = await get(callback)
    expect(landed.status).toBe(400)
    expect(await landed.text()).toMatch(
      /^java\.security\.GeneralSecurityException: The user denied the sign-in\./,
    )
  })

  it('refuses a disabled user at the callback (400), as LoginService does', async () => {
    sim = await startSim({ flavor: '6', openid, clock: false })
    const answer = await submitLogin(sim, {
      email: disabled.email,
      password: disabled.password,
      action: 'allow',
    })
    const landed = await get(answer.headers.get('location')!)
    expect(landed.status).toBe(400)
    expect(await landed.text()).toContain('User is disabled')
  })
})

describe('simulator OpenID stand-in, refusals', () => {
  it('answers "OpenID not enabled" (400) without --openid, and 404 on 4.12', async () => {
    sim = await startSim({ flavor: '6', clock: false })
    expect(sim.openIdProvider).toBeNull()
    const off = await get(`${sim.url}/api/session/openid/auth`)
    expect(off.status).toBe(400)
    expect(await off.text()).toContain('OpenID not enabled')
    await sim.stop()
    sim = await startSim({ flavor: '4.12', openid: 'enabled', clock: false })
    expect((await get(`${sim.url}/api/session/openid/auth`)).status).toBe(404)
  })

  it('keeps refusing passwords when forced and accepting them when only enabled', async () => {
    sim = await startSim({ flavor: '6', openid: 'forced', clock: false })
    expect((await new TestClient(sim.url).login(demo.email, demo.password)).status).toBe(401)
    await sim.stop()
    sim = await startSim({ flavor: '6', openid: 'enabled', clock: false })
    expect((await new TestClient(sim.url).login(demo.email, demo.password)).status).toBe(200)
  })

  it('accepts only the server callback as redirect_uri', async () => {
    sim = await startSim({ flavor: '6', openid: 'enabled', clock: false })
    const evil = await get(
      `${sim.openIdProvider}/authorize?redirect_uri=${encodeURIComponent('https://evil.example/x')}`,
    )
    expect(evil.status).toBe(400)
  })
})
