import { execFileSync, spawnSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { KEYCHAIN_SERVICE, KeytarStore } from '../src/main/store/secrets'
import { keyringReady, keyringSkipReason } from './helpers/keyring'

describe.skipIf(!keyringReady)(
  `OS keychain through keytar (${keyringReady ? 'gnome-keyring' : keyringSkipReason})`,
  () => {
    const account = `https://traccar.example|${randomBytes(4).toString('hex')}@example.com`

    it('stores, reads and deletes a secret in the real Secret Service', async () => {
      // Made inside the test, so per-test coverage (Stryker) counts the constructor as this test's.
      const store = new KeytarStore()
      expect(await store.get(account)).toBeNull()
      await store.set(account, 'pa55 wörd')
      expect(await store.get(account)).toBe('pa55 wörd')
      // Another Secret Service client sees the same item, under our service and account names.
      const lookup = execFileSync(
        'secret-tool',
        ['lookup', 'service', KEYCHAIN_SERVICE, 'account', account],
        { encoding: 'utf8' },
      )
      expect(lookup).toBe('pa55 wörd')
      await store.set(account, 'changed')
      expect(await store.get(account)).toBe('changed')
      await store.delete(account)
      expect(await store.get(account)).toBeNull()
    })

    it('deleting a missing item is not an error', async () => {
      const store = new KeytarStore()
      await expect(store.delete(`${account}-missing`)).resolves.toBeUndefined()
    })
  },
)

describe('keychain unavailable', () => {
  it('reports keychain.unavailable when there is no D-Bus session, instead of failing or storing elsewhere', () => {
    const env = { ...process.env, DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/bus', DISPLAY: '' }
    const out = spawnSync(process.execPath, ['--import', 'tsx', 'test/fixtures/keychain-probe.ts'], {
      env,
      encoding: 'utf8',
    })
    const result = JSON.parse(out.stdout.trim().split('\n').pop()!)
    expect(result.code).toBe('keychain.unavailable')
    expect(result.message).toMatch(/keychain is not available/)
    expect(result.message).not.toContain('probe-secret-value')
  })
})
