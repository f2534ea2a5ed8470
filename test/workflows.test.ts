/**
 * The GitHub Actions workflows are valid, run only commands this project has, and install the
 * system packages the README tells a contributor to install.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { parse } from 'yaml'
import { describe, expect, it } from 'vitest'

const ROOT = resolve(__dirname, '..')
const DIR = join(ROOT, '.github/workflows')
const scripts = (
  JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }
).scripts

interface Step {
  run?: string
  uses?: string
  if?: string
}
interface Workflow {
  on: Record<string, unknown>
  jobs: Record<string, { 'runs-on': string; strategy?: { matrix?: { os?: string[] } }; steps: Step[] }>
}

const workflows = Object.fromEntries(
  readdirSync(DIR)
    .filter((f) => /\.ya?ml$/.test(f))
    .map((f) => [
      f,
      parse(readFileSync(join(DIR, f), 'utf8'), { strict: true, uniqueKeys: true }) as Workflow,
    ]),
)
const runs = (w: Workflow): string[] =>
  Object.values(w.jobs).flatMap((job) => job.steps.flatMap((s) => (s.run ? [s.run] : [])))

/** Each npm/npx command in a shell snippet: `npm test`, `npm run dist`, `npx playwright …`. */
function commands(snippet: string): { kind: 'script' | 'bin' | 'npm'; name: string }[] {
  const found: { kind: 'script' | 'bin' | 'npm'; name: string }[] = []
  for (const m of snippet.matchAll(/\bnpm (run(?:-script)?|test|start|ci|install)\b(?: (\S+))?/g)) {
    if (m[1] === 'test' || m[1] === 'start') found.push({ kind: 'script', name: m[1] })
    else if (m[1] === 'ci' || m[1] === 'install') found.push({ kind: 'npm', name: m[1] })
    else found.push({ kind: 'script', name: m[2]! })
  }
  for (const m of snippet.matchAll(/\bnpx (\S+)/g)) found.push({ kind: 'bin', name: m[1]! })
  return found
}

describe('GitHub Actions workflows', () => {
  it('exist and parse as strict YAML', () => {
    expect(Object.keys(workflows).sort()).toEqual(['ci.yml', 'release.yml'])
  })

  it.each(Object.keys(workflows))('%s runs only scripts and tools the project has', (file) => {
    const all = runs(workflows[file]!).flatMap(commands)
    expect(all.length).toBeGreaterThan(0)
    for (const command of all) {
      if (command.kind === 'script')
        expect(scripts, `npm script "${command.name}"`).toHaveProperty([command.name])
      if (command.kind === 'bin')
        expect(existsSync(join(ROOT, 'node_modules/.bin', command.name)), command.name).toBe(true)
    }
  })

  it('CI runs npm test on Linux, macOS and Windows, on Linux under xvfb, and keeps the reports', () => {
    const ci = workflows['ci.yml']!
    expect(Object.keys(ci.on).sort()).toEqual(['pull_request', 'push'])
    const job = Object.values(ci.jobs)[0]!
    expect(job.strategy?.matrix?.os).toEqual(['ubuntu-latest', 'macos-latest', 'windows-latest'])
    const tests = job.steps.filter((s) => s.run && commands(s.run).some((c) => c.name === 'test'))
    expect(tests.map((s) => [s.if, s.run])).toEqual([
      ["runner.os == 'Linux'", 'xvfb-run --auto-servernum npm test'],
      ["runner.os != 'Linux'", 'npm test'],
    ])
    expect(job.steps.some((s) => s.uses?.startsWith('actions/upload-artifact'))).toBe(true)
    expect(job.steps.find((s) => s.uses?.startsWith('actions/setup-node'))).toBeDefined()
  })

  it('CI installs the system packages the README lists (Chromium comes from Playwright there)', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8')
    const line = /sudo apt-get install (.+)/.exec(readme)![1]!.split(/\s+/)
    const installed = runs(workflows['ci.yml']!).join('\n')
    for (const pkg of line.filter((p) => p !== 'chromium'))
      expect(installed).toMatch(new RegExp(`\\b${pkg}\\b`))
  })

  it('a version tag builds installers on the three systems and drafts a release', () => {
    const release = workflows['release.yml']!
    expect(release.on).toEqual({ push: { tags: ['v*'] } })
    const [dist, draft] = Object.values(release.jobs)
    expect(dist!.strategy?.matrix?.os).toEqual(['ubuntu-latest', 'macos-latest', 'windows-latest'])
    expect(runs(release).some((r) => commands(r).some((c) => c.name === 'dist'))).toBe(true)
    expect(draft!.steps.map((s) => s.run ?? '').join('\n')).toMatch(/gh release create .* --draft/)
  })
})
