/**
 * The window's size and position, remembered between runs (window-state.json in user data) and
 * kept on a screen that still exists.
 */
import { join } from 'node:path'
import { readJsonFile, writeJsonAtomic } from '../store/json-file'

export interface WindowState {
  x?: number
  y?: number
  width: number
  height: number
  maximized: boolean
}

export interface Area {
  x: number
  y: number
  width: number
  height: number
}

export const DEFAULT_STATE: WindowState = { width: 1120, height: 780, maximized: false }

const isState = (v: unknown): v is WindowState => {
  const s = v as WindowState
  return (
    typeof s === 'object' &&
    s !== null &&
    Number.isFinite(s.width) &&
    Number.isFinite(s.height) &&
    typeof s.maximized === 'boolean'
  )
}

export const windowStatePath = (userDataDir: string): string => join(userDataDir, 'window-state.json')

export async function loadWindowState(path: string): Promise<WindowState> {
  const outcome = await readJsonFile(path, isState)
  return outcome.kind === 'ok' ? outcome.value : DEFAULT_STATE
}

export function saveWindowState(path: string, state: WindowState): Promise<void> {
  return writeJsonAtomic(path, state)
}

/** Keeps the saved bounds if most of the window is on one of today's screens; else centres the default size. */
export function fitToScreens(state: WindowState, screens: Area[]): WindowState {
  const width = Math.max(860, state.width)
  const height = Math.max(600, state.height)
  if (state.x === undefined || state.y === undefined)
    return { ...state, width, height, x: undefined, y: undefined }
  const visible = screens.some((s) => {
    const overlapX = Math.min(state.x! + width, s.x + s.width) - Math.max(state.x!, s.x)
    const overlapY = Math.min(state.y! + height, s.y + s.height) - Math.max(state.y!, s.y)
    return overlapX >= Math.min(200, width / 2) && overlapY >= Math.min(100, height / 2)
  })
  return visible ? { ...state, width, height } : { width, height, maximized: state.maximized }
}
