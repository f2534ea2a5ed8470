/**
 * What only the Electron shell can show: the app menu, the window's own app:// origin, one
 * instance per data folder, and the window's size remembered across starts.
 */
import { spawn } from 'node:child_process'
import { resolve } from 'node:path'
import { expect, test, ELECTRON_ENV } from './fixtures'

const ROOT = resolve(__dirname, '..')

const HARNESS_SKIP = 'Electron shell only: the browser harness has no app menu, windows or second launch'
let skipNoticePrinted = false

test.beforeEach(({}, testInfo) => {
  if (testInfo.project.name === 'electron') return
  if (!skipNoticePrinted)
    console.log(`[${testInfo.project.name} project] electron-shell.spec.ts skipped: ${HARNESS_SKIP}`)
  skipNoticePrinted = true
  test.skip(true, HARNESS_SKIP)
})

test('the app menu is there with the app commands', async ({ app }) => {
  const labels = await app.electron!.evaluate(({ Menu }) =>
    (Menu.getApplicationMenu()?.items ?? []).map((item) => item.label),
  )
  expect(labels).toEqual(expect.arrayContaining(['Edit', 'View', 'Help']))
})

test('the window loads from app://webhook-desk/ with its CSS and the CSP', async ({ app }) => {
  const { page } = app
  await expect(page.getByRole('heading', { name: 'Webhook Desk' })).toBeVisible()
  expect(page.url()).toMatch(/^app:\/\/webhook-desk\//)
  expect(await page.evaluate<string>('location.host')).toBe('webhook-desk')
  const token = await page.evaluate<string>(
    "getComputedStyle(document.documentElement).getPropertyValue('--bg')",
  )
  expect(token.trim()).not.toBe('')
  const csp = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content')
  expect(csp).toContain("script-src 'self'")
})

test('a second launch on the same data folder hands over to the first window and quits', async ({ app }) => {
  const electron = app.electron!
  await electron.evaluate(({ app: electronApp }) => {
    const g = globalThis as { secondLaunches?: number }
    g.secondLaunches = 0
    electronApp.on('second-instance', () => (g.secondLaunches = (g.secondLaunches ?? 0) + 1))
  })
  const executable = await electron.evaluate(({ app: electronApp }) => electronApp.getPath('exe'))
  const second = spawn(executable, [ROOT, '--lang=en'], {
    env: ELECTRON_ENV(app.userDataDir),
    stdio: 'ignore',
  })
  const code = await new Promise<number | null>((done) => second.on('exit', done))
  expect(code).toBe(0)
  await expect
    .poll(() => electron.evaluate(() => (globalThis as { secondLaunches?: number }).secondLaunches))
    .toBe(1)
  expect(await electron.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().length)).toBe(1)
})

test('the window size is remembered across starts', async ({ app }) => {
  await app.electron!.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows()[0]!.setSize(940, 660))
  // The size is saved shortly after it changes, and again on close.
  const page = await app.restart()
  await expect(page.getByRole('heading', { name: 'Webhook Desk' })).toBeVisible()
  const size = await app.electron!.evaluate(({ BrowserWindow }) =>
    BrowserWindow.getAllWindows()[0]!.getSize(),
  )
  expect(size).toEqual([940, 660])
})
