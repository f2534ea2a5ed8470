/**
 * Managed accounts: a manager sees exactly the accounts they manage, opens and edits one, and
 * bulk-applies a URL and per-account PSKs to 50 of them (one read-only, one changed elsewhere
 * meanwhile), downloads the generated PSKs and undoes the batch — on each Traccar version.
 */
import { mkdirSync, readFileSync } from 'node:fs'
import type { Page, TestInfo } from '@playwright/test'
import { parseCsv } from '../src/shared/csv'
import { hasHtmlSpecial } from '../src/shared/html-escape'
import { findNearMisses, pickWebhook } from '../src/shared/webhook'
import { SEED_USERS, startSim, type Sim } from '../src/sim'
import { expect, test as base } from './fixtures'
import { signIn } from './support/sign-in'

type Json = Record<string, unknown>
const { manager } = SEED_USERS
const SCREENS = '/work/notes/screens/16'
const URL = 'https://receiver.example.com/biketrax'

// The fleet: 140 extra accounts, of which the manager is given exactly 50 below.
const test = base.extend<{ sim: Sim }>({
  sim: async ({ simFlavor }, use) => {
    const sim = await startSim({ flavor: simFlavor, clock: false, users: 140 })
    await use(sim)
    await sim.stop()
  },
})

const stored = (sim: Sim, id: number): Json => structuredClone(sim.state.users.get(id)!.json)
const attrs = (sim: Sim, id: number): Json => stored(sim, id).attributes as Json
/** A user without its webhook keys: what a bulk change must leave exactly as it was. */
function rest(json: Json): Json {
  const { webhookUrl: _u, webhookPsk: _p, webhookTypes: _t, ...others } = json.attributes as Json
  return { ...json, attributes: others }
}

/**
 * 49 plain accounts (no near-miss key, not read-only, no expiry, no manager) and one read-only.
 * On a server that HTML-escapes (4.12), stored webhook values with `&`, `<`, quotes are escaped
 * text that cannot be written back as it is: undo reports those as failed with the reason and
 * leaves them, so the journey takes accounts whose values undo exactly.
 */
function pickFifty(sim: Sim, escaping: boolean): { ids: number[]; readonlyId: number } {
  const fleet = [...sim.state.users.values()].map((u) => u.json).filter((u) => (u.id as number) >= 100)
  const plain = fleet.filter(
    (u) =>
      !u.readonly &&
      !u.disabled &&
      !u.expirationTime &&
      !u.userLimit &&
      !u.administrator &&
      findNearMisses(u.attributes as Json).length === 0 &&
      !(
        escaping &&
        Object.values(pickWebhook(u.attributes as Json)).some(
          (v) => typeof v === 'string' && hasHtmlSpecial(v),
        )
      ),
  )
  const readonlyUser = fleet.find((u) => u.readonly === true && !u.expirationTime && !u.userLimit)!
  const ids = [...plain.slice(0, 49).map((u) => u.id as number), readonlyUser.id as number]
  expect(ids).toHaveLength(50)
  return { ids, readonlyId: readonlyUser.id as number }
}

async function shot(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  mkdirSync(SCREENS, { recursive: true })
  const path = `${SCREENS}/${name}.png`
  await page.screenshot({ path, fullPage: true })
  await testInfo.attach(name, { path, contentType: 'image/png' })
}

