/**
 * The account's events: read from the reports API per device (with progress), followed live over
 * /api/socket (where the server pushes them: only for notifications with the web channel), and
 * replayed to the webhook URL (backfill) the way the cloud would have sent them.
 */
import { randomUUID } from 'node:crypto'
import WebSocket from 'ws'
import type { BackfillInput, EventRow, PushEvent } from '../../shared/contract'
import { t } from '../i18n'
import { eventTime } from '../../shared/event-time'
import { AppFailure } from '../../shared/result'
import type { AccountService, ActiveSession } from '../account/account-service'
import { checkTarget, cloudHeaders, type DeliveryService } from '../delivery/delivery-service'
import { PayloadBuilder } from '../delivery/payloads'
import { deviceNames, newestFirst, rangeQuery, toRow, type Json } from './event-rows'

const BACKOFF_MS = [1000, 2000, 4000, 8000, 15_000, 30_000, 60_000]

export class EventsService {
  /** The events last listed, by id, so a backfill can rebuild them without fetching again. */
  private listed = new Map<number, Json>()
  private names = new Map<unknown, string>()
  private socket: WebSocket | null = null
  private live: { session: ActiveSession; attempt: number; timer?: NodeJS.Timeout } | null = null
  private jobs = new Map<string, { cancelled: boolean }>()

  constructor(
    private readonly accounts: AccountService,
    private readonly delivery: DeliveryService,
    private readonly push: (event: PushEvent) => void,
  ) {}

  async list(from: string, to: string): Promise<EventRow[]> {
    if (Date.parse(from) >= Date.parse(to)) throw new AppFailure('events.range', t('error.events.range'))
    const { client } = this.accounts.require()
    const devices = await client.getJson<Json[]>('/api/devices')
    this.names = deviceNames(client.plain(devices))
    const all: Json[] = []
    const range = rangeQuery(new Date(from), new Date(to))
    this.push({ type: 'events.progress', devicesDone: 0, devicesTotal: devices.length, events: 0 })
    for (const [i, device] of devices.entries()) {
      all.push(...(await client.getJson<Json[]>(`/api/reports/events?deviceId=${device.id}&${range}`)))
      this.push({
        type: 'events.progress',
        devicesDone: i + 1,
        devicesTotal: devices.length,
        events: all.length,
      })
    }
    this.listed = new Map(all.map((e) => [e.id as number, e]))
    return all.map((e) => toRow(e, this.names)).sort(newestFirst)
  }

  startLive(): void {
    this.stopLive()
    this.live = { session: this.accounts.require(), attempt: 0 }
    void this.connect()
  }

  stopLive(): void {
    if (this.live?.timer) clearTimeout(this.live.timer)
    this.live = null
    const socket = this.socket
    this.socket = null
    socket?.terminate()
  }

  private async connect(): Promise<void> {
    const live = this.live
    if (!live) return
    // The session this stream belongs to has ended (sign-out, switch): stop quietly.
    if (this.accounts.session()?.accountId !== live.session.info.accountId) return this.stopLive()
    this.push({ type: 'events.socket', state: 'connecting', message: t('socket.connecting') })
    const origin = live.session.client.origin
    const cookie = await live.session.client.cookieHeader()
    const socket = new WebSocket(`${origin.replace(/^http/, 'ws')}/api/socket`, {
      headers: cookie ? { cookie } : {},
    })
    this.socket = socket
    socket.on('open', () => {
      live.attempt = 0
      this.push({
        type: 'events.socket',
        state: 'open',
        message: t('socket.open'),
      })
    })
    socket.on('message', (data) => {
      let message: { events?: Json[] }
      try {
        message = JSON.parse(String(data)) as { events?: Json[] }
      } catch {
        return
      }
      for (const event of message.events ?? []) {
        this.listed.set(event.id as number, event)
        this.push({ type: 'events.live', event: toRow(event, this.names) })
      }
    })
    socket.on('error', () => {})
    socket.on('close', () => {
      if (this.socket !== socket || this.live !== live) return
      const wait = BACKOFF_MS[Math.min(live.attempt, BACKOFF_MS.length - 1)]!
      live.attempt++
      this.push({
        type: 'events.socket',
        state: 'closed',
        message: t('socket.closed', { seconds: Math.round(wait / 1000) }),
      })
      // A failed socket often means the session cookie expired: a cheap authenticated call signs in again.
      live.timer = setTimeout(() => {
        void live.session.client
          .currentUser()
          .catch(() => {})
          .then(() => this.connect())
      }, wait)
    })
  }

  async startBackfill(input: BackfillInput): Promise<{ jobId: string; total: number }> {
    const session = this.accounts.require()
    checkTarget('backfill', input.url, input.psk)
    const events: Json[] = []
    for (const id of new Set(input.eventIds)) {
      events.push(this.listed.get(id) ?? (await session.client.getJson<Json>(`/api/events/${id}`)))
    }
    // An event without a time (none seen in practice) sorts first.
    const time = (e: Json): number => Date.parse(eventTime(e)) || 0
    events.sort((a, b) => time(a) - time(b) || (a.id as number) - (b.id as number))
    const jobId = randomUUID()
    const job = { cancelled: false }
    this.jobs.set(jobId, job)
    void this.runBackfill(jobId, job, session, events, input)
    return { jobId, total: events.length }
  }

  cancelBackfill(jobId: string): void {
    const job = this.jobs.get(jobId)
    if (job) job.cancelled = true
  }

  private async runBackfill(
    jobId: string,
    job: { cancelled: boolean },
    session: ActiveSession,
    events: Json[],
    input: BackfillInput,
  ): Promise<void> {
    let delivered = 0
    let failed = 0
    let stoppedOnFailure = false
    try {
      const bodies = await new PayloadBuilder(session.client, session.server.version).replays(events)
      for (const [i, event] of events.entries()) {
        if (job.cancelled) break
        const record = await this.delivery.deliver({
          url: input.url,
          headers: cloudHeaders(input.psk, 'replay'),
          body: bodies[i]!,
          eventType: String(event.type),
          timeoutMs: input.timeoutMs,
          insecureTls: false,
          kind: 'replay',
        })
        if (record.verdict === 'delivered') delivered++
        else failed++
        this.push({
          type: 'backfill.progress',
          jobId,
          done: i + 1,
          total: events.length,
          result: {
            eventId: event.id as number,
            verdict: record.verdict,
            status: record.response?.status ?? null,
            title: record.diagnosis.title,
            deliveryId: record.id,
          },
        })
        if (record.verdict !== 'delivered' && !input.continueOnFailure) {
          stoppedOnFailure = true
          break
        }
      }
    } catch {
      failed++
      stoppedOnFailure = true
    } finally {
      this.jobs.delete(jobId)
      this.push({
        type: 'backfill.finished',
        jobId,
        delivered,
        failed,
        cancelled: job.cancelled,
        stoppedOnFailure,
      })
    }
  }
}
