/**
 * npm run sim -- [--port 8082] [--flavor 6|4.12] [--tick-ms N] [--no-clock]
 * Runs the Traccar simulator (the demo server) until stopped.
 */
import { parseArgs } from 'node:util'
import { DEMO_TOTP_KEY, SEED_USERS, startSim, type Flavor } from './index'

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '8082' },
    flavor: { type: 'string', default: '6' },
    'tick-ms': { type: 'string', default: '5000' },
    'no-clock': { type: 'boolean', default: false },
  },
})

function fail(message: string): never {
  console.error(message)
  process.exit(2)
}

const port = Number(values.port)
if (!Number.isInteger(port) || port < 0 || port > 65535) fail(`--port must be 0–65535, not "${values.port}".`)
if (values.flavor !== '6' && values.flavor !== '4.12')
  fail(`--flavor must be 6 or 4.12, not "${values.flavor}".`)
const tickMs = Number(values['tick-ms'])
if (!Number.isFinite(tickMs) || tickMs < 50)
  fail(`--tick-ms must be a number ≥ 50, not "${values['tick-ms']}".`)

async function main(): Promise<void> {
  const sim = await startSim({ port, flavor: values.flavor as Flavor, tickMs, clock: !values['no-clock'] })
  console.log(`Traccar simulator (${sim.flavor === '6' ? 'Traccar 6.14.5' : 'Traccar 4.12'}) at ${sim.url}`)
  console.log(`  demo account:  ${SEED_USERS.demo.email} / ${SEED_USERS.demo.password}`)
  if (sim.flavor === '6')
    console.log(
      `  2FA account:   ${SEED_USERS.totp.email} / ${SEED_USERS.totp.password} (TOTP key ${DEMO_TOTP_KEY})`,
    )
  console.log(`  admin account: ${SEED_USERS.admin.email} / ${SEED_USERS.admin.password}`)
  console.log(`  delivery log:  ${sim.url}/sim/deliveries`)
  const stop = (): void => void sim.stop().then(() => process.exit(0))
  process.on('SIGINT', stop)
  process.on('SIGTERM', stop)
}

void main()
