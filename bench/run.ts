/**
 * npm run bench: measures what users feel and prints a table (median of several runs, with the
 * machine noted), and writes it as JSON to bench-results/latest.json. Targets from issue 8.
 */
import { execFile, execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { request } from 'node:http'
import os from 'node:os'
import { join, resolve } from 'node:path'
import { promisify } from 'node:util'
import { gzipSync } from 'node:zlib'
import { chromium } from '@playwright/test'
import { build } from 'esbuild'
import { dispatch } from '../src/main/dispatch'
import { createHandlers } from '../src/main/handlers'
import { nodeTransport, type HttpTransport } from '../src/main/traccar/transport'
import { SEED_USERS, startSim } from '../src/sim'
import { CHROMIUM_ARGS, chromiumPath } from '../e2e/support/chromium'
import { startCli } from '../e2e/support/spawn'
import { startReceiver } from '../test/helpers/receiver'
import { TestClient } from '../test/helpers/traccar-client'

const ROOT = resolve(__dirname, '..')

/** The keychain is not what these numbers are about; a map stands in for it. */
const items = new Map<string, string>()
const memorySecrets = {
  get: async (k: string) => items.get(k) ?? null,
  set: async (k: string, v: string) => void items.set(k, v),
  delete: async (k: string) => void items.delete(k),
}
const RUNS = 7

interface Row {
  metric: string
  value: number
  unit: string
  target: string
  ok: boolean
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
}
const round = (n: number, digits = 1): number => Math.round(n * 10 ** digits) / 10 ** digits

function bundleSizes(): Row[] {
  const dir = join(ROOT, 'out/renderer/assets')
  const files = readdirSync(dir)
  const size = (f: string, gz: boolean): number =>
    (gz ? gzipSync(readFileSync(join(dir, f))).length : statSync(join(dir, f)).size) / 1024
  const sum = (pick: (f: string) => boolean, gz: boolean): number =>
    files.filter(pick).reduce((n, f) => n + size(f, gz), 0)
  // The window loads its code plus the messages of the one language it speaks (en-*.js or de-*.js).
  const language = (f: string): boolean => /^(en|de)-[\w-]+\.js$/.test(f)
  const code = sum((f) => f.endsWith('.js') && !language(f), true)
  const startJs = (locale: string): Row => {
    const kb = code + sum((f) => f.startsWith(`${locale}-`) && f.endsWith('.js'), true)
    return {
      metric: `renderer JS to start, ${locale} (gzip)`,
      value: round(kb),
      unit: 'KB',
      target: '≤ 60 KB',
      ok: kb <= 60,
    }
  }
  return [
    {
      metric: 'renderer JS, all files (raw)',
      value: round(sum((f) => f.endsWith('.js'), false)),
      unit: 'KB',
      target: '—',
      ok: true,
    },
    startJs('en'),
    startJs('de'),
    {
      metric: 'renderer CSS (raw)',
      value: round(sum((f) => f.endsWith('.css'), false)),
      unit: 'KB',
      target: '—',
      ok: true,
    },
    {
      metric: 'renderer CSS (gzip)',
      value: round(sum((f) => f.endsWith('.css'), true)),
      unit: 'KB',
      target: '—',
      ok: true,
    },
  ]
}

async function mainImportTime(): Promise<Row> {
  // Inside the project so the external packages resolve from node_modules.
  mkdirSync(join(ROOT, 'bench-results'), { recursive: true })
  const out = join(ROOT, 'bench-results/services.cjs')
  await build({
    entryPoints: [join(ROOT, 'src/main/handlers.ts')],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    outfile: out,
    external: ['keytar', 'ws', 'valibot'],
    logLevel: 'silent',
  })
  const times: number[] = []
  for (let i = 0; i < RUNS; i++) {
    const script = `const t=process.hrtime.bigint();require(${JSON.stringify(out)});console.log(Number(process.hrtime.bigint()-t)/1e6)`
    times.push(Number(execFileSync(process.execPath, ['-e', script], { cwd: ROOT, encoding: 'utf8' }).trim()))
  }
  const value = median(times)
  return {
    metric: 'main services import',
    value: round(value),
    unit: 'ms',
    target: '≤ 100 ms',
    ok: value <= 100,
  }
}

/** Wall time of a command, median of RUNS. */
function wallTime(args: string[], cwd: string): number {
  const times: number[] = []
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now()
    execFileSync(process.execPath, args, { cwd, stdio: 'ignore' })
    times.push(performance.now() - started)
  }
  return median(times)
}

