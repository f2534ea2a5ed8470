#!/usr/bin/env node
// Bundles the webhook-desk command into one CommonJS file that plain Node runs (no tsx, no
// Electron), so it starts in tens of milliseconds. keytar stays outside: it is a native module.
// Usage: node scripts/build-cli.mjs [outfile]   (default out/cli/webhook-desk.cjs)
import { build } from 'esbuild'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')
await build({
  entryPoints: [join(root, 'src/cli/index.ts')],
  outfile: resolve(process.argv[2] ?? join(root, 'out/cli/webhook-desk.cjs')),
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  external: ['keytar'],
  alias: { $shared: join(root, 'src/shared') },
  logLevel: 'warning',
})
