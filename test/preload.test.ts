import { describe, expect, it, vi } from 'vitest'
import { electron } from './helpers/electron-mock'

vi.mock('electron', async () => (await import('./helpers/electron-mock')).electron.module)

await import('../src/preload/index')
const { OPERATION_NAMES, channelOf, EVENT_CHANNEL } = await import('$shared/contract')
import type { Api } from '$shared/contract'

describe('preload', () => {
  const api = electron.exposed.get('api') as Api

  it('exposes exactly one global, api', () => {
    expect([...electron.exposed.keys()]).toEqual(['api'])
  })

  it('api has exactly the contract operations plus onEvent', () => {
    expect(Object.keys(api).sort()).toEqual([...OPERATION_NAMES, 'onEvent'].sort())
    for (const key of Object.keys(api))
      expect(typeof (api as unknown as Record<string, unknown>)[key]).toBe('function')
  })

  it('each operation invokes its own channel with the input', async () => {
    const result = await api.getAppInfo()
    expect(electron.module.ipcRenderer.invoke).toHaveBeenCalledWith(channelOf('getAppInfo'), undefined)
    expect(result).toEqual({ ok: true, value: { channel: 'api:getAppInfo', input: undefined } })
  })

  it('a failing transport becomes a Result error, never a throw', async () => {
    electron.module.ipcRenderer.invoke.mockRejectedValueOnce(new Error('boom'))
    await expect(api.getAppInfo()).resolves.toMatchObject({ ok: false, error: { code: 'ipc.failed' } })
    electron.module.ipcRenderer.invoke.mockResolvedValueOnce({ not: 'a result' } as never)
    await expect(api.getAppInfo()).resolves.toMatchObject({ ok: false, error: { code: 'ipc.malformed' } })
  })

  it('push events reach the listener as plain values, without the IPC event, until unsubscribed', () => {
    const received: unknown[] = []
    const off = api.onEvent((event) => received.push(event))
    const [forward] = electron.rendererListeners.get(EVENT_CHANNEL)!
    forward!({ sender: 'ipc-event-object' }, { type: 'session.ended', message: 'x' })
    expect(received).toEqual([{ type: 'session.ended', message: 'x' }])
    off()
    expect(electron.rendererListeners.get(EVENT_CHANNEL)).toEqual([])
  })
})