/** What `npm start` adds before electron-vite when Electron is already installed, beside a bare Node start. */
function electronCheckTime(): Row[] {
  const project = mkdtempSync(join(os.tmpdir(), 'wd-bench-electron-'))
  const electron = join(project, 'node_modules/electron')
  mkdirSync(join(electron, 'dist'), { recursive: true })
  const { version } = JSON.parse(readFileSync(join(ROOT, 'node_modules/electron/package.json'), 'utf8')) as {
    version: string
  }
  writeFileSync(join(project, 'package.json'), '{"name":"bench"}')
  writeFileSync(join(electron, 'package.json'), JSON.stringify({ name: 'electron', version }))
  writeFileSync(join(electron, 'path.txt'), 'electron')
  writeFileSync(join(electron, 'dist/version'), version)
  writeFileSync(join(electron, 'dist/electron'), '')
  const floor = wallTime(['-e', '0'], project)
  const check = wallTime([join(ROOT, 'scripts/electron-install.mjs')], project)
  return [
    { metric: 'bare Node start (floor)', value: Math.round(floor), unit: 'ms', target: '—', ok: true },
    {
      metric: 'npm start: Electron check, installed',
      value: Math.round(check),
      unit: 'ms',
      target: '≤ 200 ms',
      ok: check <= 200,
    },
  ]
}

/** Wraps a transport to add up the time spent waiting on the network. */
function timedTransport(inner: HttpTransport): HttpTransport & { networkMs: number } {
  const timed = {
    networkMs: 0,
    async fetch(url: string, init: RequestInit) {
      const started = performance.now()
      const response = await inner.fetch(url, init)
      const text = await response.text()
      timed.networkMs += performance.now() - started
      return new Response(text, { status: response.status, headers: response.headers })
    },
    clearCookies: inner.clearCookies,
    cookieHeader: inner.cookieHeader,
  }
  return timed
}

async function saveAndSend(): Promise<Row[]> {
  const sim = await startSim({ clock: false })
  const receiver = await startReceiver()
  const transport = timedTransport(nodeTransport())
  const handlers = createHandlers({
    appInfo: { name: 'Webhook Desk', version: 'bench', shell: 'harness', demoRequested: false },
    userDataDir: mkdtempSync(join(os.tmpdir(), 'wd-bench-')),
    // One sign-in, so one transport is enough.
    transport: () => transport,
    secrets: memorySecrets,
    push: () => {},
  })
  await dispatch(handlers, 'signIn', {
    server: sim.url,
    method: 'password',
    email: SEED_USERS.demo.email,
    secret: SEED_USERS.demo.password,
    remember: false,
  })
  const state = await handlers.loadWebhook(undefined)
  let baseline = state.values
  const saveOverheads: number[] = []
  for (let i = 0; i < 40; i++) {
    transport.networkMs = 0
    const started = performance.now()
    const outcome = await handlers.saveWebhook({
      baseline,
      values: { webhookUrl: `https://hooks.example.com/${i}` },
      removeKeys: [],
    })
    saveOverheads.push(performance.now() - started - transport.networkMs)
    if (outcome.status !== 'saved') throw new Error(`save ${i}: ${outcome.status}`)
    baseline = outcome.state.values
  }
  const bare = (): Promise<number> =>
    new Promise((done) => {
      const started = performance.now()
      const req = request(
        `${receiver.url}/hook`,
        { method: 'POST', headers: { 'content-type': 'application/json' } },
        (res) => {
          res.resume()
          res.on('end', () => done(performance.now() - started))
        },
      )
      req.end('{}')
    })
  const body = await handlers.buildTestBody({ eventType: 'alarm', deviceId: null })
  const sendOverheads: number[] = []
  for (let i = 0; i < 40; i++) {
    const plain = await bare()
    const started = performance.now()
    await handlers.sendTest({
      url: `${receiver.url}/hook`,
      body,
      eventType: 'alarm',
      timeoutMs: 5000,
      insecureTls: false,
    })
    sendOverheads.push(performance.now() - started - plain)
  }
  await sim.stop()
  await receiver.close()
  const save = median(saveOverheads)
  const send = median(sendOverheads)
  return [
    {
      metric: 'save: client time beyond network',
      value: round(save, 2),
      unit: 'ms',
      target: '≤ 5 ms',
      ok: save <= 5,
    },
    {
      metric: 'test send: overhead over bare POST',
      value: round(send, 2),
      unit: 'ms',
      target: '≤ 3 ms',
      ok: send <= 3,
    },
  ]
}

