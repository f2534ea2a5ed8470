/**
 * The webhook-desk command, spawned for real against the simulator (every flavour it has) and
 * real receivers on loopback: exit codes, --json shapes, the safe save, and no secret in argv or
 * output. Sign-ins through the keychain run inside the test keyring (node scripts/with-keyring.mjs).
 */
import { spawn, spawnSync } from 'node:child_process'
import { rmSync } from 'node:fs'
import { dirname } from 'node:path'
import * as v from 'valibot'
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { accountsJson, eventsJson, getJson, historyJson, testJson } from '../src/cli/json-shapes'
import { DEMO_LEGACY_TOKEN, DEMO_TOTP_KEY, SEED_USERS, startSim, totpCode, type Sim } from '../src/sim'
import { VERSION, type Flavor } from '../src/sim/flavor'
import { makeCerts } from './helpers/certs'
import { lockDataFolder } from '../src/main/store/data-lock'
import { KeytarStore } from '../src/main/store/secrets'
import { buildCli, cliFor, type Cli, type CliRun } from './helpers/cli'
import { testHandlers } from './helpers/handlers'
import { keyringReady, keyringSkipReason } from './helpers/keyring'
import { startReceiver, type Receiver } from './helpers/receiver'
import { TestClient } from './helpers/traccar-client'

// Each case spawns Node a few times; a busy two-core machine needs more than the default.
vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 })

/** Every flavour the simulator speaks, so a new one is tested as soon as it exists. */
const FLAVORS = Object.keys(VERSION) as Flavor[]
const PSK = 'Bearer cli-psk-5f2a9c'
const demo = SEED_USERS.demo

let bundle: string
const clis: Cli[] = []
/** Every secret any run was given, to look for in every run's argv and output. */
const secrets = new Set<string>([PSK])
/** Passwords of their own: the seed ones ("demo") also occur in the emails. */
const PASSWORD = 'cli-pass-8d1e'
const TOTP_PASSWORD = 'cli-totp-pass-41c7'
const ADMIN_PASSWORD = 'cli-admin-pass-93b0'
secrets.add(PASSWORD).add(TOTP_PASSWORD).add(ADMIN_PASSWORD)

beforeAll(() => {
  bundle = buildCli()
})
afterAll(() => {
  try {
    for (const run of clis.flatMap((c) => c.runs)) {
      for (const secret of secrets) {
        expect(run.argv).not.toContain(secret)
        expect(run.stdout).not.toContain(secret)
        expect(run.stderr).not.toContain(secret)
      }
    }
  } finally {
    clis.forEach((c) => c.close())
    rmSync(dirname(bundle), { recursive: true, force: true })
  }
})

function newCli(env: NodeJS.ProcessEnv = {}): Cli {
  const cli = cliFor(bundle, env)
  clis.push(cli)
  return cli
}

/** One JSON document and nothing else on stdout, in the documented shape. */
function json<T>(schema: v.GenericSchema<unknown, T>, run: CliRun): T {
  return v.parse(schema, JSON.parse(run.stdout))
}

/** An access token for the demo rider, as a CI job would hold one. */
async function demoToken(sim: Sim, password: string = demo.password): Promise<string> {
  if (sim.flavor === '4.12') return DEMO_LEGACY_TOKEN
  const client = new TestClient(sim.url)
  await client.login(demo.email, password)
  return (await client.post('/api/session/token', {})).text
}

/** Whether `script` (util-linux) can give the command a real terminal here. */
const hasScript = spawnSync('script', ['--version'], { stdio: 'ignore' }).status === 0

/**
 * Runs the command on a pseudo-terminal (through `script`), typing each answer only once its
 * prompt is on the screen, as a person would. Returns everything the terminal showed.
 */
function inTerminal(
  cli: Cli,
  args: string[],
  answers: [prompt: RegExp, answer: string][],
  env: NodeJS.ProcessEnv = {},
): Promise<{ code: number | null; screen: string }> {
  const command = [process.execPath, bundle, ...args].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ')
  const child = spawn('script', ['-qec', command, '/dev/null'], {
    env: { ...process.env, WEBHOOK_DESK_USER_DATA: cli.userData, TERM: 'xterm', ...env },
  })
  let screen = ''
  const pending = [...answers]
  child.stdout.on('data', (c: Buffer) => {
    screen += c.toString('utf8')
    if (pending[0] && pending[0][0].test(screen)) child.stdin.write(`${pending.shift()![1]}\r`)
  })
  return new Promise((done) =>
    child.on('close', (code) => {
      cli.runs.push({ code: code ?? -1, stdout: screen, stderr: '', argv: command })
      done({ code, screen })
    }),
  )
}

