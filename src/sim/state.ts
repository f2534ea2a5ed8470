/**
 * The simulator's in-memory world: users, devices, positions, geofences, events, sessions and
 * tokens, and their Traccar JSON shapes for each flavour. Emits 'event', 'position' and 'device'
 * as things happen, for the forwarder and the WebSocket.
 */
import { EventEmitter } from 'node:events'
import {
  defaultFor,
  TRAITS,
  USER_FIELDS,
  traccarDate,
  type FieldKind,
  type Flavor,
  type Traits,
} from './flavor'

export type Json = Record<string, unknown>

export interface SimUser {
  /** The stored user exactly as Traccar would serialize it (password always null there). */
  json: Json
  password: string
  /** Event types this user has a `web` notification for (these reach the WebSocket). */
  webNotifications: Set<string>
  /** This user's rows of Traccar's `tc_user_user`: the users they manage directly (insertion order). */
  managedUserIds: Set<number>
}

export interface SimDevice {
  id: number
  name: string
  uniqueId: string
  status: 'online' | 'offline' | 'unknown'
  lastUpdate: number | null
  positionId: number
  category: string | null
  model: string | null
  attributes: Json
  ownerIds: number[]
}

export interface SimPosition {
  id: number
  deviceId: number
  time: number
  latitude: number
  longitude: number
  speed: number
  course: number
  attributes: Json
  geofenceIds: number[] | null
}

export interface SimGeofence {
  id: number
  name: string
  description: string | null
  latitude: number
  longitude: number
  radius: number
  ownerIds: number[]
}

export interface SimEvent {
  id: number
  type: string
  deviceId: number
  time: number
  positionId: number
  geofenceId: number
  maintenanceId: number
  attributes: Json
}

export interface Session {
  userId: number
  origin: string | null
  /** Sessions created from a token expire with it. */
  expiresAt: number | null
}

export interface Token {
  userId: number
  expiresAt: number
}

export class SimState extends EventEmitter {
  users = new Map<number, SimUser>()
  devices = new Map<number, SimDevice>()
  positions = new Map<number, SimPosition>()
  geofences = new Map<number, SimGeofence>()
  /** Traccar's Maintenance objects: {id, attributes, name, type, start, period}. */
  maintenances = new Map<number, Json>()
  events: SimEvent[] = []
  sessions = new Map<string, Session>()
  tokens = new Map<string, Token>()
  /** Top-level user fields a newer server would have; accepted and returned like known ones. */
  extraUserFields = new Map<string, unknown>()
  readonly = false
  /** HTML-escape every string the API writes, and the stored attributes (--sanitize). */
  sanitize: boolean
  /** OpenID sign-in as GET /api/server advertises it; 'forced' refuses every password (openid.force). */
  openId: 'off' | 'enabled' | 'forced' = 'off'
  /** Requests per second per session or address before 429 (--rate-limit; 0 = none). */
  rateLimit: number
  private nextId = { position: 1000, event: 5000 }

  constructor(
    readonly flavor: Flavor,
    readonly now: () => number,
  ) {
    super()
    this.setMaxListeners(100)
    this.sanitize = TRAITS[flavor].sanitizeDefault
    this.rateLimit = TRAITS[flavor].rateLimitDefault
  }

  get traits(): Traits {
    return TRAITS[this.flavor]
  }

  userFields(): [string, FieldKind][] {
    return [
      ...USER_FIELDS[this.flavor],
      ...[...this.extraUserFields.keys()].map((k): [string, FieldKind] => [k, 'any']),
    ]
  }

  /** A user record with every field at its default, then the given values. */
  makeUserJson(values: Json): Json {
    const json: Json = {}
    for (const [name, kind] of this.userFields()) {
      json[name] =
        name in values
          ? values[name]
          : this.extraUserFields.has(name)
            ? this.extraUserFields.get(name)
            : defaultFor(kind)
    }
    if (!('deviceLimit' in values)) json.deviceLimit = -1
    return json
  }

  /** The user as GET returns it: a copy the caller may change. */
  userJson(user: SimUser): Json {
    return structuredClone(this.userJsonShared(user))
  }

  /**
   * The same JSON sharing the stored nested values (attributes): for answers serialized at once,
   * where cloning thousands of users would dominate GET /api/users.
   */
  userJsonShared(user: SimUser): Json {
    const json: Json = {}
    for (const [name, kind] of this.userFields())
      json[name] = name in user.json ? user.json[name] : defaultFor(kind)
    json.password = null
    return json
  }

  findUserByLogin(login: string): SimUser | undefined {
    const wanted = login.trim().toLowerCase()
    for (const user of this.users.values()) {
      const email = String(user.json.email ?? '').toLowerCase()
      const name = String(user.json.login ?? '').toLowerCase()
      if (email === wanted || (name !== '' && name === wanted)) return user
    }
    return undefined
  }

  isAdmin(user: SimUser): boolean {
    return user.json.administrator === true
  }

  /** A manager is a user with `userLimit ≠ 0` (-1 = unlimited), as Traccar's `User.getManager()`. */
  isManager(user: SimUser): boolean {
    return typeof user.json.userLimit === 'number' && user.json.userLimit !== 0
  }

  /** A direct `tc_user_user` link from owner to the user: never transitive. */
  manages(owner: SimUser, userId: number): boolean {
    return owner.managedUserIds.has(userId)
  }