async function harnessTimings(): Promise<Row[]> {
  const sim = await startSim({ clock: false })
  const browser = await chromium.launch({
    executablePath: chromiumPath(),
    args: CHROMIUM_ARGS,
  })
  const ready: number[] = []
  const signIn: number[] = []
  const heap: number[] = []
  const cold: number[] = []
  // One harness (like one running app), a fresh page each run.
  const harness = await startCli(
    'src/harness/cli.ts',
    ['--port', '0', '--user-data', mkdtempSync(join(os.tmpdir(), 'wd-bench-'))],
    /Webhook Desk harness: (\S+)/,
  )
  try {
    for (let i = 0; i < RUNS + 1; i++) {
      const page = await browser.newPage()
      try {
        await page.goto(harness.url)
        await page.getByLabel('Email').waitFor()
        // Measured in the page with the app's User Timing marks, from the start of navigation.
        const mark = (name: string) =>
          page.evaluate((n) => performance.getEntriesByName(n)[0]?.startTime ?? NaN, name)
        const readyAt = await mark('webhook-desk:sign-in-ready')
        await page.getByLabel('Server').fill(sim.url)
        await page.getByLabel('Email').fill(SEED_USERS.demo.email)
        await page.getByLabel('Password', { exact: true }).fill(SEED_USERS.demo.password)
        await page.getByLabel('Remember me on this computer').uncheck()
        await page.getByRole('button', { name: 'Sign in', exact: true }).click()
        await page.getByTestId('webhook-status').waitFor()
        const filled =
          (await mark('webhook-desk:webhook-ready')) - (await mark('webhook-desk:sign-in-submitted'))
        const cdp = await page.context().newCDPSession(page)
        await cdp.send('HeapProfiler.collectGarbage')
        const usage = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number }
        // The first run warms the harness process (Node's JIT), as any app start would; it is not counted.
        if (i > 0) {
          ready.push(readyAt)
          signIn.push(filled)
          heap.push(usage.usedSize / 1024 / 1024)
        } else cold.push(readyAt, filled)
      } finally {
        // Sign out so the next page starts on the sign-in screen again.
        await page.evaluate(() =>
          (globalThis as unknown as { api: { signOut(): Promise<unknown> } }).api.signOut(),
        )
        await page.close()
      }
    }
  } finally {
    await harness.stop()
    await browser.close()
    await sim.stop()
  }
  return [
    {
      metric: 'first page after start: form ready',
      value: Math.round(cold[0]!),
      unit: 'ms',
      target: '—',
      ok: true,
    },
    {
      metric: 'first page after start: signed in',
      value: Math.round(cold[1]!),
      unit: 'ms',
      target: '—',
      ok: true,
    },
    {
      metric: 'navigation → sign-in form ready',
      value: Math.round(median(ready)),
      unit: 'ms',
      target: '≤ 300 ms',
      ok: median(ready) <= 300,
    },
    {
      metric: 'Sign in clicked → webhook form filled',
      value: Math.round(median(signIn)),
      unit: 'ms',
      target: '≤ 500 ms',
      ok: median(signIn) <= 500,
    },
    {
      metric: 'JS heap after sign-in',
      value: round(median(heap), 2),
      unit: 'MB',
      target: '≤ 8 MB',
      ok: median(heap) <= 8,
    },
  ]
}

