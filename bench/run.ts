/**
 * npm run bench: measures what users feel and prints a table (median of several runs, with the
 * machine noted), and writes it as JSON to bench-results/latest.json. Targets from issue 8.
 * Each timing is printed with its ratio to a floor measured in the same run (a bare Node start, a
 * blank page in the same Chromium, a bare GET to the same simulator), so a noisy machine shows as
 * slow floors rather than hiding or faking a regression (issue 15).
 */
import { execFile, execFileSync } from 'node:child_process'
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  statSync,
  writeFileSync,
} from 'node:fs'
import { createServer, request } from 'node:http'
import type { AddressInfo } from 'node:net'
import os from 'node:os'
import { join, resolve } from 'node:path'
import { setTimeout } from 'node:timers/promises'
import { promisify } from 'node:util'
import { gzipSync } from 'node:zlib'
import { chromium, type Browser, type Page } from '@playwright/test'
import { build } from 'esbuild'
import { dispatch } from '../src/main/dispatch'
import { createHandlers } from '../src/main/handlers'
import { DEFAULT_PACE } from '../src/main/traccar/pacer'
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

/** The least the machine needs for the same kind of work, measured beside the figure. */
interface Floor {
  metric: string
  /** Names the floor in the ratio column. */
  label: string
  value: number
  unit: string
}

interface Row {
  metric: string
  value: number
  unit: string
  target: string
  ok: boolean
  floor?: Floor
}

const floorRow = (floor: Floor): Row => ({ ...floor, target: 'floor', ok: true })
const ratio = (row: Row): number | null => (row.floor ? round(row.value / row.floor.value, 2) : null)

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

/**
 * Wall time of a Node process, median of RUNS. Spawned without blocking, so a simulator or
 * receiver in this process can answer it; every process timing (and its floor) goes through here.
 */
async function wallTime(args: string[], options: { cwd: string; env?: NodeJS.ProcessEnv }): Promise<number> {
  const times: number[] = []
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now()
    await promisify(execFile)(process.execPath, args, options)
    times.push(performance.now() - started)
  }
  return median(times)
}

/** The floor of every process timing: a Node start that does nothing. */
async function nodeStartFloor(): Promise<Floor> {
  const value = await wallTime(['-e', '0'], { cwd: ROOT })
  return {
    metric: 'bare Node start: node -e 0 (floor)',
    label: 'node -e 0',
    value: Math.round(value),
    unit: 'ms',
  }
}

/** What `npm start` adds before electron-vite when Electron is already installed, beside a bare Node start. */
async function electronCheckTime(nodeStart: Floor): Promise<Row> {
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
  const check = await wallTime([join(ROOT, 'scripts/electron-install.mjs')], { cwd: project })
  return {
    metric: 'npm start: Electron check, installed',
    value: Math.round(check),
    unit: 'ms',
    target: '≤ 200 ms',
    ok: check <= 200,
    floor: nodeStart,
  }
}

/** Wraps a transport to add up the time spent waiting on the network. */
function timedTransport(inner: HttpTransport): HttpTransport & { networkMs: number } {
  const timed = {
    networkMs: 0,
    async fetch(url: string, init: RequestInit) {
      const started = performance.now()
      const response = await inner.fetch(url, init)
      const text = await response.text()
      // The copy handed on is this wrapper's cost, not the client's: it counts with the request.
      const copy = new Response(text, { status: response.status, headers: response.headers })
      timed.networkMs += performance.now() - started
      return copy
    },
    clearCookies: inner.clearCookies,
    cookieHeader: inner.cookieHeader,
  }
  return timed
}

