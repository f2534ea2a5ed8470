/**
 * npm run sim -- [--port 8082] [--flavor 6|5.12|4.12] [--sanitize on|off] [--rate-limit N]
 *                [--openid off|enabled|forced] [--users N] [--tick-ms N] [--no-clock]
 * Runs the Traccar simulator (the demo server) until stopped.
 */
import { parseArgs } from 'node:util'
import { DEMO_TOTP_KEY, FLEET_FIRST_ID, SEED_USERS, startSim } from './index'
import { FLAVORS, isFlavor, TRAITS, VERSION, type Flavor } from './flavor'

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '8082' },
    flavor: { type: 'string', default: '6' },
    sanitize: { type: 'string' },
    'rate-limit': { type: 'string' },
    openid: { type: 'string', default: 'off' },
    users: { type: 'string', default: '0' },
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
const flavor: Flavor = isFlavor(values.flavor)
  ? values.flavor
  : fail(`--flavor must be ${FLAVORS.join(', ')}, not "${values.flavor}".`)
if (values.sanitize !== undefined && values.sanitize !== 'on' && values.sanitize !== 'off')
  fail(`--sanitize must be on or off, not "${values.sanitize}".`)
const rateLimit = values['rate-limit'] === undefined ? undefined : Number(values['rate-limit'])
if (rateLimit !== undefined && (!Number.isInteger(rateLimit) || rateLimit < 0))
  fail(`--rate-limit must be a whole number ≥ 0 (0 = none), not "${values['rate-limit']}".`)
const OPENID = ['off', 'enabled', 'forced'] as const
const openid =
  OPENID.find((o) => o === values.openid) ??
  fail(`--openid must be off, enabled or forced, not "${values.openid}".`)
const users = Number(values.users)
if (!Number.isInteger(users) || users < 0 || users > 100_000)
  fail(`--users must be a whole number 0–100000, not "${values.users}".`)
const tickMs = Number(values['tick-ms'])
if (!Number.isFinite(tickMs) || tickMs < 50)
  fail(`--tick-ms must be a number ≥ 50, not "${values['tick-ms']}".`)

async function main(): Promise<void> {
  const sim = await startSim({
    port,
    flavor,
    sanitize: values.sanitize === undefined ? undefined : values.sanitize === 'on',
    rateLimit,
    openid,
    users,
    tickMs,
    clock: !values['no-clock'],
  })
  const { sanitize, rateLimit: limit } = sim.state
  console.log(
    `Traccar simulator (Traccar ${VERSION[flavor]}; HTML escaping ${sanitize ? 'on' : 'off'}; ` +
      `rate limit ${limit > 0 ? `${limit}/s` : 'none'}) at ${sim.url}`,
  )
  console.log(`  demo account:  ${SEED_USERS.demo.email} / ${SEED_USERS.demo.password}`)
  if (TRAITS[flavor].totp)
    console.log(
      `  2FA account:   ${SEED_USERS.totp.email} / ${SEED_USERS.totp.password} (TOTP key ${DEMO_TOTP_KEY})`,
    )
  console.log(`  admin account: ${SEED_USERS.admin.email} / ${SEED_USERS.admin.password}`)
  const { manager } = SEED_USERS
  console.log(
    `  manager:       ${manager.email} / ${manager.password} (manages ${sim.managedUserIds(manager.id).length} accounts)`,
  )
  if (users > 0)
    console.log(
      `  ${users} more accounts, ids ${FLEET_FIRST_ID}–${FLEET_FIRST_ID + users - 1}; password = the email before the @`,
    )
  console.log(`  delivery log:  ${sim.url}/sim/deliveries`)
  const stop = (): void => void sim.stop().then(() => process.exit(0))
  process.on('SIGINT', stop)
  process.on('SIGTERM', stop)
}

void main()
