/** The real handler table as the tests build it: Node transport, secrets in memory, a fresh data folder. */
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Handlers } from '../../src/main/dispatch'
import { createHandlers, type HandlerDeps } from '../../src/main/handlers'
import { nodeTransport } from '../../src/main/traccar/transport'
import { SEED_USERS, type Sim } from '../../src/sim'
import { memorySecrets } from './secrets'

export function testHandlers(deps: Partial<HandlerDeps> = {}): Handlers {
  return createHandlers({
    appInfo: { name: 'Webhook Desk', version: '0.0.0', shell: 'harness', demoRequested: false },
    userDataDir: mkdtempSync(join(tmpdir(), 'wd-test-')),
    transport: nodeTransport,
    secrets: memorySecrets(),
    push: () => {},
    ...deps,
  })
}

/** Signs in to the simulator with a seed user's password, without remembering it. */
export function signInAs(
  handlers: Handlers,
  sim: Sim,
  user: { email: string; password: string } = SEED_USERS.demo,
) {
  return handlers.signIn({
    server: sim.url,
    method: 'password',
    email: user.email,
    secret: user.password,
    remember: false,
  })
}
