/**
 * Traccar's model objects as Webhook Desk uses them: the fields it reads, typed, and every other
 * field kept as the server sent it (a user is written back whole; devices, positions, geofences,
 * maintenances and events go into webhook bodies verbatim).
 */

/** Fields this app does not read, of whatever JSON type the server sent. */
interface Unread {
  [field: string]: unknown
}

/** `GET /api/server`: what decides the generation and how to sign in. */
export interface Server extends Unread {
  version: string
  readonly?: boolean
  /** Password sign-in goes through OpenID (openIdForce) or may (openIdEnabled). */
  openIdEnabled?: boolean
  openIdForce?: boolean
}

/** `GET /api/session`, `/api/users/{id}`: replaced whole on `PUT`, so every field must survive. */
export interface User extends Unread {
  id: number
  email: string
  name: string
  attributes: Record<string, unknown>
}

export interface Device extends Unread {
  id: number
  name?: string
  uniqueId?: string
  /** The device's last position (0 or absent: none yet). */
  positionId?: number
}

export interface Position extends Unread {
  id: number
  deviceId: number
}

export interface Geofence extends Unread {
  id: number
}

export interface Maintenance extends Unread {
  id: number
}

/** An event; Traccar before 4.13 calls its time `serverTime`, later `eventTime`. */
export interface Event extends Unread {
  id: number
  type: string
  deviceId: number
  eventTime?: string
  serverTime?: string
  positionId?: number
  geofenceId?: number
  maintenanceId?: number
  attributes?: { alarm?: unknown } & Unread
}

/**
 * Whether a server version (`GET /api/server` `version`, e.g. "6.14.5", "4.13-SNAPSHOT") is at
 * least major.minor, the release a behaviour came in. Text that does not start with a number
 * reads as 0.0: older than anything, so the oldest behaviour is assumed.
 */
export function versionAtLeast(version: string, major: number, minor: number): boolean {
  const [, a = '0', b = '0'] = /^(\d+)(?:\.(\d+))?/.exec(version) ?? []
  const [have, haveMinor] = [Number(a), Number(b)]
  return have > major || (have === major && haveMinor >= minor)
}

/** A manager is a user with userLimit ≠ 0 (-1: unlimited); admins are `administrator: true`. */
export const isManager = (user: Record<string, unknown>): boolean =>
  typeof user.userLimit === 'number' && user.userLimit !== 0
