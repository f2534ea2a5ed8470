/**
 * Bodies for test webhooks, built like the cloud's for the connected server's generation: the
 * account's real device, last position and geofence as the server returns them, or realistic
 * samples when the account has none.
 */
import { CONNECTION_EVENTS, envelope, eventTimeKey, traccarDate } from '$shared/webhook-envelope'
import type { Device, Event, Geofence, Maintenance, Position } from '$shared/traccar'
import { generationOf, type TraccarClient } from '../traccar/client'
import { readDevices } from '../traccar/reports'

const SAMPLE_AT = { latitude: 47.2654, longitude: 11.3927 }

function sampleDevice(version: string, now: number): Device {
  const legacy = generationOf(version) === 'legacy'
  return {
    id: 1,
    attributes: {},
    groupId: 0,
    ...(legacy ? {} : { calendarId: 0 }),
    name: 'Sample Bike',
    uniqueId: '4710100000',
    status: 'online',
    lastUpdate: traccarDate(now),
    positionId: 1,
    ...(legacy ? { geofenceIds: [] } : {}),
    phone: null,
    model: 'BikeTrax',
    contact: null,
    category: 'bicycle',
    disabled: false,
    ...(legacy ? {} : { expirationTime: null }),
  }
}

function samplePosition(deviceId: number, now: number): Position {
  const time = traccarDate(now)
  return {
    id: 1,
    attributes: { batteryLevel: 86, motion: false, ignition: false },
    deviceId,
    protocol: 'h02',
    serverTime: time,
    deviceTime: time,
    fixTime: time,
    valid: true,
    ...SAMPLE_AT,
    altitude: 574.0,
    speed: 0.0,
    course: 0.0,
    address: null,
    accuracy: 0.0,
    network: null,
    geofenceIds: null,
  }
}

const SAMPLE_GEOFENCE: Geofence = {
  id: 1,
  attributes: {},
  calendarId: 0,
  name: 'Home',
  description: null,
  area: 'CIRCLE (47.2654 11.3927, 150)',
}

const SAMPLE_MAINTENANCE: Maintenance = {
  id: 1,
  attributes: {},
  name: 'Service',
  type: 'totalDistance',
  start: 0.0,
  period: 1_000_000.0,
}

const pretty = (value: unknown): string => JSON.stringify(value, null, 2)

export class BodyBuilder {
  constructor(
    private readonly client: TraccarClient,
    private readonly version: string,
    private readonly now: () => number = Date.now,
    /** The devices a test body may use: the account's whose webhook is tested. */
    private readonly testDevices: () => Promise<Device[]> = () => readDevices(client),
  ) {}

  private async position(id: number | undefined): Promise<Position | null> {
    if (typeof id !== 'number' || id === 0) return null
    const found = await this.client.getJson<Position[]>(`/api/positions?id=${id}`)
    return Array.isArray(found) && found[0] ? found[0] : null
  }

  private async maintenances(): Promise<Maintenance[]> {
    const all = await this.client.getJson<Maintenance[]>('/api/maintenance')
    return Array.isArray(all) ? all : []
  }

  private async firstGeofence(): Promise<Geofence | null> {
    const all = await this.client.getJson<Geofence[]>('/api/geofences')
    return Array.isArray(all) ? (all[0] ?? null) : null
  }

  /** A new event of the given type for a device of the account (or a sample device). */
  async test(eventType: string, deviceId: number | null): Promise<string> {
    const now = this.now()
    const devices = await this.testDevices()
    const device = devices.find((d) => d.id === deviceId) ?? devices[0] ?? sampleDevice(this.version, now)
    const connection = CONNECTION_EVENTS.includes(eventType)
    const position = connection
      ? null
      : ((await this.position(device.positionId)) ?? samplePosition(device.id, now))
    const geofence = eventType.startsWith('geofence')
      ? ((await this.firstGeofence()) ?? SAMPLE_GEOFENCE)
      : null
    // Traccar's forwarder adds the maintenance object when the event has a maintenanceId.
    const maintenance =
      eventType === 'maintenance' ? ((await this.maintenances())[0] ?? SAMPLE_MAINTENANCE) : null
    const event: Event = {
      id: Math.floor(now / 1000),
      attributes: eventType === 'alarm' ? { alarm: 'vibration' } : {},
      deviceId: device.id,
      type: eventType,
      [eventTimeKey(this.version)]: traccarDate(now),
      positionId: position?.id ?? 0,
      geofenceId: geofence?.id ?? 0,
      maintenanceId: maintenance?.id ?? 0,
    }
    return pretty(envelope({ event, position, device, geofence, maintenance }))
  }

  /** A real event of the account, with its device, position and geofence as the server has them. */
  async event(eventId: number): Promise<{ body: string; eventType: string }> {
    const event = await this.client.getJson<Event>(`/api/events/${eventId}`)
    const [body] = await this.replays([event])
    return { body: pretty(JSON.parse(body!)), eventType: event.type }
  }

  /**
   * The cloud's bodies for many real events (compact JSON, in the given order): devices and
   * geofences are read once, positions in batches.
   */
  async replays(events: Event[]): Promise<string[]> {
    const devices = new Map((await readDevices(this.client)).map((d) => [d.id, d]))
    const needsGeofence = events.some((e) => typeof e.geofenceId === 'number' && e.geofenceId !== 0)
    const geofences = needsGeofence ? await this.client.getJson<Geofence[]>('/api/geofences') : []
    const needsMaintenance = events.some((e) => typeof e.maintenanceId === 'number' && e.maintenanceId !== 0)
    const maintenances = needsMaintenance ? await this.maintenances() : []
    const positionIds = [
      ...new Set(
        events.map((e) => e.positionId).filter((id): id is number => typeof id === 'number' && id !== 0),
      ),
    ]
    const positions = new Map<number, Position>()
    for (let i = 0; i < positionIds.length; i += 100) {
      const batch = positionIds.slice(i, i + 100)
      const found = await this.client.getJson<Position[]>(
        `/api/positions?${batch.map((id) => `id=${id}`).join('&')}`,
      )
      for (const p of found) positions.set(p.id, p)
    }
    return events.map((event) =>
      JSON.stringify(
        envelope({
          event,
          position: positions.get(event.positionId ?? 0) ?? null,
          device: devices.get(event.deviceId) ?? null,
          geofence: geofences.find((g) => g.id === event.geofenceId) ?? null,
          maintenance: maintenances.find((m) => m.id === event.maintenanceId) ?? null,
        }),
      ),
    )
  }
}
