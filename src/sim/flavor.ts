/**
 * What differs between the Traccar versions BikeTrax has run (docs/traccar-facts.md): field sets,
 * error texts, auth options, event types, HTML escaping and rate limits.
 */
export type Flavor = '6' | '5.12' | '4.12'

export const FLAVORS: readonly Flavor[] = ['4.12', '5.12', '6']

export function isFlavor(value: unknown): value is Flavor {
  return (FLAVORS as readonly unknown[]).includes(value)
}

/** What each simulated version does, so code asks for a behaviour instead of a version. */
export interface Traits {
  /** Signed API tokens: POST /api/session/token and Bearer (≥ 5.3); else the user's `token` column. */
  signedTokens: boolean
  /** TOTP 2FA (≥ 5.10). */
  totp: boolean
  /** Error bodies are Java stack traces (≥ 6.7); else "<msg> - <Exception> (<where>)". */
  stackTraces: boolean
  /** A cookie with a foreign Origin is ignored (≥ 6.12). */
  originCheck: boolean
  /** WebSocket accepts ?token= (≥ 6.2). */
  socketToken: boolean
  /** A readonly user may PUT an unchanged self (≥ 6.3). */
  readonlySelfEdit: boolean
  /** 5.x/6.x permission rules (fixedEmail, the larger restricted set, expiry checked only when changed). */
  modernPermissions: boolean
  /** GET /api/users is sorted by name (≥ 6.6); else in id order. */
  usersByName: boolean
  /** GET /api/users?excludeAttributes=true (≥ 6.10). */
  usersExcludeAttributes: boolean
  /** GET /api/users pages with limit, offset and keyword (≥ 6.13). */
  usersPaging: boolean
  /** GET /api/permissions?userId=&managedUserId= for admins (≥ 6.14). */
  permissionsGet: boolean
  /** Event.serverTime (≤ 4.12) instead of eventTime. */
  legacyEventTime: boolean
  /** Device JSON carries geofenceIds (4.x, 5.x) / calendarId and expirationTime (5.x, 6.x). */
  deviceGeofenceIds: boolean
  deviceCalendar: boolean
  /** Position JSON carries `type` and `outdated` (4.x). */
  positionLegacyFields: boolean
  /** 5.11–5.12: Basic with a wrong password is a 400 (NullPointerException), a bad ?token= too; Bearer is case-sensitive. */
  quirks512: boolean
  /** Server JSON has twelveHourFormat (≤ 6.1) and the 5.x+ fields (openId…). */
  serverTwelveHour: boolean
  serverModernFields: boolean
  /** `--sanitize` default: HTML-escapes API output (4.4–4.15 always; 5.0–5.2 by default). */
  sanitizeDefault: boolean
  /** `--rate-limit` default: Jetty DoSFilter, 25/s (5.1–6.11). */
  rateLimitDefault: number
}

export const TRAITS: Record<Flavor, Traits> = {
  '4.12': {
    signedTokens: false,
    totp: false,
    stackTraces: false,
    originCheck: false,
    socketToken: false,
    readonlySelfEdit: false,
    modernPermissions: false,
    usersByName: false,
    usersExcludeAttributes: false,
    usersPaging: false,
    permissionsGet: false,
    legacyEventTime: true,
    deviceGeofenceIds: true,
    deviceCalendar: false,
    positionLegacyFields: true,
    quirks512: false,
    serverTwelveHour: true,
    serverModernFields: false,
    sanitizeDefault: true,
    rateLimitDefault: 0,
  },
  '5.12': {
    signedTokens: true,
    totp: true,
    stackTraces: false,
    originCheck: false,
    socketToken: false,
    readonlySelfEdit: false,
    modernPermissions: true,
    usersByName: false,
    usersExcludeAttributes: false,
    usersPaging: false,
    permissionsGet: false,
    legacyEventTime: false,
    deviceGeofenceIds: true,
    deviceCalendar: true,
    positionLegacyFields: false,
    quirks512: true,
    serverTwelveHour: true,
    serverModernFields: true,
    sanitizeDefault: false,
    rateLimitDefault: 25,
  },
  '6': {
    signedTokens: true,
    totp: true,
    stackTraces: true,
    originCheck: true,
    socketToken: true,
    readonlySelfEdit: true,
    modernPermissions: true,
    usersByName: true,
    usersExcludeAttributes: true,
    usersPaging: true,
    permissionsGet: true,
    legacyEventTime: false,
    deviceGeofenceIds: false,
    deviceCalendar: true,
    positionLegacyFields: false,
    quirks512: false,
    serverTwelveHour: false,
    serverModernFields: true,
    sanitizeDefault: false,
    rateLimitDefault: 0,
  },
}

export type FieldKind = 'id' | 'string' | 'bool' | 'number' | 'int' | 'date' | 'attributes' | 'any'

