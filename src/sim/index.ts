/**
 * startSim(): a Traccar-compatible server with the BikeTrax webhook forwarder, on loopback.
 * REST under /api, WebSocket at /api/socket, and a control API under /sim (never under /api)
 * for tests and the demo: inject events, read deliveries, set faults, mutate users.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { CONNECTION_EVENTS } from '../shared/payload'
import { handleApi } from './api'
import { Faults, type Fault } from './faults'
import type { Flavor } from './flavor'
import { Forwarder, type Delivery, type ForwarderOptions } from './forwarder'
import { HttpError, readJson, sendHtml, sendJson, sendText } from './http'
import { Motion, seededRandom } from './motion'
import { DEMO_MAINTENANCE_ID, SEED_USERS, seed } from './seed'
import { RateLimiter, TOO_MANY_REQUESTS_PAGE } from './rate-limit'
import { LiveSocket } from './socket'
import { SimState, type Json, type SimEvent, type SimUser } from './state'
import { seedFleet } from './fleet'

export interface SimOptions {
  port?: number
  host?: string
  flavor?: Flavor
  /** HTML-escape API output and stored attributes (default: on for 4.12, off otherwise). */
  sanitize?: boolean
  /** Requests per second per session or address before 429 (default: 25 on 5.12, else 0 = none). */
  rateLimit?: number
  /** OpenID as GET /api/server advertises it; 'forced' refuses passwords (default 'off'). */
  openid?: 'off' | 'enabled' | 'forced'
  /** Extra accounts managed by admin@ and ~40% by manager@ (src/sim/fleet.ts; default 0). */
  users?: number
  /** Run the event clock (default true); tests turn it off and call tick() themselves. */
  clock?: boolean
  tickMs?: number
  keepaliveMs?: number
  seed?: number
  forwarder?: ForwarderOptions
}

/** A user change that happens right after the next matching request: another client's edit. */
/** Another client's edit of a user: attribute values are stored as given (`null` included, as Traccar does). */
export interface UserChange {
  attributes?: Record<string, unknown>
  /** Attribute keys to delete. */
  removeAttributes?: string[]
  fields?: Json
}

export interface Mutation extends UserChange {
  userId: number
  after: { method: string; path: string }
}

export interface InjectEvent {
  deviceId: number
  type: string
  attributes?: Json
  geofenceId?: number
  /** Default: the seeded maintenance for `maintenance` events, else none. */
  maintenanceId?: number
  /** Attach the device's current position (default: yes, except connection events). */
  withPosition?: boolean
}

export interface Sim {
  url: string
  port: number
  flavor: Flavor
  state: SimState
  forwarder: Forwarder
  faults: Faults
  injectEvent(input: InjectEvent): SimEvent
  /** Another client's edit of any user, at once. */
  mutateUser(userId: number, change: UserChange): void
  /** The ids a user is directly linked to (manages), in link order. */
  managedUserIds(userId: number): number[]
  /** Replaces a user's links, as an admin's /api/permissions calls elsewhere would. */
  setManagedUserIds(userId: number, ids: number[]): void
  addMutation(mutation: Mutation): void
  tick(): void
  setClock(running: boolean): void
  /** Drops every WebSocket connection, as a server restart would. */
  dropSockets(): void
  stop(): Promise<void>
}

