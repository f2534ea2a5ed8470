// @vitest-environment happy-dom
import { fetch as nodeFetch } from 'undici'
import { afterEach, describe, expect, it } from 'vitest'
import { createApi } from '$shared/client'
import type { Api, OperationName, SessionInfo } from '$shared/contract'
import { t } from '$shared/i18n'
import { DEFAULT_SERVER } from '$shared/server-address'
import type { LoginBrowser, LoginPage, WebLoginWindow } from '../../src/main/account/web-login-flow'
import type { HandlerDeps } from '../../src/main/handlers'
import { nodeTransport } from '../../src/main/traccar/transport'
import { DEMO_TOTP_KEY, SEED_USERS, totpCode } from '../../src/sim'
import { lockableKeychain } from '../helpers/secrets'
import { appState } from '../../src/renderer/src/lib/app-state.svelte'
import { SignInStore } from '../../src/renderer/src/views/sign-in/sign-in.svelte'
import { toasts } from '../../src/renderer/src/ui/toasts.svelte'
import { realApi, until, type RealApi } from './real-api'

let real: RealApi | undefined
afterEach(async () => {
  await real?.stop()
  real = undefined
  appState.info = null
  appState.signedOutReason = null
  toasts.length = 0
})

/** A store on the sign-in screen: the simulator is up, nobody is signed in. */
async function signedOut(
  deps: Partial<HandlerDeps> = {},
): Promise<{ r: RealApi; store: SignInStore; sessions: SessionInfo[] }> {
  const r = (real = await realApi(SEED_USERS.demo, { deps }))
  await r.api.signOut()
  const sessions: SessionInfo[] = []
  const store = new SignInStore((s) => sessions.push(s), r.api)
  store.server = r.sim.url
  return { r, store, sessions }
}
const code = () => String(totpCode(DEMO_TOTP_KEY)).padStart(6, '0')
// Main's transport over Node's fetch: the DOM environment's fetch is a browser's (CORS).
const mainTransport = () => nodeTransport(nodeFetch as unknown as typeof fetch)
const form = (fields: Record<string, string>): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  body: new URLSearchParams(fields).toString(),
})

/**
 * Web login windows as the app's would open them, driven by `web.user`: with a user, the window
 * signs in on the simulator at once (its session cookie in the window's jar, as the server's
 * OpenID callback leaves it) and lands on the server's page; without one it waits until closed.
 */
function webLogins(server: () => string) {
  const web = { user: null as { email: string; password: string } | null, windows: 0, opened: 0 }
  const webLogin = (): WebLoginWindow => {
    web.windows++
    const transport = mainTransport()
    const pages: ((page: LoginPage) => void)[] = []
    const closed: (() => void)[] = []
    const user = web.user
    const browser: LoginBrowser = {
      open: () => {
        web.opened++
        if (!user) return
        void transport
          .fetch(`${server()}/api/session`, form({ email: user.email, password: user.password }))
          .then(() => pages.forEach((l) => l({ url: `${server()}/`, status: 200 })))
      },
      onPage: (l) => void pages.push(l),
      onClosed: (l) => void closed.push(l),
      cookies: async (origin) =>
        (await transport.cookieHeader(origin)) === null ? [] : [{ name: 'JSESSIONID' }],
      close: () => closed.splice(0).forEach((l) => l()),
    }
    return { browser, transport }
  }
  return { web, webLogin }
}

