/**
 * The browser harness over a keychain that fails the way keytar does when locked (test only):
 * `tsx e2e/support/locked-keychain-harness.ts --user-data DIR --keychain FILE [--locked]`.
 * FILE holds the keychain's items as JSON; a line "unlock" or "lock" on stdin flips the lock.
 */
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { createInterface } from 'node:readline'
import { parseArgs } from 'node:util'
import type { PushEvent } from '../../src/shared/contract'
import { createHandlers } from '../../src/main/handlers'
import { LanguageSettings } from '../../src/main/language'
import { nodeTransport } from '../../src/main/traccar/transport'
import { defaultPaths, startHarness } from '../../src/harness/server'
import { lockableKeychain } from '../../test/helpers/secrets'

const { values } = parseArgs({
  options: {
    'user-data': { type: 'string' },
    keychain: { type: 'string' },
    locked: { type: 'boolean', default: false },
  },
})
const userDataDir = values['user-data']!
const keychain = lockableKeychain()
for (const [k, v] of Object.entries(
  JSON.parse(readFileSync(values.keychain!, 'utf8')) as Record<string, string>,
))
  keychain.items.set(k, v)
keychain.state.now = values.locked ? 'locked' : 'open'
createInterface({ input: process.stdin }).on('line', (line) => {
  if (line.trim() === 'unlock') keychain.state.now = 'open'
  if (line.trim() === 'lock') keychain.state.now = 'locked'
})

async function main(): Promise<void> {
  let push: (event: PushEvent) => void = () => {}
  const handlers = createHandlers({
    appInfo: { name: 'Webhook Desk', version: '0.0.0', shell: 'harness', demoRequested: false },
    userDataDir,
    language: new LanguageSettings(userDataDir, ['en']),
    transport: nodeTransport,
    secrets: keychain.store,
    push: (event) => push(event),
  })
  const harness = await startHarness({ ...defaultPaths(resolve(__dirname, '../..')), handlers })
  push = harness.push
  console.log(`Webhook Desk harness: ${harness.url}`)
  process.on('SIGTERM', () => void harness.close().then(() => process.exit(0)))
}

void main()