/** One plain node:http request, timed until its response has been read. */
function bareRequest(url: string, method: 'GET' | 'POST', body?: string): Promise<number> {
  return new Promise((done, failed) => {
    const started = performance.now()
    const headers = body === undefined ? {} : { 'content-type': 'application/json' }
    const req = request(url, { method, headers }, (res) => {
      res.resume()
      res.on('end', () => done(performance.now() - started))
    })
    req.on('error', failed)
    req.end(body)
  })
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
    // The client paces each server politely (a token bucket); back-to-back saves would time its
    // waits, not its work. A full bucket before each save, as a user's pauses give it.
    await setTimeout((DEFAULT_PACE.burst * 1000) / DEFAULT_PACE.perSecond)
    transport.networkMs = 0
    const started = performance.now()
    const outcome = await handlers.saveWebhook({
      userId: state.userId,
      baseline,
      values: { webhookUrl: `https://hooks.example.com/${i}` },
      removeKeys: [],
    })
    saveOverheads.push(performance.now() - started - transport.networkMs)
    if (outcome.status !== 'saved') throw new Error(`save ${i}: ${outcome.status}`)
    baseline = outcome.state.values
  }
  const body = await handlers.buildTestBody({ eventType: 'alarm', deviceId: null })
  const sendOverheads: number[] = []
  for (let i = 0; i < 40; i++) {
    const plain = await bareRequest(`${receiver.url}/hook`, 'POST', '{}')
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
  const gets: number[] = []
  for (let i = 0; i < 40; i++) gets.push(await bareRequest(`${sim.url}/api/server`, 'GET'))
  await sim.stop()
  await receiver.close()
  const save = median(saveOverheads)
  const send = median(sendOverheads)
  const bareGet: Floor = {
    metric: 'bare GET to the simulator (floor)',
    label: 'bare GET',
    value: round(median(gets), 2),
    unit: 'ms',
  }
  return [
    floorRow(bareGet),
    {
      metric: 'save: client time beyond network',
      value: round(save, 2),
      unit: 'ms',
      target: '≤ 5 ms',
      ok: save <= 5,
      floor: bareGet,
    },
    {
      metric: 'test send: overhead over bare POST',
      value: round(send, 2),
      unit: 'ms',
      target: '≤ 3 ms',
      ok: send <= 3,
      floor: bareGet,
    },
  ]
}

/** The size of the managed fleet the managed-accounts figures are measured on (issue 16). */
const FLEET = 1000

/**
 * Managed accounts on a fleet of FLEET: the list filled after sign-in, and a bulk change of URL +
 * types to every account (requests per account, and client time per account beyond its requests).
 * Pacing is off here, so the figures are the client's own; at the default pace (DEFAULT_PACE) the
 * batch's wall time is set by the pace, not by the client.
 */