/**
 * The webhook-desk command as a script runs it (the bundle, WEBHOOK_DESK_TOKEN): `get --json` wall
 * time beside a bare Node start, and `test` beside a Node process that only POSTs.
 */
async function cliTimings(): Promise<Row[]> {
  const sim = await startSim({ clock: false })
  const receiver = await startReceiver()
  const client = new TestClient(sim.url)
  await client.login(SEED_USERS.demo.email, SEED_USERS.demo.password)
  const env = {
    ...process.env,
    WEBHOOK_DESK_TOKEN: (await client.post('/api/session/token', {})).text,
    WEBHOOK_DESK_SERVER: sim.url,
    WEBHOOK_DESK_USER_DATA: mkdtempSync(join(os.tmpdir(), 'wd-bench-cli-')),
  }
  // Spawned without blocking: the simulator and the receiver answer from this process.
  const timed = async (args: string[]): Promise<number> => {
    const times: number[] = []
    for (let i = 0; i < RUNS; i++) {
      const started = performance.now()
      await promisify(execFile)(process.execPath, args, { cwd: ROOT, env })
      times.push(performance.now() - started)
    }
    return median(times)
  }
  const cli = join(ROOT, 'out/cli/webhook-desk.cjs')
  const floor = await timed(['-e', '0'])
  const get = await timed([cli, 'get', '--json'])
  const post = `require('node:http').request(${JSON.stringify(`${receiver.url}/hook`)},{method:'POST'},(r)=>r.resume()).end('{}')`
  const barePost = await timed(['-e', post])
  const test = await timed([cli, 'test', '--target', `${receiver.url}/hook`, '--json'])
  await sim.stop()
  await receiver.close()
  return [
    {
      metric: 'webhook-desk get --json (wall)',
      value: Math.round(get),
      unit: 'ms',
      target: `≤ 5 × node -e 0 (${Math.round(floor)} ms)`,
      ok: get <= 5 * floor,
    },
    {
      metric: 'webhook-desk test: over a bare POST',
      value: Math.round(test - barePost),
      unit: 'ms',
      target: `— (bare POST process ${Math.round(barePost)} ms)`,
      ok: true,
    },
  ]
}

async function main(): Promise<void> {
  const rows = [
    ...bundleSizes(),
    await mainImportTime(),
    ...electronCheckTime(),
    ...(await saveAndSend()),
    ...(await harnessTimings()),
    ...(await cliTimings()),
  ]
  const machine = `${os.cpus().length} × ${os.cpus()[0]?.model.trim() ?? 'CPU'}, ${Math.round(os.totalmem() / 1024 ** 3)} GB, ${os.platform()} ${os.release()}, Node ${process.version}`
  const width = Math.max(...rows.map((r) => r.metric.length))
  console.log(`Webhook Desk benchmarks — median of ${RUNS}+ runs on ${machine}\n`)
  console.log(`${'metric'.padEnd(width)}  ${'value'.padStart(10)}  target`)
  for (const r of rows)
    console.log(
      `${r.metric.padEnd(width)}  ${`${r.value} ${r.unit}`.padStart(10)}  ${r.target}${r.ok ? '' : '  ✗ over target'}`,
    )
  mkdirSync(join(ROOT, 'bench-results'), { recursive: true })
  writeFileSync(
    join(ROOT, 'bench-results/latest.json'),
    JSON.stringify({ date: new Date().toISOString(), machine, rows }, null, 2) + '\n',
  )
  console.log('\nWritten to bench-results/latest.json')
}

void main()
