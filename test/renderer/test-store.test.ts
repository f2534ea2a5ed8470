// @vitest-environment happy-dom
import { flushSync } from 'svelte'
import { afterEach, describe, expect, it } from 'vitest'
import type { DeliveryRecord } from '$shared/contract'
import { appState } from '../../src/renderer/src/lib/app-state.svelte'
import { clearCommands, send } from '../../src/renderer/src/lib/commands.svelte'
import { applyLanguage, chooseLanguage } from '../../src/renderer/src/lib/language.svelte'
import { TestStore } from '../../src/renderer/src/views/test/test.svelte'
import { realApi, until, type RealApi } from './real-api'

let real: RealApi | undefined
afterEach(async () => {
  await real?.api.stopInbox()
  await real?.stop()
  real = undefined
  appState.webhook = { saved: null, draft: null, eventTypes: [] }
  clearCommands()
  await applyLanguage({ preference: 'en', locale: 'en', system: 'en' })
})

const demoBike = (r: RealApi) => r.sim.state.devicesOf(r.sim.state.users.get(r.userId)!)[0]!

/** A signed-in store, started, with the local receiver running as a place to send to. */
async function started(): Promise<{ r: RealApi; store: TestStore; inbox: string }> {
  const r = (real = await realApi())
  const inbox = await r.api.startInbox({ port: 0 })
  if (!inbox.ok) throw new Error(inbox.error.message)
  const store = new TestStore(r.api)
  await store.start()
  return { r, store, inbox: inbox.value.url! }
}

const arrivals = async (r: RealApi) => {
  const state = await r.api.getInbox()
  return state.ok ? state.value.arrivals : []
}
const header = (headers: [string, string][], name: string) =>
  headers.find(([key]) => key.toLowerCase() === name)?.[1]

