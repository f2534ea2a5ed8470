/**
 * Traccar event types, with a line each on what makes them happen in the message files
 * (reference: traccar-api.md §4).
 * The ones the BikeTrax integration page names come first, in its order.
 */
import { isMessageKey, t } from './i18n'

export const BIKETRAX_DOCUMENTED_TYPES = [
  'deviceOnline',
  'deviceOffline',
  'deviceMoving',
  'deviceStopped',
  'alarm',
  'geofenceEnter',
  'geofenceExit',
  'ignitionOn',
  'ignitionOff',
] as const

/** What makes an event of this type happen, in the current language; empty for types we don't know. */
export function describeEventType(type: string): string {
  const key = `eventType.${type}`
  return isMessageKey(key) ? t(key) : ''
}

/** The server's types, BikeTrax-documented first (in the page's order), then the rest as listed. */
export function orderEventTypes(serverTypes: readonly string[]): string[] {
  const documented = BIKETRAX_DOCUMENTED_TYPES.filter((t) => serverTypes.includes(t))
  return [...documented, ...serverTypes.filter((t) => !(documented as readonly string[]).includes(t))]
}
