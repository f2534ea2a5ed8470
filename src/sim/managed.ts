/**
 * Managed accounts (docs/traccar-facts.md, "Managed accounts"): GET /api/users per version and the
 * user → user links of Traccar's `tc_user_user` through /api/permissions.
 */
import { HttpError, readJson, traccarError } from './http'
import type { IncomingMessage } from 'node:http'
import type { Json, SimState, SimUser } from './state'
import { checkUser, checkUserAccess } from './users'

/** A JAX-RS `long`/`int` query parameter: absent or empty is 0; anything else unparsable is a 404. */
function intParam(q: URLSearchParams, name: string): number {
  const raw = q.get(name)
  if (raw === null || raw === '') return 0
  if (!/^[+-]?\d+$/.test(raw)) throw new HttpError(404, 'Not Found', { 'content-type': 'text/plain' })
  return Number(raw)
}

/** SQL `LOWER(column) LIKE '%keyword%'`: `%` and `_` stay wildcards, backslash escapes (H2, MySQL). */
function likeMatcher(keyword: string): (value: unknown) => boolean {
  let source = ''
  for (let i = 0; i < keyword.length; i++) {
    const c = keyword[i]!
    if (c === '\\' && i + 1 < keyword.length) source += escapeRegExp(keyword[++i]!)
    else if (c === '%') source += '.*'
    else if (c === '_') source += '.'
    else source += escapeRegExp(c)
  }
  const pattern = new RegExp(source, 's')
  return (value) => typeof value === 'string' && pattern.test(value.toLowerCase())
}