describe('webhook-desk without a session', () => {
  it('prints help with examples for every command, and completion scripts', async () => {
    const cli = newCli()
    const top = await cli.run(['--help'])
    expect(top.code, top.stderr).toBe(0)
    for (const name of [
      'login',
      'get',
      'set',
      'test',
      'events',
      'inbox',
      'history',
      'restore',
      'completion',
    ]) {
      expect(top.stdout).toContain(`  ${name} `)
      const help = await cli.run([name, '--help'])
      expect(help.code, help.stderr).toBe(0)
      expect(help.stdout).toMatch(/Examples:\n {2}.*webhook-desk /)
    }
    const bash = await cli.run(['completion', 'bash'])
    expect(bash.stdout).toContain('complete -F _webhook_desk webhook-desk')
    expect(bash.stdout).toContain('--psk-stdin')
    expect((await cli.run(['completion', 'fish'])).stdout).toContain(
      "-n '__fish_seen_subcommand_from set' -l dry-run",
    )
    expect((await cli.run(['completion', 'zsh'])).stdout).toMatch(/^#compdef webhook-desk/)
  })

  it('answers bad usage with exit 2 and one error line; no account with exit 3 and the token route', async () => {
    const cli = newCli()
    const unknown = await cli.run(['get', '--password', 'x'])
    expect(unknown.code, unknown.stderr).toBe(2)
    expect(unknown.stderr).toMatch(/^error\[usage\.invalid\]: .*'--password'.*\n$/)
    expect(unknown.stdout).toBe('')
    expect((await cli.run(['frobnicate'])).code).toBe(2)
    const none = await cli.run(['get', '--json'])
    expect(none.code, none.stderr).toBe(3)
    expect(none.stdout).toBe('')
    expect(none.stderr).toMatch(/^error\[auth\.signedOut\]: .*WEBHOOK_DESK_TOKEN.*\n$/)
  })
  it('waits for a data folder another process holds, and says who holds it when it stays busy', async () => {
    const cli = newCli()
    // This test process stands in for the app or another command holding the folder.
    const held = await lockDataFolder(cli.userData)
    const busy = await cli.run(['get', '--json'])
    expect(busy.code, busy.stderr).toBe(1)
    expect(busy.stderr).toMatch(
      new RegExp(`^error\\[data\\.busy\\]: Webhook Desk \\(process ${process.pid}\\) is using `),
    )
    // Released while the command waits: it goes on (here to "no account").
    const waiting = cli.run(['get', '--json'])
    await new Promise((done) => setTimeout(done, 1_000))
    await held.release()
    expect((await waiting).stderr).toMatch(/^error\[auth\.signedOut\]/)
    // And it releases the folder when it ends.
    await (await lockDataFolder(cli.userData)).release()
  })

  it('inbox prints each arrival with the PSK masked and the body pretty, until Ctrl+C (exit 0)', async () => {
    const child = spawn(process.execPath, [bundle, 'inbox', '--port', '0'], {
      env: { ...process.env, NO_COLOR: '1', WEBHOOK_DESK_USER_DATA: newCli().userData },
    })
    let stdout = ''
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')))
    const exited = new Promise<number | null>((done) => child.on('close', done))
    await vi.waitFor(() => expect(stdout).toMatch(/Listening on http:\/\/127\.0\.0\.1:\d+/), {
      timeout: 30_000,
    })
    const url = /Listening on (\S+)/.exec(stdout)![1]!
    const res = await fetch(url, {
      method: 'POST',
      headers: { authorization: PSK, 'content-type': 'application/json' },
      body: '{"event":{"type":"alarm"}}',
    })
    expect(res.status).toBe(200)
    await vi.waitFor(() => expect(stdout).toContain('"type": "alarm"'), { timeout: 30_000 })
    expect(stdout).toContain(`POST ${new URL(url).pathname}`)
    expect(stdout).toContain(`authorization: Bearer ${'•'.repeat(8)}`)
    expect(stdout).not.toContain(PSK)
    child.kill('SIGINT')
    expect(await exited).toBe(0)
  })
})

// Taking the Secret Service away is a Linux notion; elsewhere the OS keychain is always there.
describe.skipIf(process.platform !== 'linux')('webhook-desk without a keychain', () => {
  it('signs in but says it cannot remember, and points to WEBHOOK_DESK_TOKEN when a later run needs the secret', async () => {
    const sim = await startSim({ clock: false })
    try {
      sim.state.users.get(demo.id)!.password = PASSWORD
      // No Secret Service to talk to, as on a bare server.
      const cli = newCli({ DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/bus' })
      const login = await cli.run(
        ['login', '--server', sim.url, '--email', demo.email, '--password-stdin', '--remember'],
        { input: `${PASSWORD}\n` },
      )
      expect(login.code, login.stderr).toBe(0)
      expect(login.stderr).toMatch(/keychain is not available.*WEBHOOK_DESK_TOKEN/)
      const get = await cli.run(['get'])
      expect(get.code).toBe(3)
      expect(get.stderr).toMatch(/^error\[auth\.secretMissing\]: .*WEBHOOK_DESK_TOKEN.*\n$/)
    } finally {
      await sim.stop()
    }
  })
})

describe.each(FLAVORS)('webhook-desk with WEBHOOK_DESK_TOKEN, Traccar %s', (flavor) => {
  let sim: Sim
  let cli: Cli
  let receivers: Receiver[] = []

  beforeAll(async () => {
    sim = await startSim({ flavor, clock: false })
    const token = await demoToken(sim)
    secrets.add(token)
    cli = newCli({ WEBHOOK_DESK_TOKEN: token, WEBHOOK_DESK_SERVER: sim.url })
  })
  afterAll(() => sim.stop())
  afterEach(async () => {
    await Promise.all(receivers.map((r) => r.close()))
    receivers = []
  })

  async function receiver(status: number, tls?: { key: string; cert: string }): Promise<Receiver> {
    const r = await startReceiver(tls)
    r.respond = (_req, res) => res.writeHead(status).end()
    receivers.push(r)
    return r
  }

  it('get --json: the webhook in the documented shape, PSK masked', async () => {
    sim.mutateUser(demo.id, {
      attributes: { webhookUrl: 'https://hooks.example.com/a', webhookPsk: PSK, WebhookTypes: 'alarm' },
    })
    const run = await cli.run(['get', '--json'])
    expect(run.code, run.stderr).toBe(0)
    expect(run.stderr).toBe('')
    const out = json(getJson, run)
    expect(out.account).toMatchObject({ server: sim.url, email: demo.email, serverVersion: VERSION[flavor] })
    expect(out.webhook).toMatchObject({ url: 'https://hooks.example.com/a', types: null })
    expect(out.webhook.psk).toBe(`Bearer ${'•'.repeat(8)} (${PSK.length} characters)`)
    expect(out.nearMisses).toEqual([{ key: 'WebhookTypes', canonical: 'webhookTypes' }])
  })

  it('set --dry-run prints the review and writes nothing; set --yes saves through the safe save', async () => {
    sim.mutateUser(demo.id, {
      attributes: { webhookUrl: undefined, webhookPsk: undefined, WebhookTypes: undefined, speedUnit: 'kmh' },
    })
    const before = JSON.stringify(sim.state.users.get(demo.id)!.json)
    const target = await receiver(200)
    const args = ['set', '--url', `${target.url}/hook`, '--psk-stdin', '--types', 'alarm,geofenceEnter']
    const dry = await cli.run([...args, '--dry-run'], { input: `${PSK}\n` })
    expect(dry.code, dry.stderr).toBe(0)
    expect(dry.stdout).toMatch(/webhookUrl +\(not set\) +http:\/\/127\.0\.0\.1:\d+\/hook/)
    expect(dry.stdout).toMatch(/webhookPsk +\(not set\) +Bearer •+/)
    expect(dry.stderr).toContain('Dry run: nothing was saved.')
    expect(JSON.stringify(sim.state.users.get(demo.id)!.json)).toBe(before)

    const noYes = await cli.run(args, { input: `${PSK}\n` })
    expect(noYes.code, noYes.stderr).toBe(2)
    expect(JSON.stringify(sim.state.users.get(demo.id)!.json)).toBe(before)

    const saved = await cli.run([...args, '--yes'], { input: `${PSK}\n` })
    expect(saved.code, saved.stderr).toBe(0)
    expect(saved.stdout).toContain('Saved.')
    const attributes = sim.state.users.get(demo.id)!.json.attributes as Record<string, unknown>
    expect(attributes).toMatchObject({
      webhookUrl: `${target.url}/hook`,
      webhookPsk: PSK,
      webhookTypes: 'alarm,geofenceEnter',
      speedUnit: 'kmh',
    })

    // The saved settings are what `test` sends, Authorization exactly as the cloud sends it.
    const run = await cli.run(['test', '--event', 'alarm', '--json'])
    expect(run.code, run.stderr).toBe(0)
    expect(json(testJson, run)).toMatchObject({
      delivered: true,
      verdict: 'delivered',
      status: 200,
      eventType: 'alarm',
    })
    expect(target.requests[0]!.headers.authorization).toBe(PSK)
  })

  it('masks a password in the URL wherever it prints one; saves & only with --accept-escaping where the server may escape it', async () => {
    const urlPassword = 'url-pass-77d1'
    secrets.add(urlPassword)
    sim.mutateUser(demo.id, {
      attributes: { webhookUrl: `https://user:${urlPassword}@hooks.example.com/a`, webhookPsk: undefined },
    })
    const got = await cli.run(['get', '--json'])
    expect(got.code, got.stderr).toBe(0)
    expect(json(getJson, got).webhook.url).toBe(`https://user:${'•'.repeat(8)}@hooks.example.com/a`)
    for (const args of [['get'], ['events', '--json'], ['set', '--types', 'alarm', '--dry-run']]) {
      const run = await cli.run(args)
      expect(run.code, run.stderr).toBe(0)
      expect(run.stdout + run.stderr).not.toContain(urlPassword)
    }

    const withAmpersand = 'https://hooks.example.com/h?a=1&b=2'
    const plain = await cli.run(['set', '--url', withAmpersand, '--yes'])
    const attributes = () => sim.state.users.get(demo.id)!.json.attributes as Record<string, unknown>
    // 4.12 always escapes; 6.2+ never does; a 5.x server is judged by the evidence it sent.
    if (flavor === '4.12') expect(plain.code).toBe(1)
    if (flavor === '6') expect(plain.code, plain.stderr).toBe(0)
    if (plain.code !== 0) {
      expect(plain.code).toBe(1)
      expect(plain.stderr).toMatch(/^error\[save\.willBeEscaped\]: .*--accept-escaping/m)
      expect(attributes().webhookUrl).toContain(urlPassword)
      const accepted = await cli.run(['set', '--url', withAmpersand, '--yes', '--accept-escaping'])
      expect(accepted.code, accepted.stderr).toBe(0)
      expect(accepted.stdout).toContain('Saved')
    }
    expect(String(attributes().webhookUrl)).toMatch(/^https:\/\/hooks\.example\.com\/h\?a=1&(amp;)?b=2$/)
  })

  it('set refuses a value the app refuses (exit 2) and a miscased type, writing nothing', async () => {
    const before = JSON.stringify(sim.state.users.get(demo.id)!.json)
    const badUrl = await cli.run(['set', '--url', 'ftp://example.com', '--yes'])
    expect(badUrl.code, badUrl.stderr).toBe(2)
    expect(badUrl.stderr).toMatch(/^error\[save\.invalid\]: /)
    const miscased = await cli.run(['set', '--types', 'Alarm', '--yes'])
    expect(miscased.code, miscased.stderr).toBe(2)
    expect(miscased.stderr).toContain('"alarm"')
    expect(JSON.stringify(sim.state.users.get(demo.id)!.json)).toBe(before)
  })

  it.each([
    [200, 0, 'delivered'],
    [202, 5, 'cloudWouldFail'],
    [401, 5, 'failed'],
  ] as const)('test against a receiver answering %i exits %i', async (status, exit, verdict) => {
    const target = await receiver(status)
    const run = await cli.run(['test', '--target', `${target.url}/in`, '--psk-env', 'HOOK_PSK', '--json'], {
      env: { HOOK_PSK: PSK },
    })
    expect(run.code, run.stderr).toBe(exit)
    const out = json(testJson, run)
    expect(out).toMatchObject({ verdict, status, delivered: exit === 0 })
    expect(target.requests).toHaveLength(1)
    expect(target.requests[0]!.headers.authorization).toBe(PSK)
    expect(JSON.parse(target.requests[0]!.body)).toHaveProperty('event.type', 'deviceMoving')
  })

  it('test against a self-signed receiver exits 5 and says why, in words', async () => {
    const target = await receiver(200, makeCerts().selfSigned)
    const run = await cli.run(['test', '--target', `${target.url}/in`, '--psk-env', 'HOOK_PSK'], {
      env: { HOOK_PSK: PSK },
    })
    expect(run.code, run.stderr).toBe(5)
    expect(run.stdout).toContain('NOT delivered')
    expect(run.stdout).toMatch(/Diagnosis: +.*certificate/i)
    expect(run.stdout).toContain(`Authorization Bearer ${'•'.repeat(8)}`)
  })

  it('events --json marks what the saved settings would send', async () => {
    sim.mutateUser(demo.id, {
      attributes: { webhookUrl: 'https://hooks.example.com/e', webhookTypes: 'alarm' },
    })
    const [device] = sim.state.devicesOf(sim.state.users.get(demo.id)!)
    sim.injectEvent({ deviceId: device!.id, type: 'alarm', attributes: { alarm: 'vibration' } })
    sim.injectEvent({ deviceId: device!.id, type: 'deviceMoving' })
    const run = await cli.run(['events', '--since', '1h', '--json'])
    expect(run.code, run.stderr).toBe(0)
    const out = json(eventsJson, run)
    expect(out.webhook).toEqual({ url: 'https://hooks.example.com/e', types: ['alarm'] })
    expect(out.events.find((e) => e.type === 'alarm')?.wouldBeSent).toBe(true)
    expect(out.events.find((e) => e.type === 'deviceMoving')?.wouldBeSent).toBe(false)
    const alarms = json(eventsJson, await cli.run(['events', '--type', 'alarm', '--json']))
    expect(alarms.events.length).toBeGreaterThan(0)
    expect(alarms.events.every((e) => e.type === 'alarm')).toBe(true)
  })

  it('off --yes removes the three keys and nothing else', async () => {
    sim.mutateUser(demo.id, {
      attributes: { webhookUrl: 'https://hooks.example.com/o', webhookPsk: PSK, webhookTypes: 'alarm' },
    })
    const run = await cli.run(['off', '--yes'])
    expect(run.code, run.stderr).toBe(0)
    const attributes = sim.state.users.get(demo.id)!.json.attributes as Record<string, unknown>
    expect(Object.keys(attributes).filter((k) => k.startsWith('webhook'))).toEqual([])
    expect(attributes.speedUnit).toBe('kmh')
  })
})

describe.skipIf(!keyringReady)('webhook-desk with saved accounts in the keychain', () => {
  let sim: Sim
  beforeAll(async () => {
    sim = await startSim({ flavor: '6', clock: false })
    sim.state.users.get(demo.id)!.password = PASSWORD
    sim.state.users.get(SEED_USERS.totp.id)!.password = TOTP_PASSWORD
  })
  afterAll(() => sim.stop())

  it('login --password-stdin --remember, then get/set/history/restore use the saved account', async () => {
    const cli = newCli()
    const login = await cli.run(
      ['login', '--server', sim.url, '--email', demo.email, '--password-stdin', '--remember'],
      { input: `${PASSWORD}\n` },
    )
    expect(login.code, login.stderr).toBe(0)
    expect(login.stdout).toContain('Remembered in the keychain')
    const accounts = json(accountsJson, await cli.run(['accounts', '--json']))
    expect(accounts.accounts).toEqual([
      expect.objectContaining({ server: sim.url, email: demo.email, remembered: true, current: true }),
    ])

    sim.mutateUser(demo.id, { attributes: { webhookUrl: 'https://hooks.example.com/old' } })
    expect((await cli.run(['set', '--url', 'https://hooks.example.com/new', '--yes'])).code).toBe(0)
    const history = json(historyJson, await cli.run(['history', '--json']))
    expect(history.entries[0]).toMatchObject({
      before: { webhookUrl: 'https://hooks.example.com/old' },
      after: { webhookUrl: 'https://hooks.example.com/new' },
    })
    const restored = await cli.run(['restore', history.entries[0]!.id, '--yes'])
    expect(restored.code, restored.stderr).toBe(0)
    expect(json(getJson, await cli.run(['get', '--json'])).webhook.url).toBe('https://hooks.example.com/old')

    const logout = await cli.run(['logout'])
    expect(logout.code, logout.stderr).toBe(0)
    expect((await cli.run(['get'])).code).toBe(3)
  })

  it('WEBHOOK_DESK_TOKEN for an account also saved here leaves the saved sign-in as it is', async () => {
    const cli = newCli()
    await cli.run(['login', '--server', sim.url, '--email', demo.email, '--password-stdin', '--remember'], {
      input: `${PASSWORD}\n`,
    })
    const before = json(accountsJson, await cli.run(['accounts', '--json']))
    const client = new TestClient(sim.url)
    await client.login(demo.email, PASSWORD)
    const token = (await client.post('/api/session/token', {})).text
    secrets.add(token)
    const byToken = await cli.run(['get', '--json'], {
      env: { WEBHOOK_DESK_TOKEN: token, WEBHOOK_DESK_SERVER: sim.url },
    })
    expect(byToken.code, byToken.stderr).toBe(0)
    expect(json(accountsJson, await cli.run(['accounts', '--json']))).toEqual(before)
    const saved = await cli.run(['get', '--json'])
    expect(saved.code, saved.stderr).toBe(0)
  })

  it('shares saved accounts with the app: a sign-in and a draft made there are used here', async () => {
    const cli = newCli()
    const app = testHandlers({ userDataDir: cli.userData, secrets: new KeytarStore() })
    const target = await startReceiver()
    try {
      const session = await app.signIn({
        server: sim.url,
        method: 'password',
        email: demo.email,
        secret: PASSWORD,
        remember: true,
      })
      await app.saveDraft({
        userId: session.userId,
        baseline: {},
        values: { webhookUrl: `${target.url}/draft`, webhookPsk: PSK },
        removeKeys: [],
      })
      const accounts = json(accountsJson, await cli.run(['accounts', '--json']))
      expect(accounts.accounts.map((a) => a.id)).toEqual([session.accountId])
      const run = await cli.run(['test', '--target', 'draft', '--json'])
      expect(run.code, run.stderr).toBe(0)
      expect(json(testJson, run).url).toBe(`${target.url}/draft`)
      expect(target.requests[0]!.headers.authorization).toBe(PSK)
    } finally {
      await target.close()
    }
  })

  it('login --token-stdin, a second account, and accounts --use switching between them', async () => {
    const cli = newCli()
    const token = await demoToken(sim, PASSWORD)
    secrets.add(token)
    const byToken = await cli.run(['login', '--server', sim.url, '--token-stdin', '--remember'], {
      input: token,
    })
    expect(byToken.code, byToken.stderr).toBe(0)
    expect(byToken.stdout).toContain(`as ${demo.email}`)
    sim.state.users.get(SEED_USERS.admin.id)!.password = ADMIN_PASSWORD
    const admin = await cli.run(
      ['login', '--server', sim.url, '--email', SEED_USERS.admin.email, '--password-stdin', '--remember'],
      { input: `${ADMIN_PASSWORD}\n` },
    )
    expect(admin.code, admin.stderr).toBe(0)
    const current = async (): Promise<string> => json(getJson, await cli.run(['get', '--json'])).account.email
    expect(await current()).toBe(SEED_USERS.admin.email)
    expect((await cli.run(['accounts', '--use', demo.email])).code).toBe(0)
    expect(await current()).toBe(demo.email)
    const listed = json(accountsJson, await cli.run(['accounts', '--json'])).accounts
    expect(listed.map((a) => [a.email, a.method, a.current])).toEqual([
      [demo.email, 'token', true],
      [SEED_USERS.admin.email, 'password', false],
    ])
    const picked = await cli.run(['get', '--json', '--account', SEED_USERS.admin.email])
    expect(json(getJson, picked).account.email).toBe(SEED_USERS.admin.email)
    expect((await cli.run(['accounts', '--use', 'nobody@example.com'])).code).toBe(2)
  })

  it('login with 2FA: password then code from stdin; a wrong code is an auth failure (exit 3)', async () => {
    const cli = newCli()
    const args = [
      'login',
      '--server',
      sim.url,
      '--email',
      SEED_USERS.totp.email,
      '--password-stdin',
      '--remember',
    ]
    const wrong = await cli.run(args, { input: `${TOTP_PASSWORD}\n000000\n` })
    expect(wrong.code, wrong.stderr).toBe(3)
    expect(wrong.stderr).toMatch(/^error\[auth\.totpWrong\]: /)
    const code = String(totpCode(DEMO_TOTP_KEY)).padStart(6, '0')
    const run = await cli.run(args, { input: `${TOTP_PASSWORD}\n${code}\n` })
    expect(run.code, run.stderr).toBe(0)
    expect(run.stdout).toContain(`as ${SEED_USERS.totp.email}`)
  })

  it('a save that meets an edit made elsewhere stops with exit 4 and writes nothing', async () => {
    const cli = newCli()
    await cli.run(['login', '--server', sim.url, '--email', demo.email, '--password-stdin', '--remember'], {
      input: `${PASSWORD}\n`,
    })
    sim.mutateUser(demo.id, { attributes: { webhookUrl: 'https://hooks.example.com/mine' } })
    // Another client writes right after the command reads the user for its review.
    sim.addMutation({
      userId: demo.id,
      after: { method: 'GET', path: `/api/users/${demo.id}` },
      attributes: { webhookUrl: 'https://hooks.example.com/theirs' },
    })
    const run = await cli.run(['set', '--url', 'https://hooks.example.com/new', '--yes'])
    expect(run.code, run.stderr).toBe(4)
    expect(run.stderr).toMatch(/^error\[save\.conflict\]: /)
    const attributes = sim.state.users.get(demo.id)!.json.attributes as Record<string, unknown>
    expect(attributes.webhookUrl).toBe('https://hooks.example.com/theirs')
  })
})

describe.skipIf(!hasScript)('webhook-desk on a terminal', () => {
  let sim: Sim
  beforeAll(async () => {
    sim = await startSim({ flavor: '6', clock: false })
    sim.state.users.get(demo.id)!.password = PASSWORD
  })
  afterAll(() => sim.stop())

  it('asks for the password without echo, then again on the next run when it was not remembered; colour unless NO_COLOR', async () => {
    const cli = newCli()
    const login = await inTerminal(
      cli,
      ['login', '--server', sim.url, '--email', demo.email],
      [[/Password for demo@example\.com: /, PASSWORD]],
    )
    expect(login.code).toBe(0)
    expect(login.screen).toContain('Signed in to')
    const get = await inTerminal(cli, ['get'], [[/Password for demo@example\.com on /, PASSWORD]])
    expect(get.code).toBe(0)
    // eslint-disable-next-line no-control-regex -- the colour code is what is checked
    expect(get.screen).toMatch(/\u001b\[3\dmWebhook off/)
    const plain = await inTerminal(cli, ['get'], [[/Password for /, PASSWORD]], { NO_COLOR: '1' })
    expect(plain.screen).toContain('Status:   Webhook off')
    expect(plain.screen).not.toContain('\u001b[3')
    // Without a terminal the same account is a clear sign-in error, with the token route.
    const piped = await cli.run(['get'])
    expect(piped.code).toBe(3)
    expect(piped.stderr).toMatch(/^error\[auth\.secretMissing\]: .*WEBHOOK_DESK_TOKEN/)
  })

  it('asks before saving, and saves nothing on "no"', async () => {
    const token = await demoToken(sim, PASSWORD)
    secrets.add(token)
    const env = { WEBHOOK_DESK_TOKEN: token, WEBHOOK_DESK_SERVER: sim.url }
    const cli = newCli(env)
    const before = JSON.stringify(sim.state.users.get(demo.id)!.json)
    const no = await inTerminal(
      cli,
      ['set', '--url', 'https://hooks.example.com/t'],
      [[/Save these changes\? \[y\/N\] /, 'n']],
      env,
    )
    expect(no.code).toBe(1)
    expect(JSON.stringify(sim.state.users.get(demo.id)!.json)).toBe(before)
    const yes = await inTerminal(
      cli,
      ['set', '--url', 'https://hooks.example.com/t'],
      [[/Save these changes\? \[y\/N\] /, 'y']],
      env,
    )
    expect(yes.code).toBe(0)
    expect(sim.state.users.get(demo.id)!.json.attributes).toHaveProperty(
      'webhookUrl',
      'https://hooks.example.com/t',
    )
  })
})

if (!keyringReady) console.warn(`[cli keychain tests] skipped: ${keyringSkipReason}`)
if (process.platform !== 'linux')
  console.warn('[cli no-keychain test] skipped: it removes the Secret Service, which only Linux has')
if (!hasScript) console.warn('[cli terminal tests] skipped: `script` (util-linux) is not installed')
