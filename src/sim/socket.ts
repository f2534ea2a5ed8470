/**
 * WebSocket /api/socket (reference §6): session cookie (or ?token= on the 6.x flavour), the latest
 * positions on open, then devices/positions/events as they happen, and a {} keepalive. Events are
 * pushed only for types the user has a `web` notification for, with attributes.message added.
 */
import type { IncomingMessage } from 'node:http'
import type { Duplex } from 'node:stream'
import { WebSocketServer, type WebSocket } from 'ws'
import { sanitized } from './api'
import { sessionOf, userForToken } from './auth'
import type { SimDevice, SimEvent, SimPosition, SimState, SimUser } from './state'

export class LiveSocket {
  private wss = new WebSocketServer({ noServer: true })
  private timers = new Set<NodeJS.Timeout>()

  constructor(
    private readonly state: SimState,
    private readonly keepaliveMs: number,
  ) {}

  private userFor(req: IncomingMessage): SimUser | null {
    const token = new URL(req.url ?? '/', 'http://sim').searchParams.get('token')
    if (token && this.state.traits.socketToken) return userForToken(this.state, token)?.user ?? null
    const found = sessionOf(this.state, req)
    return found ? (this.state.users.get(found.session.userId) ?? null) : null
  }

  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const user = this.userFor(req)
    if (!user || user.json.disabled === true) {
      socket.end('HTTP/1.1 401 Unauthorized\r\nContent-Length: 0\r\n\r\n')
      return
    }
    this.wss.handleUpgrade(req, socket, head, (ws) => this.attach(ws, user))
  }

  private attach(ws: WebSocket, user: SimUser): void {
    const state = this.state
    const send = (message: object): void => {
      if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(sanitized(state, message)))
    }
    const latest = state
      .devicesOf(user)
      .map((d) => state.positions.get(d.positionId))
      .filter((p): p is SimPosition => !!p)
      .map((p) => state.positionJson(p))
    send({ positions: latest })

    const onPosition = (p: SimPosition): void => {
      if (state.canSeeDevice(user, p.deviceId)) send({ positions: [state.positionJson(p)] })
    }
    const onDevice = (d: SimDevice): void => {
      if (state.canSeeDevice(user, d.id)) send({ devices: [state.deviceJson(d)] })
    }
    const onEvent = (e: SimEvent): void => {
      if (!state.canSeeDevice(user, e.deviceId) || !user.webNotifications.has(e.type)) return
      const json = state.eventJson(e)
      const device = state.devices.get(e.deviceId)
      json.attributes = { ...(json.attributes as object), message: `${device?.name ?? 'Device'}: ${e.type}` }
      send({ events: [json] })
    }
    state.on('position', onPosition)
    state.on('device', onDevice)
    state.on('event', onEvent)
    const keepalive = setInterval(() => send({}), this.keepaliveMs)
    this.timers.add(keepalive)
    ws.on('close', () => {
      clearInterval(keepalive)
      this.timers.delete(keepalive)
      state.off('position', onPosition)
      state.off('device', onDevice)
      state.off('event', onEvent)
    })
  }

  /** Drops every live connection (the server restarting, a proxy timing out). */
  dropAll(): void {
    for (const client of this.wss.clients) client.terminate()
  }

  close(): void {
    this.timers.forEach(clearInterval)
    for (const client of this.wss.clients) client.terminate()
    this.wss.close()
  }
}
