/** App lifecycle: single instance, sandbox everywhere, one window, the IPC binding. */
import { join } from 'node:path'
import { app, BrowserWindow, dialog, protocol, session } from 'electron'
import { simDemoLauncher } from '../../sim/demo'
import { createHandlers } from '../handlers'
import { openWebLoginWindow, sessionTransport } from './web-login'
import { bindIpc, type IpcBinding } from './ipc'
import { t } from '../i18n'
import { LanguageSettings } from '../language'
import { APP_SCHEME, rendererProtocolHandler } from './renderer-files'
import { DataFolderBusy, lockDataFolderWaiting, type DataLock } from '../store/data-lock'
import { KeytarStore } from '../store/secrets'
import type { HttpTransport } from '../traccar/transport'
import { aboutServerLine } from './menu-template'
import { applySecurityRules, createMainWindow, installMenu, rendererUrl, setAboutServer } from './window'
import { loadWindowState, saveWindowState, windowStatePath, type WindowState } from './window-state'

app.enableSandbox()

// The window loads from app://webhook-desk/ (see renderer-files.ts): a standard, secure origin of its own.
protocol.registerSchemesAsPrivileged([
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
])

// Tests and side-by-side profiles point the app at a throwaway data folder.
if (process.env.WEBHOOK_DESK_USER_DATA) app.setPath('userData', process.env.WEBHOOK_DESK_USER_DATA)

let mainWindow: BrowserWindow | null = null

/**
 * Requests to servers go through Chromium's network stack (proxies, system certificates), which
 * keeps the session cookie. Each sign-in attempt gets its own in-memory session (cookie jar), so
 * signing in to another account cannot end the current one before the new one is in.
 */
let attempts = 0
function electronTransport(): HttpTransport {
  return sessionTransport(session.fromPartition(`sign-in-${++attempts}`))
}

if (!app.requestSingleInstanceLock()) {
  app.quit()
} else {
  app.on('second-instance', () => {
    if (!mainWindow) return
    if (mainWindow.isMinimized()) mainWindow.restore()
    mainWindow.focus()
  })

  void app.whenReady().then(async () => {
    // One writer per data folder: the command line or the harness may be using it right now.
    let dataLock: DataLock
    try {
      dataLock = await lockDataFolderWaiting(app.getPath('userData'))
    } catch (error) {
      if (!(error instanceof DataFolderBusy)) throw error
      dialog.showErrorBox(
        t('error.data.busyTitle'),
        t('error.data.busy', { pid: String(error.pid), folder: error.folder }),
      )
      app.quit()
      return
    }
    app.on('will-quit', () => void dataLock.release())
    protocol.handle(APP_SCHEME, rendererProtocolHandler(join(__dirname, '../renderer')))
    const appUrl = rendererUrl()
    const statePath = windowStatePath(app.getPath('userData'))
    const saved = await loadWindowState(statePath)
    const remember = (state: WindowState): void => void saveWindowState(statePath, state).catch(() => {})
    applySecurityRules(appUrl)
    // `--lang=de` (also Chromium's own switch) stands in for the system language (tests, and trying the other language).
    const langArg = process.argv.find((a) => a.startsWith('--lang='))?.slice('--lang='.length)
    const language = new LanguageSettings(
      app.getPath('userData'),
      langArg ? [langArg] : app.getPreferredSystemLanguages(),
    )
    const handlers = createHandlers({
      language,
      appInfo: {
        name: 'Webhook Desk',
        version: app.getVersion(),
        shell: 'electron',
        demoRequested: process.argv.includes('--demo'),
      },
      userDataDir: app.getPath('userData'),
      transport: electronTransport,
      webLogin: () => openWebLoginWindow(mainWindow, t('webLogin.windowTitle')),
      bikeTraxServer: process.env.WEBHOOK_DESK_BIKETRAX_SERVER || undefined,
      secrets: new KeytarStore(),
      demo: simDemoLauncher(),
      // Push events only happen after start-up, when the binding exists.
      push: (event) => binding.push(event),
    })
    const binding: IpcBinding = bindIpc(handlers, {
      window: () => mainWindow,
      appUrl,
      report: (operation, error) =>
        console.error(`[${operation}] unexpected ${(error as Error)?.name ?? 'error'}`),
    })
    // About names the signed-in server; it follows the operations that change what is known of it.
    let aboutLine: string | null = null
    const menu = (): void =>
      installMenu({ command: (command) => binding.push({ type: 'menu.command', command }) }, aboutLine)
    const refreshAbout = async (): Promise<void> => {
      aboutLine = aboutServerLine(await handlers.getSession())
      setAboutServer(aboutLine)
    }
    const table = handlers as Record<string, (input: unknown) => unknown>
    for (const name of [
      'signIn',
      'verifyCode',
      'signInSaved',
      'signInWeb',
      'startDemo',
      'signOut',
      'loadWebhook',
    ]) {
      const run = table[name]!
      table[name] = async (input) => {
        try {
          return await run(input)
        } finally {
          void refreshAbout()
        }
      }
    }
    await language.info()
    menu()
    language.onChange(menu)
    mainWindow = createMainWindow(appUrl, saved, remember)
    mainWindow.on('closed', () => (mainWindow = null))
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) mainWindow = createMainWindow(appUrl, saved, remember)
    })
  })

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit()
  })
}
