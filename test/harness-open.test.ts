/** `npm run harness -- --open` opens the printed address (with its token) in the browser. */
import { chmodSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { startCli, type Running } from '../e2e/support/spawn'

const dir = mkdtempSync(join(tmpdir(), 'wd-open-'))
let running: Running | undefined
afterEach(() => running?.stop())

async function waitFor<T>(read: () => T | undefined): Promise<T> {
  for (let i = 0; i < 100; i++) {
    const value = read()
    if (value !== undefined) return value
    await new Promise((done) => setTimeout(done, 100))
  }
  throw new Error('timed out')
}

function harness(browser: string): Promise<Running> {
  process.env.BROWSER = browser
  try {
    return startCli(
      'src/harness/cli.ts',
      ['--port', '0', '--user-data', mkdtempSync(join(dir, 'data-')), '--open'],
      /Webhook Desk harness: (\S+)/,
    )
  } finally {
    delete process.env.BROWSER
  }
}

describe.skipIf(process.platform === 'win32')('harness --open', () => {
  it('starts the browser with the printed URL', async () => {
    const record = join(dir, 'opened.txt')
    const browser = join(dir, 'browser.sh')
    writeFileSync(browser, `#!/bin/sh\nprintf '%s' "$1" > '${record}'\n`)
    chmodSync(browser, 0o755)
    running = await harness(browser)
    const opened = await waitFor(() => (existsSync(record) ? readFileSync(record, 'utf8') : undefined))
    expect(opened).toBe(running.url)
    expect(opened).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/#token=/)
  })

  it('says so when no browser can be started, and keeps serving', async () => {
    running = await harness(join(dir, 'no-such-browser'))
    await waitFor(() => (/Could not open a browser/.test(running!.output()) ? true : undefined))
    const page = await fetch(running.url)
    expect(page.status).toBe(200)
  })
})
