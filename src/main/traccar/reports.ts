/**
 * Reading the account's devices and its event reports: the one place the Events view (per
 * device, with progress) and the Test view (recent events, all devices at once) ask the server.
 */
import type { TraccarClient } from './client'
import type { Device, Event } from '$shared/traccar'

/** The signed-in user's devices, or with a user id those of that (managed) user. */
export const readDevices = (client: TraccarClient, userId?: number): Promise<Device[]> =>
  client.getJson<Device[]>(userId === undefined ? '/api/devices' : `/api/devices?userId=${userId}`)

/** `GET /api/reports/events` for these devices between two times, in one request. */
export function readEventReport(
  client: TraccarClient,
  deviceIds: readonly number[],
  from: Date,
  to: Date,
): Promise<Event[]> {
  const devices = deviceIds.map((id) => `deviceId=${id}`).join('&')
  const range = `from=${encodeURIComponent(from.toISOString())}&to=${encodeURIComponent(to.toISOString())}`
  return client.getJson<Event[]>(`/api/reports/events?${devices}&${range}`)
}
