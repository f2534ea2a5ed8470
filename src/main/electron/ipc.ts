/**
 * Binds the handler table to ipcMain: one channel per operation, every call checked to come from
 * the main frame of our own window at our own document, validated, and answered with a Result.
 */
import { ipcMain, type BrowserWindow, type IpcMainInvokeEvent } from 'electron'
import { channelOf, EVENT_CHANNEL, OPERATION_NAMES, type PushEvent } from '$shared/contract'
import { fail } from '$shared/result'
import { dispatch, type ErrorReporter, type Handlers } from '../dispatch'
import { isAppUrl } from './window'
import { t } from '../i18n'

export interface IpcBinding {
  push(event: PushEvent): void
  dispose(): void
}

export function isTrustedSender(
  event: IpcMainInvokeEvent,
  window: BrowserWindow | null,
  appUrl: string,
): boolean {
  const frame = event.senderFrame
  if (!frame || frame.parent !== null) return false
  if (!window || window.isDestroyed() || event.sender !== window.webContents) return false
  return isAppUrl(frame.url, appUrl)
}

export function bindIpc(
  handlers: Handlers,
  options: { window: () => BrowserWindow | null; appUrl: string; report?: ErrorReporter },
): IpcBinding {
  for (const name of OPERATION_NAMES) {
    ipcMain.handle(channelOf(name), (event, input: unknown) => {
      if (!isTrustedSender(event, options.window(), options.appUrl)) {
        return fail('ipc.untrustedSender', t('error.ipc.untrustedSender'))
      }
      return dispatch(handlers, name, input, options.report)
    })
  }
  return {
    push(event) {
      const win = options.window()
      if (win && !win.isDestroyed()) win.webContents.send(EVENT_CHANNEL, event)
    },
    dispose() {
      for (const name of OPERATION_NAMES) ipcMain.removeHandler(channelOf(name))
    },
  }
}
