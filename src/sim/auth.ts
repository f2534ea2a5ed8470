/**
 * Traccar's authentication (reference §1): form login with optional TOTP code, cookie sessions,
 * Basic on every version, Bearer tokens and signed session tokens on the 6.x flavour only.
 */
import { createHmac, randomBytes } from 'node:crypto'
import type { IncomingMessage } from 'node:http'
import { MESSAGES } from './flavor'
import { HttpError, parseCookies, traccarError } from './http'
import type { Session, SimState, SimUser } from './state'
import { verifyTotp } from './totp'

const TOKEN_SECRET = randomBytes(32)
const DAY = 86_400_000

export const SESSION_COOKIE = 'JSESSIONID'

export function newSessionId(): string {
  return `node0${randomBytes(12).toString('hex')}.node0`
}

function isExpired(state: SimState, user: SimUser): boolean {
  const at = user.json.expirationTime
  return typeof at === 'string' && Date.parse(at) < state.now()
}

/** Throws Traccar's 400 for disabled or expired users. */
export function checkEnabled(state: SimState, user: SimUser): void {
  if (user.json.disabled === true)
    throw traccarError(
      state.flavor,
      MESSAGES[state.flavor].disabled,
      'java.lang.SecurityException',
      'LoginService',
    )
  if (isExpired(state, user))
    throw traccarError(
      state.flavor,
      MESSAGES[state.flavor].expired,
      'java.lang.SecurityException',
      'LoginService',
    )
}

/** POST /api/session: email (or login) + password, then TOTP, then enabled (LoginService order). */
export function login(state: SimState, email: string, password: string, code: string | null): SimUser {
  const user = state.findUserByLogin(email)
  if (!user || user.password !== password) throw new HttpError(401)
  const key = state.traits.totp ? user.json.totpKey : null
  if (typeof key === 'string' && key !== '') {
    if (code === null || code === '') throw new HttpError(401, '', { 'www-authenticate': 'TOTP' })
    const number = Number(code)
    if (!Number.isInteger(number) || !verifyTotp(key, number, state.now())) {
      throw traccarError(
        state.flavor,
        'User authorization failed',
        'java.lang.SecurityException',
        'LoginService',
      )
    }
  }
  checkEnabled(state, user)
  return user
}

/** POST /api/session/token: a signed token, 7 days by default, capped by a token-made session. */
export function issueToken(
  state: SimState,
  user: SimUser,
  expiration: string | null,
  session: Session | null,
): string {
  let expiresAt = state.now() + 7 * DAY
  if (expiration) {
    const parsed = Date.parse(expiration)
    if (Number.isNaN(parsed) || !/[zZ]|[+-]\d\d:?\d\d$/.test(expiration)) {
      throw traccarError(
        state.flavor,
        `Text '${expiration}' could not be parsed`,
        'java.time.format.DateTimeParseException',
        'DateUtil',
      )
    }
    expiresAt = parsed
  }
  if (session?.expiresAt) expiresAt = Math.min(expiresAt, session.expiresAt)
  const payload = Buffer.from(
    JSON.stringify({ i: randomBytes(6).toString('hex'), u: user.json.id, e: expiresAt }),
  ).toString('base64url')
  const signature = createHmac('sha256', TOKEN_SECRET).update(payload).digest('base64url')
  const token = `${payload}.${signature}`
  state.tokens.set(token, { userId: user.json.id as number, expiresAt })
  return token
}

/** Resolves an API token: a signed token on 6.x, the user's `token` field on 4.12. */
export function userForToken(
  state: SimState,
  token: string,
): { user: SimUser; expiresAt: number | null } | null {
  if (!state.traits.signedTokens) {
    for (const user of state.users.values())
      if (token !== '' && user.json.token === token) return { user, expiresAt: null }
    return null
  }
  const record = state.tokens.get(token)
  if (!record || record.expiresAt <= state.now()) return null
  const user = state.users.get(record.userId)
  return user ? { user, expiresAt: record.expiresAt } : null
}

export function sessionOf(state: SimState, req: IncomingMessage): { id: string; session: Session } | null {
  const id = parseCookies(req.headers.cookie)[SESSION_COOKIE]
  if (!id) return null
  const session = state.sessions.get(id)
  if (!session) return null
  if (session.expiresAt !== null && session.expiresAt <= state.now()) {
    state.sessions.delete(id)
    return null
  }
  // 6.12+: a cookie sent with a foreign Origin is ignored.
  const origin = req.headers.origin
  if (state.traits.originCheck && origin) {
    const expected = session.origin
    if (expected ? origin !== expected : new URL(origin).host !== req.headers.host) return null
  }
  return { id, session }
}

/**
 * SecurityRequestFilter: the Authorization header wins over the cookie; a bad header is 401.
 * Returns null when there are no credentials at all.
 */
export function authenticate(state: SimState, req: IncomingMessage): SimUser | null {
  const header = req.headers.authorization
  if (header) {
    const space = header.indexOf(' ')
    const rawScheme = space > 0 ? header.slice(0, space) : header
    const scheme = rawScheme.toLowerCase()
    const credentials = space > 0 ? header.slice(space + 1) : ''
    const quirks = state.traits.quirks512
    let user: SimUser | undefined
    if (scheme === 'basic') {
      const decoded = Buffer.from(credentials, 'base64').toString('utf8')
      const colon = decoded.indexOf(':')
      const candidate = state.findUserByLogin(decoded.slice(0, colon))
      const hasTotp =
        state.traits.totp && typeof candidate?.json.totpKey === 'string' && candidate.json.totpKey !== ''
      if (candidate && colon > 0 && candidate.password === decoded.slice(colon + 1) && !hasTotp)
        user = candidate
      // 5.11–5.12 fail a wrong Basic password with a NullPointerException: 400, not 401.
      else if (quirks && candidate && !hasTotp)
        throw traccarError(
          state.flavor,
          'Cannot invoke "Object.getClass()" because "user" is null',
          'java.lang.NullPointerException',
          'SecurityRequestFilter',
        )
    } else if (scheme === 'bearer' && state.traits.signedTokens && (!quirks || rawScheme === 'Bearer')) {
      user = userForToken(state, credentials)?.user
    }
    if (!user) throw new HttpError(401)
    try {
      checkEnabled(state, user)
    } catch {
      throw new HttpError(401)
    }
    return user
  }
  const found = sessionOf(state, req)
  if (!found) return null
  const user = state.users.get(found.session.userId)
  if (!user) return null
  try {
    checkEnabled(state, user)
  } catch {
    throw new HttpError(401)
  }
  return user
}

export function requireUser(state: SimState, req: IncomingMessage): SimUser {
  const user = authenticate(state, req)
  if (!user) throw new HttpError(401)
  return user
}