async function managedTimings(): Promise<Row[]> {
  // The simulator runs in its own process: its work must not count as the client's.
  const sim = await startCli(
    'src/sim/cli.ts',
    ['--port', '0', '--users', String(FLEET), '--rate-limit', '0'],
    /(http:\/\/127\.0\.0\.1:\d+)/,
  )
  let requests = 0
  const timed = timedTransport(nodeTransport())
  const transport: HttpTransport = { ...timed, fetch: (url, init) => (requests++, timed.fetch(url, init)) }
  let finished: () => void = () => {}
  const userDataDir = mkdtempSync(join(os.tmpdir(), 'wd-bench-'))
  const handlers = createHandlers({
    appInfo: { name: 'Webhook Desk', version: 'bench', shell: 'harness', demoRequested: false },
    userDataDir,
    transport: () => transport,
    secrets: memorySecrets,
    push: (event) => void (event.type === 'bulk.finished' && finished()),
    pace: { perSecond: 0, burst: 1 },
  })
  const signIn = {
    server: sim.url,
    method: 'password' as const,
    email: SEED_USERS.admin.email,
    secret: SEED_USERS.admin.password,
    remember: false,
  }
  await dispatch(handlers, 'signIn', signIn)
  const lists: number[] = []
  let accounts = 0
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now()
    accounts = (await handlers.listManagedAccounts(undefined)).accounts.length
    lists.push(performance.now() - started)
  }
  // The floor: the same pages fetched with plain node:http (Basic auth, nothing parsed).
  const auth = `Basic ${Buffer.from(`${signIn.email}:${signIn.secret}`).toString('base64')}`
  const barePages: number[] = []
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now()
    for (let offset = 0; offset <= accounts; offset += 500) {
      await new Promise<void>((done, failed) => {
        request(
          `${sim.url}/api/users?limit=500&offset=${offset}`,
          { headers: { authorization: auth } },
          (res) => {
            res.resume()
            res.on('end', done)
          },
        )
          .on('error', failed)
          .end()
      })
    }
    barePages.push(performance.now() - started)
  }
  const ids = (await handlers.listManagedAccounts(undefined)).accounts.map((a) => a.userId)
  const bareGets: number[] = []
  for (const id of ids.slice(0, 40)) {
    const started = performance.now()
    await new Promise<void>((done, failed) => {
      request(`${sim.url}/api/users/${id}`, { headers: { authorization: auth } }, (res) => {
        res.resume()
        res.on('end', done)
      })
        .on('error', failed)
        .end()
    })
    bareGets.push(performance.now() - started)
  }
  const bareAccount: Floor = {
    metric: 'bare GET of one account (floor)',
    label: 'bare GET of one account',
    value: round(median(bareGets), 2),
    unit: 'ms',
  }
  const plan = await handlers.planBulk({
    userIds: ids,
    change: { kind: 'set', url: 'https://hooks.example.com/fleet', types: ['alarm', 'geofenceEnter'] },
  })
  const done = new Promise<void>((resolve) => (finished = resolve))
  requests = 0
  timed.networkMs = 0
  const cpu = process.cpuUsage()
  const started = performance.now()
  const { total } = await handlers.applyBulk({ planId: plan.planId })
  await done
  const wall = performance.now() - started
  const { user, system } = process.cpuUsage(cpu)
  // CPU time of this process (the simulator has its own): robust on a busy machine, HTTP work included.
  const cpuPerAccount = (user + system) / 1000 / total
  const perAccountRequests = round(requests / total, 2)
  const perAccountClient = (wall - timed.networkMs) / total
  // After the batch its history journal is filed into each account's records in the background.
  const filingCpu = process.cpuUsage()
  const filingStarted = performance.now()
  const journals = (): number =>
    readdirSync(join(userDataDir, 'accounts')).reduce((n, folder) => {
      const journal = join(userDataDir, 'accounts', folder, 'journal')
      return n + (existsSync(journal) ? readdirSync(journal).length : 0)
    }, 0)
  while (journals() > 0) await setTimeout(20)
  const filingWall = performance.now() - filingStarted
  const filing = process.cpuUsage(filingCpu)
  await sim.stop()
  const list = median(lists)
  const listFloor: Floor = {
    metric: `bare GET of the ${accounts} accounts' pages (floor)`,
    label: 'bare pages',
    value: round(median(barePages), 1),
    unit: 'ms',
  }
  return [
    floorRow(listFloor),
    floorRow(bareAccount),
    {
      metric: `managed accounts: list of ${accounts} filled`,
      value: round(list, 1),
      unit: 'ms',
      target: '≤ 1000 ms',
      ok: list <= 1000,
      floor: listFloor,
    },
    {
      metric: `bulk URL + types to ${total} accounts: requests per account`,
      value: perAccountRequests,
      unit: 'req',
      target: '≤ 3',
      ok: perAccountRequests <= 3,
    },
    {
      metric: `bulk URL + types to ${total} accounts: client time per account beyond requests`,
      value: round(perAccountClient, 2),
      unit: 'ms',
      target: '≤ 2 ms',
      ok: perAccountClient <= 2,
      floor: bareAccount,
    },
    {
      metric: `bulk history filed after the batch (background): wall per account`,
      value: round(filingWall / total, 2),
      unit: 'ms',
      target: 'info',
      ok: true,
    },
    {
      metric: `bulk history filed after the batch (background): CPU per account`,
      value: round((filing.user + filing.system) / 1000 / total, 2),
      unit: 'ms',
      target: 'info',
      ok: true,
    },
    {
      metric: `bulk URL + types to ${total} accounts: client CPU per account, requests included`,
      value: round(cpuPerAccount, 2),
      unit: 'ms',
      target: 'info',
      ok: true,
      floor: bareAccount,
    },
  ]
}

