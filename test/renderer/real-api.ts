/**
 * window.api for the renderer's tests, made as the browser harness makes it: the shared client
 * over dispatch() and the real handler table, signed in to a simulator on loopback. No mocks.
 */
import type { Api, PushEvent } from '$shared/contract'
import { createApi } from '$shared/client'
import { dispatch } from '../../src/main/dispatch'
import { SEED_USERS, startSim, type Sim, type SimOptions } from '../../src/sim'
import { nodeTransport } from '../../src/main/traccar/transport'
import { fetch as nodeFetch } from 'undici'
import type { HandlerDeps } from '../../src/main/handlers'
import { signInAs, testHandlers } from '../helpers/handlers'

export interface RealApi {
  api: Api
  sim: Sim
  /** The signed-in user's id on the simulator. */
  userId: number
  stop(): Promise<void>
}

/**
 * `users`: extra accounts managed by admin@ and partly by manager@ (the simulator's `--users`);
 * `deps`: parts of the handler table to give (a keychain that fails, a web login window);
 * `sim`: more of the simulator's options (a flavor, `sanitize`).
 */
export async function realApi(
  user: { email: string; password: string } = SEED_USERS.demo,
  {
    users = 0,
    deps = {},
    sim: simOptions = {},
  }: { users?: number; deps?: Partial<HandlerDeps>; sim?: SimOptions } = {},
): Promise<RealApi> {
  const sim = await startSim({ port: 0, clock: false, users, ...simOptions })
  const listeners = new Set<(event: PushEvent) => void>()
  const handlers = testHandlers({
    // The DOM environment's fetch is a browser's (CORS, no cookies set by hand): main uses Node's.
    transport: () => nodeTransport(nodeFetch as unknown as typeof fetch),
    push: (event) => listeners.forEach((listener) => listener(event)),
    ...deps,
  })
  const api = createApi({
    invoke: (name, input) => dispatch(handlers, name, input),
    subscribe: (listener) => {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
  })
  const session = await signInAs(handlers, sim, user)
  window.api = api
  return {
    api,
    sim,
    userId: session.userId,
    stop: async () => {
      await handlers.signOut()
      await sim.stop()
    },
  }
}

/** Waits until `check` holds (stores settle over real HTTP), or fails with what it last saw. */
export async function until(check: () => boolean, what: string, ms = 10_000): Promise<void> {
  const end = Date.now() + ms
  while (!check()) {
    if (Date.now() > end) throw new Error(`Timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}
