import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { FuseV1Options } from '@electron/fuses'
import { describe, expect, it } from 'vitest'

const config = JSON.parse(readFileSync('electron-builder.json', 'utf8'))
const { PRODUCTION_FUSES } = createRequire(import.meta.url)('../scripts/after-pack.cjs')

describe('packaging (npm run dist)', () => {
  it('builds AppImage and deb, dmg and nsis', () => {
    expect(config.linux.target).toEqual(['AppImage', 'deb'])
    expect(config.mac.target).toEqual(['dmg'])
    expect(config.win.target).toEqual(['nsis'])
    expect(config.deb.depends).toContain('libsecret-1-0')
  })

  it('keeps keytar (a native module) out of the asar and needs no rebuild (N-API)', () => {
    expect(config.asar).toBe(true)
    expect(config.asarUnpack).toContain('node_modules/keytar/**')
    expect(config.npmRebuild).toBe(false)
  })

  it('sets the production fuses after packing', () => {
    expect(config.afterPack).toBe('scripts/after-pack.cjs')
    expect(PRODUCTION_FUSES[FuseV1Options.RunAsNode]).toBe(false)
    expect(PRODUCTION_FUSES[FuseV1Options.EnableCookieEncryption]).toBe(true)
    expect(PRODUCTION_FUSES[FuseV1Options.EnableNodeCliInspectArguments]).toBe(false)
    expect(PRODUCTION_FUSES[FuseV1Options.EnableNodeOptionsEnvironmentVariable]).toBe(false)
    expect(PRODUCTION_FUSES[FuseV1Options.OnlyLoadAppFromAsar]).toBe(true)
    expect(PRODUCTION_FUSES[FuseV1Options.EnableEmbeddedAsarIntegrityValidation]).toBe(true)
  })
})
