/** Traccar's event JSON as the views list it: one shape for the Events view and the Test view. */
import type { EventRow } from '../../shared/contract'
import { eventTime } from '../../shared/event-time'

export type Json = Record<string, unknown>

/** The name the views show for a device. */
export const deviceName = (device: Json): string => String(device.name ?? device.uniqueId ?? device.id)

/** Device id → its name. */
export const deviceNames = (devices: Json[]): Map<unknown, string> =>
  new Map(devices.map((d) => [d.id, deviceName(d)]))

export const toRow = (e: Json, names: Map<unknown, string>): EventRow => ({
  id: e.id as number,
  type: String(e.type),
  deviceId: e.deviceId as number,
  deviceName: names.get(e.deviceId) ?? String(e.deviceId),
  time: eventTime(e),
  alarm:
    typeof (e.attributes as Json | undefined)?.alarm === 'string'
      ? ((e.attributes as Json).alarm as string)
      : null,
})

export const newestFirst = (a: EventRow, b: EventRow): number =>
  Date.parse(b.time) - Date.parse(a.time) || b.id - a.id

/** The `from` and `to` of `/api/reports/events`. */
export const rangeQuery = (from: Date, to: Date): string =>
  `from=${encodeURIComponent(from.toISOString())}&to=${encodeURIComponent(to.toISOString())}`
