/**
 * The managed-account commands of webhook-desk, spawned for real against the simulator: users,
 * apply (review, results, exit codes, the generated PSKs file) and --user on get/set.
 */
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, existsSync } from 'node:fs'
import { spawn } from 'node:child_process'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import * as v from 'valibot'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { applyJson, getJson, usersJson } from '../src/cli/json-shapes'
import { parseCsv } from '$shared/csv'
import { SEED_USERS, startSim, type Sim } from '../src/sim'
import type { Json } from '../src/sim/state'
import { buildCli, cliFor, type Cli, type CliRun } from './helpers/cli'
import { TestClient } from './helpers/traccar-client'

vi.setConfig({ testTimeout: 90_000, hookTimeout: 90_000 })

const { manager, rider1, rider2 } = SEED_USERS
const URL_A = 'https://hooks.example.com/fleet'

function json<T>(schema: v.GenericSchema<unknown, T>, run: CliRun): T {
  return v.parse(schema, JSON.parse(run.stdout))
}

/** An access token for the manager, as a CI job would hold one (4.12: the user's token field). */
async function managerToken(sim: Sim): Promise<string> {
  if (sim.flavor === '4.12') {
    sim.mutateUser(manager.id, { fields: { token: 'manager-legacy-token-7f3a9c2d1e' } })
    return 'manager-legacy-token-7f3a9c2d1e'
  }
  const client = new TestClient(sim.url)
  await client.login(manager.email, manager.password)
  return (await client.post('/api/session/token', {})).text
}

