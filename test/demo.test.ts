/** Demo mode runs on an injected demo server (a DemoLauncher), so the services never start the simulator. */
import { afterAll, describe, expect, it } from 'vitest'
import { DEMO_CREDENTIALS, startSim, type Sim } from '../src/sim'
import { failure } from './helpers/failure'
import { testHandlers } from './helpers/handlers'

const started: Sim[] = []
afterAll(() => Promise.all(started.map((sim) => sim.stop())))

describe('demo mode', () => {
  it('signs in as the demo rider on the server the launcher started, once, and marks the session as demo', async () => {
    let starts = 0
    const handlers = testHandlers({
      demo: {
        start: async () => {
          starts++
          const sim = await startSim({ port: 0, tickMs: 60_000 })
          started.push(sim)
          return { url: sim.url, ...DEMO_CREDENTIALS }
        },
      },
    })
    const session = await handlers.startDemo()
    expect(session).toMatchObject({ server: started[0]!.url, email: DEMO_CREDENTIALS.email, demo: true })
    await handlers.startDemo()
    expect(starts).toBe(1)
  })

  it('without a launcher (the command line) says there is no demo server instead of starting one', async () => {
    const error = await failure(Promise.resolve().then(() => testHandlers().startDemo()))
    expect(error.code).toBe('demo.unavailable')
    expect(error.message).toContain('command line')
  })
})
