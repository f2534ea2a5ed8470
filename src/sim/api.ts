/** The Traccar REST API under /api, as the simulator serves it. */
import type { IncomingMessage, ServerResponse } from 'node:http'
import {
  authenticate,
  checkEnabled,
  issueToken,
  login,
  newSessionId,
  requireUser,
  SESSION_COOKIE,
  sessionOf,
  userForToken,
} from './auth'
import { EVENT_TYPES, VERSION } from './flavor'
import { forHtml, mapStrings } from '$shared/html-escape'
import { HttpError, readForm, readJson, sendJson, sendText, traccarError } from './http'
import type { Json, SimState, SimUser } from './state'
import { changeLink, listLinks, listUsers, userListJson } from './managed'
import { checkUser, checkUserAccess, updateUser } from './users'

/** Every JSON answer: through forHtml when the server sanitizes (Traccar's SanitizerModule). */
export function sanitized<T>(state: SimState, body: T): T {
  return state.sanitize ? mapStrings(body, forHtml) : body
}

function send(
  state: SimState,
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  sendJson(res, status, sanitized(state, body), headers)
}

function serverJson(state: SimState, user: SimUser | null): Json {
  const common: Json = {
    id: 1,
    attributes: {},
    registration: false,
    readonly: state.readonly,
    deviceReadonly: false,
    map: null,
    bingKey: null,
    mapUrl: null,
    latitude: 47.2692,
    longitude: 11.4041,
    zoom: 12,
    forceSettings: false,
    coordinateFormat: null,
    limitCommands: false,
    poiLayer: null,
    announcement: null,
    version: VERSION[state.flavor],
  }
  const twelveHour = state.traits.serverTwelveHour ? { twelveHourFormat: false } : {}
  if (!state.traits.serverModernFields) return { ...common, ...twelveHour }
  return {
    ...common,
    ...twelveHour,
    overlayUrl: null,
    disableReports: false,
    fixedEmail: false,
    emailEnabled: false,
    textEnabled: false,
    geocoderEnabled: false,
    openIdEnabled: state.openId !== 'off',
    openIdForce: state.openId === 'forced',
    ...(user ? {} : { newServer: false }),
  }
}

function startSession(
  state: SimState,
  req: IncomingMessage,
  res: ServerResponse,
  user: SimUser,
  expiresAt: number | null,
): void {
  const id = newSessionId()
  state.sessions.set(id, { userId: user.json.id as number, origin: req.headers.origin ?? null, expiresAt })
  send(state, res, 200, state.userJson(user), { 'set-cookie': `${SESSION_COOKIE}=${id}; Path=/; HttpOnly` })
}

function parseDate(state: SimState, value: string | null, name: string): number {
  const ms = value ? Date.parse(value) : NaN
  if (Number.isNaN(ms))
    throw traccarError(
      state.flavor,
      `Invalid or missing "${name}"`,
      'java.lang.IllegalArgumentException',
      'ReportResource',
    )
  return ms
}

