#!/usr/bin/env node
// The `webhook-desk` bin: runs the bundle `npm run build` makes (plain Node starts it in tens of
// milliseconds, where tsx would add hundreds), and says how to make it when it is missing.
const { existsSync } = require('node:fs')
const { join } = require('node:path')

const bundle = join(__dirname, '..', 'out', 'cli', 'webhook-desk.cjs')
if (!existsSync(bundle)) {
  console.error(
    `error[cli.notBuilt]: webhook-desk is not built yet: run "npm run build:cli" in ${join(__dirname, '..')}.`,
  )
  process.exit(1)
}
require(bundle)
