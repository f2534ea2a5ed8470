import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { AccountService } from '../src/main/account/account-service'
import { ProfileStore } from '../src/main/store/profiles'
import { keychainFailure, KeytarStore, type SecretStore } from '../src/main/store/secrets'
import { nodeTransport } from '../src/main/traccar/transport'
import type { PushEvent } from '$shared/contract'
import { DEMO_LEGACY_TOKEN, DEMO_TOTP_KEY, SEED_USERS, startSim, totpCode, type Sim } from '../src/sim'
import { failure } from './helpers/failure'
import { closedPort } from './helpers/ports'
import { keyringReady, keyringSkipReason } from './helpers/keyring'
import { TestClient } from './helpers/traccar-client'

const { demo, totp } = SEED_USERS
// Distinctive, so a search for it in files and logs cannot hit an email address by chance.
const PASSWORD = 'Xq7-correct-horse-staple'

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    return statSync(path).isDirectory() ? filesUnder(path) : [path]
  })
}

describe.skipIf(!keyringReady).each(['6', '4.12'] as const)(
  `sign-in and saved accounts with the real keychain, Traccar %s${keyringReady ? '' : ` (${keyringSkipReason})`}`,
  (flavor) => {
    let sim: Sim
    let dir: string
    let secrets: KeytarStore
    let pushed: PushEvent[]
    const service = (store: SecretStore = secrets) => {
      pushed = []
      return new AccountService({
        transport: nodeTransport,
        secrets: store,
        profiles: new ProfileStore(dir),
        push: (e) => pushed.push(e),
      })
    }
    const password = () => ({
      server: sim.url,
      method: 'password' as const,
      email: demo.email,
      secret: PASSWORD,
      remember: true,
    })

    beforeAll(async () => {
      sim = await startSim({ flavor, clock: false })
      sim.state.users.get(demo.id)!.password = PASSWORD
      secrets = new KeytarStore()
    })
    afterAll(() => sim.stop())
    beforeEach(() => {
      dir = mkdtempSync(join(tmpdir(), 'wd-account-'))
    })
    afterEach(async () => {
      await secrets.delete(`${sim.url}|${demo.email}`)
      await secrets.delete(`${sim.url}|${totp.email}`)
    })

    it('signs in, remembers the password in the keychain and the account (without it) in profiles.json', async () => {
      const s = service()
      const info = await s.signIn(password())
      expect(info).toMatchObject({
        accountId: `${sim.url}|${demo.email}`,
        server: sim.url,
        serverVersion: flavor === '6' ? '6.14.5' : '4.12',
        generation: flavor === '6' ? 'modern' : 'legacy',
        userId: demo.id,
        name: 'Demo Rider',
        remembered: true,
        readonly: false,
        notice: null,
      })
      expect(await secrets.get(info.accountId)).toBe(PASSWORD)
      const file = JSON.parse(readFileSync(join(dir, 'profiles.json'), 'utf8'))
      expect(file.accounts).toEqual([
        expect.objectContaining({
          id: info.accountId,
          email: demo.email,
          method: 'password',
          remembered: true,
        }),
      ])
      expect(JSON.stringify(file)).not.toContain(PASSWORD)
    })

    it('signs in again with a remembered account after a restart, without the password', async () => {
      await service().signIn(password())
      const restarted = service()
      const { accounts } = await restarted.list()
      expect(accounts).toHaveLength(1)
      const info = await restarted.signInSaved(accounts[0]!.id)
      expect(info.userId).toBe(demo.id)
      expect(restarted.session()?.email).toBe(demo.email)
    })

    it('with "remember me" off keeps the secret out of the keychain', async () => {
      const s = service()
      await s.signIn({ ...password(), remember: false })
      expect(await secrets.get(`${sim.url}|${demo.email}`)).toBeNull()
      const again = service()
      const f = await failure(again.signInSaved(`${sim.url}|${demo.email}`))
      expect(f.code).toBe('auth.secretMissing')
      expect(f.extra.field).toBe('secret')
    })

    it('forgets the remembered secret when the same account signs in again with "remember me" off', async () => {
      const id = `${sim.url}|${demo.email}`
      await service().signIn(password())
      expect(await secrets.get(id)).toBe(PASSWORD)
      const s = service()
      const info = await s.signIn({ ...password(), remember: false })
      expect(info.remembered).toBe(false)
      expect(await secrets.get(id)).toBeNull()
      expect((await s.list()).accounts).toEqual([expect.objectContaining({ id, remembered: false })])
      expect((await failure(service().signInSaved(id))).code).toBe('auth.secretMissing')
    })

    it('signs out (the remembered secret stays) and forgets (keychain item and profile go)', async () => {
      const s = service()
      const info = await s.signIn(password())
      await s.signOut()
      expect(s.session()).toBeNull()
      expect(await secrets.get(info.accountId)).toBe(PASSWORD)
      await s.forget(info.accountId)
      expect(await secrets.get(info.accountId)).toBeNull()
      expect((await s.list()).accounts).toEqual([])
    })

    it('signs in with an access token; the account is keyed by the user it belongs to', async () => {
      let token = DEMO_LEGACY_TOKEN
      if (flavor === '6') {
        const t = new TestClient(sim.url)
        await t.login(demo.email, PASSWORD)
        token = (await t.post('/api/session/token', {})).text
      }
      const s = service()
      const info = await s.signIn({
        server: `${sim.url}/api/`,
        method: 'token',
        secret: token,
        remember: true,
      })
      expect(info).toMatchObject({
        email: demo.email,
        method: 'token',
        accountId: `${sim.url}|${demo.email}`,
      })
      expect(await secrets.get(info.accountId)).toBe(token)
    })

    if (flavor === '6') {
      it('asks for a 2FA code, keeps the attempt on a wrong code, and completes with the right one', async () => {
        const s = service()
        const need = await failure(s.signIn({ ...password(), email: totp.email, secret: totp.password }))
        expect(need.code).toBe('auth.totpRequired')
        const code = totpCode(DEMO_TOTP_KEY)
        const wrong = await failure(s.verifyCode(String((code + 7) % 1_000_000).padStart(6, '0')))
        expect(wrong.code).toBe('auth.totpWrong')
        const info = await s.verifyCode(String(code).padStart(6, '0'))
        expect(info.userId).toBe(totp.id)
      })

      it('ends a 2FA session on a later 401 and says why (a new code is needed)', async () => {
        const s = service()
        await failure(s.signIn({ ...password(), email: totp.email, secret: totp.password }))
        await s.verifyCode(String(totpCode(DEMO_TOTP_KEY)).padStart(6, '0'))
        sim.state.sessions.clear()
        expect((await failure(s.require().client.getUser(totp.id))).code).toBe('auth.sessionExpired')
        expect(pushed).toEqual([
          { type: 'session.ended', message: expect.stringContaining('verification code') },
        ])
        expect(s.session()).toBeNull()
      })

      it("leaves the current session alone when an earlier session's request gets a 401", async () => {
        const s = service()
        await s.signIn({ ...password(), remember: false })
        const earlier = s.require().client
        await failure(s.signIn({ ...password(), email: totp.email, secret: totp.password }))
        await s.verifyCode(String(totpCode(DEMO_TOTP_KEY)).padStart(6, '0'))
        pushed = []
        // The earlier session was signed out on the server: its next request (a batch still
        // running) gets a 401, which must neither end nor renew the 2FA session now in use.
        expect((await failure(earlier.getUser(demo.id))).code).toBe('auth.sessionExpired')
        expect(pushed).toEqual([])
        expect(s.session()?.email).toBe(totp.email)
        expect((await s.require().client.getUser(totp.id)).id).toBe(totp.id)
      })
    }

    it('signs in again by itself when the server session ends', async () => {
      const s = service()
      await s.signIn(password())
      sim.state.sessions.clear()
      expect((await s.require().client.getUser(demo.id)).id).toBe(demo.id)
      expect(pushed).toEqual([])
    })

    describe('switching to another account', () => {
      /** The current session answers as it is, without signing in again behind the scenes. */
      async function stillWorks(s: AccountService): Promise<void> {
        const active = s.require()
        expect(active.info.email).toBe(demo.email)
        active.client.setUnauthorizedHandler(undefined)
        expect((await active.client.getUser(demo.id)).id).toBe(demo.id)
      }
      const other = (input: Partial<Parameters<AccountService['signIn']>[0]>) => ({
        ...password(),
        remember: false,
        ...input,
      })

      it.each([
        ['a wrong password', () => other({ email: SEED_USERS.readonly.email, secret: 'wrong' })],
        ['a refused server', async () => other({ server: `http://127.0.0.1:${await closedPort()}` })],
      ])('keeps the current session working after %s', async (_label, input) => {
        const s = service()
        await s.signIn(password())
        await failure(s.signIn(await input()))
        await stillWorks(s)
      })

      // 2FA exists from Traccar 5.x on.
      if (flavor === '6') {
        it('keeps the current session working when 2FA is asked for and cancelled', async () => {
          const s = service()
          await s.signIn(password())
          const f = await failure(s.signIn(other({ email: totp.email, secret: totp.password })))
          expect(f.code).toBe('auth.totpRequired')
          await stillWorks(s)
          s.cancelSignIn()
          await stillWorks(s)
        })
      }

      it('switches once the new account is in, and only then ends the old session on the server', async () => {
        const s = service()
        await s.signIn(password())
        const oldCookie = (await s.require().client.cookieHeader())!
        const oldSession = /JSESSIONID=([^;]+)/.exec(oldCookie)![1]!
        expect(sim.state.sessions.has(oldSession)).toBe(true)
        const reader = SEED_USERS.readonly
        const info = await s.signIn(other({ email: reader.email, secret: reader.password }))
        expect(info.email).toBe(reader.email)
        expect((await s.require().client.getUser(reader.id)).id).toBe(reader.id)
        expect(await s.require().client.cookieHeader()).not.toBe(oldCookie)
        expect(sim.state.sessions.has(oldSession)).toBe(false)
      })
    })

    it('still signs in when the keychain is unavailable, remembers nothing, and says so', async () => {
      const broken: SecretStore = {
        get: async () => {
          throw keychainFailure(new Error('Cannot autolaunch D-Bus without X11 $DISPLAY'))
        },
        set: async () => {
          throw keychainFailure(new Error('Cannot autolaunch D-Bus without X11 $DISPLAY'))
        },
        delete: async () => {
          throw keychainFailure(new Error('Cannot autolaunch D-Bus without X11 $DISPLAY'))
        },
      }
      const s = service(broken)
      const info = await s.signIn(password())
      expect(info.remembered).toBe(false)
      expect(info.notice).toMatch(/keychain is not available/)
      expect(
        filesUnder(dir)
          .map((f) => readFileSync(f, 'utf8'))
          .join('\n'),
      ).not.toContain(PASSWORD)
    })

    it('refuses a sign-in it cannot start, naming the field: bad address, missing email, no pending code', async () => {
      const s = service()
      const bad = await failure(s.signIn({ ...password(), server: 'ftp://x' }))
      expect([bad.code, bad.extra.field]).toEqual(['address.invalid', 'server'])
      const noEmail = await failure(s.signIn({ ...password(), email: '   ' }))
      expect([noEmail.code, noEmail.extra.field]).toEqual(['auth.emailMissing', 'email'])
      const insecure = await failure(
        s.signIn({ ...password(), method: 'token', server: 'http://traccar.invalid' }),
      )
      expect(insecure.message).toBe(
        'traccar.invalid uses plain http://, so your token would travel unencrypted. Use https:// if the server offers it.',
      )
      const code = await failure(s.verifyCode('123456'))
      expect([code.code, code.message]).toEqual([
        'auth.noPendingSignIn',
        'Start again: enter your email and password first.',
      ])
      const unknown = await failure(s.signInSaved(`${sim.url}|nobody@example.com`))
      expect([unknown.code, unknown.message]).toEqual([
        'account.unknown',
        'This saved account no longer exists. Sign in again.',
      ])
      expect((await failure(Promise.resolve().then(() => s.require()))).code).toBe('auth.signedOut')
      expect(s.session()).toBeNull()
    })

    it('signs in with the email trimmed and says which sessions are the demo server', async () => {
      const demoService = new AccountService({
        transport: nodeTransport,
        secrets,
        profiles: new ProfileStore(dir),
        push: () => {},
        isDemo: (origin) => origin === sim.url,
      })
      const info = await demoService.signIn({ ...password(), email: `  ${demo.email} `, remember: false })
      expect(info).toMatchObject({ email: demo.email, demo: true, administrator: false, readonly: false })
      expect((await service().signIn({ ...password(), remember: false })).demo).toBe(false)
    })

    if (flavor === '6') {
      it('forgets a 2FA attempt when cancelled: the code is then refused', async () => {
        const s = service()
        await failure(s.signIn({ ...password(), email: totp.email, secret: totp.password }))
        s.cancelSignIn()
        const f = await failure(s.verifyCode(String(totpCode(DEMO_TOTP_KEY)).padStart(6, '0')))
        expect(f.code).toBe('auth.noPendingSignIn')
      })
    }

    it('ends the session and says why when signing in again after a 401 fails', async () => {
      const s = service()
      await s.signIn({ ...password(), remember: false })
      sim.state.sessions.clear()
      sim.state.users.get(demo.id)!.password = 'changed-elsewhere'
      try {
        expect((await failure(s.require().client.getUser(demo.id))).code).toBe('auth.sessionExpired')
      } finally {
        sim.state.users.get(demo.id)!.password = PASSWORD
      }
      expect(pushed).toEqual([
        {
          type: 'session.ended',
          message: expect.stringMatching(
            /^Your session on the server ended and signing in again failed: The email or password is not right/,
          ),
        },
      ])
      expect(s.session()).toBeNull()
    })

    it('forgets a remembered account only when its secret can be deleted; a not-remembered one always', async () => {
      const s = service()
      const info = await s.signIn(password())
      const noKeychain: SecretStore = {
        get: async () => null,
        set: async () => {},
        delete: async () => {
          throw keychainFailure(new Error('Cannot autolaunch D-Bus without X11 $DISPLAY'))
        },
      }
      const broken = service(noKeychain)
      expect((await failure(broken.forget(info.accountId))).code).toBe('keychain.unavailable')
      expect((await broken.list()).accounts).toHaveLength(1)
      await s.signIn({ ...password(), remember: false })
      const later = service(noKeychain)
      await later.forget(info.accountId)
      expect((await later.list()).accounts).toEqual([])
    })

    it('refuses plain http to another host until the user confirms', async () => {
      const s = service()
      const f = await failure(s.signIn({ ...password(), server: 'http://traccar.invalid' }))
      expect(f.code).toBe('address.insecure')
      expect(f.extra.field).toBe('server')
      const confirmed = await failure(
        s.signIn({ ...password(), server: 'http://traccar.invalid', allowInsecure: true }),
      )
      expect(confirmed.code).toBe('net.dns')
    })

    it('starts with no accounts, and says so, when profiles.json is corrupt', async () => {
      writeFileSync(join(dir, 'profiles.json'), '{"version":1,"accounts":[{"id":')
      const s = service()
      const list = await s.list()
      expect(list.accounts).toEqual([])
      expect(list.notice).toMatch(/could not be read/)
      expect(readdirSync(dir).some((f) => f.startsWith('profiles.json.corrupt-'))).toBe(true)
      await s.signIn(password())
      expect((await service().list()).accounts).toHaveLength(1)
    })

    it('leaves the password and token nowhere but the keychain: not in files, not in logs', async () => {
      const logged: string[] = []
      const spies = (['log', 'info', 'warn', 'error', 'debug'] as const).map((level) =>
        vi
          .spyOn(console, level)
          .mockImplementation((...args: unknown[]) => void logged.push(args.map(String).join(' '))),
      )
      try {
        const s = service()
        await s.signIn(password())
        await failure(s.signIn({ ...password(), secret: 'wrong-password-123' }))
        await s.signIn(password())
        sim.state.sessions.clear()
        await s.require().client.getUser(demo.id)
        let token = DEMO_LEGACY_TOKEN
        if (flavor === '6') {
          const t = new TestClient(sim.url)
          await t.login(demo.email, PASSWORD)
          token = (await t.post('/api/session/token', {})).text
        }
        await s.signIn({ server: sim.url, method: 'token', secret: token, remember: true })
        await s.signOut()
        const written = filesUnder(dir).map((f) => readFileSync(f, 'utf8'))
        expect(written.length).toBeGreaterThan(0)
        for (const secret of [PASSWORD, token, 'wrong-password-123']) {
          for (const text of [...written, ...logged]) expect(text).not.toContain(secret)
        }
        // The errors the user saw do not carry the secret either.
        const wrong = await failure(s.signIn({ ...password(), secret: 'wrong-password-123' }))
        expect(JSON.stringify(wrong.toError())).not.toContain('wrong-password-123')
      } finally {
        spies.forEach((spy) => spy.mockRestore())
      }
    })
  },
)
