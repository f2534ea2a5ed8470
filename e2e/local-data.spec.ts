/**
 * A keychain locked at start: drafts and history are said to be locked (not empty), come back
 * with Retry once it is unlocked, and a record that cannot be read is set aside with a notice.
 * Harness only: the keychain that fails like keytar is injected into the harness's services.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { AccountDataStore } from '../src/main/store/account-data'
import { accountId } from '../src/main/store/profiles'
import { Sealer } from '../src/main/store/sealed'
import type { HistoryRecord } from '../src/main/webhook/webhook-service'
import { SEED_USERS } from '../src/sim'
import { memorySecrets } from '../test/helpers/secrets'
import { expect, screenshot, test } from './fixtures'
import { audit } from './support/axe'
import { signIn } from './support/sign-in'
import { startCli } from './support/spawn'

test('a locked keychain: history is locked, not gone; Retry brings it back; unreadable records are set aside', async ({
  sim,
  lazyBrowser,
}, testInfo) => {
  test.skip(
    testInfo.project.name !== 'harness',
    'the failing keychain is injected into the harness services; Electron uses the real keychain',
  )
  const dir = mkdtempSync(join(tmpdir(), 'wd-e2e-locked-'))
  const userData = join(dir, 'user-data')
  // What an earlier run left: a save in the history, sealed under the account's key, and a damaged delivery record.
  const secrets = memorySecrets()
  const account = accountId(sim.url, SEED_USERS.demo.email)
  const history = new AccountDataStore<never, HistoryRecord>(userData, new Sealer(secrets))
  await history.addHistory(account, { before: {}, after: { webhookUrl: 'https://earlier.example/hook' } })
  const deliveries = new AccountDataStore(userData, new Sealer(secrets), 'deliveries', 100)
  mkdirSync(deliveries.folder(account), { recursive: true })
  writeFileSync(join(deliveries.folder(account), '1.json'), '{"version":1,"id":"x","ti')
  writeFileSync(join(dir, 'keychain.json'), JSON.stringify(Object.fromEntries(secrets.items)))

  const harness = await startCli(
    'e2e/support/locked-keychain-harness.ts',
    ['--user-data', userData, '--keychain', join(dir, 'keychain.json'), '--locked'],
    /Webhook Desk harness: (\S+)/,
  )
  const context = await (await lazyBrowser()).newContext({ locale: 'en' })
  try {
    const page = await context.newPage()
    await page.goto(harness.url)
    await signIn(page, sim.url, SEED_USERS.demo.email, SEED_USERS.demo.password, false)
    const locked = page.getByRole('status').filter({ hasText: 'Drafts and history are locked' })
    await expect(locked).toContainText('Nothing was changed or lost')
    await expect(
      page.getByText('The change history cannot be shown while the keychain is locked.'),
    ).toBeVisible()
    await screenshot(page, testInfo, 'keychain-locked')
    await audit(page, 'keychain locked')

    await locked.getByRole('button', { name: 'Retry' }).click()
    await expect(page.getByText('Still locked.')).toBeVisible()

    harness.send('unlock')
    await locked.getByRole('button', { name: 'Retry' }).click()
    await expect(page.getByText('Drafts and history are back.')).toBeVisible()
    await expect(page.getByText('Still locked.')).toHaveCount(0)
    await expect(locked).toHaveCount(0)
    await expect(page.getByRole('region', { name: 'Saved from this computer' })).toContainText(
      'https://earlier.example/hook',
    )
    const setAside = page.getByRole('status').filter({ hasText: 'Some saved data could not be read' })
    await expect(setAside).toContainText(`1 test delivery could not be read`)
    await expect(setAside).toContainText(deliveries.folder(account))
    await screenshot(page, testInfo, 'data-set-aside')
    await audit(page, 'data set aside')
    await setAside.getByRole('button', { name: 'Dismiss' }).click()
    await expect(setAside).toHaveCount(0)
  } finally {
    await context.close()
    await harness.stop()
  }
})