describe.each(['6', '4.12'] as const)('managed accounts from the command line, Traccar %s', (flavor) => {
  let bundle: string
  let sim: Sim
  let cli: Cli
  let dir: string
  const secrets: string[] = []

  beforeAll(async () => {
    bundle = buildCli()
    sim = await startSim({ flavor, clock: false, users: 30 })
    const token = await managerToken(sim)
    secrets.push(token)
    cli = cliFor(bundle, { WEBHOOK_DESK_TOKEN: token, WEBHOOK_DESK_SERVER: sim.url })
    dir = mkdtempSync(join(tmpdir(), 'wd-cli-managed-'))
  })
  afterAll(async () => {
    try {
      for (const run of cli.runs) {
        for (const secret of secrets) {
          expect(run.argv).not.toContain(secret)
          expect(run.stdout).not.toContain(secret)
          expect(run.stderr).not.toContain(secret)
        }
      }
    } finally {
      cli.close()
      rmSync(dir, { recursive: true, force: true })
      rmSync(dirname(bundle), { recursive: true, force: true })
      await sim.stop()
    }
  })

  const stored = (id: number): Json => structuredClone(sim.state.users.get(id)!.json)
  const managedIds = (): number[] =>
    [...sim.state.users.get(manager.id)!.managedUserIds].sort((a, b) => a - b)

  it('users lists exactly the managed accounts (--json) and filters them', async () => {
    const run = await cli.run(['users', '--json'])
    expect(run.stderr).toBe('')
    expect(run.code).toBe(0)
    const list = json(usersJson, run)
    expect(list.accounts.map((a) => a.userId).sort((a, b) => a - b)).toEqual(managedIds())
    const off = await cli.run(['users', '--filter', 'off'])
    expect(off.code).toBe(0)
    const offEmails = list.accounts.filter((a) => !a.webhook.on).map((a) => a.email)
    const printed = off.stdout
      .trim()
      .split('\n')
      .slice(1)
      .map((line) => line.split(/\s+/)[0])
    expect(printed.sort()).toEqual(offEmails.sort())
  })

  it('--user acts on a managed account with get and set, leaving everything else alone', async () => {
    const before = stored(rider1.id)
    const set = await cli.run(['set', '--user', rider1.email, '--url', URL_A, '--yes'])
    expect(set.stderr).toBe('')
    expect(set.code).toBe(0)
    const after = stored(rider1.id)
    expect((after.attributes as Json).webhookUrl).toBe(URL_A)
    expect({ ...after, attributes: { ...(after.attributes as Json), webhookUrl: undefined } }).toEqual({
      ...before,
      attributes: { ...(before.attributes as Json), webhookUrl: undefined },
    })
    expect((stored(manager.id).attributes as Json).webhookUrl).toBeUndefined()
    const get = json(getJson, await cli.run(['get', '--user', rider1.email, '--json']))
    expect(get.account).toMatchObject({ email: rider1.email, userId: rider1.id, own: false })
    expect(get.webhook.url).toBe(URL_A)
    const stranger = await cli.run(['get', '--user', SEED_USERS.demo.email])
    expect(stranger.code).toBe(2)
    expect(stranger.stderr).toMatch(/^error\[managed\.unknownAccount\]: /)
  })

  it('apply reviews, writes per-account PSKs to a new owner-only file matching the server, and reports a conflict', async () => {
    const ids = managedIds()
    const everyone = new Map(ids.map((id) => [id, stored(id)]))
    const emails = ids.map((id) => String(stored(id).email))
    const list = join(dir, `riders-${flavor}.txt`)
    writeFileSync(list, `# riders\n${emails.join('\n')}\n`)
    const out = join(dir, `psks-${flavor}.csv`)

    const dry = await cli.run([
      'apply',
      '--users',
      list,
      '--url',
      URL_A,
      '--types',
      'alarm',
      '--psk-per-user',
      '--dry-run',
    ])
    expect(dry.code).toBe(0)
    expect(dry.stdout).toMatch(/to change, \d+ already as wanted, \d+ skipped/)
    for (const id of ids) expect(stored(id)).toEqual(everyone.get(id))

    // Someone changes one account right after the command has read the list: that one is a conflict.
    const review = json(
      applyJson,
      await cli.run([
        'apply',
        '--users',
        list,
        '--url',
        URL_A,
        '--types',
        'alarm',
        '--psk-per-user',
        '--dry-run',
        '--json',
      ]),
    )
    const changing = review.review.filter((r) => r.action === 'change').map((r) => r.userId!)
    // Changed elsewhere while the batch runs (after the first account's re-read), after the review.
    const meanwhile = changing[1]!
    sim.addMutation({
      userId: meanwhile,
      after: { method: 'GET', path: `/api/users/${changing[0]}` },
      attributes: { webhookTypes: 'geofenceExit' },
    })
    const run = await cli.run([
      'apply',
      '--users',
      list,
      '--url',
      URL_A,
      '--types',
      'alarm',
      '--psk-per-user',
      '--psk-out',
      out,
      '--yes',
      '--json',
    ])
    expect(run.code).toBe(4)
    const result = json(applyJson, run)
    expect(result.pskOut).toBe(out)
    expect(result.results!.find((r) => r.userId === meanwhile)?.status).toBe('conflict')
    const saved = result.results!.filter((r) => r.status === 'saved').map((r) => r.userId)
    expect(saved.sort((a, b) => a - b)).toEqual(
      changing.filter((id) => id !== meanwhile).sort((a, b) => a - b),
    )
    expect(statSync(out).mode & 0o777).toBe(0o600)
    const parsed = parseCsv(readFileSync(out, 'utf8'))
    if (!parsed.ok) throw new Error('CSV')
    const rows = parsed.records.map((r) => r.fields)
    expect(rows[0]).toEqual(['email', 'userId', 'webhookPsk'])
    expect(
      rows
        .slice(1)
        .map((r) => Number(r[1]))
        .sort((a, b) => a - b),
    ).toEqual(saved.sort((a, b) => a - b))
    for (const [email, userId, psk] of rows.slice(1)) {
      const now = stored(Number(userId))
      expect(now.email).toBe(email)
      expect(now.attributes).toMatchObject({ webhookUrl: URL_A, webhookTypes: 'alarm', webhookPsk: psk })
      secrets.push(psk!)
    }
    for (const id of ids.filter((id) => !saved.includes(id) && id !== meanwhile)) {
      expect(stored(id)).toEqual(everyone.get(id))
    }
    // The file is never overwritten: a second run refuses before changing anything.
    const again = await cli.run(['apply', '--users', list, '--psk-per-user', '--psk-out', out, '--yes'])
    expect(again.code).toBe(2)
    expect(again.stderr).toMatch(/exists/)
  })

  it('Ctrl+C during apply stops after the account in flight and still writes the PSKs of those saved', async () => {
    const ids = managedIds()
    const out = join(dir, `psks-interrupted-${flavor}.csv`)
    const url = `https://interrupted-${flavor}.example.com/hook`
    const child = spawn(
      process.execPath,
      [bundle, 'apply', '--all', '--url', url, '--psk-per-user', '--psk-out', out, '--yes'],
      {
        env: {
          ...process.env,
          NO_COLOR: '1',
          WEBHOOK_DESK_TOKEN: secrets[0],
          WEBHOOK_DESK_SERVER: sim.url,
          WEBHOOK_DESK_USER_DATA: mkdtempSync(join(tmpdir(), 'wd-cli-int-')),
        },
      },
    )
    let stderr = ''
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')))
    const exited = new Promise<number | null>((done) => child.on('close', done))
    const savedNow = (): number[] =>
      ids.filter((id) => (stored(id).attributes as Json | undefined)?.webhookUrl === url)
    // The batch is paced (a few accounts a second): interrupt it once the first account is saved.
    await vi.waitFor(() => expect(savedNow().length).toBeGreaterThan(0), { timeout: 30_000, interval: 20 })
    child.kill('SIGINT')
    expect(await exited).not.toBeNull()
    expect(stderr).toContain('Stopping after the account in flight')
    const saved = savedNow()
    expect(saved.length).toBeLessThan(ids.length)
    const parsed = parseCsv(readFileSync(out, 'utf8'))
    if (!parsed.ok) throw new Error('CSV')
    const rows = parsed.records.map((r) => r.fields).slice(1)
    expect(rows.map((r) => Number(r[1])).sort((a, b) => a - b)).toEqual(saved.sort((a, b) => a - b))
    for (const [, userId, psk] of rows) {
      expect((stored(Number(userId)).attributes as Json).webhookPsk).toBe(psk)
      secrets.push(psk!)
    }
  }, 60_000)

  it('apply --csv checks every row first and changes nothing when one is wrong', async () => {
    const file = join(dir, `import-${flavor}.csv`)
    writeFileSync(
      file,
      `email,webhookUrl,webhookPsk,webhookTypes\r\n${rider2.email},${URL_A},,\r\nnobody@example.com,${URL_A},,\r\n`,
    )
    const before = stored(rider2.id)
    const run = await cli.run(['apply', '--csv', file, '--yes'])
    expect(run.code).toBe(2)
    expect(run.stderr).toMatch(/line 3 \(email\): nobody@example\.com is not one of the accounts you manage/)
    expect(stored(rider2.id)).toEqual(before)
    expect(existsSync(file)).toBe(true)
  })
})