export async function handleApi(
  state: SimState,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
): Promise<void> {
  const method = req.method ?? 'GET'
  const path = url.pathname.replace(/\/+$/, '')
  const q = url.searchParams

  if (path === '/api/server' && method === 'GET') {
    let user: SimUser | null
    try {
      user = authenticate(state, req)
    } catch {
      user = null
    }
    return send(state, res, 200, serverJson(state, user))
  }

  if (path === '/api/session') {
    if (method === 'POST') {
      const form = await readForm(req)
      // With openid.force the password login returns null: 401 whatever was sent.
      if (state.openId === 'forced') throw new HttpError(401)
      const user = login(state, form.get('email') ?? '', form.get('password') ?? '', form.get('code'))
      return startSession(state, req, res, user, null)
    }
    if (method === 'GET') {
      const token = q.get('token')
      if (token) {
        const found = userForToken(state, token)
        // 5.12 answers a bad token with 400 (the token parser throws), later versions with 401.
        if (!found && state.traits.quirks512)
          throw traccarError(state.flavor, 'Invalid token', 'java.lang.SecurityException', 'TokenManager')
        if (!found) throw new HttpError(401)
        checkEnabled(state, found.user)
        return startSession(state, req, res, found.user, found.expiresAt)
      }
      const user = authenticate(state, req)
      if (!user) throw new HttpError(404)
      return send(state, res, 200, state.userJson(user))
    }
    if (method === 'DELETE') {
      requireUser(state, req)
      const found = sessionOf(state, req)
      if (found) state.sessions.delete(found.id)
      res.writeHead(204).end()
      return
    }
  }

  if (path === '/api/session/token' && method === 'POST' && state.traits.signedTokens) {
    const user = requireUser(state, req)
    const form = await readForm(req)
    const token = issueToken(state, user, form.get('expiration'), sessionOf(state, req)?.session ?? null)
    return sendText(res, 200, token)
  }

  // Everything below needs a signed-in user.
  const user = requireUser(state, req)

  if (path === '/api/users' && method === 'GET') {
    return send(state, res, 200, userListJson(state, listUsers(state, user, q), q))
  }

  if (path === '/api/permissions') {
    if (method === 'POST' || method === 'DELETE') {
      await changeLink(state, user, req, method === 'POST')
      res.writeHead(204).end()
      return
    }
    if (method === 'GET' && state.traits.permissionsGet)
      return send(state, res, 200, listLinks(state, user, q))
  }

  const userMatch = /^\/api\/users\/(\d+)$/.exec(path)
  if (userMatch) {
    const id = Number(userMatch[1])
    if (method === 'GET') {
      checkUserAccess(state, user, id)
      const target = state.users.get(id)
      if (!target) throw new HttpError(404, 'Object not found', { 'content-type': 'text/plain' })
      return send(state, res, 200, state.userJson(target))
    }
    if (method === 'PUT') {
      if (!(req.headers['content-type'] ?? '').includes('application/json')) {
        throw new HttpError(415, 'Unsupported Media Type', { 'content-type': 'text/plain' })
      }
      return send(state, res, 200, updateUser(state, user, await readJson(req)))
    }
  }

  if (path === '/api/devices' && method === 'GET') {
    const ids = q.getAll('id').map(Number)
    // ?userId=X: X's devices after Traccar's checkUser (T DeviceResource.get; 4.12 the same check).
    const userId = Number(q.get('userId') ?? 0) || 0
    if (userId > 0 && ids.length === 0) checkUser(state, user, userId)
    const owner = userId > 0 && ids.length === 0 ? state.users.get(userId) : user
    const devices = (owner ? state.devicesOf(owner) : []).filter(
      (d) => ids.length === 0 || ids.includes(d.id),
    )
    return send(
      state,
      res,
      200,
      devices.map((d) => state.deviceJson(d)),
    )
  }

  if (path === '/api/positions' && method === 'GET') {
    const ids = q.getAll('id').map(Number)
    let positions = [...state.positions.values()].filter((p) => state.canSeeDevice(user, p.deviceId))
    if (ids.length) positions = positions.filter((p) => ids.includes(p.id))
    else if (q.has('deviceId') && q.has('from') && q.has('to')) {
      const deviceId = Number(q.get('deviceId'))
      const from = parseDate(state, q.get('from'), 'from')
      const to = parseDate(state, q.get('to'), 'to')
      positions = positions.filter((p) => p.deviceId === deviceId && p.time >= from && p.time <= to)
    } else {
      const latest = new Set(state.devicesOf(user).map((d) => d.positionId))
      positions = positions.filter((p) => latest.has(p.id))
      if (q.has('deviceId')) positions = positions.filter((p) => p.deviceId === Number(q.get('deviceId')))
    }
    return send(
      state,
      res,
      200,
      positions.map((p) => state.positionJson(p)),
    )
  }

  if (path === '/api/geofences' && method === 'GET') {
    const id = user.json.id as number
    const list = [...state.geofences.values()].filter((g) => state.isAdmin(user) || g.ownerIds.includes(id))
    return send(
      state,
      res,
      200,
      list.map((g) => state.geofenceJson(g)),
    )
  }

  if (path === '/api/maintenance' && method === 'GET') {
    return send(state, res, 200, [...state.maintenances.values()])
  }

  if (path === '/api/notifications/types' && method === 'GET') {
    return send(
      state,
      res,
      200,
      EVENT_TYPES[state.flavor].map((type) => ({ type })),
    )
  }

  if (path === '/api/reports/events' && method === 'GET') {
    const deviceIds = q.getAll('deviceId').map(Number)
    for (const id of deviceIds)
      if (!state.canSeeDevice(user, id)) throw traccarError(state.flavor, 'Device access denied')
    const from = parseDate(state, q.get('from'), 'from')
    const to = parseDate(state, q.get('to'), 'to')
    const types = q.getAll('type').filter((t) => t !== '' && t !== 'allEvents')
    const events = state.events.filter(
      (e) =>
        deviceIds.includes(e.deviceId) &&
        e.time >= from &&
        e.time <= to &&
        (types.length === 0 || types.includes(e.type)),
    )
    return send(
      state,
      res,
      200,
      events.map((e) => state.eventJson(e)),
    )
  }

  const eventMatch = /^\/api\/events\/(\d+)$/.exec(path)
  if (eventMatch && method === 'GET') {
    const event = state.events.find((e) => e.id === Number(eventMatch[1]))
    if (!event) throw new HttpError(404, 'Object not found', { 'content-type': 'text/plain' })
    if (!state.canSeeDevice(user, event.deviceId)) throw traccarError(state.flavor, 'Device access denied')
    return send(state, res, 200, state.eventJson(event))
  }

  throw new HttpError(404, 'Not Found', { 'content-type': 'text/plain' })
}
