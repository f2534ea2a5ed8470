/** Traccar's event JSON as the views list it: one shape for the Events view and the Test view. */
import type { EventRow } from '$shared/contract'
import type { Device, Event } from '$shared/traccar'
import { eventTime } from '$shared/event-time'

/** The name the views show for a device. */
export const deviceName = (device: Device): string => String(device.name ?? device.uniqueId ?? device.id)

/** Device id → its name. */
export const deviceNames = (devices: Device[]): Map<number, string> =>
  new Map(devices.map((d) => [d.id, deviceName(d)]))

export const toRow = (e: Event, names: Map<number, string>): EventRow => ({
  id: e.id,
  type: String(e.type),
  deviceId: e.deviceId,
  deviceName: names.get(e.deviceId) ?? String(e.deviceId),
  time: eventTime(e),
  alarm: typeof e.attributes?.alarm === 'string' ? e.attributes.alarm : null,
})

export const newestFirst = (a: EventRow, b: EventRow): number =>
  Date.parse(b.time) - Date.parse(a.time) || b.id - a.id
