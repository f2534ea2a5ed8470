#!/usr/bin/env node
// npm run audit: runs @doyensec/electronegativity over the built app and fails on any finding that
// electronegativity.json does not explain (and on explanations that no longer match a finding).
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

// SARIF, not CSV: electronegativity writes the CSV header and rows with two concurrent async
// writes, so the header can land inside the rows (seen on CI). SARIF is one write of one JSON.
const sarif = join(mkdtempSync(join(tmpdir(), 'wd-audit-')), 'findings.sarif')
const electron = JSON.parse(readFileSync('node_modules/electron/package.json', 'utf8')).version
const run = spawnSync(
  'npx',
  ['electronegativity', '-i', 'out', '-e', electron, '-r', '-v', 'false', '-o', sarif],
  { encoding: 'utf8' },
)
if (run.status !== 0) {
  console.error(run.stdout, run.stderr)
  process.exit(run.status ?? 1)
}
const findings = JSON.parse(readFileSync(sarif, 'utf8')).runs[0].results.map((r) => {
  const { artifactLocation, region } = r.locations[0].physicalLocation
  return {
    check: r.ruleId,
    level: r.level,
    file: artifactLocation.uri,
    location: `${region.startLine}:${region.startColumn}`,
    message: r.message.text,
  }
})
const { accepted } = JSON.parse(readFileSync('electronegativity.json', 'utf8'))
const isAccepted = (f) => accepted.some((a) => a.check === f.check && a.file === f.file)
const unexplained = findings.filter((f) => !isAccepted(f))
const stale = accepted.filter((a) => !findings.some((f) => f.check === a.check && f.file === a.file))

for (const f of findings)
  console.log(
    `${isAccepted(f) ? 'accepted ' : 'FINDING  '} ${f.check} (${f.level}) ${f.file}:${f.location} ${f.message}`,
  )
if (unexplained.length || stale.length) {
  for (const s of stale)
    console.error(
      `electronegativity.json explains ${s.check} in ${s.file}, but there is no such finding any more: remove it.`,
    )
  if (unexplained.length)
    console.error(`${unexplained.length} finding(s) need a fix or an explanation in electronegativity.json.`)
  process.exit(1)
}
console.log(`electronegativity: ${findings.length} finding(s), all explained in electronegativity.json.`)