describe('the sign-in store', () => {
  it('checks the form before sending anything', async () => {
    const { store, sessions } = await signedOut()
    store.server = 'not a server'
    expect(await store.submit()).toBeNull()
    expect(store.error).toMatchObject({ code: 'address.invalid', field: 'server' })
    expect(store.fieldError('server')).toBe(store.error?.message)
    expect(store.fieldError('email')).toBeNull()
    store.server = real!.sim.url
    store.email = '   '
    store.secret = 'x'
    await store.submit()
    expect(store.error).toMatchObject({
      code: 'form',
      field: 'email',
      message: t('signIn.form.emailMissing'),
    })
    store.email = SEED_USERS.demo.email
    store.secret = ''
    await store.submit()
    expect(store.error).toMatchObject({ code: 'form', field: 'secret' })
    expect(store.error?.message).toMatch(/password/i)
    expect(store.generalError).toBeNull()
    // A token needs no email, only the token.
    store.useToken = true
    store.email = ''
    expect(store.error).toBeNull()
    await store.submit()
    expect(store.error).toMatchObject({ field: 'secret' })
    expect(store.error?.message).toMatch(/token/i)
    expect(sessions).toEqual([])
  })

  it('signs in with a password, forgets the secret it was given, and clears why it signed out', async () => {
    const { store, sessions } = await signedOut()
    appState.signedOutReason = 'Your session ended.'
    store.email = `  ${SEED_USERS.demo.email} `
    store.secret = SEED_USERS.demo.password
    store.code = '123'
    performance.clearMarks()
    const busy = store.submit()
    expect(store.busy).toBe(true)
    expect(await store.submit()).toBeNull() // a second click while busy sends nothing
    expect(await busy).toBeNull()
    expect(store.busy).toBe(false)
    expect(sessions).toHaveLength(1)
    expect(sessions[0]).toMatchObject({ email: SEED_USERS.demo.email, userId: SEED_USERS.demo.id })
    expect(store.secret).toBe('')
    expect(store.code).toBe('')
    expect(store.error).toBeNull()
    expect(appState.signedOutReason).toBeNull()
    expect(toasts).toEqual([]) // no notice, no toast
    // The benchmark (bench/run.ts) times the sign-in from this mark.
    expect(performance.getEntriesByName('webhook-desk:sign-in-submitted', 'mark')).toHaveLength(1)
  })

  it('starts on an empty form, remembering, with nothing pending', async () => {
    const { r } = await signedOut()
    const store = new SignInStore(() => {}, r.api)
    expect(store).toMatchObject({
      step: 'form',
      server: DEFAULT_SERVER,
      email: '',
      secret: '',
      method: 'password',
      remember: true,
      code: '',
      busy: false,
      error: null,
      confirmInsecure: false,
      insecureFor: 'password',
      bikeTraxGuide: false,
      webBusy: false,
      webCancelled: false,
      webError: null,
    })
    expect(store.useToken).toBe(false)
    expect(store.showGuide).toBe(false)
  })

  it('does nothing else while a sign-in is under way', async () => {
    const { store, sessions } = await signedOut()
    store.email = SEED_USERS.demo.email
    store.secret = SEED_USERS.demo.password
    const signingIn = store.submit()
    expect(await store.tryDemo()).toBeNull()
    expect(await store.submitCode()).toBeNull()
    expect(await store.signInWeb()).toBeNull()
    expect(store.busy).toBe(true)
    expect(store.error).toBeNull()
    expect(store.webError).toBeNull()
    expect(await signingIn).toBeNull()
    expect(sessions.map((s) => s.email)).toEqual([SEED_USERS.demo.email])
  })

  it('shows the notice of a sign-in whose secret the keychain would not keep', async () => {
    const keychain = lockableKeychain()
    const { store, sessions } = await signedOut({ secrets: keychain.store })
    keychain.state.now = 'locked'
    store.email = SEED_USERS.demo.email
    store.secret = SEED_USERS.demo.password
    expect(await store.submit()).toBeNull()
    expect(sessions).toHaveLength(1)
    expect(sessions[0]!.notice).toEqual(expect.any(String))
    expect(toasts).toMatchObject([{ message: sessions[0]!.notice, tone: 'warning' }])
  })

  it('sends the email only with a password: a token account is named by its user on the server', async () => {
    const { r, store, sessions } = await signedOut()
    const client = mainTransport()
    await client.fetch(
      `${r.sim.url}/api/session`,
      form({ email: SEED_USERS.demo.email, password: SEED_USERS.demo.password }),
    )
    const token = await (await client.fetch(`${r.sim.url}/api/session/token`, form({}))).text()
    // A user without an email on the server: only the sign-in could name the account.
    r.sim.state.users.get(SEED_USERS.demo.id)!.json.email = ''
    store.email = 'typed-for-a-password@example.com'
    store.useToken = true
    store.secret = token
    expect(await store.submit()).toBeNull()
    expect(sessions).toHaveLength(1)
    expect(sessions[0]!.email).toBe('')
  })

  it('puts the focus back on a wrong password, selected for retyping', async () => {
    const { store, sessions } = await signedOut()
    store.email = SEED_USERS.demo.email
    store.secret = 'wrong'
    expect(await store.submit()).toEqual({ field: 'secret', select: true })
    expect(store.error?.field).toBe('secret')
    expect(store.busy).toBe(false)
    expect(sessions).toEqual([])
  })

  it('asks for the code of a two-factor account, checks it, and signs in with it', async () => {
    const { store, sessions } = await signedOut()
    store.email = SEED_USERS.totp.email
    store.secret = SEED_USERS.totp.password
    expect(await store.submit()).toEqual({ field: 'code' })
    expect(store.step).toBe('code')
    expect(store.secret).toBe('')
    expect(store.error).toBeNull()

    store.code = '12a456'
    expect(await store.submitCode()).toBeNull()
    expect(store.error).toEqual({ code: 'form', field: 'code', message: t('signIn.form.codeDigits') })
    store.code = '1234567'
    await store.submitCode()
    expect(store.error).toMatchObject({ code: 'form', field: 'code' })
    const wrong = String((Number(code()) + 1) % 1_000_000).padStart(6, '0')
    store.code = wrong
    expect(await store.submitCode()).toEqual({ field: 'code', select: true })
    expect(store.error?.code).not.toBe('form')
    expect(sessions).toEqual([])

    store.code = ` ${code()} `
    expect(await store.submitCode()).toBeNull()
    expect(sessions).toHaveLength(1)
    expect(sessions[0]!.email).toBe(SEED_USERS.totp.email)
  })

  it('goes back from the code step to the form', async () => {
    const { store } = await signedOut()
    store.email = SEED_USERS.totp.email
    store.secret = SEED_USERS.totp.password
    await store.submit()
    store.code = '12'
    await store.submitCode()
    expect(await store.back()).toEqual({ field: 'secret' })
    expect(store.step).toBe('form')
    expect(store.code).toBe('')
    expect(store.error).toBeNull()
    // The server's half-done sign-in is gone: a code now has nothing to confirm.
    store.code = code()
    await store.submitCode()
    expect(store.error).not.toBeNull()
  })

  it('asks before plain http to another machine, and goes on only when confirmed', async () => {
    const { store, sessions } = await signedOut()
    store.server = 'http://0.0.0.0:9'
    store.email = SEED_USERS.demo.email
    store.secret = 'pw'
    expect(await store.submit()).toBeNull()
    expect(store.confirmInsecure).toBe(true)
    expect(store.insecureFor).toBe('password')
    expect(store.error?.code).toBe('address.insecure')
    await store.submitInsecure()
    expect(store.confirmInsecure).toBe(false)
    // Confirmed: it tried the server, where nothing listens (0.0.0.0 is not loopback by name, so no DNS).
    expect(store.error).not.toBeNull()
    expect(store.error?.code).not.toBe('address.insecure')
    // The confirmation is for the method in use.
    store.useToken = true
    store.secret = 'token'
    await store.submit()
    expect(store.insecureFor).toBe('token')
    expect(sessions).toEqual([])
  })

  it('shows the BikeTrax guide on its server or after a BikeTrax password, and switches to a token', async () => {
    const { store } = await signedOut()
    expect(store.useBikeTrax()).toEqual({ field: 'email' })
    expect(store.server).toBe(DEFAULT_SERVER)
    appState.info = { bikeTraxServer: 'https://biketrax.example.com' } as typeof appState.info
    store.error = { code: 'form', message: 'x' }
    expect(store.useBikeTrax()).toEqual({ field: 'email' })
    expect(store.server).toBe('https://biketrax.example.com')
    expect(store.error).toBeNull()
    expect(store.showGuide).toBe(true)
    store.bikeTraxGuide = false
    expect(store.showGuide).toBe(false)
    store.error = { code: 'auth.bikeTraxPassword', message: 'Use a token.' }
    expect(store.showGuide).toBe(true)
    expect(store.generalError).toBe('Use a token.')

    store.secret = 'typed'
    expect(store.switchToToken()).toEqual({ field: 'secret' })
    expect(store.method).toBe('token')
    expect(store.useToken).toBe(true)
    expect(store.secret).toBe('')
    expect(store.error).toBeNull()
    expect(store.bikeTraxGuide).toBe(true)
    expect(store.useBikeTrax()).toEqual({ field: 'secret' })
    store.secret = 'tok'
    store.useToken = false
    expect(store.method).toBe('password')
    expect(store.secret).toBe('')
  })

  it('opens a remembered account at once, asks for the password of one that is not, and forgets one', async () => {
    const { r, store, sessions } = await signedOut()
    for (const [user, remember] of [
      [SEED_USERS.demo, true],
      [SEED_USERS.rider1, false],
    ] as const) {
      const signedIn = await r.api.signIn({
        server: r.sim.url,
        method: 'password',
        email: user.email,
        secret: user.password,
        remember,
      })
      expect(signedIn.ok).toBe(true)
      await r.api.signOut()
    }
    await store.loadAccounts()
    const account = (email: string) => store.accounts.find((a) => a.email === email)!
    expect(store.accounts).toHaveLength(2)
    expect(store.listNotice).toBeNull()

    const rider = account(SEED_USERS.rider1.email)
    store.error = { code: 'form', message: 'x' }
    expect(await store.openSaved(rider)).toEqual({ field: 'secret' })
    expect(store).toMatchObject({
      server: rider.server,
      email: rider.email,
      method: 'password',
      secret: '',
      error: null,
    })
    expect(sessions).toEqual([])

    const demo = account(SEED_USERS.demo.email)
    const opening = store.openSaved(demo)
    expect(store.busyAccount).toBe(demo.id)
    expect(store.busy).toBe(true)
    expect(await opening).toBeNull()
    expect(store.busyAccount).toBeNull()
    expect(store.busy).toBe(false)
    expect(sessions.map((s) => s.email)).toEqual([SEED_USERS.demo.email])
    await r.api.signOut()

    // The password changed on the server: the remembered one no longer works.
    r.sim.state.users.get(SEED_USERS.demo.id)!.password = 'changed'
    expect(await store.openSaved(demo)).toEqual({ field: 'secret' })
    expect(store.error).toMatchObject({ field: 'secret' })
    expect(store.error?.code).not.toBe('form')
    // An error that names no field (a disabled account) still points at the secret to retype.
    r.sim.state.users.get(SEED_USERS.demo.id)!.password = SEED_USERS.demo.password
    r.sim.state.users.get(SEED_USERS.demo.id)!.json.disabled = true
    expect(await store.openSaved(demo)).toEqual({ field: 'secret' })
    expect(store.error).toMatchObject({ code: 'auth.disabled', field: 'secret' })

    store.forgetting = demo
    await store.forget()
    expect(store.forgetting).toBeNull()
    expect(store.accounts.map((a) => a.email)).toEqual([SEED_USERS.rider1.email])
    expect(toasts.at(-1)).toMatchObject({ tone: 'success' })
    expect(toasts.at(-1)!.message).toContain(SEED_USERS.demo.email)
    // Asked about no account: nothing to forget.
    await store.forget()
    expect(store.accounts).toHaveLength(1)
  })

  it('keeps the accounts it listed when the back end cannot be reached', async () => {
    const { r } = await signedOut()
    await r.api.signIn({
      server: r.sim.url,
      method: 'password',
      email: SEED_USERS.demo.email,
      secret: SEED_USERS.demo.password,
      remember: true,
    })
    // The real api over a channel that can be lost, as the harness page's HTTP or Electron's IPC can.
    const channel = { open: true }
    const api = createApi({
      invoke: (name: OperationName, input: unknown) =>
        channel.open
          ? (r.api[name] as (input: unknown) => Promise<unknown>)(input)
          : Promise.reject(new Error('the channel closed')),
      subscribe: () => () => {},
    }) as Api
    const store = new SignInStore(() => {}, api)
    await store.loadAccounts()
    expect(store.accounts.map((a) => a.email)).toEqual([SEED_USERS.demo.email])
    channel.open = false
    await store.loadAccounts()
    expect(store.accounts.map((a) => a.email)).toEqual([SEED_USERS.demo.email])
    expect(store.listNotice).toBeNull()
  })

  it('offers the web login only for the server in the form, where it has one', async () => {
    const { r, store } = await signedOut()
    await store.probeServer('not a server')
    expect(store.webOptions).toBeNull()
    await store.probeServer(r.sim.url)
    expect(store.webOptions).toMatchObject({ server: r.sim.url, options: { openIdEnabled: false } })
    expect(store.webLogin).toBeNull()
    r.sim.state.openId = 'enabled'
    await store.probeServer(r.sim.url)
    expect(store.webLogin).toMatchObject({ openIdEnabled: true })
    // An answer for an address no longer in the form is dropped.
    const before = store.webOptions
    const older = r.sim.url.replace('127.0.0.1', 'localhost')
    await store.probeServer(older)
    expect(store.webOptions).toBe(before)
    store.server = older
    expect(store.webLogin).toBeNull()
  })

  it('says why the web login cannot run here', async () => {
    const { store, sessions } = await signedOut()
    const web = store.signInWeb()
    expect(store.busy).toBe(true)
    expect(store.webBusy).toBe(true)
    expect(await store.signInWeb()).toBeNull() // busy: not twice
    expect(await web).toBeNull()
    expect(store.busy).toBe(false)
    expect(store.webBusy).toBe(false)
    expect(store.webError).toEqual(expect.any(String))
    expect(store.webCancelled).toBe(false)

    expect(sessions).toEqual([])
  })

  it('signs in through the web login: asks before plain http, tells a closed window, and signs in', async () => {
    const { web, webLogin } = webLogins(() => real!.sim.url)
    const { r, store, sessions } = await signedOut({ webLogin })
    store.server = 'http://0.0.0.0:9'
    expect(await store.signInWeb()).toBeNull()
    expect(store).toMatchObject({ confirmInsecure: true, insecureFor: 'web', webError: null, busy: false })
    expect(web.windows).toBe(0)
    // Confirmed: the window opens for the server, where nothing listens.
    expect(await store.submitInsecure()).toBeNull()
    expect(store.confirmInsecure).toBe(false)
    expect(web.windows).toBe(1)
    expect(store.webError).toEqual(expect.any(String))
    expect(store.error).toBeNull()

    store.server = r.sim.url
    r.sim.state.openId = 'enabled'
    const closing = store.signInWeb()
    expect(store.webError).toBeNull()
    await until(() => web.opened === 1, 'the login window to open')
    store.cancelWeb()
    expect(await closing).toBeNull()
    expect(store).toMatchObject({ webCancelled: true, webError: null, busy: false, webBusy: false })
    expect(sessions).toEqual([])

    web.user = SEED_USERS.demo
    expect(await store.signInWeb()).toBeNull()
    expect(store.webCancelled).toBe(false)
    expect(sessions).toHaveLength(1)
    expect(sessions[0]).toMatchObject({ email: SEED_USERS.demo.email, method: 'web' })
  })

  it('asks a remembered two-factor account for its code', async () => {
    const { r, store, sessions } = await signedOut()
    const asked = await r.api.signIn({
      server: r.sim.url,
      method: 'password',
      email: SEED_USERS.totp.email,
      secret: SEED_USERS.totp.password,
      remember: true,
    })
    expect(asked.ok).toBe(false)
    expect((await r.api.verifyCode({ code: code() })).ok).toBe(true)
    await r.api.signOut()
    await store.loadAccounts()
    expect(await store.openSaved(store.accounts[0]!)).toEqual({ field: 'code' })
    expect(store.step).toBe('code')
    expect(store.error).toBeNull()
    expect(sessions).toEqual([])
  })

  it('says why an account could not be forgotten', async () => {
    const keychain = lockableKeychain()
    const { r, store } = await signedOut({ secrets: keychain.store })
    const signedIn = await r.api.signIn({
      server: r.sim.url,
      method: 'password',
      email: SEED_USERS.demo.email,
      secret: SEED_USERS.demo.password,
      remember: true,
    })
    expect(signedIn.ok).toBe(true)
    await store.loadAccounts()
    keychain.state.now = 'locked'
    store.forgetting = store.accounts[0]!
    await store.forget()
    expect(toasts).toHaveLength(1)
    expect(toasts[0]).toMatchObject({ tone: 'danger' })
    expect(toasts[0]!.message).toEqual(expect.any(String))
    expect(toasts[0]!.message).not.toBe('')
    expect(store.accounts).toHaveLength(1)
  })

  it('says the demo is not available where there is none', async () => {
    const { store, sessions } = await signedOut()
    expect(await store.tryDemo()).toBeNull()
    expect(store.error?.code).toBe('demo.unavailable')
    expect(store.generalError).toBe(store.error?.message)
    expect(sessions).toEqual([])
  })
})
