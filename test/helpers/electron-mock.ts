/**
 * A stand-in for the parts of 'electron' that src/main/{window,ipc}.ts and the preload use.
 * Electron ≥ 42 downloads its binary on require, so unit tests never load the real module.
 */
import { vi } from 'vitest'

type Listener = (...args: unknown[]) => unknown

export function createElectronMock() {
  const handlers = new Map<string, Listener>()
  const appListeners = new Map<string, Listener[]>()
  const exposed = new Map<string, unknown>()
  const rendererListeners = new Map<string, Listener[]>()
  const session = {
    setPermissionRequestHandler: vi.fn(),
    setPermissionCheckHandler: vi.fn(),
    webRequest: { onHeadersReceived: vi.fn() },
  }
  return {
    handlers,
    appListeners,
    exposed,
    rendererListeners,
    module: {
      app: {
        isPackaged: false,
        on: (name: string, fn: Listener) => appListeners.set(name, [...(appListeners.get(name) ?? []), fn]),
        getVersion: () => '0.0.0-test',
      },
      ipcMain: {
        handle: (channel: string, fn: Listener) => handlers.set(channel, fn),
        removeHandler: (channel: string) => handlers.delete(channel),
      },
      session: { defaultSession: session },
      shell: { openExternal: vi.fn(async () => {}) },
      nativeTheme: { shouldUseDarkColors: false },
      BrowserWindow: vi.fn(),
      contextBridge: { exposeInMainWorld: (key: string, value: unknown) => exposed.set(key, value) },
      ipcRenderer: {
        invoke: vi.fn(async (channel: string, input: unknown) => ({ ok: true, value: { channel, input } })),
        on: (channel: string, fn: Listener) =>
          rendererListeners.set(channel, [...(rendererListeners.get(channel) ?? []), fn]),
        removeListener: (channel: string, fn: Listener) =>
          rendererListeners.set(
            channel,
            (rendererListeners.get(channel) ?? []).filter((f) => f !== fn),
          ),
      },
    },
  }
}

/** One mock per test file (each file runs in its own module graph). */
export const electron = createElectronMock()
