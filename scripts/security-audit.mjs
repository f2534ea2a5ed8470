#!/usr/bin/env node
// npm run audit: runs @doyensec/electronegativity over the built app and fails on any finding that
// electronegativity.json does not explain (and on explanations that no longer match a finding).
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

const csv = join(mkdtempSync(join(tmpdir(), 'wd-audit-')), 'findings.csv')
const electron = JSON.parse(readFileSync('node_modules/electron/package.json', 'utf8')).version
const run = spawnSync(
  'npx',
  ['electronegativity', '-i', 'out', '-e', electron, '-r', '-v', 'false', '-o', csv],
  { encoding: 'utf8' },
)
if (run.status !== 0) {
  console.error(run.stdout, run.stderr)
  process.exit(run.status ?? 1)
}
const findings = readFileSync(csv, 'utf8')
  .trim()
  .split('\n')
  .slice(1)
  .map((line) => {
    const [check, severity, confidence, file, location] = line
      .split(',')
      .map((cell) => cell.replace(/^"|"$/g, ''))
    return { check, severity, confidence, file, location }
  })
const { accepted } = JSON.parse(readFileSync('electronegativity.json', 'utf8'))
const isAccepted = (f) => accepted.some((a) => a.check === f.check && a.file === f.file)
const unexplained = findings.filter((f) => !isAccepted(f))
const stale = accepted.filter((a) => !findings.some((f) => f.check === a.check && f.file === a.file))

for (const f of findings)
  console.log(
    `${isAccepted(f) ? 'accepted ' : 'FINDING  '} ${f.check} ${f.severity}/${f.confidence} ${f.file}:${f.location}`,
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