describe('the test store', () => {
  it('starts with the first bike and its sample body, as the cloud would build it', async () => {
    const { r, store } = await started()
    expect(store.loadError).toBeNull()
    expect(store.source?.devices.length).toBeGreaterThan(0)
    expect(store.deviceId).toBe(demoBike(r).id)
    const body = JSON.parse(store.body)
    expect(body.event).toMatchObject({ type: 'deviceMoving', deviceId: demoBike(r).id })
    expect(store.bodyError).toBeNull()
    expect(store.deliveries).toEqual([])
  })

  it('sends to the chosen target with its key, records it first, and sends it again', async () => {
    const { r, store, inbox } = await started()
    appState.webhook = { saved: { webhookUrl: inbox, webhookPsk: 'saved-key' }, draft: null, eventTypes: [] }
    store.timeoutS = 2.5
    store.insecureTls = true
    const sending = store.send()
    expect(store.sending).toBe(true)
    await sending
    expect(store.sending).toBe(false)
    expect(store.sendError).toBeNull()
    const [first] = store.deliveries
    expect(first).toMatchObject({ kind: 'test', verdict: 'delivered', timeoutMs: 2500, insecureTls: true })
    expect(first!.request.url).toBe(inbox)
    expect(store.selected).toEqual(first)
    // Skipping certificate checks is for one send only.
    expect(store.insecureTls).toBe(false)
    const got = await arrivals(r)
    expect(got).toHaveLength(1)
    expect(header(got[0]!.headers, 'authorization')).toBe('saved-key')
    expect(JSON.parse(got[0]!.body)).toEqual(JSON.parse(store.body))

    const again = store.sendAgain(first!)
    expect(store.sending).toBe(true)
    await again
    expect(store.sending).toBe(false)
    expect(store.deliveries).toHaveLength(2)
    expect(store.deliveries[1]).toEqual(first)
    expect(store.selected).toEqual(store.deliveries[0])
    expect(store.selected?.id).not.toBe(first!.id)
    expect(await arrivals(r)).toHaveLength(2)
  })

  it('keeps the newest hundred deliveries, as main does', async () => {
    const { store, inbox } = await started()
    store.target = 'other'
    store.otherUrl = inbox
    await store.send()
    const sent = store.deliveries[0]!
    store.deliveries = Array.from({ length: 100 }, (_, i) => ({ ...sent, id: `old-${i}` }))
    await store.send()
    expect(store.deliveries).toHaveLength(100)
    expect(store.deliveries[0]!.id).not.toMatch(/^old-/)
    expect(store.deliveries[99]!.id).toBe('old-98')
    await store.sendAgain(sent)
    expect(store.deliveries).toHaveLength(100)
    expect(store.deliveries[1]!.id).not.toMatch(/^old-/)
  })

  it('sends nothing without a URL or with a body that is not a JSON object', async () => {
    const { r, store, inbox } = await started()
    await store.send() // nothing saved, no other URL
    store.target = 'other'
    store.otherUrl = inbox
    store.body = '[1]'
    expect(store.bodyError).toBe('The body must be a JSON object.')
    await store.send()
    store.body = '{"event": '
    expect(store.bodyError).toMatch(/^Not valid JSON/)
    await store.send()
    expect(store.deliveries).toEqual([])
    expect(await arrivals(r)).toEqual([])
    // Nothing was asked of main: the view's own check explains it, not a refusal from main.
    expect(store.sendError).toBeNull()
  })

  it('says why a send or a resend was refused, and clears it on the next send', async () => {
    const { store, inbox } = await started()
    store.target = 'other'
    store.otherUrl = 'ftp://127.0.0.1/'
    await store.send()
    expect(store.sendError?.code).toEqual(expect.any(String))
    expect(store.sending).toBe(false)
    expect(store.deliveries).toEqual([])
    store.otherUrl = inbox
    await store.send()
    expect(store.sendError).toBeNull()
    const record = store.deliveries[0]!
    await store.sendAgain({ ...record, id: 'no-such-delivery' })
    expect(store.sendError).not.toBeNull()
    expect(store.sending).toBe(false)
    expect(store.deliveries).toHaveLength(1)
  })

  it('shows the curl command with the key masked unless revealed, and clears the history', async () => {
    const { store, inbox } = await started()
    appState.webhook = {
      saved: { webhookUrl: inbox, webhookPsk: 'curl-key-123' },
      draft: null,
      eventTypes: [],
    }
    await store.send()
    const record = store.deliveries[0]!
    const masked = await store.curl(record, false)
    expect(masked).toContain(inbox)
    expect(masked).not.toContain('curl-key-123')
    expect(await store.curl(record, true)).toContain('curl-key-123')
    expect(await store.curl({ ...record, id: 'no-such-delivery' }, true)).toBeNull()

    await store.clearAll()
    expect(store.deliveries).toEqual([])
    expect(store.selected).toBeNull()
    const list = await real!.api.listDeliveries()
    expect(list.ok && list.value).toEqual([])
  })

  it('builds the body from a recent event, with its type', async () => {
    const { r, store } = await started()
    const event = r.sim.injectEvent({ deviceId: demoBike(r).id, type: 'alarm', attributes: { alarm: 'sos' } })
    await store.loadRecent()
    expect(store.mode).toBe('recent')
    expect(store.recent[0]!.id).toBe(event.id)
    expect(store.recentId).toBe(event.id)
    expect(store.eventType).toBe('alarm')
    expect(JSON.parse(store.body).event).toMatchObject({ id: event.id, type: 'alarm' })
    // Back to a sample of another type.
    store.mode = 'sample'
    store.eventType = 'ignitionOn'
    await store.rebuild()
    expect(JSON.parse(store.body).event.type).toBe('ignitionOn')
  })

  it('says why it cannot start or list recent events once signed out', async () => {
    const r = (real = await realApi())
    await r.api.signOut()
    const store = new TestStore(r.api)
    await store.start()
    expect(store.loadError?.code).toEqual(expect.any(String))
    expect(store.source).toBeNull()
    expect(store.body).toBe('')
    await store.loadRecent()
    expect(store.mode).toBe('recent')
    expect(store.sendError).not.toBeNull()
    expect(store.recent).toEqual([])
  })

  it('says why a body cannot be built, and keeps the one shown', async () => {
    const { store } = await started()
    const sample = store.body
    store.mode = 'recent'
    store.recentId = 999_999
    await store.rebuild()
    expect(store.sendError).not.toBeNull()
    expect(store.body).toBe(sample)
  })
})

