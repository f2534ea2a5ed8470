import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { SEED_USERS, startSim, type Sim, FLAVORS } from '../../src/sim'
import { TestClient } from '../helpers/traccar-client'

const { demo, readonly, manager, rider1, admin } = SEED_USERS

describe.each(FLAVORS)('PUT /api/users/{id}, Traccar %s', (flavor) => {
  let sim: Sim
  let c: TestClient
  const me = async (): Promise<Record<string, unknown>> => (await c.get(`/api/users/${demo.id}`)).json()

  beforeAll(async () => (sim = await startSim({ flavor, sanitize: false, rateLimit: 0, clock: false })))
  afterAll(() => sim.stop())
  beforeEach(async () => {
    c = new TestClient(sim.url)
    await c.login(demo.email, demo.password)
  })

  it('round-trips the whole object unchanged and echoes it with password null', async () => {
    const before = await me()
    const res = await c.put(`/api/users/${demo.id}`, before)
    expect(res.status).toBe(200)
    expect(res.json()).toEqual({ ...before, password: null })
    expect(await me()).toEqual(before)
    expect(res.headers.get('etag')).toBeNull()
  })

  it('is a full replacement: an omitted field resets to its default', async () => {
    const user = await me()
    await c.put(`/api/users/${demo.id}`, { ...user, phone: '+43 512 000' })
    expect((await me()).phone).toBe('+43 512 000')
    const { phone: _phone, ...withoutPhone } = { ...user, phone: '+43 512 000' }
    expect((await c.put(`/api/users/${demo.id}`, withoutPhone)).status).toBe(200)
    expect((await me()).phone).toBeNull()
  })

  it('wipes every attribute when attributes is omitted', async () => {
    const user = await me()
    expect(Object.keys(user.attributes as object).length).toBeGreaterThan(0)
    const { attributes: _a, ...rest } = user
    expect((await c.put(`/api/users/${demo.id}`, rest)).status).toBe(200)
    expect((await me()).attributes).toEqual({})
    await c.put(`/api/users/${demo.id}`, user)
  })

  it('rejects an unknown field with 400 like Jackson', async () => {
    const res = await c.put(`/api/users/${demo.id}`, { ...(await me()), distanceUnit: 'km' })
    expect(res.status).toBe(400)
    expect(res.text).toContain('Unrecognized field "distanceUnit" (class org.traccar.model.User)')
  })

  it("rejects the other generation's fields as unknown", async () => {
    const extra = { '6': { twelveHourFormat: false }, '5.12': { token: null }, '4.12': { totpKey: null } }[
      flavor
    ]
    const res = await c.put(`/api/users/${demo.id}`, { ...(await me()), ...extra })
    expect(res.status).toBe(400)
    expect(res.text).toContain('Unrecognized field')
  })

  it('keeps the password when it is absent, null or empty, and changes it when given', async () => {
    const user = await me()
    for (const password of [undefined, null, '']) {
      await c.put(`/api/users/${demo.id}`, password === undefined ? user : { ...user, password })
      expect((await new TestClient(sim.url).login(demo.email, demo.password)).status).toBe(200)
    }
    await c.put(`/api/users/${demo.id}`, { ...user, password: 'changed' })
    expect((await new TestClient(sim.url).login(demo.email, 'changed')).status).toBe(200)
    await c.put(`/api/users/${demo.id}`, { ...user, password: demo.password })
  })

  it('selects the user by the body id, not the path id', async () => {
    const user = await me()
    const res = await c.put('/api/users/999', { ...user, name: 'Renamed' })
    expect(res.status).toBe(200)
    expect((await me()).name).toBe('Renamed')
    await c.put(`/api/users/${demo.id}`, user)
  })

  it('keeps attribute values of every JSON type', async () => {
    const user = await me()
    const attributes = {
      ...(user.attributes as object),
      n: 1.5,
      b: true,
      arr: [1, 'x', { y: null }],
      obj: { deep: { z: [true] } },
    }
    await c.put(`/api/users/${demo.id}`, { ...user, attributes })
    expect((await me()).attributes).toEqual(attributes)
    await c.put(`/api/users/${demo.id}`, user)
  })

  it('refuses a non-admin changing an admin field, even by omission (deviceLimit -1 → 0)', async () => {
    const user = await me()
    const changed = await c.put(`/api/users/${demo.id}`, { ...user, deviceLimit: 100 })
    expect(changed.status).toBe(400)
    expect(changed.text).toContain('Administrator access required')
    const { deviceLimit: _d, ...omitted } = user
    const res = await c.put(`/api/users/${demo.id}`, omitted)
    expect(res.status).toBe(400)
    expect(res.text).toContain('Administrator access required')
  })

  it('refuses a non-admin changing a restricted flag about themselves', async () => {
    const res = await c.put(`/api/users/${demo.id}`, { ...(await me()), readonly: true })
    expect(res.status).toBe(400)
    expect(res.text).toContain('Administrator access required')
  })

  // 4.x asks a non-manager for manager rights first (T@v4.12 PermissionsManager.checkUser).
  const denied = flavor === '4.12' ? 'Manager access required' : 'User access denied'
  it(`refuses a plain user editing or reading another user with "${denied}"`, async () => {
    const admin1 = new TestClient(sim.url)
    await admin1.login(admin.email, admin.password)
    const other = (await admin1.get(`/api/users/${rider1.id}`)).json()
    const res = await c.put(`/api/users/${rider1.id}`, other)
    expect(res.status).toBe(400)
    expect(res.text).toContain(denied)
    expect((await c.get(`/api/users/${rider1.id}`)).text).toContain(denied)
  })

  it('lets a manager edit the attributes of a managed user', async () => {
    const m = new TestClient(sim.url)
    await m.login(manager.email, manager.password)
    const list = (await m.get('/api/users')).json<{ id: number }[]>()
    // 4.x lists the manager too (T@v4.12 UsersManager.getManagedItems).
    expect(list.map((u) => u.id).sort()).toEqual([
      ...(flavor === '4.12' ? [manager.id] : []),
      SEED_USERS.rider1.id,
      SEED_USERS.rider2.id,
    ])
    const rider = (await m.get(`/api/users/${rider1.id}`)).json()
    const res = await m.put(`/api/users/${rider1.id}`, {
      ...rider,
      attributes: { webhookUrl: 'https://fleet.example/hook' },
    })
    expect(res.status).toBe(200)
    expect((await m.get(`/api/users/${rider1.id}`)).json().attributes).toEqual({
      webhookUrl: 'https://fleet.example/hook',
    })
  })

  it('refuses a readonly user with 400 and the generation message', async () => {
    const r = new TestClient(sim.url)
    await r.login(readonly.email, readonly.password)
    const user = (await r.get(`/api/users/${readonly.id}`)).json()
    const res = await r.put(`/api/users/${readonly.id}`, {
      ...user,
      attributes: { webhookUrl: 'https://x.example/' },
    })
    expect(res.status).toBe(400)
    expect(res.text).toContain(flavor === '4.12' ? 'Account is readonly' : 'Write access denied')
  })

  if (flavor === '6') {
    it('lets a readonly user save an identical object except notification attributes (6.3+)', async () => {
      const r = new TestClient(sim.url)
      await r.login(readonly.email, readonly.password)
      const user = (await r.get(`/api/users/${readonly.id}`)).json()
      const res = await r.put(`/api/users/${readonly.id}`, { ...user, attributes: { termsAccepted: true } })
      expect(res.status).toBe(200)
    })
  }

  it('refuses every non-admin when the server is readonly', async () => {
    await new TestClient(sim.url).postJson('/sim/server', { readonly: true })
    try {
      const res = await c.put(`/api/users/${demo.id}`, { ...(await me()), name: 'X' })
      expect(res.status).toBe(400)
      expect((await new TestClient(sim.url).get('/api/server')).json().readonly).toBe(true)
    } finally {
      await new TestClient(sim.url).postJson('/sim/server', { readonly: false })
    }
  })

  it('refuses attributes that serialize to more than 4000 characters', async () => {
    const user = await me()
    const attributes = { ...(user.attributes as object), big: 'x'.repeat(4000) }
    const res = await c.put(`/api/users/${demo.id}`, { ...user, attributes })
    expect(res.status).toBe(400)
    expect(res.text).toContain('Value too long')
    expect(await me()).toEqual(user)
  })

  it('accepts extra top-level fields a newer server knows, and resets them when omitted', async () => {
    await new TestClient(sim.url).postJson('/sim/user-fields', { name: 'futureFlag', default: null })
    const user = await me()
    expect(user).toHaveProperty('futureFlag', null)
    expect((await c.put(`/api/users/${demo.id}`, { ...user, futureFlag: { a: 1 } })).status).toBe(200)
    expect((await me()).futureFlag).toEqual({ a: 1 })
    await c.put(`/api/users/${demo.id}`, user)
  })

  it('has no optimistic concurrency: last write wins', async () => {
    const user = await me()
    await c.put(`/api/users/${demo.id}`, { ...user, name: 'First' })
    await c.put(`/api/users/${demo.id}`, { ...user, name: 'Second' })
    expect((await me()).name).toBe('Second')
    await c.put(`/api/users/${demo.id}`, user)
  })
})
