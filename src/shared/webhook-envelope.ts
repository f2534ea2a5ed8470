/**
 * The webhook body the cloud sends: {event, position?, device, geofence?, maintenance?}
 * (Traccar's EventData, NON_NULL at the top level). Shared by the simulator's forwarder and the
 * app's test sender so both build the same envelope.
 */
import { versionAtLeast } from './traccar'

export type Json = Record<string, unknown>

/** Connection events have no position (reference §5.1). */
export const CONNECTION_EVENTS: readonly string[] = [
  'deviceOnline',
  'deviceOffline',
  'deviceUnknown',
  'deviceInactive',
]

export function envelope(parts: {
  event: Json
  position?: Json | null
  device?: Json | null
  geofence?: Json | null
  maintenance?: Json | null
}): Json {
  const out: Json = { event: parts.event }
  if (parts.position) out.position = parts.position
  if (parts.device) out.device = parts.device
  if (parts.geofence) out.geofence = parts.geofence
  if (parts.maintenance) out.maintenance = parts.maintenance
  return out
}

/** Traccar's date format: yyyy-MM-dd'T'HH:mm:ss.SSS+00:00 */
export const traccarDate = (ms: number): string => new Date(ms).toISOString().replace('Z', '+00:00')

/** Traccar renamed Event.serverTime to eventTime in 4.13. */
export function eventTimeKey(version: string): 'eventTime' | 'serverTime' {
  return versionAtLeast(version, 4, 13) ? 'eventTime' : 'serverTime'
}