for (const flavor of ['6', '5.12', '4.12'] as const) {
  test.describe(`Traccar ${flavor}`, () => {
    test.use({ simFlavor: flavor })

    test('a manager sees exactly their accounts, edits one, bulk-applies to 50, downloads the PSKs and undoes', async ({
      app,
      sim,
    }, testInfo) => {
      test.setTimeout(240_000)
      const { page } = app
      const { ids, readonlyId } = pickFifty(sim, flavor === '4.12')
      sim.setManagedUserIds(manager.id, ids)
      const notManaged = [...sim.state.users.values()].find(
        (u) => (u.json.id as number) >= 100 && !ids.includes(u.json.id as number),
      )!.json.email as string
      const before = new Map(ids.map((id) => [id, stored(sim, id)]))

      await signIn(page, sim.url, manager.email, manager.password)
      await page.getByRole('tab', { name: 'Accounts' }).click()
      const panel = page.locator('#panel-accounts')
      await expect(panel.getByTestId('accounts-count')).toHaveText('50 of 50 accounts shown')
      const search = panel.getByLabel('Search accounts')
      await search.fill(notManaged)
      await expect(panel.getByTestId('accounts-count')).toHaveText('0 of 50 accounts shown')
      const first = stored(sim, ids[0]!)
      await search.fill(first.email as string)
      await expect(panel.getByTestId('accounts-count')).toHaveText('1 of 50 accounts shown')
      if (flavor === '6') await shot(page, testInfo, 'en-accounts-search')
      await search.fill('')
      await panel.getByLabel('Show', { exact: true }).selectOption('readonly')
      await expect(panel.getByTestId('accounts-count')).toHaveText('1 of 50 accounts shown')
      await panel.getByLabel('Show', { exact: true }).selectOption('all')
      if (flavor === '6') await shot(page, testInfo, 'en-accounts')

      // Open one: the editor says whose webhook it is, and saves into that account only.
      // One whose stored values the editor can save as they are (some have odd webhookTypes to fix first).
      const one = ids.find(
        (id) => id !== readonlyId && id !== ids[7] && attrs(sim, id).webhookTypes === undefined,
      )!
      const oneJson = stored(sim, one)
      await search.fill(oneJson.email as string)
      await panel.getByRole('button', { name: /^Open the webhook of / }).click()
      const banner = page.getByTestId('target-banner')
      await expect(banner).toContainText(`(${oneJson.email as string}), not your own`)
      await expect(page.getByRole('tab', { name: /^Webhook/ })).toHaveAttribute('aria-selected', 'true')
      const ownBefore = stored(sim, manager.id)
      await page.getByLabel('Webhook URL').fill('https://one.example.com/hook')
      await page.getByRole('button', { name: 'Review changes' }).click()
      await page
        .getByRole('dialog', { name: 'Review changes' })
        .getByRole('button', { name: 'Save to server' })
        .click()
      await expect(page.getByTestId('webhook-status')).toContainText('https://one.example.com/hook')
      expect(attrs(sim, one).webhookUrl).toBe('https://one.example.com/hook')
      expect(rest(stored(sim, one))).toEqual(rest(oneJson))
      expect(stored(sim, manager.id)).toEqual(ownBefore)
      // Test and Events send with the opened account's webhook: the banner says so there too.
      await page.getByRole('tab', { name: 'Test' }).click()
      await expect(banner).toBeVisible()
      await banner.getByRole('button', { name: 'Back to my webhook' }).click()
      await expect(banner).toHaveCount(0)
      before.set(one, stored(sim, one))

      // Bulk: all 50 shown, a URL and a generated PSK each.
      await page.getByRole('tab', { name: 'Accounts' }).click()
      await search.fill('')
      await panel.getByLabel('Select all 50 shown').check()
      await expect(panel.getByText('50 accounts selected')).toBeVisible()
      await panel.getByRole('button', { name: 'Change selected…' }).click()
      await panel.getByLabel('Set the URL').check()
      await panel.getByLabel('Webhook URL').fill(URL)
      await panel.getByLabel('Set the PSK (Authorization header)').check()
      await panel.getByLabel('A distinct generated secret for each account').check()
      await panel.getByRole('button', { name: 'Review', exact: true }).click()
      await expect(panel.getByTestId('review-summary')).toHaveText(
        '49 accounts change; 0 already as wanted; 1 skipped.',
      )
      if (flavor === '6') await shot(page, testInfo, 'en-review')

      // Another client changes one account between the review and the apply.
      const elsewhere = ids[7]!
      sim.mutateUser(elsewhere, { attributes: { webhookUrl: 'https://theirs.example/' } })
      await panel.getByRole('button', { name: 'Apply to 49 accounts' }).click()
      await expect(panel.getByTestId('batch-summary')).toHaveText('Finished: 48 saved · 1 conflicts', {
        timeout: 120_000,
      })
      await expect(panel.getByText('48 generated PSKs')).toBeVisible()
      await expect(panel.getByText('They are shown only now')).toBeVisible()
      if (flavor === '6') await shot(page, testInfo, 'en-results')

      // The server holds exactly the intended values, and nothing else changed.
      const saved = ids.filter((id) => id !== readonlyId && id !== elsewhere)
      const psks = new Set<unknown>()
      for (const id of saved) {
        const now = stored(sim, id)
        expect(rest(now)).toEqual(rest(before.get(id)!))
        expect((now.attributes as Json).webhookUrl).toBe(URL)
        expect((now.attributes as Json).webhookTypes).toEqual(
          (before.get(id)!.attributes as Json).webhookTypes,
        )
        psks.add((now.attributes as Json).webhookPsk)
      }
      expect(psks.size).toBe(48)
      expect(stored(sim, readonlyId)).toEqual(before.get(readonlyId))
      expect(attrs(sim, elsewhere).webhookUrl).toBe('https://theirs.example/')

      // The downloaded CSV of generated PSKs matches the server.
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        panel.getByRole('button', { name: 'Download CSV' }).click(),
      ])
      const parsed = parseCsv(readFileSync((await download.path())!, 'utf8'))
      if (!parsed.ok) throw new Error('the downloaded CSV does not parse')
      const [header, ...rows] = parsed.records.map((r) => r.fields)
      expect(header).toEqual(['email', 'userId', 'webhookPsk'])
      expect(rows.map((r) => Number(r[1])).sort()).toEqual([...saved].sort())
      for (const [email, userId, psk] of rows) {
        expect(stored(sim, Number(userId)).email).toBe(email)
        expect(attrs(sim, Number(userId)).webhookPsk).toBe(psk)
      }

      // Switching tabs loses nothing; undo (confirmed) restores every saved account.
      await page.getByRole('tab', { name: /^Webhook/ }).click()
      await page.getByRole('tab', { name: 'Accounts' }).click()
      await panel.getByRole('button', { name: 'Undo this batch…' }).click()
      await page
        .getByRole('dialog', { name: 'Undo this batch?' })
        .getByRole('button', { name: 'Undo the batch' })
        .click()
      await expect(panel.getByTestId('batch-summary')).toHaveText('Finished: 48 saved', { timeout: 120_000 })
      for (const id of saved) expect(stored(sim, id)).toEqual(before.get(id))
      expect(attrs(sim, elsewhere).webhookUrl).toBe('https://theirs.example/')
    })
  })
}