  /** The users the owner is linked to, in link order. */
  managedUsers(owner: SimUser): SimUser[] {
    return [...owner.managedUserIds].map((id) => this.users.get(id)).filter((u): u is SimUser => !!u)
  }

  canSeeDevice(user: SimUser, deviceId: number): boolean {
    const device = this.devices.get(deviceId)
    if (!device) return false
    return this.isAdmin(user) || device.ownerIds.includes(user.json.id as number)
  }

  devicesOf(user: SimUser): SimDevice[] {
    return [...this.devices.values()].filter((d) => d.ownerIds.includes(user.json.id as number))
  }

  usersOfDevice(deviceId: number): SimUser[] {
    const device = this.devices.get(deviceId)
    if (!device) return []
    return device.ownerIds.map((id) => this.users.get(id)).filter((u): u is SimUser => !!u)
  }

  deviceJson(d: SimDevice): Json {
    const base: Json = {
      id: d.id,
      attributes: structuredClone(d.attributes),
      groupId: 0,
      ...(this.traits.deviceCalendar ? { calendarId: 0 } : {}),
      name: d.name,
      uniqueId: d.uniqueId,
      status: d.status,
      lastUpdate: d.lastUpdate === null ? null : traccarDate(d.lastUpdate),
      positionId: d.positionId,
      ...(this.traits.deviceGeofenceIds ? { geofenceIds: this.geofenceIdsOfDevice(d) } : {}),
      phone: null,
      model: d.model,
      contact: null,
      category: d.category,
      disabled: false,
    }
    if (this.traits.deviceCalendar) base.expirationTime = null
    return base
  }

  private geofenceIdsOfDevice(d: SimDevice): number[] {
    return [...this.geofences.values()]
      .filter((g) => g.ownerIds.some((o) => d.ownerIds.includes(o)))
      .map((g) => g.id)
  }

  positionJson(p: SimPosition): Json {
    const time = traccarDate(p.time)
    const json: Json = {
      id: p.id,
      attributes: structuredClone(p.attributes),
      deviceId: p.deviceId,
      ...(this.traits.positionLegacyFields ? { type: null } : {}),
      protocol: 'h02',
      serverTime: time,
      deviceTime: time,
      fixTime: time,
      ...(this.traits.positionLegacyFields ? { outdated: false } : {}),
      valid: true,
      latitude: p.latitude,
      longitude: p.longitude,
      altitude: 574.0,
      speed: p.speed,
      course: p.course,
      address: null,
      accuracy: 0.0,
      network: null,
      geofenceIds: p.geofenceIds,
    }
    return json
  }

  geofenceJson(g: SimGeofence): Json {
    return {
      id: g.id,
      attributes: {},
      calendarId: 0,
      name: g.name,
      description: g.description,
      area: `CIRCLE (${g.latitude} ${g.longitude}, ${g.radius})`,
    }
  }

  eventJson(e: SimEvent): Json {
    return {
      id: e.id,
      attributes: structuredClone(e.attributes),
      deviceId: e.deviceId,
      type: e.type,
      [this.traits.legacyEventTime ? 'serverTime' : 'eventTime']: traccarDate(e.time),
      positionId: e.positionId,
      geofenceId: e.geofenceId,
      maintenanceId: e.maintenanceId,
    }
  }

  addPosition(
    deviceId: number,
    values: Omit<SimPosition, 'id' | 'deviceId' | 'time' | 'geofenceIds'>,
  ): SimPosition {
    const device = this.devices.get(deviceId)
    if (!device) throw new Error(`no device ${deviceId}`)
    const position: SimPosition = {
      id: this.nextId.position++,
      deviceId,
      time: this.now(),
      geofenceIds: null,
      ...values,
    }
    const inside = [...this.geofences.values()].filter(
      (g) => g.ownerIds.some((o) => device.ownerIds.includes(o)) && distanceMeters(g, position) <= g.radius,
    )
    position.geofenceIds = inside.length ? inside.map((g) => g.id) : null
    this.positions.set(position.id, position)
    device.positionId = position.id
    device.lastUpdate = position.time
    this.emit('position', position)
    return position
  }

  addEvent(values: {
    type: string
    deviceId: number
    positionId?: number
    geofenceId?: number
    maintenanceId?: number
    attributes?: Json
  }): SimEvent {
    const event: SimEvent = {
      id: this.nextId.event++,
      type: values.type,
      deviceId: values.deviceId,
      time: this.now(),
      positionId: values.positionId ?? 0,
      geofenceId: values.geofenceId ?? 0,
      maintenanceId: values.maintenanceId ?? 0,
      attributes: values.attributes ?? {},
    }
    this.events.push(event)
    this.emit('event', event)
    return event
  }

  setDeviceStatus(device: SimDevice, status: SimDevice['status']): void {
    device.status = status
    device.lastUpdate = this.now()
    this.emit('device', device)
  }
}

export function distanceMeters(
  a: { latitude: number; longitude: number },
  b: { latitude: number; longitude: number },
): number {
  const rad = Math.PI / 180
  const dLat = (b.latitude - a.latitude) * rad
  const dLon = (b.longitude - a.longitude) * rad
  const h =
    Math.sin(dLat / 2) ** 2 +
    Math.cos(a.latitude * rad) * Math.cos(b.latitude * rad) * Math.sin(dLon / 2) ** 2
  return 2 * 6_371_000 * Math.asin(Math.sqrt(h))
}
