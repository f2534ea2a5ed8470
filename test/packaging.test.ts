/**
 * What `npm run dist` does, checked by running its parts: the afterPack hook on a stand-in
 * Electron binary (the real one cannot be downloaded here), and electron-builder's unpack rules
 * against the native files the app really ships.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join, matchesGlob, relative } from 'node:path'
import { FuseState, FuseV1Options, getCurrentFuseWire } from '@electron/fuses'
import { describe, expect, it } from 'vitest'

const require = createRequire(import.meta.url)
const afterPack = require('../scripts/after-pack.cjs') as (context: unknown) => Promise<void>
const config = JSON.parse(readFileSync('electron-builder.json', 'utf8'))
const SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX'

/** A file laid out like an Electron binary: noise, the fuse sentinel, a V1 wire with every fuse on. */
function fakeElectron(path: string): void {
  mkdirSync(join(path, '..'), { recursive: true })
  const wire = Buffer.alloc(9, FuseState.ENABLE)
  writeFileSync(
    path,
    Buffer.concat([
      Buffer.alloc(4096, 7),
      Buffer.from(SENTINEL),
      Buffer.from([1, wire.length]),
      wire,
      Buffer.alloc(64),
    ]),
  )
}

const context = (platform: string, appOutDir: string) => ({
  appOutDir,
  electronPlatformName: platform,
  arch: 1,
  packager: { appInfo: { productFilename: 'Webhook Desk' }, executableName: 'webhook-desk' },
})

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    return statSync(path).isDirectory() ? filesUnder(path) : [path]
  })
}

const unpacked = (file: string): boolean =>
  (config.asarUnpack as string[]).some((glob) => matchesGlob(file, glob))

describe('packaging (npm run dist)', () => {
  it.each([
    ['linux', 'webhook-desk'],
    ['win32', 'Webhook Desk.exe'],
    ['darwin', 'Webhook Desk.app/Contents/Frameworks/Electron Framework.framework/Electron Framework'],
  ])('turns the production fuses on the packaged %s app', async (platform, binary) => {
    const out = mkdtempSync(join(tmpdir(), 'wd-pack-'))
    fakeElectron(join(out, binary))
    await afterPack(context(platform, out))
    const target = platform === 'darwin' ? join(out, 'Webhook Desk.app') : join(out, binary)
    const fuses = (await getCurrentFuseWire(target)) as unknown as Record<number, number>
    const off = [
      FuseV1Options.RunAsNode,
      FuseV1Options.EnableNodeOptionsEnvironmentVariable,
      FuseV1Options.EnableNodeCliInspectArguments,
      FuseV1Options.GrantFileProtocolExtraPrivileges,
    ]
    const on = [
      FuseV1Options.EnableCookieEncryption,
      FuseV1Options.EnableEmbeddedAsarIntegrityValidation,
      FuseV1Options.OnlyLoadAppFromAsar,
    ]
    for (const fuse of off)
      expect([FuseV1Options[fuse], fuses[fuse]]).toEqual([FuseV1Options[fuse], FuseState.DISABLE])
    for (const fuse of on)
      expect([FuseV1Options[fuse], fuses[fuse]]).toEqual([FuseV1Options[fuse], FuseState.ENABLE])
  })

  it('unpacks every native file of the runtime dependencies from the asar (they cannot load from inside it)', () => {
    const natives = filesUnder('node_modules/keytar')
      .filter((f) => f.endsWith('.node'))
      .map((f) => relative('.', f))
    expect(natives.length).toBeGreaterThan(0)
    for (const file of natives) expect([file, unpacked(file)]).toEqual([file, true])
    expect(unpacked('out/main/index.js')).toBe(false)
  })

  it('packs the built app that package.json starts', () => {
    const main = JSON.parse(readFileSync('package.json', 'utf8')).main.replace(/^\.\//, '')
    expect(config.files.some((glob: string) => main.startsWith(glob.replace(/\*\*$/, '')))).toBe(true)
  })
})
