/**
 * Forgetting an account removes everything the app keeps for it: the remembered secret and the
 * key that seals its local data (both in the real keychain), and its local files. Other accounts
 * keep theirs.
 */
import { existsSync, mkdtempSync, readdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Handlers } from '../src/main/dispatch'
import { KEYCHAIN_SERVICE, KeytarStore } from '../src/main/store/secrets'
import { SEED_USERS, startSim, type Sim } from '../src/sim'
import { testHandlers } from './helpers/handlers'
import { keyringReady, keyringSkipReason } from './helpers/keyring'

const { demo, manager } = SEED_USERS

/** Every keychain item of the app, by account name. */
async function keychainAccounts(): Promise<string[]> {
  const keytar = (await import('keytar')).default
  return (await keytar.findCredentials(KEYCHAIN_SERVICE)).map((c) => c.account)
}

describe.skipIf(!keyringReady)(
  `forgetting an account${keyringReady ? '' : ` (${keyringSkipReason})`}`,
  () => {
    let sim: Sim
    let dir: string
    let handlers: Handlers
    const secrets = new KeytarStore()
    const idOf = (email: string) => `${sim.url}|${email}`
    const ofAccount = (names: string[], email: string) =>
      names.filter((n) => n.startsWith(`${idOf(email)}|`) || n === idOf(email))

    beforeAll(async () => {
      sim = await startSim({ clock: false })
      dir = mkdtempSync(join(tmpdir(), 'wd-forget-'))
      handlers = testHandlers({ userDataDir: dir, secrets })
    })
    afterAll(async () => {
      for (const name of [
        ...ofAccount(await keychainAccounts(), demo.email),
        ...ofAccount(await keychainAccounts(), manager.email),
      ])
        await secrets.delete(name)
      await sim.stop()
    })

    async function useRemembered(user: { email: string; password: string }): Promise<void> {
      await handlers.signIn({
        server: sim.url,
        method: 'password',
        email: user.email,
        secret: user.password,
        remember: true,
      })
      const state = await handlers.loadWebhook(undefined)
      // A save writes a sealed history entry, which creates the account's local-data key.
      await handlers.saveWebhook({
        userId: state.userId,
        baseline: state.values,
        values: { webhookUrl: 'https://a.example/h' },
        removeKeys: [],
      })
      await handlers.saveDraft({
        userId: state.userId,
        baseline: state.values,
        values: { webhookUrl: 'https://draft.example/' },
        removeKeys: [],
      })
    }

    it('leaves nothing of the account in the keychain or the data folder, and other accounts untouched', async () => {
      await useRemembered(manager)
      await useRemembered(demo)
      const before = await keychainAccounts()
      expect(ofAccount(before, demo.email).sort()).toEqual([
        idOf(demo.email),
        `${idOf(demo.email)}|local-data-key`,
      ])
      const managerItems = ofAccount(before, manager.email).sort()
      expect(managerItems).toEqual([idOf(manager.email), `${idOf(manager.email)}|local-data-key`])
      const files = readdirSync(join(dir, 'accounts'))
      expect(files.length).toBeGreaterThanOrEqual(2)

      await handlers.forgetAccount({ accountId: idOf(demo.email) })

      const after = await keychainAccounts()
      expect(ofAccount(after, demo.email)).toEqual([])
      expect(ofAccount(after, manager.email).sort()).toEqual(managerItems)
      expect((await handlers.listAccounts(undefined)).accounts.map((a) => a.email)).toEqual([manager.email])
      // Only the manager's files are left, and they still open with its key.
      expect(readdirSync(join(dir, 'accounts')).length).toBe(files.length / 2)
      const session = await handlers.signInSaved({ accountId: idOf(manager.email) })
      expect((await handlers.getDraft({ userId: session.userId })).draft?.values).toEqual({
        webhookUrl: 'https://draft.example/',
      })
      expect(existsSync(join(dir, 'profiles.json'))).toBe(true)
    })
  },
)
