/** App lifecycle: single instance, sandbox everywhere, one window, the IPC binding. */
import { app, BrowserWindow } from 'electron'
import { createHandlers } from './handlers'
import { bindIpc } from './ipc'
import { applySecurityRules, createMainWindow, rendererUrl } from './window'

app.enableSandbox()

// Tests and side-by-side profiles point the app at a throwaway data folder.
if (process.env.WEBHOOK_DESK_USER_DATA) app.setPath('userData', process.env.WEBHOOK_DESK_USER_DATA)

let mainWindow: BrowserWindow | null = null

if (!app.requestSingleInstanceLock()) {
  app.quit()
} else {
  app.on('second-instance', () => {
    if (!mainWindow) return
    if (mainWindow.isMinimized()) mainWindow.restore()
    mainWindow.focus()
  })

  void app.whenReady().then(() => {
    const appUrl = rendererUrl()
    applySecurityRules(appUrl)
    const handlers = createHandlers({
      appInfo: { name: 'Webhook Desk', version: app.getVersion(), shell: 'electron' },
    })
    bindIpc(handlers, {
      window: () => mainWindow,
      appUrl,
      report: (operation, error) =>
        console.error(`[${operation}] unexpected ${(error as Error)?.name ?? 'error'}`),
    })
    mainWindow = createMainWindow(appUrl)
    mainWindow.on('closed', () => (mainWindow = null))
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) mainWindow = createMainWindow(appUrl)
    })
  })

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit()
  })
}
