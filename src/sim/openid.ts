/**
 * Traccar's OpenID sign-in (docs/traccar-facts.md, "OpenID") and a stand-in identity provider.
 *
 * The server side is Traccar's: `GET /api/session/openid/auth` answers 303 to the provider;
 * `GET /api/session/openid/callback?code=…` turns the code into a user, starts the same
 * JSESSIONID session as a password sign-in and answers 303 to the web root. The provider is a
 * login page (email + password of a sim user) on a port of its own, so it is another origin, as a
 * real provider is: its page never shares cookies with the server.
 */
import { randomBytes } from 'node:crypto'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { forHtml } from '$shared/html-escape'
import { checkEnabled, newSessionId, SESSION_COOKIE } from './auth'
import { HttpError, readForm, sendHtml, traccarError } from './http'
import type { SimState } from './state'

export const CALLBACK_PATH = '/api/session/openid/callback'
const AUTH_PATH = '/api/session/openid/auth'
const CODE_LIFETIME_MS = 60_000

/** The provider's one-time codes: code → user id, as its token endpoint would resolve them. */
export class OpenIdProvider {
  private readonly codes = new Map<string, { userId: number; expiresAt: number }>()
  private server: Server | null = null
  url = ''

  constructor(private readonly state: SimState) {}

  async start(host: string): Promise<void> {
    const server = createServer((req, res) => {
      this.handle(req, res).catch((error: unknown) => {
        if (res.headersSent) return void res.destroy()
        const status = error instanceof HttpError ? error.status : 500
        sendHtml(res, status, page('Error', `<p class="error">${forHtml((error as Error).message)}</p>`))
      })
    })
    await new Promise<void>((done, reject) => {
      server.once('error', reject)
      server.listen(0, host, () => done())
    })
    this.server = server
    this.url = `http://${host}:${(server.address() as AddressInfo).port}`
  }

  async stop(): Promise<void> {
    const server = this.server
    if (!server) return
    server.closeAllConnections()
    await new Promise<void>((done) => server.close(() => done()))
  }

  /** Redeems a code once; null when unknown, used or expired. */
  redeem(code: string): number | null {
    const found = this.codes.get(code)
    this.codes.delete(code)
    return found && found.expiresAt > this.state.now() ? found.userId : null
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.url)
    if (url.pathname !== '/authorize') throw new HttpError(404, 'Not Found')
    if (req.method === 'GET') {
      const back = callbackTarget(url.searchParams.get('redirect_uri'))
      return sendHtml(res, 200, loginPage(back, url.searchParams.get('state') ?? '', '', null))
    }
    if (req.method !== 'POST') throw new HttpError(405, 'Method Not Allowed')
    const form = await readForm(req)
    const back = callbackTarget(form.get('redirect_uri'))
    const state = form.get('state') ?? ''
    const target = new URL(back)
    if (form.get('action') === 'deny') {
      target.searchParams.set('error', 'access_denied')
      target.searchParams.set('error_description', 'The user denied the sign-in.')
    } else {
      const email = form.get('email') ?? ''
      const user = this.state.findUserByLogin(email)
      if (!user || user.password !== (form.get('password') ?? '')) {
        return sendHtml(res, 200, loginPage(back, state, email, 'Wrong email or password.'))
      }
      const code = randomBytes(16).toString('base64url')
      this.codes.set(code, { userId: user.json.id as number, expiresAt: this.state.now() + CODE_LIFETIME_MS })
      target.searchParams.set('code', code)
    }
    if (state) target.searchParams.set('state', state)
    res.writeHead(303, { location: target.toString() }).end()
  }
}

/** Only the server's own callback is a valid redirect_uri (no open redirect). */
function callbackTarget(value: string | null): string {
  let url: URL
  try {
    url = new URL(value ?? '')
  } catch {
    throw new HttpError(400, 'Invalid redirect_uri.')
  }
  if (url.pathname !== CALLBACK_PATH || url.search !== '' || !/^https?:$/.test(url.protocol))
    throw new HttpError(400, 'Invalid redirect_uri.')
  return url.toString()
}

function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title>
<style>body{font:15px system-ui,sans-serif;max-width:22rem;margin:3rem auto;padding:0 1rem}
label{display:block;margin:.8rem 0 .2rem}input{width:100%;padding:.4rem;box-sizing:border-box}
.error{color:#b00020}button{margin-top:1rem;padding:.4rem 1rem}</style></head>
<body><h1>${title}</h1>${body}</body></html>`
}

function loginPage(back: string, state: string, email: string, error: string | null): string {
  return page(
    'Simulator sign-in (OpenID stand-in)',
    `${error ? `<p class="error" role="alert">${forHtml(error)}</p>` : ''}
<form method="post" action="/authorize">
<input type="hidden" name="redirect_uri" value="${forHtml(back)}">
<input type="hidden" name="state" value="${forHtml(state)}">
<label for="email">Email</label><input id="email" name="email" type="email" autocomplete="username" value="${forHtml(email)}">
<label for="password">Password</label><input id="password" name="password" type="password" autocomplete="current-password">
<button type="submit" name="action" value="allow">Sign in</button>
<button type="submit" name="action" value="deny">Deny</button>
</form>`,
  )
}

/**
 * The two /api/session/openid endpoints, or false for any other path. OpenID exists from 5.x on;
 * where it is not configured, Traccar throws "OpenID not enabled" (400).
 */
export function handleOpenId(
  state: SimState,
  provider: OpenIdProvider | null,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
): boolean {
  if ((url.pathname !== AUTH_PATH && url.pathname !== CALLBACK_PATH) || req.method !== 'GET') return false
  if (!state.traits.serverModernFields) throw new HttpError(404)
  if (!provider || state.openId === 'off')
    throw traccarError(
      state.flavor,
      'OpenID not enabled',
      'java.lang.IllegalStateException',
      'SessionResource',
    )
  const base = `http://${req.headers.host ?? '127.0.0.1'}`
  if (url.pathname === AUTH_PATH) {
    const target = new URL('/authorize', provider.url)
    target.searchParams.set('response_type', 'code')
    target.searchParams.set('client_id', 'traccar')
    target.searchParams.set('scope', 'openid profile email')
    target.searchParams.set('redirect_uri', base + CALLBACK_PATH)
    target.searchParams.set('state', randomBytes(8).toString('base64url'))
    res.writeHead(303, { location: target.toString() }).end()
    return true
  }
  const fail = (message: string): never => {
    throw traccarError(state.flavor, message, 'java.security.GeneralSecurityException', 'OpenIdProvider')
  }
  const q = url.searchParams
  if (q.has('error')) fail(q.get('error_description') ?? q.get('error') ?? '')
  const code = q.get('code')
  if (!code) fail('Malformed OpenID callback.')
  const userId = provider.redeem(code!)
  const user = userId === null ? undefined : state.users.get(userId)
  if (!user) return fail('Unable to authenticate with the OpenID Connect provider.')
  checkEnabled(state, user)
  const id = newSessionId()
  state.sessions.set(id, { userId: user.json.id as number, origin: null, expiresAt: null })
  // SessionHelper.userLogin, then 303 to web.url: the web app's root.
  res
    .writeHead(303, { location: `${base}/`, 'set-cookie': `${SESSION_COOKIE}=${id}; Path=/; HttpOnly` })
    .end()
  return true
}
