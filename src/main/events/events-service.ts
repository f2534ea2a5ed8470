/**
 * The account's events: read from the reports API per device (with progress), and followed live
 * over /api/socket (where the server pushes them: only for notifications with the web channel).
 * Replaying them to the webhook URL is delivery/backfill.ts.
 */
import WebSocket from 'ws'
import type { EventRow, PushEvent } from '$shared/contract'
import { t } from '../i18n'
import { AppFailure } from '$shared/result'
import type { AccountService, ActiveSession } from '../account/account-service'
import type { Event } from '$shared/traccar'
import { deviceNames, newestFirst, toRow } from '../traccar/event-rows'
import { readDevices, readEventReport } from '../traccar/reports'

const BACKOFF_MS = [1000, 2000, 4000, 8000, 15_000, 30_000, 60_000]

export class EventsService {
  /** The events last listed, by id, so a backfill can rebuild them without fetching again. */
  private listed = new Map<number, Event>()
  private names = new Map<number, string>()
  private socket: WebSocket | null = null
  private live: { session: ActiveSession; attempt: number; timer?: NodeJS.Timeout } | null = null

  constructor(
    private readonly accounts: AccountService,
    private readonly push: (event: PushEvent) => void,
  ) {}

  async list(from: string, to: string): Promise<EventRow[]> {
    if (Date.parse(from) >= Date.parse(to)) throw new AppFailure('events.range', t('error.events.range'))
    const { client } = this.accounts.require()
    const devices = await readDevices(client)
    this.names = deviceNames(client.plain(devices))
    const all: Event[] = []
    this.push({ type: 'events.progress', devicesDone: 0, devicesTotal: devices.length, events: 0 })
    for (const [i, device] of devices.entries()) {
      all.push(...(await readEventReport(client, [device.id], new Date(from), new Date(to))))
      this.push({
        type: 'events.progress',
        devicesDone: i + 1,
        devicesTotal: devices.length,
        events: all.length,
      })
    }
    this.listed = new Map(all.map((e) => [e.id, e]))
    return all.map((e) => toRow(e, this.names)).sort(newestFirst)
  }

  /** An event listed (or pushed live) since, as the server sent it. */
  listedEvent(id: number): Event | undefined {
    return this.listed.get(id)
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
      let message: { events?: Event[] }
      try {
        message = JSON.parse(String(data)) as { events?: Event[] }
      } catch {
        return
      }
      for (const event of message.events ?? []) {
        this.listed.set(event.id, event)
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
}
