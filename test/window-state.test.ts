import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import {
  DEFAULT_STATE,
  fitToScreens,
  loadWindowState,
  saveWindowState,
  windowStatePath,
} from '../src/main/electron/window-state'

const SCREEN = { x: 0, y: 0, width: 1920, height: 1080 }

describe('window size and position', () => {
  it('is remembered between runs', async () => {
    const path = windowStatePath(mkdtempSync(join(tmpdir(), 'wd-ws-')))
    expect(await loadWindowState(path)).toEqual(DEFAULT_STATE)
    await saveWindowState(path, { x: 100, y: 80, width: 1300, height: 900, maximized: true })
    expect(await loadWindowState(path)).toEqual({ x: 100, y: 80, width: 1300, height: 900, maximized: true })
  })

  it('falls back to the default when the file is corrupt, and keeps the bad file aside', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wd-ws-'))
    writeFileSync(windowStatePath(dir), '{"width": "wide"')
    expect(await loadWindowState(windowStatePath(dir))).toEqual(DEFAULT_STATE)
    expect(readdirSync(dir).some((f) => f.startsWith('window-state.json.corrupt-'))).toBe(true)
  })

  it('keeps a window that is on a screen, and moves one whose screen is gone', () => {
    expect(fitToScreens({ x: 100, y: 100, width: 1200, height: 800, maximized: false }, [SCREEN])).toEqual({
      x: 100,
      y: 100,
      width: 1200,
      height: 800,
      maximized: false,
    })
    // Saved on a second monitor that is no longer connected: placed by the system instead.
    expect(fitToScreens({ x: 2500, y: 100, width: 1200, height: 800, maximized: true }, [SCREEN])).toEqual({
      width: 1200,
      height: 800,
      maximized: true,
    })
  })

  it('never restores a window smaller than the minimum size', () => {
    expect(fitToScreens({ width: 200, height: 100, maximized: false }, [SCREEN])).toMatchObject({
      width: 860,
      height: 600,
    })
  })
})
