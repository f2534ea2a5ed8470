/** The simulator as the app's demo server: Traccar 6 on 127.0.0.1, bikes moving, the demo rider. */
import { DEMO_CREDENTIALS } from './seed'
import { startSim } from './index'

/** A demo launcher (src/main/demo.ts) that starts this simulator; tickMs is how often the bikes move. */
export function simDemoLauncher(tickMs = 4000) {
  return {
    start: async () => {
      const sim = await startSim({ port: 0, flavor: '6', tickMs })
      return { url: sim.url, ...DEMO_CREDENTIALS }
    },
  }
}