const COMMON_USER_FIELDS: [string, FieldKind][] = [
  ['id', 'id'],
  ['attributes', 'attributes'],
  ['name', 'string'],
  ['login', 'string'],
  ['email', 'string'],
  ['phone', 'string'],
  ['readonly', 'bool'],
  ['administrator', 'bool'],
  ['map', 'string'],
  ['latitude', 'number'],
  ['longitude', 'number'],
  ['zoom', 'int'],
]

const MODERN_USER_FIELDS: [string, FieldKind][] = [
  ['coordinateFormat', 'string'],
  ['disabled', 'bool'],
  ['expirationTime', 'date'],
  ['deviceLimit', 'int'],
  ['userLimit', 'int'],
  ['deviceReadonly', 'bool'],
  ['limitCommands', 'bool'],
  ['disableReports', 'bool'],
  ['fixedEmail', 'bool'],
  ['poiLayer', 'string'],
  ['totpKey', 'string'],
  ['temporary', 'bool'],
]

/** User JSON keys in the order Traccar serializes them, with their kinds. */
export const USER_FIELDS: Record<Flavor, [string, FieldKind][]> = {
  '6': [...COMMON_USER_FIELDS, ...MODERN_USER_FIELDS],
  // 5.12 = 6 plus twelveHourFormat (removed in 6.2), as PowUnity's published schema shows.
  '5.12': [...COMMON_USER_FIELDS, ['twelveHourFormat', 'bool'], ...MODERN_USER_FIELDS],
  '4.12': [
    ...COMMON_USER_FIELDS,
    ['twelveHourFormat', 'bool'],
    ['coordinateFormat', 'string'],
    ['disabled', 'bool'],
    ['expirationTime', 'date'],
    ['deviceLimit', 'int'],
    ['userLimit', 'int'],
    ['deviceReadonly', 'bool'],
    ['limitCommands', 'bool'],
    ['poiLayer', 'string'],
    ['token', 'string'],
  ],
}

/** Fields only an administrator (or, for another user, their manager) may change. */
const MODERN_RESTRICTED = [
  'readonly',
  'deviceReadonly',
  'disabled',
  'limitCommands',
  'disableReports',
  'fixedEmail',
]
export const RESTRICTED_FIELDS: Record<Flavor, string[]> = {
  '6': MODERN_RESTRICTED,
  '5.12': MODERN_RESTRICTED,
  '4.12': ['readonly', 'deviceReadonly', 'disabled', 'limitCommands'],
}

export const ADMIN_FIELDS = ['administrator', 'deviceLimit', 'userLimit']

export const VERSION: Record<Flavor, string> = { '6': '6.14.5', '5.12': '5.12', '4.12': '4.12' }

const MODERN_MESSAGES = {
  disabled: 'User is disabled',
  expired: 'User has expired',
  readonly: 'Write access denied',
}
export const MESSAGES: Record<Flavor, { disabled: string; expired: string; readonly: string }> = {
  '6': MODERN_MESSAGES,
  '5.12': MODERN_MESSAGES,
  '4.12': {
    disabled: 'Account is disabled',
    expired: 'Account has expired',
    readonly: 'Account is readonly',
  },
}

export const EVENT_TYPES: Record<Flavor, string[]> = {
  '6': [
    'commandResult',
    'deviceOnline',
    'deviceUnknown',
    'deviceOffline',
    'deviceInactive',
    'queuedCommandSent',
    'deviceMoving',
    'deviceStopped',
    'deviceOverspeed',
    'deviceFuelDrop',
    'deviceFuelIncrease',
    'geofenceEnter',
    'geofenceExit',
    'proximityEnter',
    'proximityExit',
    'unaccompaniedMotion',
    'alarm',
    'ignitionOn',
    'ignitionOff',
    'maintenance',
    'driverChanged',
    'media',
  ],
  '5.12': [
    'commandResult',
    'deviceOnline',
    'deviceUnknown',
    'deviceOffline',
    'deviceInactive',
    'queuedCommandSent',
    'deviceMoving',
    'deviceStopped',
    'deviceOverspeed',
    'deviceFuelDrop',
    'deviceFuelIncrease',
    'geofenceEnter',
    'geofenceExit',
    'alarm',
    'ignitionOn',
    'ignitionOff',
    'maintenance',
    'textMessage',
    'driverChanged',
    'media',
  ],
  '4.12': [
    'commandResult',
    'deviceOnline',
    'deviceUnknown',
    'deviceOffline',
    'deviceInactive',
    'deviceMoving',
    'deviceStopped',
    'deviceOverspeed',
    'deviceFuelDrop',
    'geofenceEnter',
    'geofenceExit',
    'alarm',
    'ignitionOn',
    'ignitionOff',
    'maintenance',
    'textMessage',
    'driverChanged',
  ],
}

export { traccarDate } from '../shared/payload'

export function defaultFor(kind: FieldKind): unknown {
  switch (kind) {
    case 'bool':
      return false
    case 'number':
      return 0.0
    case 'int':
    case 'id':
      return 0
    case 'attributes':
      return {}
    default:
      return null
  }
}
