/**
 * npm run harness -- [--port N] [--user-data DIR] [--demo] [--lang de] [--open]
 * Serves the built app (npm run build first) in any browser, backed by the real services.
 */
import { existsSync, readFileSync } from 'node:fs'
import { homedir } from 'node:os'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import type { PushEvent } from '$shared/contract'
import { createHandlers } from '../main/handlers'
import { simDemoLauncher } from '../sim/demo'
import { LanguageSettings } from '../main/language'
import { DataFolderBusy, lockDataFolder, type DataLock } from '../main/store/data-lock'
import { KeytarStore } from '../main/store/secrets'
import { nodeTransport } from '../main/traccar/transport'
import { openInBrowser } from './open-browser'
import { defaultPaths, startHarness } from './server'

const root = resolve(__dirname, '../..')
const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '0' },
    'user-data': { type: 'string' },
    demo: { type: 'boolean', default: false },
    // The "system" language; by default the one of this process's environment.
    lang: { type: 'string' },
    // Open the printed URL in the default browser.
    open: { type: 'boolean', default: false },
  },
})
const port = Number(values.port)
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`--port must be a number from 0 to 65535, not "${values.port}".`)
  process.exit(2)
}
const paths = defaultPaths(root)
if (!existsSync(join(paths.rendererDir, 'index.html')) || !existsSync(paths.bridgeFile)) {
  console.error('The app is not built yet. Run "npm run build" first.')
  process.exit(1)
}
const userDataDir = resolve(values['user-data'] ?? join(homedir(), '.config', 'Webhook Desk (harness)'))
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }

/** The POSIX locale variables in their order of precedence, e.g. "de_AT.UTF-8". */
function environmentLanguage(): string {
  const env = process.env
  return env.LC_ALL || env.LC_MESSAGES || env.LANG || Intl.DateTimeFormat().resolvedOptions().locale
}

async function main(): Promise<void> {
  // One process per data folder, or two would overwrite each other's accounts and history.
  let lock: DataLock
  try {
    lock = await lockDataFolder(userDataDir)
  } catch (error) {
    if (!(error instanceof DataFolderBusy)) throw error
    console.error(
      `Another Webhook Desk (process ${error.pid}) is already using ${userDataDir}. Close it first, or pass --user-data with another folder.`,
    )
    process.exit(1)
  }
  if (lock.tookOverFrom !== null) {
    console.log(`Took over the data folder from process ${lock.tookOverFrom}, which is no longer running.`)
  }
  let push: (event: PushEvent) => void = () => {}
  const handlers = createHandlers({
    appInfo: { name: 'Webhook Desk', version: pkg.version, shell: 'harness', demoRequested: values.demo },
    userDataDir,
    language: new LanguageSettings(userDataDir, [values.lang ?? environmentLanguage()]),
    transport: nodeTransport,
    bikeTraxServer: process.env.WEBHOOK_DESK_BIKETRAX_SERVER || undefined,
    secrets: new KeytarStore(),
    demo: simDemoLauncher(),
    push: (event) => push(event),
  })
  const harness = await startHarness({
    ...paths,
    port,
    handlers,
    report: (operation, error) =>
      console.error(`[${operation}] unexpected ${(error as Error)?.name ?? 'error'}`),
  })
  push = harness.push
  const stop = (): void =>
    void harness
      .close()
      .then(() => lock.release())
      .then(() => process.exit(0))
  process.on('SIGINT', stop)
  process.on('SIGTERM', stop)
  // Printed last: whoever reads the URL may stop the harness at once, and that releases the lock.
  console.log(`Webhook Desk harness: ${harness.url}`)
  if (values.open && !(await openInBrowser(harness.url))) {
    console.error('Could not open a browser here; open the address above in one.')
  }
}

void main()
