/**
 * `npm start` on a fresh machine: Electron's binary is downloaded by Electron's own installer from
 * a loopback stand-in for the download host (ELECTRON_MIRROR), checked against the mirror's
 * SHASUMS256.txt, extracted, and launched with the built app. With the mirror down or missing the
 * file, `npm start` prints one clear message and exits non-zero.
 */
import { spawn } from 'node:child_process'
import { createHash } from 'node:crypto'
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
} from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { makeZip } from './helpers/zip'
import { closedPort } from './helpers/ports'

const ROOT = resolve(__dirname, '..')
const version = (
  JSON.parse(readFileSync(join(ROOT, 'node_modules/electron/package.json'), 'utf8')) as {
    version: string
  }
).version
const zipName = `electron-v${version}-${process.platform}-${process.arch}.zip`

/** The stand-in binary records how it was started, and whether the built app was there. */
const STANDIN = `#!/bin/sh
{
  echo "cwd=$PWD"
  for a in "$@"; do echo "arg=$a"; done
  [ -f "$1/out/main/index.js" ] && [ -f "$1/out/renderer/index.html" ] && echo "built=yes"
} > "$WD_STANDIN_RECORD"
exit 0
`

/**
 * A project folder like a fresh clone after `npm ci`: its own copy of the electron package
 * (no dist/, no path.txt), every other package linked from this checkout, sources linked.
 */
function freshProject(): string {
  const dir = mkdtempSync(join(tmpdir(), 'wd-fresh-'))
  for (const file of ['package.json', 'electron.vite.config.ts', 'svelte.config.mjs']) {
    cpSync(join(ROOT, file), join(dir, file))
  }
  for (const file of readdirSync(ROOT).filter((f) => /^tsconfig.*\.json$/.test(f))) {
    cpSync(join(ROOT, file), join(dir, file))
  }
  symlinkSync(join(ROOT, 'src'), join(dir, 'src'))
  symlinkSync(join(ROOT, 'scripts'), join(dir, 'scripts'))
  mkdirSync(join(dir, 'node_modules'))
  for (const name of readdirSync(join(ROOT, 'node_modules'))) {
    if (name === 'electron') continue
    symlinkSync(join(ROOT, 'node_modules', name), join(dir, 'node_modules', name))
  }
  cpSync(join(ROOT, 'node_modules/electron'), join(dir, 'node_modules/electron'), {
    recursive: true,
    filter: (source) => !/[/\\]electron[/\\](dist|path\.txt)$/.test(source),
  })
  return dir
}

interface Mirror {
  url: string
  requests: string[]
  server: Server
}

async function startMirror(): Promise<Mirror> {
  const zip = makeZip([
    { name: 'electron', data: STANDIN, mode: 0o755 },
    { name: 'version', data: version },
  ])
  const shasums = `${createHash('sha256').update(zip).digest('hex')} *${zipName}\n`
  const requests: string[] = []
  const server = createServer((req, res) => {
    requests.push(req.url ?? '')
    if (req.url === `/v${version}/${zipName}`)
      res.writeHead(200, { 'content-type': 'application/zip' }).end(zip)
    else if (req.url === `/v${version}/SHASUMS256.txt`) res.writeHead(200).end(shasums)
    else res.writeHead(404).end('Not Found')
  })
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done))
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, requests, server }
}

function run(
  cwd: string,
  command: string,
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const child = spawn(command, args, {
      cwd,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (c) => (stdout += c))
    child.stderr.on('data', (c) => (stderr += c))
    child.on('close', (code) => done({ code: code ?? 1, stdout, stderr }))
  })
}

const supported = process.platform === 'linux' || process.platform === 'darwin'

describe.skipIf(!supported)('npm start installs Electron first', () => {
  let project: string
  let mirror: Mirror
  let cache: string
  let record: string
  const env = (): Record<string, string> => ({
    ELECTRON_MIRROR: mirror.url,
    electron_use_remote_checksums: '1',
    electron_config_cache: cache,
    ELECTRON_GET_NO_PROGRESS: '1',
    WD_STANDIN_RECORD: record,
    // A user's own override would bypass the download under test.
    ELECTRON_OVERRIDE_DIST_PATH: '',
    ELECTRON_EXEC_PATH: '',
  })

  beforeAll(async () => {
    project = freshProject()
    mirror = await startMirror()
    cache = mkdtempSync(join(tmpdir(), 'wd-electron-cache-'))
    record = join(project, 'standin-record.txt')
  })
  afterAll(async () => {
    await new Promise((done) => mirror.server.close(done))
    rmSync(project, { recursive: true, force: true })
    rmSync(cache, { recursive: true, force: true })
  })

  it('with the download host down, says what failed and what to do, and exits non-zero', async () => {
    const result = await run(project, 'npm', ['start', '--silent'], {
      ...env(),
      ELECTRON_MIRROR: `http://127.0.0.1:${await closedPort()}/`,
    })
    expect(result.code).not.toBe(0)
    expect(result.stderr).toContain(`could not install Electron ${version}`)
    expect(result.stderr).toMatch(/127\.0\.0\.1:\d+ refused the connection/)
    expect(result.stderr).toContain('ELECTRON_MIRROR=')
    expect(result.stderr).toContain('HTTPS_PROXY=')
    expect(result.stderr).toContain('npm run harness -- --open')
    // One message, not a stack trace.
    expect(result.stderr).not.toMatch(/^\s+at /m)
    expect(existsSync(join(project, 'out'))).toBe(false)
    expect(existsSync(join(project, 'node_modules/electron/path.txt'))).toBe(false)
  })

  it('with the file missing on the mirror, names the HTTP answer', async () => {
    const result = await run(project, 'node', ['scripts/electron-install.mjs'], {
      ...env(),
      ELECTRON_MIRROR: `${mirror.url}nothing-here/`,
    })
    expect(result.code).not.toBe(0)
    expect(result.stderr).toContain('the server answered 404 Not Found')
    expect(result.stderr).toContain(`${mirror.url}nothing-here/v${version}/${zipName}`)
  })

  it('downloads, checks and extracts Electron, then launches it with the built app', async () => {
    mirror.requests.length = 0
    const result = await run(project, 'npm', ['start', '--silent', '--', '--demo'], env())
    expect(result.stderr + result.stdout).toContain(`Installing Electron ${version}`)
    expect(result.code, result.stderr).toBe(0)
    expect(mirror.requests).toEqual(
      expect.arrayContaining([`/v${version}/${zipName}`, `/v${version}/SHASUMS256.txt`]),
    )
    expect(readFileSync(join(project, 'node_modules/electron/path.txt'), 'utf8')).not.toBe('')
    const launched = readFileSync(record, 'utf8').split('\n')
    expect(launched).toContain(`cwd=${project}`)
    expect(launched).toContain('arg=.')
    expect(launched).toContain('arg=--demo')
    expect(launched).toContain('built=yes')
  }, 240_000)

  it('once installed, starts without downloading again', async () => {
    mirror.requests.length = 0
    const result = await run(project, 'node', ['scripts/electron-install.mjs'], env())
    expect(result.code).toBe(0)
    expect(result.stderr).toBe('')
    expect(mirror.requests).toEqual([])
  })
})
