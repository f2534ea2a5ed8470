#!/usr/bin/env node
// Runs a command inside a private D-Bus session with a throwaway, unlocked gnome-keyring, so the
// keychain tests talk to a real Secret Service without touching the user's own keyring.
// Usage: node scripts/with-keyring.mjs <command> [args…]
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

const [command, ...args] = process.argv.slice(2)
if (!command) {
  console.error('usage: with-keyring.mjs <command> [args…]')
  process.exit(2)
}

const has = (bin) => spawnSync('sh', ['-c', `command -v ${bin}`], { stdio: 'ignore' }).status === 0
const run = (cmd, argv, env) => {
  const result = spawnSync(cmd, argv, { stdio: 'inherit', env })
  process.exitCode = result.status ?? 1
}

if (process.platform !== 'linux' || process.env.WEBHOOK_DESK_KEYRING === 'ready') {
  run(command, args, process.env)
} else if (!has('dbus-run-session') || !has('gnome-keyring-daemon')) {
  console.warn(
    'with-keyring: dbus-run-session or gnome-keyring-daemon missing; keychain tests will report the keychain as unavailable.',
  )
  run(command, args, { ...process.env, WEBHOOK_DESK_KEYRING: 'absent' })
} else {
  const home = mkdtempSync(join(tmpdir(), 'wd-keyring-'))
  const script = 'printf pass | gnome-keyring-daemon --unlock --components=secrets >/dev/null && exec "$@"'
  try {
    run('dbus-run-session', ['--', 'sh', '-c', script, 'sh', command, ...args], {
      ...process.env,
      HOME: home,
      XDG_DATA_HOME: join(home, '.local/share'),
      XDG_RUNTIME_DIR: home,
      WEBHOOK_DESK_KEYRING: 'ready',
    })
  } finally {
    rmSync(home, { recursive: true, force: true })
  }
}