/** A loopback server of one empty HTML page: the floor of a navigation in Chromium. */
async function startBlankPage(): Promise<{ url: string; close(): Promise<void> }> {
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
    res.end('<!doctype html><html lang="en"><title>blank</title></html>')
  })
  await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () => new Promise((closed) => server.close(() => closed())),
  }
}

/** Heap in use after a full garbage collection, in MB. */
async function heapAfterGc(page: Page): Promise<number> {
  const cdp = await page.context().newCDPSession(page)
  await cdp.send('HeapProfiler.collectGarbage')
  const usage = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number }
  return usage.usedSize / 1024 / 1024
}

/** The same browser opening a blank page: navigation start → load event end, and its heap. */
async function blankPage(browser: Browser, url: string): Promise<{ loaded: number; heap: number }> {
  const page = await browser.newPage()
  try {
    await page.goto(url)
    // A string, as this file is typed for Node, which has no navigation entries.
    const loaded = (await page.evaluate(
      "performance.getEntriesByType('navigation')[0].loadEventEnd",
    )) as number
    return { loaded, heap: await heapAfterGc(page) }
  } finally {
    await page.close()
  }
}

/**
 * The JS heap of the window with the Accounts view open on FLEET managed accounts (issue 16),
 * after a full garbage collection, beside a blank page's heap in the same Chromium.
 */
async function accountsViewHeap(): Promise<Row[]> {
  const sim = await startSim({ clock: false, users: FLEET, rateLimit: 0 })
  const blank = await startBlankPage()
  const browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS })
  const harness = await startCli(
    'src/harness/cli.ts',
    ['--port', '0', '--user-data', mkdtempSync(join(os.tmpdir(), 'wd-bench-'))],
    /Webhook Desk harness: (\S+)/,
  )
  const heap: number[] = []
  const blankHeap: number[] = []
  let shown = ''
  try {
    for (let i = 0; i < 3; i++) {
      const page = await browser.newPage()
      try {
        await page.goto(harness.url)
        await page.getByLabel('Server').fill(sim.url)
        await page.getByLabel('Email').fill(SEED_USERS.admin.email)
        await page.getByLabel('Password', { exact: true }).fill(SEED_USERS.admin.password)
        await page.getByLabel('Remember me on this computer').uncheck()
        await page.getByRole('button', { name: 'Sign in', exact: true }).click()
        await page.getByTestId('webhook-status').waitFor()
        await page.getByRole('tab', { name: 'Accounts' }).click()
        const count = page.locator('#panel-accounts').getByTestId('accounts-count')
        // Filled: every account listed and shown ("1,008 of 1,008 accounts shown").
        await count.filter({ hasText: /^([\d,]{5,}) of \1 accounts shown$/ }).waitFor({ timeout: 60_000 })
        shown = (await count.textContent()) ?? ''
        heap.push(await heapAfterGc(page))
      } finally {
        await page.evaluate(() =>
          (globalThis as unknown as { api: { signOut(): Promise<unknown> } }).api.signOut(),
        )
        await page.close()
      }
      blankHeap.push((await blankPage(browser, blank.url)).heap)
    }
  } finally {
    await harness.stop()
    await browser.close()
    await sim.stop()
    await blank.close()
  }
  const floor: Floor = {
    metric: 'blank page: JS heap (floor)',
    label: 'blank page',
    value: round(median(blankHeap), 2),
    unit: 'MB',
  }
  const value = median(heap)
  return [
    floorRow(floor),
    {
      metric: `JS heap, Accounts view open (${shown.split(' ')[0]} accounts)`,
      value: round(value, 2),
      unit: 'MB',
      target: '≤ 15 MB',
      ok: value <= 15,
      floor,
    },
  ]
}

