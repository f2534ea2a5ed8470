/**
 * The web login window (account/web-login-flow.ts runs it): a child window of the main window
 * that shows the server's own login pages on a fresh in-memory session partition. The session
 * cookie the server sets there stays in that partition, and the transport for this sign-in makes
 * its requests through the same partition, so the app never handles the password or the cookie.
 * The window gets no preload and no Node, may only go to http(s) pages, and opens no windows.
 */
import { BrowserWindow, net, session, type Session, type WebContents } from 'electron'
import type { WebLoginWindow } from '../account/web-login-flow'
import { netRequestFetch } from './net-request-fetch'
import type { HttpTransport } from '../traccar/transport'

/** Chromium's "navigation replaced or cancelled": not a page that failed to load. */
const ERR_ABORTED = -3

const loginContents = new WeakSet<WebContents>()
let windows = 0

/** The app's window rules (window.ts) keep every other window on the app; these go to the server. */
export function isWebLoginContents(contents: WebContents): boolean {
  return loginContents.has(contents)
}

const isWebUrl = (url: string): boolean => /^https?:\/\//i.test(url)

/** An HTTP transport whose requests and cookies live in one Electron session (partition). */
export function sessionTransport(jar: Session): HttpTransport {
  return {
    fetch: netRequestFetch((options) => net.request({ ...options, session: jar })),
    clearCookies: (origin) => jar.clearStorageData({ origin, storages: ['cookies'] }),
    cookieHeader: async (origin) => {
      const cookies = await jar.cookies.get({ url: origin })
      return cookies.length ? cookies.map((c) => `${c.name}=${c.value}`).join('; ') : null
    },
  }
}

export function openWebLoginWindow(parent: BrowserWindow | null, title: string): WebLoginWindow {
  // No "persist:" prefix: the partition lives in memory and is gone when the app quits.
  const partition = `web-login-${process.pid}-${++windows}`
  const jar = session.fromPartition(partition)
  jar.setPermissionRequestHandler((_contents, _permission, callback) => callback(false))
  jar.setPermissionCheckHandler(() => false)
  const win = new BrowserWindow({
    title,
    width: 520,
    height: 720,
    show: false,
    parent: parent ?? undefined,
    autoHideMenuBar: true,
    webPreferences: {
      partition,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
    },
  })
  const contents = win.webContents
  loginContents.add(contents)
  const keepToWeb = (event: { preventDefault(): void }, url: string): void => {
    if (!isWebUrl(url)) event.preventDefault()
  }
  contents.on('will-navigate', keepToWeb)
  contents.on('will-redirect', keepToWeb)
  contents.on('will-attach-webview', (event) => event.preventDefault())
  contents.setWindowOpenHandler(() => ({ action: 'deny' }))
  // The server's page titles would replace ours; the user should see what this window is for.
  win.on('page-title-updated', (event) => event.preventDefault())
  return {
    transport: sessionTransport(jar),
    browser: {
      open(url) {
        win.show()
        // A page that fails to load is reported through did-fail-load below.
        win.loadURL(url).catch(() => {})
      },
      onPage(listener) {
        contents.on('did-navigate', (_event, url, status) => listener({ url, status }))
        contents.on('did-fail-load', (_event, code, _description, url, isMainFrame) => {
          if (isMainFrame && code !== ERR_ABORTED) listener({ url, status: null })
        })
      },
      onClosed: (listener) => void win.on('closed', listener),
      cookies: (origin) => jar.cookies.get({ url: origin }),
      close() {
        if (!win.isDestroyed()) win.close()
      },
    },
  }
}
