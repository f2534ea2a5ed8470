/**
 * PUT /api/users/{id} exactly as Traccar does it (reference §2.2–2.3): a full replacement keyed by
 * the body's id, strict about unknown fields, with the permission checks in Traccar's order.
 */
import { ADMIN_FIELDS, defaultFor, MESSAGES, RESTRICTED_FIELDS, type FieldKind } from './flavor'
import { forHtml, mapStrings } from '../shared/html-escape'
import { HttpError, traccarError } from './http'
import type { Json, SimState, SimUser } from './state'

const ATTRIBUTES_LIMIT = 4000

function jackson(message: string): HttpError {
  return new HttpError(400, `com.fasterxml.jackson.databind.exc.MismatchedInputException: ${message}`, {
    'content-type': 'text/plain',
  })
}

function coerce(state: SimState, name: string, kind: FieldKind, value: unknown): unknown {
  if (value === null) {
    if (name === 'email')
      throw traccarError(
        state.flavor,
        'Cannot invoke "String.trim()" because "email" is null',
        'java.lang.NullPointerException',
        'User',
      )
    if (kind === 'attributes') return {}
    if (kind === 'bool') return false
    if (kind === 'int' || kind === 'number' || kind === 'id') return 0
    return null
  }
  const bad = (): HttpError =>
    jackson(
      `Cannot deserialize value of type \`${kind}\` from ${Array.isArray(value) ? 'Array' : typeof value} value (field "${name}")`,
    )
  switch (kind) {
    case 'bool':
      if (typeof value !== 'boolean') throw bad()
      return value
    case 'id':
    case 'int':
      if (typeof value !== 'number' || !Number.isInteger(value)) throw bad()
      return value
    case 'number':
      if (typeof value !== 'number') throw bad()
      return value
    case 'attributes':
      if (typeof value !== 'object' || Array.isArray(value)) throw bad()
      return structuredClone(value)
    case 'string':
    case 'date':
      if (typeof value !== 'string' && typeof value !== 'number') throw bad()
      return name === 'email' || name === 'phone' ? String(value).trim() : String(value)
    default:
      return structuredClone(value)
  }
}

/** Deserializes a PUT body like Jackson into a fresh User: omitted fields take their defaults. */
export function deserializeUser(state: SimState, body: unknown): { user: Json; password: string | null } {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw jackson('Cannot deserialize value of type `org.traccar.model.User` from non-object value')
  }
  const fields = new Map(state.userFields())
  const values: Json = {}
  let password: string | null = null
  for (const [key, value] of Object.entries(body as Json)) {
    if (key === 'password') {
      password = typeof value === 'string' && value !== '' ? value : null
      continue
    }
    const kind = fields.get(key)
    if (!kind) {
      throw new HttpError(
        400,
        `com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException: Unrecognized field "${key}" (class org.traccar.model.User), not marked as ignorable`,
        { 'content-type': 'text/plain' },
      )
    }
    values[key] = coerce(state, key, kind, value)
  }
  const user: Json = {}
  for (const [name, kind] of fields) {
    user[name] = name in values ? values[name] : defaultFor(kind)
  }
  return { user, password }
}

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b)

function withoutNotificationAttributes(json: Json): Json {
  const copy = structuredClone(json)
  const attributes = { ...(copy.attributes as Json) }
  delete attributes.notificationTokens
  delete attributes.termsAccepted
  copy.attributes = attributes
  return copy
}

/**
 * Traccar's checkUser: yourself, an admin, or a manager (userLimit ≠ 0) with a direct link.
 * 4.x says "Manager access required" to a non-manager first (T@v4.12 PermissionsManager.checkManager).
 */
export function checkUser(state: SimState, actor: SimUser, userId: number): void {
  if (actor.json.id === userId || state.isAdmin(actor)) return
  if (!state.traits.modernPermissions && !state.isManager(actor))
    throw traccarError(state.flavor, 'Manager access required')
  if (!state.isManager(actor) || !state.manages(actor, userId))
    throw traccarError(state.flavor, 'User access denied')
}