describe('the test store target', () => {
  it('sends the saved webhook, the unsaved changes, or another URL with the form key', async () => {
    const { store } = await started()
    appState.webhook = {
      saved: { webhookUrl: 'https://saved.example.com/', webhookPsk: '' },
      draft: { webhookUrl: 'https://draft.example.com/', webhookPsk: 'draft-key' },
      eventTypes: [],
    }
    expect(store.chosen).toEqual({ url: 'https://saved.example.com/', psk: undefined })
    store.target = 'draft'
    expect(store.chosen).toEqual({ url: 'https://draft.example.com/', psk: 'draft-key' })
    store.target = 'other'
    expect(store.chosen).toEqual({ url: undefined, psk: 'draft-key' })
    store.otherUrl = 'https://other.example.com/'
    expect(store.chosen).toEqual({ url: 'https://other.example.com/', psk: 'draft-key' })
    appState.webhook = {
      saved: { webhookUrl: 'https://saved.example.com/', webhookPsk: 'k' },
      draft: null,
      eventTypes: [],
    }
    expect(store.chosen).toEqual({ url: 'https://other.example.com/', psk: 'k' })
    store.target = 'draft'
    expect(store.chosen).toEqual({ url: 'https://other.example.com/', psk: 'k' })
  })

  it('moves to the target that can send, and takes the URL the inbox sends', async () => {
    const { store } = await started()
    const stop = store.connect()
    try {
      store.target = 'draft'
      flushSync()
      expect(store.target).toBe('saved')
      appState.webhook = { saved: null, draft: { webhookUrl: 'https://draft.example.com/' }, eventTypes: [] }
      flushSync()
      expect(store.target).toBe('draft')
      store.target = 'saved'
      appState.webhook = { saved: { webhookUrl: 'https://saved.example.com/' }, draft: null, eventTypes: [] }
      send({ kind: 'test.sendTo', url: 'http://127.0.0.1:9/inbox' })
      flushSync()
      expect(store.otherUrl).toBe('http://127.0.0.1:9/inbox')
      // A saved URL can send: it stays the target.
      expect(store.target).toBe('saved')
      appState.webhook = { saved: { webhookUrl: '' }, draft: null, eventTypes: [] }
      flushSync()
      expect(store.target).toBe('other')
    } finally {
      stop()
    }
    // Stopped: the inbox's URL waits for the next Test view.
    send({ kind: 'test.sendTo', url: 'http://127.0.0.1:9/later' })
    flushSync()
    expect(store.otherUrl).toBe('http://127.0.0.1:9/inbox')
  })

  it('reads the history again after an unlock and after a language switch, keeping the selection', async () => {
    const { r, store, inbox } = await started()
    const stop = store.connect()
    try {
      await until(() => store.source !== null, 'the second start')
      // Sent by another view of the same window: this store learns of it only by reading again.
      const sent = await r.api.sendTest({
        url: inbox,
        body: '{"event":{}}',
        eventType: 'alarm',
        timeoutMs: 2000,
        insecureTls: false,
      })
      expect(sent.ok).toBe(true)
      expect(store.deliveries).toEqual([])
      appState.localDataOpened++
      flushSync()
      await until(() => store.deliveries.length === 1, 'the history after the unlock')
      const record = store.deliveries[0]! as DeliveryRecord
      store.selected = record
      const before = record.diagnosis
      expect(await chooseLanguage('de')).toBeNull()
      flushSync()
      await until(() => store.selected !== record, 'the history in German')
      expect(store.selected?.id).toBe(record.id)
      expect(store.selected?.diagnosis).not.toEqual(before)
    } finally {
      stop()
    }
  })
})
