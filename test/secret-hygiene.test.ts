/**
 * After a full journey (sign in remembered, edit, test send, inbox, events, backfill, sign out,
 * and a token sign-in), neither the password nor the token appears in any file the app wrote or
 * in anything it logged. Runs with the real keychain, where the secrets legitimately live.
 */
import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it, vi } from 'vitest'
import { dispatch } from '../src/main/dispatch'
import { KeytarStore } from '../src/main/store/secrets'
import { SEED_USERS, startSim } from '../src/sim'
import { keyringReady, keyringSkipReason } from './helpers/keyring'
import { TestClient } from './helpers/traccar-client'
import { testHandlers } from './helpers/handlers'

const PASSWORD = 'Hygiene-Pa55-word-7731'

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    return statSync(path).isDirectory() ? filesUnder(path) : [path]
  })
}

describe.skipIf(!keyringReady)(`secret hygiene${keyringReady ? '' : ` (${keyringSkipReason})`}`, () => {
  it('keeps the password and token out of every file and log after a full journey', async () => {
    const logged: string[] = []
    const spies = (['log', 'info', 'warn', 'error', 'debug'] as const).map((level) =>
      vi
        .spyOn(console, level)
        .mockImplementation((...args: unknown[]) => void logged.push(args.map(String).join(' '))),
    )
    const stdout = vi.spyOn(process.stdout, 'write')
    const stderr = vi.spyOn(process.stderr, 'write')
    const sim = await startSim({ clock: false })
    sim.state.users.get(SEED_USERS.demo.id)!.password = PASSWORD
    const dir = mkdtempSync(join(tmpdir(), 'wd-hygiene-'))
    const secrets = new KeytarStore()
    const handlers = testHandlers({
      userDataDir: dir,
      secrets,
      push: (event) => logged.push(JSON.stringify(event)),
    })
    const call = async (name: string, input?: unknown) => {
      const result = await dispatch(handlers, name, input, (op, error) =>
        logged.push(`${op} ${String(error)}`),
      )
      logged.push(JSON.stringify(result))
      return result
    }
    try {
      expect(
        (
          await call('signIn', {
            server: sim.url,
            method: 'password',
            email: SEED_USERS.demo.email,
            secret: 'wrong-' + PASSWORD,
            remember: true,
          })
        ).ok,
      ).toBe(false)
      expect(
        (
          await call('signIn', {
            server: sim.url,
            method: 'password',
            email: SEED_USERS.demo.email,
            secret: PASSWORD,
            remember: true,
          })
        ).ok,
      ).toBe(true)
      const inbox = (await call('startInbox', { port: 0 })) as { ok: true; value: { url: string } }
      const loaded = (await call('loadWebhook')) as { ok: true; value: { userId: number; values: object } }
      // Both must be carried out, or what they write would not be put to the test.
      const draft = await call('saveDraft', {
        userId: loaded.value.userId,
        baseline: loaded.value.values,
        values: { webhookUrl: inbox.value.url },
        removeKeys: [],
      })
      expect(draft.ok).toBe(true)
      const saved = await call('saveWebhook', {
        userId: loaded.value.userId,
        baseline: loaded.value.values,
        values: { webhookUrl: inbox.value.url, webhookPsk: 'Bearer psk' },
        removeKeys: [],
      })
      expect(saved.ok).toBe(true)
      const body = (await call('buildTestBody', { eventType: 'alarm', deviceId: null })) as {
        ok: true
        value: string
      }
      await call('sendTest', {
        url: inbox.value.url,
        psk: 'Bearer psk',
        body: body.value,
        eventType: 'alarm',
        timeoutMs: 5000,
        insecureTls: false,
      })
      const events = (await call('listEvents', {
        from: new Date(Date.now() - 86_400_000).toISOString(),
        to: new Date().toISOString(),
      })) as {
        ok: true
        value: { id: number }[]
      }
      await call('startBackfill', {
        eventIds: [events.value[0]!.id],
        url: inbox.value.url,
        continueOnFailure: false,
        timeoutMs: 5000,
      })
      await new Promise((r) => setTimeout(r, 300))
      await call('listDeliveries')
      await call('listHistory')
      await call('signOut')
      // A token session: remembered, then signed in from the saved account.
      const t = new TestClient(sim.url)
      await t.login(SEED_USERS.demo.email, PASSWORD)
      const token = (await t.post('/api/session/token', {})).text
      expect(
        (await call('signIn', { server: sim.url, method: 'token', secret: token, remember: true })).ok,
      ).toBe(true)
      await call('signOut')
      expect((await call('signInSaved', { accountId: `${sim.url}|${SEED_USERS.demo.email}` })).ok).toBe(true)
      await call('signOut')
      await call('stopInbox')

      const written = filesUnder(dir).map((f) => readFileSync(f, 'utf8'))
      expect(written.length).toBeGreaterThanOrEqual(3)
      const printed = [...stdout.mock.calls, ...stderr.mock.calls].map((c) => String(c[0]))
      for (const secret of [PASSWORD, token]) {
        for (const text of [...written, ...logged, ...printed]) expect(text.includes(secret)).toBe(false)
      }
    } finally {
      spies.forEach((s) => s.mockRestore())
      stdout.mockRestore()
      stderr.mockRestore()
      await secrets.delete(`${sim.url}|${SEED_USERS.demo.email}`)
      await secrets.delete(`${sim.url}|${SEED_USERS.demo.email}|local-data-key`)
      await sim.stop()
    }
  }, 60_000)
})
