/**
 * What differs between the two Traccar generations BikeTrax has run (reference: traccar-api.md
 * §0–§5): field sets, error texts, auth options, event types.
 */
export type Flavor = '6' | '4.12'

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

/** User JSON keys in the order Traccar serializes them, with their kinds. */
export const USER_FIELDS: Record<Flavor, [string, FieldKind][]> = {
  '6': [
    ...COMMON_USER_FIELDS,
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
  ],
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
export const RESTRICTED_FIELDS: Record<Flavor, string[]> = {
  '6': ['readonly', 'deviceReadonly', 'disabled', 'limitCommands', 'disableReports', 'fixedEmail'],
  '4.12': ['readonly', 'deviceReadonly', 'disabled', 'limitCommands'],
}

export const ADMIN_FIELDS = ['administrator', 'deviceLimit', 'userLimit']

export const VERSION: Record<Flavor, string> = { '6': '6.14.5', '4.12': '4.12' }

export const MESSAGES: Record<Flavor, { disabled: string; expired: string; readonly: string }> = {
  '6': { disabled: 'User is disabled', expired: 'User has expired', readonly: 'Write access denied' },
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
