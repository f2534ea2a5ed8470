/**
 * Runs the real webhook-desk command: bundled once per test file with the project's own build
 * script (inside the checkout, so keytar resolves as it does for the bin), spawned with plain
 * Node. Every run is recorded with its argv as the OS saw it, for the secret checks.
 */
import { execFileSync, spawn } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'

const ROOT = resolve(__dirname, '../..')

export interface CliRun {
  code: number
  stdout: string
  stderr: string
  /** The command line of the running process as /proc showed it (Linux), else the spawn args. */
  argv: string
}

export interface Cli {
  run(args: string[], options?: { env?: NodeJS.ProcessEnv; input?: string }): Promise<CliRun>
  runs: CliRun[]
  userData: string
  close(): void
}

/** Builds the bundle into a fresh folder under out/; the caller removes dirname(bundle). */
export function buildCli(): string {
  mkdirSync(join(ROOT, 'out'), { recursive: true })
  const dir = mkdtempSync(join(ROOT, 'out', '.cli-test-'))
  const bundle = join(dir, 'webhook-desk.cjs')
  execFileSync(process.execPath, [join(ROOT, 'scripts/build-cli.mjs'), bundle], { stdio: 'pipe' })
  return bundle
}

/** A CLI with its own data folder; `env` adds to a clean environment (no colour, no token). */
export function cliFor(bundle: string, env: NodeJS.ProcessEnv = {}): Cli {
  const userData = mkdtempSync(join(tmpdir(), 'wd-cli-'))
  const runs: CliRun[] = []
  const base: NodeJS.ProcessEnv = { ...process.env }
  delete base.WEBHOOK_DESK_TOKEN
  delete base.WEBHOOK_DESK_SERVER
  delete base.FORCE_COLOR
  Object.assign(base, { WEBHOOK_DESK_USER_DATA: userData }, env)
  return {
    runs,
    userData,
    close: () => rmSync(userData, { recursive: true, force: true }),
    run: (args, options = {}) =>
      new Promise((done, fail) => {
        const child = spawn(process.execPath, [bundle, ...args], {
          env: { ...base, ...options.env },
          stdio: ['pipe', 'pipe', 'pipe'],
        })
        const procFile = `/proc/${child.pid}/cmdline`
        const argv = existsSync(procFile)
          ? readFileSync(procFile, 'utf8').split('\0').join(' ')
          : [process.execPath, bundle, ...args].join(' ')
        let stdout = ''
        let stderr = ''
        child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')))
        child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')))
        child.on('error', fail)
        child.on('close', (code) => {
          const run = { code: code ?? -1, stdout, stderr, argv }
          runs.push(run)
          done(run)
        })
        child.stdin.end(options.input ?? '')
      }),
  }
}