async function harnessTimings(): Promise<Row[]> {
  const sim = await startSim({ clock: false })
  const blank = await startBlankPage()
  const browser = await chromium.launch({
    executablePath: chromiumPath(),
    args: CHROMIUM_ARGS,
  })
  const ready: number[] = []
  const signIn: number[] = []
  const heap: number[] = []
  const cold: number[] = []
  const blankLoaded: number[] = []
  const blankHeap: number[] = []
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
        const used = await heapAfterGc(page)
        // The first run warms the harness process (Node's JIT), as any app start would; it is not counted.
        if (i > 0) {
          ready.push(readyAt)
          signIn.push(filled)
          heap.push(used)
        } else cold.push(readyAt, filled)
      } finally {
        // Sign out so the next page starts on the sign-in screen again.
        await page.evaluate(() =>
          (globalThis as unknown as { api: { signOut(): Promise<unknown> } }).api.signOut(),
        )
        await page.close()
      }
      // Interleaved with the app's runs, so both see the same moment of a noisy machine.
      const floor = await blankPage(browser, blank.url)
      if (i > 0) {
        blankLoaded.push(floor.loaded)
        blankHeap.push(floor.heap)
      }
    }
  } finally {
    await harness.stop()
    await browser.close()
    await sim.stop()
    await blank.close()
  }
  const navigation: Floor = {
    metric: 'blank page: navigation → loaded (floor)',
    label: 'blank page',
    value: Math.round(median(blankLoaded)),
    unit: 'ms',
  }
  const blankHeapFloor: Floor = {
    metric: 'blank page: JS heap (floor)',
    label: 'blank page',
    value: round(median(blankHeap), 2),
    unit: 'MB',
  }
  return [
    floorRow(navigation),
    {
      metric: 'first page after start: form ready',
      value: Math.round(cold[0]!),
      unit: 'ms',
      target: '—',
      ok: true,
      floor: navigation,
    },
    {
      metric: 'first page after start: signed in',
      value: Math.round(cold[1]!),
      unit: 'ms',
      target: '—',
      ok: true,
      floor: navigation,
    },
    {
      metric: 'navigation → sign-in form ready',
      value: Math.round(median(ready)),
      unit: 'ms',
      target: '≤ 300 ms',
      ok: median(ready) <= 300,
      floor: navigation,
    },
    {
      metric: 'Sign in clicked → webhook form filled',
      value: Math.round(median(signIn)),
      unit: 'ms',
      target: '≤ 500 ms',
      ok: median(signIn) <= 500,
      floor: navigation,
    },
    floorRow(blankHeapFloor),
    {
      metric: 'JS heap after sign-in',
      value: round(median(heap), 2),
      unit: 'MB',
      target: '≤ 8 MB',
      ok: median(heap) <= 8,
      floor: blankHeapFloor,
    },
  ]
}

/**
 * The webhook-desk command as a script runs it (the bundle, WEBHOOK_DESK_TOKEN): `get --json` wall
 * time beside a bare Node start, and `test` beside a Node process that only POSTs.
 */
async function cliTimings(nodeStart: Floor): Promise<Row[]> {
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
  const timed = (args: string[]): Promise<number> => wallTime(args, { cwd: ROOT, env })
  const cli = join(ROOT, 'out/cli/webhook-desk.cjs')
  const get = await timed([cli, 'get', '--json'])
  const post = `require('node:http').request(${JSON.stringify(`${receiver.url}/hook`)},{method:'POST'},(r)=>r.resume()).end('{}')`
  const barePost = await timed(['-e', post])
  const test = await timed([cli, 'test', '--target', `${receiver.url}/hook`, '--json'])
  await sim.stop()
  await receiver.close()
  const postProcess: Floor = {
    metric: 'Node process that only POSTs (floor)',
    label: 'POST process',
    value: Math.round(barePost),
    unit: 'ms',
  }
  return [
    {
      metric: 'webhook-desk get --json (wall)',
      value: Math.round(get),
      unit: 'ms',
      target: '≤ 5 × node -e 0',
      ok: get <= 5 * nodeStart.value,
      floor: nodeStart,
    },
    floorRow(postProcess),
    {
      metric: 'webhook-desk test --json (wall)',
      value: Math.round(test),
      unit: 'ms',
      target: '—',
      ok: true,
      floor: postProcess,
    },
  ]
}

