/**
 * One fixture, two shells: `app` gives a page of the running Webhook Desk, either the browser
 * harness in Chromium or the real Electron app. Specs never care which.
 */
import { existsSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { test as base, _electron, type Browser, type Page, type TestInfo } from '@playwright/test'
import { startSim, type Flavor, type Sim } from '../src/sim'
import { startCli, type Running } from './support/spawn'

const ROOT = resolve(__dirname, '..')

export interface AppHandle {
  page: Page
  /** Quit and start the app again on the same data folder (keychain items persist as for a user). */
  restart(): Promise<Page>
  userDataDir: string
}

let skipNoticePrinted = false

function electronMissingReason(): string | null {
  const electronDir = join(ROOT, 'node_modules/electron')
  if (process.env.ELECTRON_OVERRIDE_DIST_PATH) return null
  if (existsSync(join(electronDir, 'path.txt')) && existsSync(join(electronDir, 'dist'))) return null
  return 'Electron binary is not installed (no node_modules/electron/path.txt and dist/); run the electron project where `npx electron --version` works.'
}

async function launchElectron(userDataDir: string, testInfo: TestInfo, extra: string[]) {
  const app = await _electron.launch({
    args: [ROOT, ...extra],
    cwd: ROOT,
    env: {
      ...process.env,
      WEBHOOK_DESK_USER_DATA: userDataDir,
      ELECTRON_RENDERER_URL: '',
      ELECTRON_RUN_AS_NODE: '',
    },
  })
  const page = await app.firstWindow()
  page.on('console', (m) => testInfo.attach('console', { body: m.text() }).catch(() => {}))
  return { page, close: () => app.close() }
}

export const test = base.extend<
  { app: AppHandle; sim: Sim; appArgs: string[]; simFlavor: Flavor },
  { lazyBrowser: () => Promise<Browser> }
>({
  /** Extra command-line arguments for the app (e.g. --demo). */
  appArgs: [[], { option: true }],
  /** The Traccar version the simulator plays, with its default escaping and rate limit. */
  simFlavor: ['6', { option: true }],
  // A fresh Traccar simulator per test (clock stopped so journeys are repeatable).
  sim: async ({ simFlavor }, use) => {
    const sim = await startSim({ flavor: simFlavor, clock: false })
    await use(sim)
    await sim.stop()
  },
  // The electron project must never launch Chromium, so the browser is started on first use.
  lazyBrowser: [
    async ({ playwright, launchOptions }, use) => {
      let browser: Browser | undefined
      await use(async () => (browser ??= await playwright.chromium.launch(launchOptions)))
      await browser?.close()
    },
    { scope: 'worker' },
  ],
  app: async ({ lazyBrowser, appArgs: requested }, use, testInfo) => {
    const userDataDir = mkdtempSync(join(tmpdir(), 'wd-e2e-'))
    // The app follows the system language; the specs speak English unless they ask for another.
    const appArgs = requested.some((a) => a.startsWith('--lang=')) ? requested : ['--lang=en', ...requested]
    if (testInfo.project.name === 'electron') {
      const reason = electronMissingReason()
      if (reason) {
        if (!skipNoticePrinted) console.log(`[electron project] skipped: ${reason}`)
        skipNoticePrinted = true
        testInfo.skip(true, reason)
        return
      }
      let current = await launchElectron(userDataDir, testInfo, appArgs)
      await use({
        userDataDir,
        get page() {
          return current.page
        },
        async restart() {
          await current.close()
          current = await launchElectron(userDataDir, testInfo, appArgs)
          return current.page
        },
      })
      await current.close()
      return
    }

    const startHarness = (): Promise<Running> =>
      startCli(
        'src/harness/cli.ts',
        ['--port', '0', '--user-data', userDataDir, ...appArgs],
        /Webhook Desk harness: (\S+)/,
      )
    let harness = await startHarness()
    const context = await (
      await lazyBrowser()
    ).newContext({
      viewport: { width: 1120, height: 780 },
      // The browser speaks the "system" language too, as Electron would.
      locale: appArgs.find((a) => a.startsWith('--lang='))!.slice('--lang='.length),
      permissions: ['clipboard-read', 'clipboard-write'],
    })
    let page = await context.newPage()
    const errors: string[] = []
    const watch = (p: Page): void => {
      p.on('pageerror', (e) => errors.push(String(e)))
      p.on('console', (m) => {
        if (m.type() === 'error') errors.push(m.text())
      })
    }
    watch(page)
    await page.goto(harness.url)
    await use({
      userDataDir,
      get page() {
        return page
      },
      async restart() {
        await page.close()
        await harness.stop()
        harness = await startHarness()
        page = await context.newPage()
        watch(page)
        await page.goto(harness.url)
        return page
      },
    })
    await context.close()
    await harness.stop()
    // A CSP violation or an uncaught error in the page is a bug even when the journey passed.
    if (errors.length) throw new Error(`The page logged errors:\n${errors.join('\n')}`)
  },
})

export { expect } from '@playwright/test'

/** Saves a named screenshot as a test artifact and in test-results/screens for review. */
export async function screenshot(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  const path = join(ROOT, 'test-results/screens', `${testInfo.project.name}-${name}.png`)
  await page.screenshot({ path, fullPage: true })
  await testInfo.attach(name, { path, contentType: 'image/png' })
}
