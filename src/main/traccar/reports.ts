/**
 * Reading the account's devices and its event reports: the one place the Events view (per
 * device, with progress) and the Test view (recent events, all devices at once) ask the server.
 */
import type { TraccarClient } from './client'
import type { Json } from './event-rows'

export const readDevices = (client: TraccarClient): Promise<Json[]> => client.getJson<Json[]>('/api/devices')

/** `GET /api/reports/events` for these devices between two times, in one request. */
export function readEventReport(
  client: TraccarClient,
  deviceIds: readonly unknown[],
  from: Date,
  to: Date,
): Promise<Json[]> {
  const devices = deviceIds.map((id) => `deviceId=${id}`).join('&')
  const range = `from=${encodeURIComponent(from.toISOString())}&to=${encodeURIComponent(to.toISOString())}`
  return client.getJson<Json[]>(`/api/reports/events?${devices}&${range}`)
}
