/**
 * The main window and the Electron security rules (Electron's security checklist): isolated,
 * sandboxed renderer without Node, strict CSP, no permissions, no navigation, no new windows.
 */
import { join } from 'node:path'
import {
  app,
  BrowserWindow,
  Menu,
  nativeTheme,
  screen,
  session,
  shell,
  type BrowserWindowConstructorOptions,
} from 'electron'
import { t } from '../i18n'
import { contentSecurityPolicy } from './csp'
import { isWebLoginContents } from './web-login'
import { isAllowedExternalUrl } from './external-links'
import { menuTemplate, type MenuActions } from './menu-template'
import { APP_URL } from './renderer-files'
import { fitToScreens, type WindowState } from './window-state'

export function windowOptions(preloadPath: string, dark: boolean): BrowserWindowConstructorOptions {
  return {
    title: 'Webhook Desk',
    width: 1120,
    height: 780,
    minWidth: 860,
    minHeight: 600,
    show: false,
    backgroundColor: dark ? '#16181d' : '#f6f7f9',
    autoHideMenuBar: false,
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      // Middle-click would otherwise try to open links in new windows (which are denied anyway).
      disableBlinkFeatures: 'Auxclick',
      spellcheck: false,
      devTools: !app.isPackaged,
    },
  }
}

/** The one URL the window loads: the dev server in development, the app's own scheme otherwise. */
export function rendererUrl(): string {
  const dev = process.env.ELECTRON_RENDERER_URL
  if (dev && !app.isPackaged) return dev
  return APP_URL
}

/**
 * True when `target` has exactly the app's origin (scheme, host and port; any path, query or
 * hash). file:// never counts: any local file could pose as the app there.
 */
export function isAppUrl(target: string, appUrl: string): boolean {
  try {
    const a = new URL(target)
    const b = new URL(appUrl)
    if (!['app:', 'http:', 'https:'].includes(b.protocol)) return false
    // URL.origin is "null" for custom schemes, so compare its parts.
    return a.protocol === b.protocol && a.host === b.host
  } catch {
    return false
  }
}

export function applySecurityRules(appUrl: string): void {
  const ses = session.defaultSession
  // Only writing to the clipboard (Copy buttons) is allowed; every other permission is denied.
  ses.setPermissionRequestHandler((_wc, permission, callback) =>
    callback(permission === 'clipboard-sanitized-write'),
  )
  ses.setPermissionCheckHandler((_wc, permission) => permission === 'clipboard-sanitized-write')
  ses.webRequest.onHeadersReceived((details, callback) => {
    callback({
      responseHeaders: {
        ...details.responseHeaders,
        'Content-Security-Policy': [
          contentSecurityPolicy({ dev: !app.isPackaged && appUrl.startsWith('http') }),
        ],
      },
    })
  })
  app.on('web-contents-created', (_event, contents) => {
    // The web login window shows the server's pages under rules of its own (electron/web-login.ts);
    // asked per event, since it is known as such only once its constructor has returned.
    const stays = (url: string): boolean => isAppUrl(url, appUrl) || isWebLoginContents(contents)
    contents.on('will-navigate', (event, url) => {
      if (!stays(url)) event.preventDefault()
    })
    contents.on('will-redirect', (event, url) => {
      if (!stays(url)) event.preventDefault()
    })
    contents.on('will-attach-webview', (event) => event.preventDefault())
    contents.setWindowOpenHandler(({ url }) => {
      if (isAllowedExternalUrl(url)) void shell.openExternal(url)
      return { action: 'deny' }
    })
  })
}

export function createMainWindow(
  appUrl: string,
  saved: WindowState,
  onState: (state: WindowState) => void,
): BrowserWindow {
  const state = fitToScreens(
    saved,
    screen.getAllDisplays().map((d) => d.workArea),
  )
  const win = new BrowserWindow({
    ...windowOptions(join(__dirname, '../preload/index.js'), nativeTheme.shouldUseDarkColors),
    width: state.width,
    height: state.height,
    ...(state.x !== undefined && state.y !== undefined ? { x: state.x, y: state.y } : {}),
  })
  win.once('ready-to-show', () => {
    if (state.maximized) win.maximize()
    win.show()
  })
  // Remember size and position (of the normal, unmaximized window) shortly after they change.
  let timer: NodeJS.Timeout | undefined
  const current = (): WindowState => ({ ...win.getNormalBounds(), maximized: win.isMaximized() })
  const remember = (): void => {
    clearTimeout(timer)
    timer = setTimeout(() => {
      if (!win.isDestroyed()) onState(current())
    }, 400)
  }
  win.on('resize', remember)
  win.on('move', remember)
  win.on('maximize', remember)
  win.on('unmaximize', remember)
  win.on('close', () => {
    clearTimeout(timer)
    onState(current())
  })
  void win.loadURL(appUrl)
  return win
}

/** About shows the versions of everything inside, and the signed-in server's (copyright shows on every platform). */
export function setAboutServer(server: string | null): void {
  app.setAboutPanelOptions({
    applicationName: 'Webhook Desk',
    applicationVersion: app.getVersion(),
    version: `Electron ${process.versions.electron} · Chromium ${process.versions.chrome} · Node ${process.versions.node}`,
    copyright: server ? `${t('about.copyright')}\n${server}` : t('about.copyright'),
  })
}

/** The app menu, and About with the server line given. */
export function installMenu(actions: Omit<MenuActions, 'openExternal'>, server: string | null = null): void {
  setAboutServer(server)
  const template = menuTemplate(process.platform, !app.isPackaged, {
    ...actions,
    openExternal: (url) => {
      if (isAllowedExternalUrl(url)) void shell.openExternal(url)
    },
  })
  Menu.setApplicationMenu(Menu.buildFromTemplate(template))
}
