// @vitest-environment happy-dom
import { createServer } from 'node:net'
import { fetch as nodeFetch } from 'undici'
import { afterEach, describe, expect, it } from 'vitest'
import { fail } from '$shared/result'
import { appState } from '../../src/renderer/src/lib/app-state.svelte'
import { clearCommands, waiting } from '../../src/renderer/src/lib/commands.svelte'
import { InboxStore } from '../../src/renderer/src/views/inbox/inbox.svelte'
import { realApi, until, type RealApi } from './real-api'

let real: RealApi | undefined
afterEach(async () => {
  await real?.api.stopInbox()
  await real?.stop()
  real = undefined
  clearCommands()
})

describe('the inbox store', () => {
  it('starts the receiver, shows what arrives, answers as told, and offers its URL to the editor', async () => {
    const r = (real = await realApi())
    const store = new InboxStore(r.api)
    const stop = store.connect()
    try {
      await until(() => store.inbox !== null, 'the receiver state')
      await store.start()
      expect(store.error).toBeNull()
      const url = store.inbox?.url
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\//)

      store.status = 503
      await store.applyReply()
      const answer = await nodeFetch(url!, { method: 'POST', body: '{"event":{"type":"alarm"}}' })
      expect(answer.status).toBe(503)
      await until(() => store.inbox?.arrivals.length === 1, 'the arrival')
      expect(store.selected).toMatchObject({ method: 'POST', answeredWith: 503 })

      expect(store.useAsWebhook()).toBe(true)
      expect(appState.tab).toBe('webhook')
      expect(waiting()).toEqual([{ kind: 'webhook.useUrl', url }])
    } finally {
      stop()
    }
  })

  it('keeps what it shows when the receiver state cannot be read (the back end did not answer)', async () => {
    const r = (real = await realApi())
    const store = new InboxStore({ ...r.api, getInbox: async () => fail('ipc.failed', 'no answer') })
    const before = { status: store.status, delayMs: store.delayMs }
    await store.refresh()
    expect(store.inbox).toBeNull()
    expect({ status: store.status, delayMs: store.delayMs }).toEqual(before)
  })

  it('reads the reply settings the receiver has, and keeps a delay from going below zero', async () => {
    const r = (real = await realApi())
    await r.api.setInboxReply({ status: 404, delayMs: 7 })
    const store = new InboxStore(r.api)
    // Before the receiver's state is known: nothing to show, nothing to offer, nothing running.
    expect(store.busy).toBe(false)
    expect(store.selected).toBeNull()
    appState.tab = 'inbox'
    expect(store.useAsWebhook()).toBe(false)
    store.sendTest()
    expect(appState.tab).toBe('inbox')
    expect(waiting()).toEqual([])
    await store.refresh()
    expect(store.status).toBe(404)
    expect(store.delayMs).toBe(7)
    expect(store.inbox?.running).toBe(false)
    store.delayMs = -5
    await store.applyReply()
    expect(store.inbox?.reply).toEqual({ status: 404, delayMs: 0 })
    store.delayMs = 250
    await store.applyReply()
    expect(store.inbox?.reply).toEqual({ status: 404, delayMs: 250 })
    store.delayMs = Number.NaN
    store.status = 201
    await store.applyReply()
    expect(store.inbox?.reply).toEqual({ status: 201, delayMs: 0 })
  })

  it('says why the receiver cannot start on a port in use, and stops and clears it', async () => {
    const r = (real = await realApi())
    const taken = createServer()
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve))
    const store = new InboxStore(r.api)
    try {
      store.port = (taken.address() as { port: number }).port
      const starting = store.start()
      expect(store.busy).toBe(true)
      await starting
      expect(store.busy).toBe(false)
      expect(store.error?.code).toBe('inbox.portInUse')
      expect(store.inbox).toBeNull()
    } finally {
      taken.close()
    }
    // An emptied port field means any free port.
    store.port = '' as unknown as number
    await store.start()
    expect(store.error).toBeNull()
    expect(store.inbox?.running).toBe(true)
    await nodeFetch(store.inbox!.url!, { method: 'POST', body: '{}' })
    await store.refresh()
    expect(store.inbox?.arrivals).toHaveLength(1)
    await store.clear()
    expect(store.inbox?.arrivals).toEqual([])
    await store.stop()
    expect(store.inbox).toMatchObject({ running: false, url: null })
    appState.tab = 'inbox'
    expect(store.useAsWebhook()).toBe(false)
    store.sendTest()
    expect(appState.tab).toBe('inbox')
    expect(waiting()).toEqual([])
  })

  it('keeps the newest arrivals first, up to the 200 the receiver keeps, and shows the one chosen', async () => {
    const r = (real = await realApi())
    const store = new InboxStore(r.api)
    const arrival = (id: string) => ({
      id,
      time: '2026-01-01T00:00:00.000Z',
      method: 'POST',
      path: '/',
      headers: [],
      body: '{}',
      remoteAddress: '127.0.0.1',
      answeredWith: 200,
    })
    store.onPush({ type: 'inbox.arrival', arrival: arrival('before-the-state') })
    expect(store.inbox).toBeNull()
    await store.start()
    store.inbox!.arrivals = Array.from({ length: 200 }, (_, i) => arrival(`old-${i}`))
    // Other news is not an arrival.
    store.onPush({ type: 'events.progress', devicesDone: 1, devicesTotal: 1, events: 0 })
    expect(store.inbox!.arrivals[0]!.id).toBe('old-0')
    store.onPush({ type: 'inbox.arrival', arrival: arrival('new') })
    expect(store.inbox!.arrivals).toHaveLength(200)
    expect(store.inbox!.arrivals[0]!.id).toBe('new')
    expect(store.inbox!.arrivals[199]!.id).toBe('old-198')
    expect(store.selected?.id).toBe('new')
    store.selectedId = 'old-5'
    expect(store.selected?.id).toBe('old-5')
    store.selectedId = 'gone'
    expect(store.selected?.id).toBe('new')

    store.sendTest()
    expect(appState.tab).toBe('test')
    expect(waiting()).toEqual([{ kind: 'test.sendTo', url: store.inbox!.url }])
  })
})
