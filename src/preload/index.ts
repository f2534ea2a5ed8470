/**
 * The whole preload: window.api, built from the shared contract over ipcRenderer.invoke. No raw
 * IPC, no Node, no other globals; the IpcRendererEvent never reaches the page.
 */
import { contextBridge, ipcRenderer } from 'electron'
import { createApi } from '$shared/client'
import { channelOf, EVENT_CHANNEL, type PushEvent } from '$shared/contract'

const api = createApi({
  invoke: (name, input) => ipcRenderer.invoke(channelOf(name), input),
  subscribe(listener) {
    const forward = (_event: unknown, payload: PushEvent): void => listener(payload)
    ipcRenderer.on(EVENT_CHANNEL, forward)
    return () => {
      ipcRenderer.removeListener(EVENT_CHANNEL, forward)
    }
  },
})

contextBridge.exposeInMainWorld('api', api)
