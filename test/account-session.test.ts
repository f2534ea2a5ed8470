// The session a sign-in makes, field by field, and the paths around it that the keychain journeys
// in account-service.test.ts do not take: one-run sign-ins, a keychain that fails oddly, roles,
// the user's own email and name, sign-out and forget of the active account. Real simulator, the
// in-memory secret store (the keychain itself is keychain.test.ts's subject).
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { AccountService } from '../src/main/account/account-service'
import { ProfileStore } from '../src/main/store/profiles'
import type { SecretStore } from '../src/main/store/secrets'
import { nodeTransport } from '../src/main/traccar/transport'
import { t } from '../src/main/i18n'
import type { PushEvent } from '$shared/contract'
import { DEMO_TOTP_KEY, SEED_USERS, startSim, totpCode, type Sim } from '../src/sim'
import { failure } from './helpers/failure'
import { memorySecrets } from './helpers/secrets'

const { demo, admin, readonly, totp } = SEED_USERS

describe('the session a sign-in makes', () => {
  let sim: Sim
  let dir: string
  let secrets: ReturnType<typeof memorySecrets>
  let pushed: PushEvent[]
  const service = (store: SecretStore = secrets) =>
    new AccountService({
      transport: nodeTransport,
      secrets: store,
      profiles: new ProfileStore(dir),
      push: (e) => pushed.push(e),
    })
  const as = (
    user: { email: string; password: string },
    extra: { remember?: boolean; ephemeral?: boolean } = {},
  ) => ({
    server: sim.url,
    method: 'password' as const,
    email: user.email,
    secret: user.password,
    remember: extra.remember ?? true,
    ephemeral: extra.ephemeral,
  })

  beforeEach(async () => {
    sim = await startSim({ flavor: '6', clock: false })
    dir = mkdtempSync(join(tmpdir(), 'wd-session-'))
    secrets = memorySecrets()
    pushed = []
  })
  afterEach(() => sim.stop())

  it('is not the demo server, an administrator or read-only unless told so', async () => {
    const info = await service().signIn(as(demo))
    expect(info).toMatchObject({ demo: false, administrator: false, readonly: false, method: 'password' })
  })

  it('says administrator for an administrator, read-only for a read-only user or server', async () => {
    expect(await service().signIn(as(admin))).toMatchObject({ administrator: true, readonly: false })
    expect(await service().signIn(as(readonly))).toMatchObject({ administrator: false, readonly: true })
    sim.state.readonly = true
    expect((await service().signIn(as(demo))).readonly).toBe(true)
  })

  it("takes the email as the server spells it, and an empty name when the user's is not text", async () => {
    sim.state.users.get(demo.id)!.json.name = null
    const info = await service().signIn({ ...as(demo), email: demo.email.toUpperCase() })
    expect(info.email).toBe(demo.email)
    expect(info.name).toBe('')
    expect(info.accountId).toBe(`${sim.url}|${demo.email}`)
  })

  it('a sign-in for one run leaves the saved accounts and the keychain alone', async () => {
    await service().signIn(as(demo))
    const before = { items: [...secrets.items], accounts: (await service().list()).accounts }
    const s = service()
    const info = await s.signIn(as(admin, { ephemeral: true }))
    expect(info.remembered).toBe(false)
    const off = await s.signIn(as(demo, { remember: false, ephemeral: true }))
    expect(off.remembered).toBe(false)
    expect([...secrets.items]).toEqual(before.items)
    expect((await service().list()).accounts).toEqual(before.accounts)
  })

  it('says the keychain could not save, in general words when the failure has none for the user', async () => {
    const odd: SecretStore = {
      ...secrets,
      set: async () => {
        throw new Error('native module crashed')
      },
    }
    const info = await service(odd).signIn(as(demo))
    expect(info).toMatchObject({ remembered: false, notice: t('error.keychain.saveFailed') })
    expect((await service().list()).accounts).toEqual([expect.objectContaining({ remembered: false })])
  })

  it('has a session while signed in, with the server escaping, and none after signing out', async () => {
    const s = service()
    expect(s.session()).toBeNull()
    const info = await s.signIn(as(demo))
    expect(s.session()).toEqual({ ...info, escaping: s.require().client.escaping() })
    await s.signOut()
    expect(s.session()).toBeNull()
    expect((await failure(Promise.resolve().then(() => s.require()))).code).toBe('auth.signedOut')
  })

  it('signing out forgets a pending 2FA attempt', async () => {
    const s = service()
    expect((await failure(s.signIn(as(totp)))).code).toBe('auth.totpRequired')
    await s.signOut()
    const f = await failure(s.verifyCode(String(totpCode(DEMO_TOTP_KEY)).padStart(6, '0')))
    expect(f.code).toBe('auth.noPendingSignIn')
  })

  it('forgetting the active account signs it out; another stays signed in', async () => {
    const s = service()
    const other = await s.signIn(as(admin))
    const info = await s.signIn(as(demo))
    await s.forget(other.accountId)
    expect(s.session()?.accountId).toBe(info.accountId)
    await s.forget(info.accountId)
    expect(s.session()).toBeNull()
    expect(secrets.items.size).toBe(0)
    expect((await s.list()).accounts).toEqual([])
  })

  it('forgets an account it never saved, even without a keychain', async () => {
    const none: SecretStore = {
      ...secrets,
      delete: async () => {
        throw new Error('no keychain')
      },
    }
    await expect(service(none).forget(`${sim.url}|nobody@example.com`)).resolves.toBeUndefined()
  })

  it('signs in again with a saved account and the secret kept for it; refuses one unknown or without a secret', async () => {
    const first = await service().signIn(as(demo))
    const again = await service().signInSaved(first.accountId)
    expect(again).toMatchObject({ accountId: first.accountId, userId: demo.id, remembered: true })
    expect((await failure(service().signInSaved(`${sim.url}|nobody@example.com`))).code).toBe(
      'account.unknown',
    )
    secrets.items.clear()
    const missing = await failure(service().signInSaved(first.accountId))
    expect(missing).toMatchObject({
      code: 'auth.secretMissing',
      message: t('error.auth.secretMissing.password', { email: demo.email }),
      extra: { field: 'secret' },
    })
  })

  it('with "remember me" off deletes the secret an earlier sign-in kept', async () => {
    const id = (await service().signIn(as(demo))).accountId
    expect(secrets.items.get(id)).toBe(demo.password)
    const info = await service().signIn(as(demo, { remember: false }))
    expect(info.remembered).toBe(false)
    expect(secrets.items.has(id)).toBe(false)
    expect((await service().list()).accounts).toEqual([expect.objectContaining({ id, remembered: false })])
  })

  it('refuses what it cannot start, naming the field: bad address, no email, plain http unconfirmed', async () => {
    const s = service()
    expect(await failure(s.signIn({ ...as(demo), server: 'ftp://x' }))).toMatchObject({
      code: 'address.invalid',
      extra: { field: 'server' },
    })
    expect(await failure(s.signIn({ ...as(demo), email: '  ' }))).toMatchObject({
      code: 'auth.emailMissing',
      extra: { field: 'email' },
    })
    expect(await failure(s.signIn({ ...as(demo), server: 'http://traccar.invalid' }))).toMatchObject({
      code: 'address.insecure',
      message: t('error.address.insecure.password', { host: 'traccar.invalid' }),
      extra: { field: 'server' },
    })
    expect(s.session()).toBeNull()
  })

  it('completes 2FA with the code (spaces trimmed); a later 401 then ends the session, as a new code is needed', async () => {
    const s = service()
    expect((await failure(s.signIn(as(totp)))).code).toBe('auth.totpRequired')
    const code = totpCode(DEMO_TOTP_KEY)
    expect((await failure(s.verifyCode(String((code + 7) % 1_000_000).padStart(6, '0')))).code).toBe(
      'auth.totpWrong',
    )
    const info = await s.verifyCode(` ${String(code).padStart(6, '0')} `)
    expect(info.userId).toBe(totp.id)
    // The attempt is used up.
    expect((await failure(s.verifyCode('000000'))).code).toBe('auth.noPendingSignIn')
    sim.state.sessions.clear()
    expect((await failure(s.require().client.getUser(totp.id))).code).toBe('auth.sessionExpired')
    expect(pushed).toEqual([{ type: 'session.ended', message: t('error.session.endedNeedsCode') }])
    expect(s.session()).toBeNull()
  })

  it('a later 401 signs in again with the secret held for this run; if that fails, the session ends saying why', async () => {
    const s = service()
    await s.signIn(as(demo, { remember: false }))
    sim.state.sessions.clear()
    expect((await s.require().client.getUser(demo.id)).id).toBe(demo.id)
    expect(pushed).toEqual([])
    sim.state.sessions.clear()
    sim.state.users.get(demo.id)!.password = 'changed elsewhere'
    expect((await failure(s.require().client.getUser(demo.id))).code).toBe('auth.sessionExpired')
    expect(pushed).toEqual([
      {
        type: 'session.ended',
        message: t('error.session.endedReauthFailed', { reason: t('error.auth.wrongPassword') }),
      },
    ])
    expect(s.session()).toBeNull()
  })

  it("switching ends the old session on the server; the old session's later 401 leaves the new one alone", async () => {
    const s = service()
    await s.signIn(as(demo))
    const earlier = s.require().client
    const oldSession = /JSESSIONID=([^;]+)/.exec((await earlier.cookieHeader())!)![1]!
    const info = await s.signIn(as(admin))
    expect(sim.state.sessions.has(oldSession)).toBe(false)
    expect((await failure(earlier.getUser(demo.id))).code).toBe('auth.sessionExpired')
    expect(pushed).toEqual([])
    expect(s.session()?.accountId).toBe(info.accountId)
  })

  it('says what the server offers before sign-in: the web login, forced or not', async () => {
    const s = service()
    expect(await s.checkServer(sim.url)).toEqual({ openIdEnabled: false, openIdForce: false })
    sim.state.openId = 'enabled'
    expect(await s.checkServer(`${sim.url}/`)).toEqual({ openIdEnabled: true, openIdForce: false })
    sim.state.openId = 'forced'
    expect(await s.checkServer(sim.url)).toEqual({ openIdEnabled: true, openIdForce: true })
    expect(await failure(s.checkServer('ftp://x'))).toMatchObject({
      code: 'address.invalid',
      extra: { field: 'server' },
    })
  })
})
