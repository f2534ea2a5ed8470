import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { FLAVORS, FLEET_FIRST_ID, NEAR_MISS_KEYS, SEED_USERS, startSim, type Sim } from '../../src/sim'
import { TestClient } from '../helpers/traccar-client'

type User = Record<string, unknown> & {
  id: number
  name: string
  email: string
  attributes: Record<string, unknown>
}

const { admin, manager, demo } = SEED_USERS
const FLEET = 40
const fleetIds = Array.from({ length: FLEET }, (_, i) => FLEET_FIRST_ID + i)
/** Account 18 of the fleet is a dealer (userLimit 5) linked to manager@, with links of their own. */
const DEALER_ID = FLEET_FIRST_ID + 18

const byId = (a: { id: number }, b: { id: number }): number => a.id - b.id
const ids = (list: { id: number }[]): number[] => list.map((u) => u.id)

describe('--users N: the seeded fleet', () => {
  let sim: Sim
  let a: TestClient
  beforeAll(async () => {
    sim = await startSim({ users: FLEET, clock: false })
    a = new TestClient(sim.url)
    await a.login(admin.email, admin.password)
  })
  afterAll(() => sim.stop())

  it('adds N accounts, all linked to admin@ and about 40% to manager@', async () => {
    const all = (await a.get('/api/users')).json<User[]>()
    expect(all).toHaveLength(Object.keys(SEED_USERS).length + FLEET)
    expect(ids((await a.get(`/api/users?userId=${admin.id}`)).json<User[]>()).sort(byNumber)).toEqual(
      fleetIds,
    )
    const managed = sim.managedUserIds(manager.id).filter((id) => id >= FLEET_FIRST_ID)
    expect(managed.length / FLEET).toBeGreaterThanOrEqual(0.35)
    expect(managed.length / FLEET).toBeLessThanOrEqual(0.5)
    expect(sim.state.users.get(manager.id)!.json.userLimit).toBeGreaterThanOrEqual(managed.length + 2)
  })

  it('has the realistic mix among all accounts and among those manager@ manages', async () => {
    const all = (await a.get(`/api/users?userId=${admin.id}`)).json<User[]>()
    const mine = new Set(sim.managedUserIds(manager.id))
    for (const group of [all, all.filter((u) => mine.has(u.id))]) {
      const has = (test: (u: User) => boolean): boolean => group.some(test)
      const keys = (u: User): string[] => Object.keys(u.attributes)
      expect(has((u) => ['webhookUrl', 'webhookPsk', 'webhookTypes'].every((k) => k in u.attributes))).toBe(
        true,
      )
      expect(has((u) => !keys(u).some((k) => /webhook/i.test(k)))).toBe(true)
      expect(has((u) => 'webhookUrl' in u.attributes && !('webhookPsk' in u.attributes))).toBe(true)
      expect(has((u) => !('webhookUrl' in u.attributes) && 'webhookTypes' in u.attributes)).toBe(true)
      expect(has((u) => keys(u).some((k) => NEAR_MISS_KEYS.includes(k)))).toBe(true)
      expect(has((u) => u.readonly === true)).toBe(true)
      expect(has((u) => u.disabled === true)).toBe(true)
      expect(has((u) => typeof u.expirationTime === 'string')).toBe(true)
      expect(has((u) => Object.values(u.attributes).some((v) => Array.isArray(v)))).toBe(true)
    }
    const text = JSON.stringify(all)
    for (const c of ['&', '<', '\\"', "'"]) expect(text).toContain(c)
    expect(all.some((u) => /[&']/.test(u.email))).toBe(true)
    expect(
      all.some((u) =>
        Object.values(u.attributes).some((v) => v !== null && typeof v === 'object' && !Array.isArray(v)),
      ),
    ).toBe(true)
    const nearMiss = new Set(
      all.flatMap((u) => Object.keys(u.attributes)).filter((k) => NEAR_MISS_KEYS.includes(k)),
    )
    expect(nearMiss.size).toBeGreaterThanOrEqual(3)
  })

  it('is the same mix on every start, and nothing extra without --users', async () => {
    const other = await startSim({ users: FLEET, clock: false })
    const plain = await startSim({ clock: false })
    try {
      const shape = (s: Sim): unknown[] =>
        fleetIds.map((id) => ({ ...s.state.users.get(id)!.json, expirationTime: null }))
      expect(shape(other)).toEqual(shape(sim))
      expect(other.managedUserIds(manager.id)).toEqual(sim.managedUserIds(manager.id))
      expect([...plain.state.users.keys()].sort(byNumber)).toEqual(Object.values(SEED_USERS).map((u) => u.id))
      expect(plain.managedUserIds(manager.id)).toEqual([SEED_USERS.rider1.id, SEED_USERS.rider2.id])
      expect(plain.managedUserIds(admin.id)).toEqual([])
      expect(plain.state.users.get(manager.id)!.json.userLimit).toBe(10)
    } finally {
      await Promise.all([other.stop(), plain.stop()])
    }
  })

  it('lets every fleet account sign in with the part of its email before the @', async () => {
    const user = fleetIds
      .map((id) => sim.state.users.get(id)!.json)
      .find((u) => /[&']/.test(String(u.email)) && !u.disabled && u.expirationTime === null)!
    const email = String(user.email)
    const res = await new TestClient(sim.url).login(email, email.slice(0, email.indexOf('@')))
    expect(res.status).toBe(200)
  })

  it('seeds 5000 accounts quickly', async () => {
    const started = performance.now()
    const big = await startSim({ users: 5000, clock: false })
    const took = performance.now() - started
    try {
      expect(big.state.users.size).toBe(Object.keys(SEED_USERS).length + 5000)
      console.log(`startSim({ users: 5000 }): ${took.toFixed(0)} ms (limit 5000 ms on a shared machine)`)
      expect(took).toBeLessThan(5000)
    } finally {
      await big.stop()
    }
  })
})

const byNumber = (x: number, y: number): number => x - y

describe.each(FLAVORS)('GET /api/users, Traccar %s', (flavor) => {
  let sim: Sim
  const as = async (email: string, password: string): Promise<TestClient> => {
    const c = new TestClient(sim.url)
    expect((await c.login(email, password)).status).toBe(200)
    return c
  }
  beforeAll(
    async () => (sim = await startSim({ flavor, users: FLEET, sanitize: false, rateLimit: 0, clock: false })),
  )
  afterAll(() => sim.stop())

  it('gives an admin every user', async () => {
    const list = (await (await as(admin.email, admin.password)).get('/api/users')).json<User[]>()
    expect(ids(list).sort(byNumber)).toEqual([...sim.state.users.keys()].sort(byNumber))
  })

  const selfInList = flavor === '4.12'
  it(`gives a manager the users linked to them, ${selfInList ? 'themselves included' : 'not themselves'}`, async () => {
    const list = (await (await as(manager.email, manager.password)).get('/api/users')).json<User[]>()
    const expected = [...sim.managedUserIds(manager.id), ...(selfInList ? [manager.id] : [])]
    expect(ids(list).sort(byNumber)).toEqual(expected.sort(byNumber))
    // Only direct links: the dealer's own accounts are not the manager's.
    expect(ids(list)).not.toContain(sim.managedUserIds(DEALER_ID)[0])
  })

  if (flavor === '4.12') {
    it('refuses a plain user with "Admin or manager access required"', async () => {
      const res = await (await as(demo.email, demo.password)).get('/api/users')
      expect(res.status).toBe(400)
      expect(res.text).toContain('Admin or manager access required')
    })
  } else {
    it('gives a plain user an empty list', async () => {
      const res = await (await as(demo.email, demo.password)).get('/api/users')
      expect(res.status).toBe(200)
      expect(res.json()).toEqual([])
    })
  }

  it('lists with ?userId=X the users X manages, for an admin', async () => {
    const list = (await (await as(admin.email, admin.password)).get(`/api/users?userId=${manager.id}`)).json<
      User[]
    >()
    expect(ids(list).sort(byNumber)).toEqual(sim.managedUserIds(manager.id).sort(byNumber))
  })

  if (flavor === '4.12') {
    it('ignores ?userId for a manager (their own list)', async () => {
      const list = (
        await (await as(manager.email, manager.password)).get(`/api/users?userId=${DEALER_ID}`)
      ).json<User[]>()
      expect(ids(list)).toContain(manager.id)
      expect(list).toHaveLength(sim.managedUserIds(manager.id).length + 1)
    })
  } else {
    it('lists with ?userId=X for a manager linked to X, and refuses X they are not linked to', async () => {
      const m = await as(manager.email, manager.password)
      const list = (await m.get(`/api/users?userId=${DEALER_ID}`)).json<User[]>()
      expect(ids(list).sort(byNumber)).toEqual(sim.managedUserIds(DEALER_ID).sort(byNumber))
      expect(list.length).toBeGreaterThan(0)
      const notMine = fleetIds.find((id) => !sim.managedUserIds(manager.id).includes(id))!
      const res = await m.get(`/api/users?userId=${notMine}`)
      expect(res.status).toBe(400)
      expect(res.text).toContain('User access denied')
      const d = await as(demo.email, demo.password)
      expect((await d.get(`/api/users?userId=${demo.id}`)).json()).toEqual([])
      expect((await d.get(`/api/users?userId=${manager.id}`)).text).toContain('User access denied')
    })
  }

  const order = flavor === '6' ? 'name' : 'id'
  it(`answers in ${order} order`, async () => {
    const list = (await (await as(admin.email, admin.password)).get('/api/users')).json<User[]>()
    const sorted = [...list].sort((x, y) =>
      order === 'id' ? x.id - y.id : x.name < y.name ? -1 : x.name > y.name ? 1 : x.id - y.id,
    )
    expect(ids(list)).toEqual(ids(sorted))
    expect(ids(list)).not.toEqual(
      ids([...list].sort(order === 'id' ? (x, y) => (x.name < y.name ? -1 : 1) : byId)),
    )
  })

  if (flavor === '6') {
    it('pages with limit and offset (6.13+): consecutive pages cover the whole list once', async () => {
      const m = await as(manager.email, manager.password)
      const whole = (await m.get('/api/users')).json<User[]>()
      const pages: User[] = []
      for (let offset = 0; offset < whole.length + 7; offset += 7)
        pages.push(...(await m.get(`/api/users?limit=7&offset=${offset}`)).json<User[]>())
      expect(ids(pages)).toEqual(ids(whole))
      expect((await m.get('/api/users?limit=7')).json<User[]>()).toHaveLength(7)
      // OFFSET without LIMIT is never written into the query.
      expect(ids((await m.get('/api/users?offset=5')).json<User[]>())).toEqual(ids(whole))
      expect((await m.get('/api/users?limit=x')).status).toBe(404)
    })

    it('filters by keyword in name or email, case-insensitively, not in login; % and _ are wildcards', async () => {
      const a = await as(admin.email, admin.password)
      const all = (await a.get('/api/users')).json<User[]>()
      const find = async (keyword: string): Promise<number[]> =>
        ids((await a.get(`/api/users?keyword=${encodeURIComponent(keyword)}`)).json<User[]>())
      const matching = (re: RegExp): number[] =>
        ids(all.filter((u) => re.test(u.name.toLowerCase()) || re.test(u.email.toLowerCase())))
      expect(await find('BERGER')).toEqual(matching(/berger/))
      expect((await find('berger')).length).toBeGreaterThan(1)
      expect(await find('& tat')).toEqual(matching(/& tat/))
      expect((await find('& tat')).length).toBeGreaterThan(0)
      const withLogin = all.find((u) => typeof u.login === 'string' && u.login !== '')!
      expect(await find(String(withLogin.login))).toEqual([])
      expect(await find('anna_berger')).toEqual(matching(/anna.berger/))
      expect((await find('anna_berger')).length).toBeGreaterThan(0)
      expect(await find('anna%huber')).toEqual(matching(/anna.*huber/))
      const page = (await a.get('/api/users?keyword=berger&limit=2&offset=1')).json<User[]>()
      expect(ids(page)).toEqual((await find('berger')).slice(1, 3))
    })

    it('leaves attributes out with excludeAttributes=true (6.10+)', async () => {
      const m = await as(manager.email, manager.password)
      const full = (await m.get('/api/users')).json<User[]>()
      const bare = (await m.get('/api/users?excludeAttributes=true')).json<User[]>()
      expect(full.some((u) => Object.keys(u.attributes).length > 0)).toBe(true)
      expect(bare.map((u) => u.attributes)).toEqual(full.map(() => ({})))
      expect(bare.map(({ attributes: _, ...rest }) => rest)).toEqual(
        full.map(({ attributes: _, ...rest }) => rest),
      )
    })
  } else {
    it('ignores limit, offset, keyword and excludeAttributes (before 6.10 / 6.13)', async () => {
      const m = await as(manager.email, manager.password)
      const whole = (await m.get('/api/users')).json<User[]>()
      const res = (await m.get('/api/users?limit=2&offset=1&keyword=berger&excludeAttributes=true')).json<
        User[]
      >()
      expect(res).toEqual(whole)
    })
  }
})

describe.each(FLAVORS)('user links through /api/permissions, Traccar %s', (flavor) => {
  let sim: Sim
  const as = async (email: string, password: string): Promise<TestClient> => {
    const c = new TestClient(sim.url)
    expect((await c.login(email, password)).status).toBe(200)
    return c
  }
  const send = (c: TestClient, method: 'POST' | 'DELETE', body: unknown): ReturnType<TestClient['request']> =>
    c.request(method, '/api/permissions', {
      body: JSON.stringify(body),
      headers: { 'content-type': 'application/json' },
    })
  beforeAll(
    async () => (sim = await startSim({ flavor, users: FLEET, sanitize: false, rateLimit: 0, clock: false })),
  )
  afterAll(() => sim.stop())

  it('lets an admin link and unlink a user to a manager', async () => {
    const a = await as(admin.email, admin.password)
    const m = await as(manager.email, manager.password)
    expect((await send(a, 'POST', { userId: manager.id, managedUserId: demo.id })).status).toBe(204)
    expect(sim.managedUserIds(manager.id)).toContain(demo.id)
    expect(ids((await m.get('/api/users')).json<User[]>())).toContain(demo.id)
    expect((await m.get(`/api/users/${demo.id}`)).status).toBe(200)
    expect((await send(a, 'DELETE', { userId: manager.id, managedUserId: demo.id })).status).toBe(204)
    expect(sim.managedUserIds(manager.id)).not.toContain(demo.id)
    expect((await m.get(`/api/users/${demo.id}`)).status).toBe(400)
  })

  it('lets a manager link their own accounts to a manager they manage, but not foreign accounts', async () => {
    const m = await as(manager.email, manager.password)
    const mine = sim.managedUserIds(manager.id).find((id) => id >= FLEET_FIRST_ID && id !== DEALER_ID)!
    expect((await send(m, 'POST', { userId: DEALER_ID, managedUserId: mine })).status).toBe(204)
    expect(sim.managedUserIds(DEALER_ID)).toContain(mine)
    expect((await send(m, 'DELETE', { userId: DEALER_ID, managedUserId: mine })).status).toBe(204)
    const foreign = fleetIds.find((id) => !sim.managedUserIds(manager.id).includes(id))!
    const res = await send(m, 'POST', { userId: manager.id, managedUserId: foreign })
    expect(res.status).toBe(400)
    expect(res.text).toContain(flavor === '4.12' ? 'User access denied' : 'ManagedUser access denied')
    expect(sim.managedUserIds(manager.id)).not.toContain(foreign)
  })

  const restricted = flavor === '4.12' ? 'Account is readonly' : 'Operation restricted'
  it(`refuses a readonly manager with "${restricted}"`, async () => {
    const m = await as(manager.email, manager.password)
    const mine = sim.managedUserIds(manager.id).find((id) => id >= FLEET_FIRST_ID && id !== DEALER_ID)!
    sim.mutateUser(manager.id, { fields: { readonly: true } })
    try {
      const res = await send(m, 'POST', { userId: DEALER_ID, managedUserId: mine })
      expect(res.status).toBe(400)
      expect(res.text).toContain(restricted)
      expect(sim.managedUserIds(DEALER_ID)).not.toContain(mine)
    } finally {
      sim.mutateUser(manager.id, { fields: { readonly: false } })
    }
  })

  if (flavor === '6') {
    it('lists links for an admin with GET /api/permissions (6.14+)', async () => {
      const a = await as(admin.email, admin.password)
      const res = (await a.get(`/api/permissions?userId=${manager.id}&managedUserId=0`)).json<unknown[]>()
      expect(res).toEqual(
        sim.managedUserIds(manager.id).map((managedUserId) => ({ userId: manager.id, managedUserId })),
      )
      const m = await as(manager.email, manager.password)
      expect((await m.get(`/api/permissions?userId=${manager.id}&managedUserId=0`)).text).toContain(
        'Administrator access required',
      )
    })
  } else {
    it('has no GET /api/permissions (added in 6.14)', async () => {
      const a = await as(admin.email, admin.password)
      expect((await a.get(`/api/permissions?userId=${manager.id}&managedUserId=0`)).status).toBe(404)
    })
  }
})

describe.each(FLAVORS)('PUT /api/users/{id} of another user, Traccar %s', (flavor) => {
  let sim: Sim
  const legacy = flavor === '4.12'
  const readonlyMessage = legacy ? 'Account is readonly' : 'Write access denied'
  const as = async (email: string, password: string): Promise<TestClient> => {
    const c = new TestClient(sim.url)
    expect((await c.login(email, password)).status).toBe(200)
    return c
  }
  const stored = (id: number): Record<string, unknown> => structuredClone(sim.state.users.get(id)!.json)
  const restore = (id: number, json: Record<string, unknown>): void =>
    void (sim.state.users.get(id)!.json = json)
  /** A fleet account manager@ manages that is plain: not readonly, disabled or expiring. */
  const plainManaged = (): number =>
    sim.managedUserIds(manager.id).find((id) => {
      const u = sim.state.users.get(id)!.json
      return (
        id >= FLEET_FIRST_ID && id !== DEALER_ID && !u.readonly && !u.disabled && u.expirationTime === null
      )
    })!
  beforeAll(
    async () => (sim = await startSim({ flavor, users: FLEET, sanitize: false, rateLimit: 0, clock: false })),
  )
  afterAll(() => sim.stop())

  it('lets a manager change the webhook of a directly linked user, with the full object', async () => {
    const m = await as(manager.email, manager.password)
    const id = plainManaged()
    const user = (await m.get(`/api/users/${id}`)).json<User>()
    const attributes = { ...user.attributes, webhookUrl: 'https://fleet.example/hook' }
    const res = await m.put(`/api/users/${id}`, { ...user, attributes })
    expect(res.status).toBe(200)
    expect((await m.get(`/api/users/${id}`)).json()).toEqual({ ...user, attributes })
  })

  it('refuses a user the manager is not linked to, and one linked only through another manager', async () => {
    const a = await as(admin.email, admin.password)
    const m = await as(manager.email, manager.password)
    const foreign = fleetIds.find((id) => !sim.managedUserIds(manager.id).includes(id))!
    const transitive = sim.managedUserIds(DEALER_ID)[0]!
    expect(sim.managedUserIds(manager.id)).toContain(DEALER_ID)
    expect(sim.managedUserIds(manager.id)).not.toContain(transitive)
    for (const id of [foreign, transitive]) {
      const before = stored(id)
      const user = (await a.get(`/api/users/${id}`)).json<User>()
      const res = await m.put(`/api/users/${id}`, {
        ...user,
        attributes: { webhookUrl: 'https://x.example/' },
      })
      expect(res.status).toBe(400)
      expect(res.text).toContain('User access denied')
      expect(stored(id)).toEqual(before)
    }
  })

  it.each(['administrator', 'deviceLimit', 'userLimit'])('needs an admin to change %s', async (field) => {
    const m = await as(manager.email, manager.password)
    const id = plainManaged()
    const user = (await m.get(`/api/users/${id}`)).json<User>()
    const before = stored(id)
    const value = field === 'administrator' ? true : 7
    const res = await m.put(`/api/users/${id}`, { ...user, [field]: value })
    expect(res.status).toBe(400)
    expect(res.text).toContain('Administrator access required')
    expect(stored(id)).toEqual(before)
    const a = await as(admin.email, admin.password)
    expect((await a.put(`/api/users/${id}`, { ...user, [field]: value })).status).toBe(200)
    expect((await a.put(`/api/users/${id}`, user)).status).toBe(200)
  })

  const restricted = legacy
    ? ['readonly', 'deviceReadonly', 'disabled', 'limitCommands']
    : ['readonly', 'deviceReadonly', 'disabled', 'limitCommands', 'disableReports', 'fixedEmail']
  it.each(restricted)('lets a linked manager change %s, and refuses a linked non-manager', async (field) => {
    const m = await as(manager.email, manager.password)
    const id = plainManaged()
    const user = (await m.get(`/api/users/${id}`)).json<User>()
    const before = stored(id)
    expect((await m.put(`/api/users/${id}`, { ...user, [field]: true })).status).toBe(200)
    expect(stored(id)[field]).toBe(true)
    expect((await m.put(`/api/users/${id}`, user)).status).toBe(200)
    // demo@ has no userLimit: a link alone lets 5.x/6.x edit attributes, never restricted flags.
    sim.setManagedUserIds(demo.id, [id])
    try {
      const d = await as(demo.email, demo.password)
      const flag = await d.put(`/api/users/${id}`, { ...user, [field]: true })
      expect(flag.status).toBe(400)
      expect(flag.text).toContain(legacy ? 'Manager access required' : 'User access denied')
      const attributes = { ...user.attributes, webhookTypes: 'alarm' }
      const plain = await d.put(`/api/users/${id}`, { ...user, attributes })
      expect(plain.status).toBe(legacy ? 400 : 200)
      if (legacy) expect(plain.text).toContain('Manager access required')
      expect(stored(id)[field]).toBe(false)
    } finally {
      sim.setManagedUserIds(demo.id, [])
      restore(id, before)
    }
  })

  it(`refuses a readonly manager with "${readonlyMessage}"`, async () => {
    const m = await as(manager.email, manager.password)
    const id = plainManaged()
    const user = (await m.get(`/api/users/${id}`)).json<User>()
    sim.mutateUser(manager.id, { fields: { readonly: true } })
    try {
      const res = await m.put(`/api/users/${id}`, {
        ...user,
        attributes: { webhookUrl: 'https://ro.example/' },
      })
      expect(res.status).toBe(400)
      expect(res.text).toContain(readonlyMessage)
      expect(stored(id).attributes).toEqual(user.attributes)
    } finally {
      sim.mutateUser(manager.id, { fields: { readonly: false } })
    }
  })

  it(`refuses a manager on a readonly server with "${readonlyMessage}"`, async () => {
    const m = await as(manager.email, manager.password)
    const id = plainManaged()
    const user = (await m.get(`/api/users/${id}`)).json<User>()
    sim.state.readonly = true
    try {
      const res = await m.put(`/api/users/${id}`, {
        ...user,
        attributes: { webhookUrl: 'https://ro.example/' },
      })
      expect(res.status).toBe(400)
      expect(res.text).toContain(readonlyMessage)
    } finally {
      sim.state.readonly = false
    }
  })

  // Which check answers first differs: 6.x permission → update → readonly; 5.12 and 4.12 readonly first.
  const firstFailure = flavor === '6' ? 'User access denied' : readonlyMessage
  it(`answers a readonly manager editing a foreign user with "${firstFailure}"`, async () => {
    const m = await as(manager.email, manager.password)
    const foreign = fleetIds.find((id) => !sim.managedUserIds(manager.id).includes(id))!
    const user = stored(foreign)
    sim.mutateUser(manager.id, { fields: { readonly: true } })
    try {
      const res = await m.put(`/api/users/${foreign}`, user)
      expect(res.status).toBe(400)
      expect(res.text).toContain(firstFailure)
    } finally {
      sim.mutateUser(manager.id, { fields: { readonly: false } })
    }
  })

  const unchangedExpiry = legacy ? 'refuses' : 'accepts'
  it(`${unchangedExpiry} an unchanged null expiry from a manager who expires (fixed in 5.5)`, async () => {
    const m = await as(manager.email, manager.password)
    const id = plainManaged()
    const user = (await m.get(`/api/users/${id}`)).json<User>()
    const before = stored(id)
    const managerExpiry = new Date(Date.now() + 30 * 86_400_000).toISOString()
    sim.mutateUser(manager.id, { fields: { expirationTime: managerExpiry } })
    try {
      const attributes = { ...user.attributes, webhookPsk: 'Bearer expiring' }
      const unchanged = await m.put(`/api/users/${id}`, { ...user, attributes })
      expect(unchanged.status).toBe(legacy ? 400 : 200)
      if (legacy) expect(unchanged.text).toContain('Administrator access required')
      const later = new Date(Date.now() + 60 * 86_400_000).toISOString()
      const res = await m.put(`/api/users/${id}`, { ...user, expirationTime: later })
      expect(res.status).toBe(400)
      expect(res.text).toContain('Administrator access required')
      const sooner = new Date(Date.now() + 10 * 86_400_000).toISOString()
      expect((await m.put(`/api/users/${id}`, { ...user, expirationTime: sooner })).status).toBe(200)
      expect((await m.put(`/api/users/${id}`, { ...user, expirationTime: sooner })).status).toBe(200)
    } finally {
      sim.mutateUser(manager.id, { fields: { expirationTime: null } })
      restore(id, before)
    }
  })

  it('is the same full replacement as for oneself: omitted attributes wipe them, unknown fields fail', async () => {
    const m = await as(manager.email, manager.password)
    const id = plainManaged()
    const user = (await m.get(`/api/users/${id}`)).json<User>()
    expect(Object.keys(user.attributes).length).toBeGreaterThan(0)
    const unknown = await m.put(`/api/users/${id}`, { ...user, webhookUrl: 'https://top-level.example/' })
    expect(unknown.status).toBe(400)
    expect(unknown.text).toContain('Unrecognized field "webhookUrl"')
    const { attributes: _gone, ...rest } = user
    expect((await m.put(`/api/users/${id}`, rest)).status).toBe(200)
    expect(stored(id).attributes).toEqual({})
    const { deviceLimit: _d, ...noLimit } = user
    expect((await m.put(`/api/users/${id}`, noLimit)).text).toContain('Administrator access required')
    expect((await m.put(`/api/users/${id}`, user)).status).toBe(200)
  })

  it('lets a test change any account elsewhere, seen by the manager at once', async () => {
    const m = await as(manager.email, manager.password)
    const id = plainManaged()
    const res = await m.request('PATCH', `/sim/users/${id}`, {
      body: JSON.stringify({ attributes: { webhookUrl: 'https://elsewhere.example/' } }),
      headers: { 'content-type': 'application/json' },
    })
    expect(res.status).toBe(200)
    expect((await m.get(`/api/users/${id}`)).json<User>().attributes.webhookUrl).toBe(
      'https://elsewhere.example/',
    )
    expect((await m.get(`/sim/users/${manager.id}/managed`)).json()).toEqual(sim.managedUserIds(manager.id))
  })

  it('changes a managed account right after the manager reads it (/sim/mutations, any user id)', async () => {
    const m = await as(manager.email, manager.password)
    const id = plainManaged()
    const before = stored(id)
    await m.postJson('/sim/mutations', {
      userId: id,
      after: { method: 'GET', path: `/api/users/${id}` },
      attributes: { webhookUrl: 'https://meanwhile.example/' },
    })
    const read = (await m.get(`/api/users/${id}`)).json<User>()
    expect(read.attributes.webhookUrl).not.toBe('https://meanwhile.example/')
    expect((await m.get(`/api/users/${id}`)).json<User>().attributes.webhookUrl).toBe(
      'https://meanwhile.example/',
    )
    restore(id, before)
  })

  it('replaces the links of a user through PUT /sim/users/{id}/managed', async () => {
    const c = new TestClient(sim.url)
    const put = (ids: number[]): ReturnType<TestClient['request']> =>
      c.request('PUT', `/sim/users/${demo.id}/managed`, {
        body: JSON.stringify({ ids }),
        headers: { 'content-type': 'application/json' },
      })
    const id = plainManaged()
    expect((await put([id])).json()).toEqual([id])
    const d = await as(demo.email, demo.password)
    expect((await d.get(`/api/users/${id}`)).status).toBe(legacy ? 400 : 200)
    expect((await put([99_999])).status).toBe(404)
    expect((await put([])).json()).toEqual([])
    expect((await d.get(`/api/users/${id}`)).status).toBe(400)
  })
})

describe('another user on an HTML-escaping or rate-limited server', () => {
  // 6.2 removed the option; 4.4–4.15 always escape, 5.0–5.2 by default.
  it.each(['4.12', '5.12'] as const)(
    'escapes a managed user on the way out and stores what a manager sends back (--sanitize, %s)',
    async (flavor) => {
      const sim = await startSim({ flavor, users: FLEET, sanitize: true, rateLimit: 0, clock: false })
      try {
        const m = new TestClient(sim.url)
        await m.login(manager.email, manager.password)
        const id = sim
          .managedUserIds(manager.id)
          .find((i) => /[&<"]/.test(String(sim.state.users.get(i)!.json.name)))!
        const raw = String(sim.state.users.get(id)!.json.name)
        const user = (await m.get(`/api/users/${id}`)).json<User>()
        expect(user.name).not.toBe(raw)
        expect(user.name).toMatch(/&amp;|&lt;|&#34;/)
        expect((await m.put(`/api/users/${id}`, user)).status).toBe(200)
        expect(sim.state.users.get(id)!.json.name).toBe(user.name)
      } finally {
        await sim.stop()
      }
    },
  )

  it('answers 429 over the rate limit for managed-user requests too', async () => {
    const sim = await startSim({ flavor: '5.12', users: FLEET, rateLimit: 3, clock: false })
    try {
      const m = new TestClient(sim.url)
      await m.login(manager.email, manager.password)
      const id = sim.managedUserIds(manager.id)[0]!
      const statuses = await Promise.all(
        Array.from({ length: 10 }, () => m.get(`/api/users/${id}`).then((r) => r.status)),
      )
      expect(statuses).toContain(429)
      expect(statuses).toContain(200)
    } finally {
      await sim.stop()
    }
  })
})

describe.each(FLAVORS)('GET /api/devices?userId=X, Traccar %s', (flavor) => {
  let sim: Sim
  const as = async (email: string, password: string): Promise<TestClient> => {
    const c = new TestClient(sim.url)
    expect((await c.login(email, password)).status).toBe(200)
    return c
  }
  const deviceIds = async (c: TestClient, query = ''): Promise<number[]> =>
    ids((await c.get(`/api/devices${query}`)).json<{ id: number }[]>()).sort(byNumber)
  beforeAll(async () => (sim = await startSim({ flavor, sanitize: false, rateLimit: 0, clock: false })))
  afterAll(() => sim.stop())

  it("gives an admin, and a manager linked to X, X's devices (T checkUser)", async () => {
    const a = await as(admin.email, admin.password)
    expect(await deviceIds(a, `?userId=${demo.id}`)).toEqual([10, 11, 12])
    expect(await deviceIds(a)).toEqual([])
    const m = await as(manager.email, manager.password)
    expect(await deviceIds(m, `?userId=${SEED_USERS.rider1.id}`)).toEqual([15])
    expect(await deviceIds(m, `?userId=${SEED_USERS.rider2.id}`)).toEqual([])
    expect(await deviceIds(m, `?userId=${manager.id}`)).toEqual(await deviceIds(m))
  })

  it('refuses X the caller is not linked to, in the version’s words', async () => {
    const m = await as(manager.email, manager.password)
    const res = await m.get(`/api/devices?userId=${demo.id}`)
    expect(res.status).toBe(400)
    expect(res.text).toContain('User access denied')
    const d = await as(demo.email, demo.password)
    const plain = await d.get(`/api/devices?userId=${SEED_USERS.rider1.id}`)
    expect(plain.status).toBe(400)
    expect(plain.text).toContain(flavor === '4.12' ? 'Manager access required' : 'User access denied')
  })
})
