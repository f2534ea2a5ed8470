#!/usr/bin/env node
// Mutation testing of the core (StrykerJS + Vitest), one module at a time, incrementally.
// Usage: node scripts/mutate.mjs [module…] [--force]   (npm run mutate -- webhook)
// Runs inside the throwaway keyring (npm run mutate wraps it), then prints the score per module,
// counting the mutants listed in stryker-equivalent.md as equivalent, and fails below a target.
import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { matchesGlob } from 'node:path'
import { MODULES } from '../stryker/modules.mjs'

const args = process.argv.slice(2)
const unknown = args.filter((a) => !a.startsWith('--') && !(a in MODULES))
if (unknown.length) {
  console.error(`unknown module ${unknown.join(', ')}; modules: ${Object.keys(MODULES).join(', ')}`)
  process.exit(2)
}
const chosen = args.filter((a) => a in MODULES)
const flags = args.filter((a) => a.startsWith('--'))
const only = args.includes('--report-only')

for (const name of only ? [] : chosen.length ? chosen : Object.keys(MODULES)) {
  const started = Date.now()
  console.log(`\n=== stryker: ${name} ===`)
  const run = spawnSync('npx', ['stryker', 'run', 'stryker.config.mjs', ...flags], {
    stdio: 'inherit',
    // Fewer randomized save cycles per mutant (test/webhook-save.test.ts); the suite runs 1,000.
    env: { WEBHOOK_DESK_SAVE_CYCLES: '200', ...process.env, STRYKER_MODULE: name },
  })
  console.log(`=== ${name}: ${Math.round((Date.now() - started) / 1000)} s, exit ${run.status} ===`)
  if (run.status !== 0) process.exitCode = 1
}

/** `| file | mutator | original | replacement | reason |` rows of stryker-equivalent.md. */
function equivalents() {
  const rows = readFileSync('stryker-equivalent.md', 'utf8').split('\n')
  return rows
    .filter((r) => r.startsWith('| `'))
    .map((r) =>
      r
        .split(/(?<!\\)\|/)
        .slice(1, -1)
        .map((c) => c.trim().replace(/^`|`$/g, '').replaceAll('\\|', '|')),
    )
    .map(([file, mutator, original, replacement]) => ({ file, mutator, original, replacement }))
}

const textAt = (source, { start, end }) => {
  const lines = source.split('\n')
  if (start.line === end.line) return lines[start.line - 1].slice(start.column - 1, end.column - 1)
  return [
    lines[start.line - 1].slice(start.column - 1),
    ...lines.slice(start.line, end.line - 1),
    lines[end.line - 1].slice(0, end.column - 1),
  ].join('\n')
}
const squash = (s) => s.replace(/\s+/g, ' ').trim()

/** Files a module mutates that hold code (a file of types only has no mutants, and no entry). */
function filesOf(module) {
  const all = readdirSync('src', { recursive: true }).map((f) => `src/${f.replaceAll('\\', '/')}`)
  const take = module.mutate.filter((g) => !g.startsWith('!'))
  const drop = module.mutate.filter((g) => g.startsWith('!')).map((g) => g.slice(1))
  return all.filter(
    (f) =>
      take.some((g) => matchesGlob(f, g)) &&
      !drop.some((g) => matchesGlob(f, g)) &&
      /^\s*(export\s+)?(default\s+)?(async\s+)?(function|const|let|class)\b/m.test(readFileSync(f, 'utf8')),
  )
}

const listed = equivalents()
const table = []
const notMeasured = []
for (const [name, module] of Object.entries(MODULES)) {
  // The incremental file holds every mutant's last result (a run limited with --mutate keeps the
  // other files' results), so a fresh clone prints the checked-in scores with --report-only.
  const path = `stryker/incremental/${name}.json`
  if (!existsSync(path)) {
    table.push({ module: name, score: 'not measured', target: `${module.target}%`, met: 'NO' })
    process.exitCode = 1
    continue
  }
  const report = JSON.parse(readFileSync(path, 'utf8'))
  const missing = filesOf(module).filter((f) => !(f in report.files))
  const count = { Killed: 0, Timeout: 0, Survived: 0, NoCoverage: 0, equivalent: 0 }
  for (const [file, { source, mutants }] of Object.entries(report.files)) {
    for (const m of mutants) {
      if (!(m.status in count)) continue
      const isListed = listed.some(
        (e) =>
          e.file === file &&
          e.mutator === m.mutatorName &&
          squash(e.original) === squash(textAt(source, m.location)) &&
          squash(e.replacement) === squash(m.replacement ?? ''),
      )
      if (isListed && (m.status === 'Survived' || m.status === 'NoCoverage')) count.equivalent++
      else count[m.status]++
    }
  }
  const detected = count.Killed + count.Timeout
  const valid = detected + count.Survived + count.NoCoverage
  const score = valid ? (100 * detected) / valid : 100
  table.push({
    module: name,
    killed: detected,
    survived: count.Survived,
    'no coverage': count.NoCoverage,
    equivalent: count.equivalent,
    score: missing.length ? `partial (${score.toFixed(1)}%)` : `${score.toFixed(1)}%`,
    target: `${module.target}%`,
    met: score >= module.target && !missing.length ? 'yes' : 'NO',
  })
  if (missing.length) notMeasured.push(`${name}: ${missing.join(', ')}`)
  if (score < module.target || missing.length) process.exitCode = 1
}
console.log('\nMutation score per module (equivalent mutants listed in stryker-equivalent.md left out):')
console.table(table)
if (notMeasured.length) console.log(`Files not measured yet:\n  ${notMeasured.join('\n  ')}`)
