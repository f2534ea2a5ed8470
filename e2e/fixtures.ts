/**
 * One fixture, two shells: `app` gives a page of the running Webhook Desk, either the browser
 * harness in Chromium or the real Electron app. Specs never care which.
 */
import { spawn } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import {
  test as base,
  _electron,
  type Browser,
  type ElectronApplication,
  type Page,
  type TestInfo,
} from '@playwright/test'
import { startSim, type Flavor, type Sim } from '../src/sim'
import { startCli, type Running } from './support/spawn'

const ROOT = resolve(__dirname, '..')

export interface AppHandle {
  page: Page
  /** Quit and start the app again on the same data folder (keychain items persist as for a user). */
  restart(): Promise<Page>
  userDataDir: string
  /** The Electron app itself, in the electron project only (menu, windows, second launch). */
  electron?: ElectronApplication
}

let electronInstall: Promise<string | null> | undefined
let skipNoticePrinted = false

/**
 * Installs Electron exactly as `npm start` does (scripts/electron-install.mjs), once per run.
 * Null when Electron is there; else the installer's reason, so the electron project skips only
 * where Electron cannot be installed.
 */
function electronMissingReason(): Promise<string | null> {
  electronInstall ??= new Promise((done) => {
    const child = spawn(process.execPath, ['scripts/electron-install.mjs'], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let output = ''
    child.stdout.on('data', (chunk) => (output += chunk))
    child.stderr.on('data', (chunk) => (output += chunk))
    child.on('close', (code) =>
      done(
        code === 0
          ? null
          : output
              .split('\n')
              .filter((l) => !l.startsWith('Installing'))
              .slice(0, 4)
              .join(' ')
              .replace(/\s+/g, ' ')
              .trim(),
      ),
    )
  })
  return electronInstall
}

export const ELECTRON_ENV = (userDataDir: string): Record<string, string> => ({
  ...(process.env as Record<string, string>),
  WEBHOOK_DESK_USER_DATA: userDataDir,
  ELECTRON_RENDERER_URL: '',
  ELECTRON_RUN_AS_NODE: '',
})

async function launchElectron(userDataDir: string, testInfo: TestInfo, extra: string[]) {
  const app = await _electron.launch({ args: [ROOT, ...extra], cwd: ROOT, env: ELECTRON_ENV(userDataDir) })
  const page = await app.firstWindow()
  page.on('console', (m) => testInfo.attach('console', { body: m.text() }).catch(() => {}))
  return { app, page, close: () => app.close() }
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
      const reason = await electronMissingReason()
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
        get electron() {
          return current.app
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
