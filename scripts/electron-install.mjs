#!/usr/bin/env node
// Makes sure the Electron binary is installed before anything starts it. Electron ≥ 42 has no
// postinstall step, and electron-vite reads node_modules/electron/path.txt without ever triggering
// the download, so `npm start` on a fresh clone would stop with "Electron uninstall". This runs
// Electron's own installer (install.js: ELECTRON_MIRROR, electron_config_cache, checksums) once,
// and turns a failed download into one message that says what failed and what to do.
//
//   node scripts/electron-install.mjs [command args…]   install if needed, then run the command
import { spawn, spawnSync } from 'node:child_process'
import { existsSync, readFileSync, realpathSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { pathToFileURL } from 'node:url'

const DEFAULT_MIRROR = 'https://github.com/electron/electron/releases/download/'
/** A real download is ~100 MB; a stalled one should not hang `npm start` forever. */
const INSTALL_TIMEOUT_MS = Number(process.env.WEBHOOK_DESK_ELECTRON_INSTALL_TIMEOUT_MS) || 15 * 60_000

/** Where the electron package of the project at `root` is, and whether its binary is there. */
export function electronStatus(root = process.cwd()) {
  const require = createRequire(join(root, 'package.json'))
  const dir = dirname(require.resolve('electron/package.json'))
  const version = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).version
  const platform =
    process.env.ELECTRON_INSTALL_PLATFORM || process.env.npm_config_platform || process.platform
  const arch = process.env.ELECTRON_INSTALL_ARCH || process.env.npm_config_arch || process.arch
  let executable = null
  try {
    const installed = readFileSync(join(dir, 'dist', 'version'), 'utf8')
      .trim()
      .replace(/^v/, '')
    const relative = readFileSync(join(dir, 'path.txt'), 'utf8')
    const candidate = join(process.env.ELECTRON_OVERRIDE_DIST_PATH || join(dir, 'dist'), relative)
    if (installed === version && existsSync(candidate)) executable = candidate
  } catch {
    // Not installed (no dist/version or path.txt yet).
  }
  return { dir, version, platform, arch, executable }
}

/** The URL Electron's installer downloads from (the same variables @electron/get reads). */
export function downloadUrl({ version, platform, arch }, env = process.env) {
  const mirror = env.npm_config_electron_mirror || env.ELECTRON_MIRROR || DEFAULT_MIRROR
  const dir = env.npm_config_electron_custom_dir || env.ELECTRON_CUSTOM_DIR || `v${version}`
  return `${mirror}${dir.replace('{{ version }}', version)}/electron-v${version}-${platform}-${arch}.zip`
}

/** Why a download failed, in a few words, from the installer's output or a probe of the URL. */
async function failureCause(output, url) {
  const lines = output.split(/\r?\n/).map((l) => l.trim())
  const first = lines.find((l) => l && !l.startsWith('at ')) ?? ''
  const http = /Response code (\d+) \(([^)]*)\)/.exec(output)
  if (http) return `the server answered ${http[1]} ${http[2]}`.trim()
  if (/checksum/i.test(output)) return `the download did not match its checksum (${first})`
  if (/fetch failed|ECONN|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|socket/i.test(output)) {
    // Node's fetch hides the reason in error.cause; ask once more, briefly, to name it.
    try {
      await fetch(url, { method: 'HEAD', signal: AbortSignal.timeout(5_000) })
    } catch (error) {
      const code = error?.cause?.code ?? error?.name ?? ''
      const host = new URL(url).host
      if (/ENOTFOUND|EAI_AGAIN/.test(code)) return `${host} could not be found (no network, or DNS blocked)`
      if (code === 'ECONNREFUSED') return `${host} refused the connection`
      if (/TIMEOUT|TimeoutError/i.test(code)) return `${host} did not answer in time`
      if (/CERT|SSL|TLS/.test(code)) return `the TLS certificate of ${host} was not accepted (${code})`
      if (code) return `the connection to ${host} failed (${code})`
    }
    return 'the connection failed'
  }
  return first || 'the installer stopped without saying why'
}

export function failureMessage({ version, url, cause }) {
  return [
    `Webhook Desk could not install Electron ${version}, which it needs to open its window.`,
    '',
    `  What failed:  downloading ${url}`,
    `                ${cause}`,
    '',
    '  Try again:    npm start',
    '  Use a mirror: ELECTRON_MIRROR=https://mirror.example/electron/ npm start',
    '  Use a proxy:  HTTPS_PROXY=http://proxy.example:8080 npm start',
    '  Or run the same app in your browser, no Electron needed:',
    '                npm run build && npm run harness -- --open',
    '',
  ].join('\n')
}

/**
 * Installs the binary if it is missing. Resolves { ok: true, executable } or
 * { ok: false, message } (the message is ready to print; no stack trace).
 */
export async function ensureElectron({ root = process.cwd(), log = (line) => console.error(line) } = {}) {
  const status = electronStatus(root)
  if (status.executable) return { ok: true, executable: status.executable }
  const url = downloadUrl(status)
  log(`Installing Electron ${status.version} for ${status.platform}-${status.arch} (first start only)…`)
  const env = { ...process.env }
  // Electron's downloader uses a proxy only when asked to; a user who set one means it.
  if (env.HTTPS_PROXY || env.https_proxy || env.HTTP_PROXY || env.http_proxy)
    env.ELECTRON_GET_USE_PROXY ??= 'true'
  const child = spawn(process.execPath, [join(status.dir, 'install.js')], {
    cwd: root,
    env,
    stdio: ['ignore', 'inherit', 'pipe'],
  })
  let output = ''
  child.stderr.on('data', (chunk) => (output += chunk))
  const timer = setTimeout(() => {
    output += `\nTimeoutError: no result after ${INSTALL_TIMEOUT_MS / 1000} s`
    child.kill()
  }, INSTALL_TIMEOUT_MS)
  const code = await new Promise((done) => child.on('close', (c) => done(c ?? 1)))
  clearTimeout(timer)
  const after = electronStatus(root)
  if (code === 0 && after.executable) {
    log(`Electron ${status.version} installed.`)
    return { ok: true, executable: after.executable }
  }
  const cause = /TimeoutError: no result/.test(output)
    ? `no result after ${Math.round(INSTALL_TIMEOUT_MS / 1000)} s`
    : await failureCause(output, url)
  return { ok: false, message: failureMessage({ version: status.version, url, cause }) }
}

async function main() {
  const result = await ensureElectron()
  if (!result.ok) {
    console.error(result.message)
    process.exit(1)
  }
  const [command, ...args] = process.argv.slice(2)
  if (!command) return
  // electron-vite finds the binary through ELECTRON_EXEC_PATH before it looks for path.txt.
  const run = spawnSync(command, args, {
    stdio: 'inherit',
    shell: process.platform === 'win32',
    env: { ...process.env, ELECTRON_EXEC_PATH: result.executable },
  })
  process.exit(run.status ?? 1)
}

// Run as a command (also through a symlinked scripts folder), not when imported by the e2e fixture.
if (process.argv[1] && import.meta.url === pathToFileURL(realpathSync(process.argv[1])).href) void main()
