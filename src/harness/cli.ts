/**
 * npm run harness -- [--port N] [--user-data DIR]
 * Serves the built app (npm run build first) in any browser, backed by the real services.
 */
import { existsSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { createHandlers } from '../main/handlers'
import { defaultPaths, startHarness } from './server'

const root = resolve(__dirname, '../..')
const { values } = parseArgs({
  options: { port: { type: 'string', default: '0' }, 'user-data': { type: 'string' } },
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
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }

async function main(): Promise<void> {
  const harness = await startHarness({
    ...paths,
    port,
    handlers: createHandlers({ appInfo: { name: 'Webhook Desk', version: pkg.version, shell: 'harness' } }),
    report: (operation, error) =>
      console.error(`[${operation}] unexpected ${(error as Error)?.name ?? 'error'}`),
  })
  console.log(`Webhook Desk harness: ${harness.url}`)
  const stop = (): void => void harness.close().then(() => process.exit(0))
  process.on('SIGINT', stop)
  process.on('SIGTERM', stop)
}

void main()
