/**
 * The BikeTrax webhook forwarder (reference §5.4): for every new event, each user who can see the
 * device and has `webhookUrl` gets one POST of {event, position?, device, geofence?}. Only
 * `webhookTypes` entries match (case-sensitive, comma-separated, absent = all); `webhookPsk` is
 * sent verbatim as Authorization; 200 and 201 are success; nothing is retried.
 */
import { randomUUID } from 'node:crypto'
import { request as httpRequest, type OutgoingHttpHeaders } from 'node:http'
import { request as httpsRequest } from 'node:https'
import { envelope } from '$shared/webhook-envelope'
import { sanitized } from './api'
import { typeSelected } from '$shared/webhook'
import type { Json, SimEvent, SimState, SimUser } from './state'

export interface Delivery {
  id: number
  time: string
  userId: number
  eventId: number
  eventType: string
  url: string
  request: { method: 'POST'; headers: Record<string, string>; body: string }
  status: number | null
  error: string | null
  delivered: boolean
  durationMs: number
}

export interface ForwarderOptions {
  timeoutMs?: number
  /** Extra CA certificates to trust (tests with their own CA). */
  ca?: string | Buffer
}

export function buildPayload(state: SimState, event: SimEvent): Json {
  const position = event.positionId ? state.positions.get(event.positionId) : undefined
  const device = state.devices.get(event.deviceId)
  const geofence = event.geofenceId ? state.geofences.get(event.geofenceId) : undefined
  const maintenance = event.maintenanceId ? state.maintenances.get(event.maintenanceId) : undefined
  return envelope({
    maintenance: maintenance && structuredClone(maintenance),
    event: state.eventJson(event),
    position: position && state.positionJson(position),
    device: device && state.deviceJson(device),
    geofence: geofence && state.geofenceJson(geofence),
  })
}

export class Forwarder {
  readonly deliveries: Delivery[] = []
  private pending = new Set<Promise<void>>()
  private nextId = 1

  constructor(
    private readonly state: SimState,
    private readonly options: ForwarderOptions = {},
  ) {
    state.on('event', (event: SimEvent) => this.forward(event))
  }

  /** Resolves when every delivery started so far has finished. */
  async settle(): Promise<void> {
    while (this.pending.size) await Promise.all([...this.pending])
  }

  private forward(event: SimEvent): void {
    for (const user of this.state.usersOfDevice(event.deviceId)) {
      const attributes = (user.json.attributes ?? {}) as Json
      const url = attributes.webhookUrl
      if (typeof url !== 'string' || url === '') continue
      if (!typeSelected(attributes.webhookTypes, event.type)) continue
      const job = this.deliver(user, event, url, attributes.webhookPsk).finally(() =>
        this.pending.delete(job),
      )
      this.pending.add(job)
    }
  }

  private async deliver(user: SimUser, event: SimEvent, url: string, psk: unknown): Promise<void> {
    const body = JSON.stringify(sanitized(this.state, buildPayload(this.state, event)))
    const headers: Record<string, string> = {
      'Content-Type': 'application/json',
      'X-PowTxn': randomUUID(),
    }
    if (typeof psk === 'string' && psk !== '') headers.Authorization = psk
    const delivery: Delivery = {
      id: this.nextId++,
      time: new Date().toISOString(),
      userId: user.json.id as number,
      eventId: event.id,
      eventType: event.type,
      url,
      request: { method: 'POST', headers, body },
      status: null,
      error: null,
      delivered: false,
      durationMs: 0,
    }
    const started = performance.now()
    try {
      delivery.status = await post(url, headers, body, this.options)
      delivery.delivered = delivery.status === 200 || delivery.status === 201
    } catch (error) {
      delivery.error = (error as Error).message
    }
    delivery.durationMs = Math.round(performance.now() - started)
    this.deliveries.push(delivery)
    if (this.deliveries.length > 1000) this.deliveries.shift()
  }
}

function post(
  url: string,
  headers: Record<string, string>,
  body: string,
  options: ForwarderOptions,
): Promise<number> {
  return new Promise((resolve, reject) => {
    let target: URL
    try {
      target = new URL(url)
    } catch {
      reject(new Error('invalid URL'))
      return
    }
    if (target.protocol !== 'http:' && target.protocol !== 'https:') {
      reject(new Error(`unsupported scheme ${target.protocol}`))
      return
    }
    const send = target.protocol === 'https:' ? httpsRequest : httpRequest
    const outgoing: OutgoingHttpHeaders = { ...headers, 'Content-Length': Buffer.byteLength(body) }
    const req = send(
      target,
      {
        method: 'POST',
        headers: outgoing,
        timeout: options.timeoutMs ?? 10_000,
        ...(options.ca ? { ca: options.ca } : {}),
      },
      (res) => {
        res.resume()
        res.on('end', () => resolve(res.statusCode ?? 0))
        res.on('error', reject)
      },
    )
    req.on('timeout', () => req.destroy(new Error('timeout')))
    req.on('error', reject)
    req.end(body)
  })
}