test.describe('in German', () => {
  test.use({ appArgs: ['--lang=de'] })

  test('the list, the review and the results read in German', async ({ app, sim }, testInfo) => {
    test.setTimeout(120_000)
    const { page } = app
    const { ids } = pickFifty(sim, false)
    sim.setManagedUserIds(manager.id, ids.slice(0, 12).concat(ids[49]!))
    await page.getByLabel('Server').fill(sim.url)
    await page.getByLabel('E-Mail').fill(manager.email)
    await page.getByLabel('Passwort', { exact: true }).fill(manager.password)
    await page.getByRole('button', { name: 'Anmelden', exact: true }).click()
    await page.getByRole('tab', { name: 'Konten' }).click()
    const panel = page.locator('#panel-accounts')
    await expect(panel.getByTestId('accounts-count')).toHaveText('13 von 13 Konten angezeigt')
    await shot(page, testInfo, 'de-accounts')
    await panel.getByLabel('Alle 13 angezeigten auswählen').check()
    await panel.getByRole('button', { name: 'Auswahl ändern…' }).click()
    await panel.getByLabel('URL setzen').check()
    await panel.getByLabel('Webhook-URL').fill(URL)
    await panel.getByLabel('PSK setzen (Authorization-Header)').check()
    await panel.getByRole('button', { name: 'Prüfen', exact: true }).click()
    await expect(panel.getByTestId('review-summary')).toContainText('12 Konten werden geändert')
    await shot(page, testInfo, 'de-review')
    await panel.getByRole('button', { name: 'Auf 12 Konten anwenden' }).click()
    await expect(panel.getByTestId('batch-summary')).toHaveText('Fertig: 12 gespeichert', { timeout: 60_000 })
    await shot(page, testInfo, 'de-results')
  })
})