/** The groups of rows, by name: `npm run bench -- managed accounts-ui` runs only those (all when none). */
const GROUPS = ['bundle', 'main', 'save', 'managed', 'accounts-ui', 'harness', 'cli'] as const
type Group = (typeof GROUPS)[number]

function chosenGroups(args: readonly string[]): Set<Group> {
  const unknown = args.filter((a) => !(GROUPS as readonly string[]).includes(a))
  if (unknown.length) {
    console.error(`Unknown bench group: ${unknown.join(', ')}. Groups: ${GROUPS.join(', ')}`)
    process.exit(2)
  }
  return new Set(args.length ? (args as Group[]) : GROUPS)
}

async function main(): Promise<void> {
  const groups = chosenGroups(process.argv.slice(2))
  const rows: Row[] = []
  if (groups.has('bundle')) rows.push(...bundleSizes())
  // One Node-start floor for every process timing (the Electron check and the command line).
  const nodeStart = groups.has('main') || groups.has('cli') ? await nodeStartFloor() : null
  if (groups.has('main') && nodeStart) {
    rows.push(await mainImportTime(), floorRow(nodeStart), await electronCheckTime(nodeStart))
  }
  if (groups.has('save')) rows.push(...(await saveAndSend()))
  if (groups.has('managed')) rows.push(...(await managedTimings()))
  if (groups.has('accounts-ui')) rows.push(...(await accountsViewHeap()))
  if (groups.has('harness')) rows.push(...(await harnessTimings()))
  if (groups.has('cli') && nodeStart) rows.push(...(await cliTimings(nodeStart)))
  const machine = `${os.cpus().length} × ${os.cpus()[0]?.model.trim() ?? 'CPU'}, ${Math.round(os.totalmem() / 1024 ** 3)} GB, ${os.platform()} ${os.release()}, Node ${process.version}`
  // How busy the machine was (1-minute load average at the end): the floors show it too.
  const load = os.loadavg()[0]!.toFixed(2)
  const width = Math.max(...rows.map((r) => r.metric.length))
  console.log(`Webhook Desk benchmarks — median of ${RUNS}+ runs on ${machine}, load ${load}\n`)
  const ratioText = (r: Row): string => (r.floor ? `${ratio(r)} × ${r.floor.label}` : '')
  const ratioWidth = Math.max(...rows.map((r) => ratioText(r).length))
  console.log(`${'metric'.padEnd(width)}  ${'value'.padStart(10)}  ${'vs floor'.padEnd(ratioWidth)}  target`)
  for (const r of rows)
    console.log(
      `${r.metric.padEnd(width)}  ${`${r.value} ${r.unit}`.padStart(10)}  ${ratioText(r).padEnd(ratioWidth)}  ${r.target}${r.ok ? '' : '  ✗ over target'}`,
    )
  mkdirSync(join(ROOT, 'bench-results'), { recursive: true })
  // A run of some groups never replaces the full table.
  const file = groups.size === GROUPS.length ? 'latest.json' : `latest-${[...groups].join('-')}.json`
  writeFileSync(
    join(ROOT, 'bench-results', file),
    JSON.stringify(
      {
        date: new Date().toISOString(),
        machine,
        load,
        // Each row with the floor it is judged against and its ratio to it (null where none applies).
        rows: rows.map(({ floor, ...r }) => ({
          ...r,
          floor: floor ? { metric: floor.metric, value: floor.value, unit: floor.unit } : null,
          ratio: ratio({ ...r, floor }),
        })),
      },
      null,
      2,
    ) + '\n',
  )
  console.log(`\nWritten to bench-results/${file}`)
}

void main()