/** checkPermission(User.class): 5.x/6.x ask only for a direct link (no userLimit check); 4.x is checkUser. */
export function checkUserAccess(state: SimState, actor: SimUser, userId: number): void {
  if (!state.traits.modernPermissions) return checkUser(state, actor, userId)
  if (actor.json.id === userId || state.isAdmin(actor) || state.manages(actor, userId)) return
  throw traccarError(state.flavor, 'User access denied')
}

export function checkReadonly(state: SimState, actor: SimUser): void {
  if (!state.isAdmin(actor) && (actor.json.readonly === true || state.readonly)) {
    throw traccarError(state.flavor, MESSAGES[state.flavor].readonly)
  }
}

/** checkUserUpdate: admin-only fields, the actor's own expiry, restricted flags, a fixed email. */
function checkUserUpdate(state: SimState, actor: SimUser, before: Json, after: Json): void {
  if (state.isAdmin(actor)) return
  const modern = state.traits.modernPermissions
  const admin = (): HttpError => traccarError(state.flavor, 'Administrator access required')
  const changed = (field: string): boolean => field in after && !same(before[field], after[field])
  if (ADMIN_FIELDS.some(changed)) throw admin()
  // ≤ 5.4 checks the actor's expiry even when the value is unchanged (fixed in 5.5, T #4982).
  const actorExpiry = dateOf(actor.json.expirationTime)
  if (actorExpiry !== null && (!modern || changed('expirationTime'))) {
    const next = dateOf(after.expirationTime)
    if (next === null || next > actorExpiry) throw admin()
  }
  if (RESTRICTED_FIELDS[state.flavor].some(changed)) {
    if (actor === state.users.get(after.id as number)) throw admin()
    if (modern) checkUser(state, actor, after.id as number)
    else if (!state.isManager(actor)) throw traccarError(state.flavor, 'Manager access required')
  }
  if (modern && before.fixedEmail === true && changed('email')) throw admin()
}

function dateOf(value: unknown): number | null {
  return typeof value === 'string' ? Date.parse(value) : null
}

/**
 * The checks in each version's order: 4.12 readonly → update → permission (T@v4.12
 * BaseObjectResource.update); 5.12 readonly → permission → update; 6.x permission → update →
 * readonly with the self-edit exception of 6.3 (T@v5.12, T@v6.14.5 BaseObjectResource.update).
 */
export function updateUser(state: SimState, actor: SimUser, body: unknown): Json {
  const admin = state.isAdmin(actor)
  const { traits } = state
  if (!traits.readonlySelfEdit) checkReadonly(state, actor)
  const { user: after, password } = deserializeUser(state, body)
  const id = after.id as number
  const target = state.users.get(id)
  if (!target) {
    if (admin) throw new HttpError(404, 'Object not found', { 'content-type': 'text/plain' })
    throw traccarError(state.flavor, 'User access denied')
  }
  const before = target.json
  if (traits.modernPermissions) {
    checkUserAccess(state, actor, id)
    checkUserUpdate(state, actor, before, after)
  } else {
    checkUserUpdate(state, actor, before, after)
    checkUserAccess(state, actor, id)
  }
  if (traits.readonlySelfEdit) {
    const harmlessSelfEdit =
      actor === target && same(withoutNotificationAttributes(before), withoutNotificationAttributes(after))
    if (!harmlessSelfEdit) checkReadonly(state, actor)
  }

  const column = state.sanitize ? mapStrings(after.attributes, forHtml) : after.attributes
  const serialized = JSON.stringify(column)
  if (serialized.length > ATTRIBUTES_LIMIT) {
    throw traccarError(
      state.flavor,
      `Value too long for column "ATTRIBUTES CHARACTER VARYING(4000)": "${serialized.slice(0, 40)}... (${serialized.length})"`,
      'org.h2.jdbc.JdbcSQLDataException',
      'QueryBuilder',
    )
  }

  // The attributes column is written through the same escaping mapper as the API output.
  target.json = { ...structuredClone(after), attributes: structuredClone(column) }
  if (password !== null) target.password = password
  state.emit('user', target)
  // Traccar answers with the entity as received, not re-read: the password reads back as null.
  return { ...structuredClone(after), password: null }
}