export async function startSim(options: SimOptions = {}): Promise<Sim> {
  const flavor = options.flavor ?? '6'
  const state = new SimState(flavor, Date.now)
  if (options.sanitize !== undefined) state.sanitize = options.sanitize
  if (options.rateLimit !== undefined) state.rateLimit = options.rateLimit
  state.openId = options.openid ?? 'off'
  const limiter = new RateLimiter(() => state.rateLimit)
  seed(state)
  if (options.users) seedFleet(state, options.users)
  const forwarder = new Forwarder(state, options.forwarder)
  const faults = new Faults()
  const socket = new LiveSocket(state, options.keepaliveMs ?? 55_000)
  const demoBikes = state.devicesOf(state.users.get(SEED_USERS.demo.id)!).map((d) => d.id)
  const motion = new Motion(state, seededRandom(options.seed ?? 7), demoBikes)
  let mutations: Mutation[] = []
  let timer: NodeJS.Timeout | undefined

  function mutateUser(userId: number, change: UserChange): void {
    const user = userById(userId)
    const attributes = { ...(user.json.attributes as Json), ...change.attributes }
    for (const key of change.removeAttributes ?? []) delete attributes[key]
    user.json = { ...user.json, ...(change.fields ?? {}), attributes }
  }

  function userById(userId: number): SimUser {
    const user = state.users.get(userId)
    if (!user) throw new HttpError(404, `No user ${userId}`)
    return user
  }

  function setManagedUserIds(userId: number, ids: number[]): void {
    const missing = ids.filter((id) => !state.users.has(id))
    if (missing.length) throw new HttpError(404, `No user ${missing.join(', ')}`)
    userById(userId).managedUserIds = new Set(ids)
  }

  function injectEvent(input: InjectEvent): SimEvent {
    const device = state.devices.get(input.deviceId)
    if (!device) throw new HttpError(404, `No device ${input.deviceId}`)
    const withPosition = input.withPosition ?? !CONNECTION_EVENTS.includes(input.type)
    const position = withPosition ? state.positions.get(device.positionId) : undefined
    return state.addEvent({
      type: input.type,
      deviceId: device.id,
      positionId: position?.id ?? 0,
      geofenceId: input.geofenceId ?? 0,
      maintenanceId: input.maintenanceId ?? (input.type === 'maintenance' ? DEMO_MAINTENANCE_ID : 0),
      attributes: input.attributes ?? {},
    })
  }

  function setClock(running: boolean): void {
    clearInterval(timer)
    timer = running ? setInterval(() => motion.tick(), options.tickMs ?? 5000) : undefined
    timer?.unref()
  }

  async function handleControl(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const method = req.method ?? 'GET'
    const path = url.pathname
    const body =
      method === 'POST' || method === 'PATCH' || method === 'PUT' ? ((await readJson(req)) as Json) : {}
    if (path === '/sim/deliveries') {
      if (method === 'DELETE') {
        forwarder.deliveries.length = 0
        return sendJson(res, 200, [])
      }
      await forwarder.settle()
      return sendJson(res, 200, forwarder.deliveries satisfies Delivery[])
    }
    if (path === '/sim/events' && method === 'POST') {
      const event = injectEvent(body as unknown as InjectEvent)
      await forwarder.settle()
      return sendJson(res, 200, state.eventJson(event))
    }
    if (path === '/sim/faults') {
      if (method === 'DELETE') faults.clear()
      else faults.add(body as unknown as Fault)
      return sendJson(res, 200, {})
    }
    if (path === '/sim/mutations' && method === 'POST') {
      mutations.push(body as unknown as Mutation)
      return sendJson(res, 200, {})
    }
    const managedMatch = /^\/sim\/users\/(\d+)\/managed$/.exec(path)
    if (managedMatch) {
      const id = Number(managedMatch[1])
      if (method === 'PUT') setManagedUserIds(id, (body as unknown as { ids: number[] }).ids)
      return sendJson(res, 200, [...userById(id).managedUserIds])
    }
    const userMatch = /^\/sim\/users\/(\d+)$/.exec(path)
    if (userMatch) {
      const id = Number(userMatch[1])
      if (method === 'PATCH') mutateUser(id, body as UserChange)
      const user = state.users.get(id)
      if (!user) throw new HttpError(404, `No user ${id}`)
      return sendJson(res, 200, state.userJson(user))
    }
    if (path === '/sim/user-fields' && method === 'POST') {
      state.extraUserFields.set(String(body.name), body.default ?? null)
      return sendJson(res, 200, {})
    }
    if (path === '/sim/server' && method === 'POST') {
      if (typeof body.readonly === 'boolean') state.readonly = body.readonly
      if (typeof body.sanitize === 'boolean') state.sanitize = body.sanitize
      if (typeof body.rateLimit === 'number') state.rateLimit = body.rateLimit
      return sendJson(res, 200, {})
    }
    if (path === '/sim/clock' && method === 'POST') {
      setClock(body.running === true)
      return sendJson(res, 200, {})
    }
    if (path === '/sim/tick' && method === 'POST') {
      motion.tick()
      await forwarder.settle()
      return sendJson(res, 200, {})
    }
    throw new HttpError(404, 'Not Found')
  }

  function applyMutations(method: string, path: string): void {
    const due = mutations.filter((m) => m.after.method.toUpperCase() === method && m.after.path === path)
    if (!due.length) return
    mutations = mutations.filter((m) => !due.includes(m))
    for (const m of due) mutateUser(m.userId, m)
  }

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://sim.local')
    const method = req.method ?? 'GET'
    res.on('finish', () => applyMutations(method, url.pathname))
    const run = async (): Promise<void> => {
      if (url.pathname.startsWith('/sim/')) return handleControl(req, res, url)
      if (await faults.apply(req, res, url.pathname)) return
      if (url.pathname.startsWith('/api/')) {
        if (!(await limiter.admit(req))) return sendHtml(res, 429, TOO_MANY_REQUESTS_PAGE)
        return handleApi(state, req, res, url)
      }
      sendText(res, 200, 'Webhook Desk Traccar simulator. The API is under /api.')
    }
    run().catch((error: unknown) => {
      if (res.headersSent) return void res.destroy()
      if (error instanceof HttpError) return sendText(res, error.status, error.body, error.headers)
      sendText(res, 500, `java.lang.RuntimeException: ${(error as Error).message}`)
    })
  })
  server.on('upgrade', (req, sock, head) => {
    const path = new URL(req.url ?? '/', 'http://sim.local').pathname
    if (path === '/api/socket') socket.handleUpgrade(req, sock, head)
    else sock.destroy()
  })
  await new Promise<void>((done, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => done())
  })
  const { port } = server.address() as AddressInfo
  setClock(options.clock ?? true)

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    flavor,
    state,
    forwarder,
    faults,
    injectEvent,
    mutateUser,
    managedUserIds: (userId) => [...userById(userId).managedUserIds],
    setManagedUserIds,
    addMutation: (m) => mutations.push(m),
    tick: () => motion.tick(),
    setClock,
    dropSockets: () => socket.dropAll(),
    async stop() {
      setClock(false)
      socket.close()
      await forwarder.settle()
      server.closeAllConnections()
      await new Promise<void>((done) => server.close(() => done()))
    },
  }
}

export { DEMO_CREDENTIALS, DEMO_LEGACY_TOKEN, DEMO_TOTP_KEY, SEED_USERS } from './seed'
export { FLEET_FIRST_ID, NEAR_MISS_KEYS } from './fleet'
export { totpCode } from './totp'
export { FLAVORS, type Flavor } from './flavor'