function escapeRegExp(text: string): string {
  return text.toLowerCase().replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

const byId = (a: SimUser, b: SimUser): number => (a.json.id as number) - (b.json.id as number)

/** ORDER BY name; the sim compares code units (H2's default collation) and breaks ties by id. */
const byName = (a: SimUser, b: SimUser): number => {
  const x = String(a.json.name ?? '')
  const y = String(b.json.name ?? '')
  return x < y ? -1 : x > y ? 1 : byId(a, b)
}

function linkedFrom(state: SimState, ownerId: number): SimUser[] {
  const owner = state.users.get(ownerId)
  return owner ? state.managedUsers(owner) : []
}

/**
 * T@v4.12 UserResource.get: admins get all (or, with userId, that user's links); a manager gets
 * their links and themselves, whatever userId says; anyone else is refused.
 */
function legacyList(state: SimState, actor: SimUser, userId: number): SimUser[] {
  if (state.isAdmin(actor)) return userId !== 0 ? linkedFrom(state, userId) : [...state.users.values()]
  if (state.isManager(actor)) return [...state.managedUsers(actor), actor]
  throw traccarError(state.flavor, 'Admin or manager access required')
}

/** The users GET /api/users answers, in the version's order, before they are serialized. */
export function listUsers(state: SimState, actor: SimUser, q: URLSearchParams): SimUser[] {
  const { traits } = state
  const userId = intParam(q, 'userId')
  let list: SimUser[]
  if (!traits.modernPermissions) list = legacyList(state, actor, userId)
  else if (userId > 0) {
    checkUser(state, actor, userId)
    list = linkedFrom(state, userId)
  } else list = state.isAdmin(actor) ? [...state.users.values()] : state.managedUsers(actor)

  if (traits.usersPaging) {
    const keyword = q.get('keyword')
    if (keyword) {
      const matches = likeMatcher(keyword)
      list = list.filter((u) => matches(u.json.name) || matches(u.json.email))
    }
  }
  list.sort(traits.usersByName ? byName : byId)
  if (traits.usersPaging) {
    const limit = intParam(q, 'limit')
    const offset = intParam(q, 'offset')
    // OFFSET is only written after a LIMIT, and only when > 0 (T DatabaseStorage.formatOrder).
    if (limit > 0) list = list.slice(Math.max(0, offset), Math.max(0, offset) + limit)
  }
  return list
}

/** The JSON of GET /api/users, to be sent at once: `excludeAttributes=true` (≥ 6.10) empties `attributes`. */
export function userListJson(state: SimState, users: SimUser[], q: URLSearchParams): Json[] {
  const exclude = state.traits.usersExcludeAttributes && q.get('excludeAttributes')?.toLowerCase() === 'true'
  return users.map((u) => {
    const json = state.userJsonShared(u)
    if (exclude) json.attributes = {}
    return json
  })
}

interface Link {
  userId: number
  managedUserId: number
}

/** A permission body `{userId, managedUserId}` in that order (the first key is the owner). */
async function readLink(state: SimState, req: IncomingMessage): Promise<Link> {
  const body = await readJson(req)
  const entries = typeof body === 'object' && body !== null ? Object.entries(body) : []
  if (entries.length !== 2)
    throw traccarError(state.flavor, 'Invalid permission', 'java.lang.IllegalArgumentException', 'Permission')
  const [[ownerKey, ownerId], [propertyKey, propertyId]] = entries as [[string, unknown], [string, unknown]]
  if (ownerKey !== 'userId' || propertyKey !== 'managedUserId')
    throw new HttpError(
      400,
      `The simulator links only {userId, managedUserId}, not {${ownerKey}, ${propertyKey}}.`,
      { 'content-type': 'text/plain' },
    )
  if (!Number.isInteger(ownerId) || !Number.isInteger(propertyId))
    throw new HttpError(
      400,
      'com.fasterxml.jackson.databind.exc.MismatchedInputException: id must be a number',
      {
        'content-type': 'text/plain',
      },
    )
  return { userId: ownerId as number, managedUserId: propertyId as number }
}

/**
 * POST / DELETE /api/permissions {userId, managedUserId}: 204. A non-admin needs access to the
 * owner and a link to the managed user (5.x/6.x "ManagedUser access denied"; 4.x checkUser).
 */
export async function changeLink(
  state: SimState,
  actor: SimUser,
  req: IncomingMessage,
  add: boolean,
): Promise<void> {
  const admin = state.isAdmin(actor)
  const modern = state.traits.modernPermissions
  if (!admin && (state.readonly || actor.json.readonly === true))
    throw traccarError(state.flavor, modern ? 'Operation restricted' : 'Account is readonly')
  const link = await readLink(state, req)
  if (!admin) {
    checkUserAccess(state, actor, link.userId)
    if (!modern) checkUser(state, actor, link.managedUserId)
    else if (!state.manages(actor, link.managedUserId))
      throw traccarError(state.flavor, 'ManagedUser access denied')
  }
  const owner = state.users.get(link.userId)
  if (!owner || !state.users.has(link.managedUserId))
    throw traccarError(
      state.flavor,
      'Referential integrity constraint violation: "FK_USER_USER_USERID"',
      'org.h2.jdbc.JdbcSQLIntegrityConstraintViolationException',
      'QueryBuilder',
    )
  if (add) owner.managedUserIds.add(link.managedUserId)
  else owner.managedUserIds.delete(link.managedUserId)
}

/** GET /api/permissions?userId=&managedUserId= (≥ 6.14, admins only); 0 = any. */
export function listLinks(state: SimState, actor: SimUser, q: URLSearchParams): Link[] {
  if (!state.isAdmin(actor)) throw traccarError(state.flavor, 'Administrator access required')
  // The resource takes its first two *Id parameters as owner and property; fewer fail.
  if (!q.has('userId') || !q.has('managedUserId'))
    throw traccarError(
      state.flavor,
      'Index 1 out of bounds for length 1',
      'java.lang.IndexOutOfBoundsException',
      'PermissionsResource',
    )
  const ownerId = intParam(q, 'userId')
  const managedId = intParam(q, 'managedUserId')
  const links: Link[] = []
  for (const owner of state.users.values()) {
    const userId = owner.json.id as number
    if (ownerId > 0 && userId !== ownerId) continue
    for (const managedUserId of owner.managedUserIds)
      if (managedId <= 0 || managedUserId === managedId) links.push({ userId, managedUserId })
  }
  return links
}
