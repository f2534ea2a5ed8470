// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest'
import { t } from '$shared/i18n'
import { appState } from '../../src/renderer/src/lib/app-state.svelte'
import { clearCommands, waiting } from '../../src/renderer/src/lib/commands.svelte'
import { rangeOf } from '../../src/renderer/src/views/events/events-range'
import { EventsStore } from '../../src/renderer/src/views/events/events.svelte'
import { realApi, until, type RealApi } from './real-api'

let real: RealApi | undefined
afterEach(async () => {
  await real?.api.stopInbox()
  await real?.stop()
  real = undefined
  appState.webhook = { saved: null, draft: null, eventTypes: [] }
  clearCommands()
})

const demoBike = (r: RealApi): number => r.sim.state.devicesOf(r.sim.state.users.get(r.userId)!)[0]!.id

describe('the events store', () => {
  it('loads the range with what the saved filter sends, and the draft beside it', async () => {
    const r = (real = await realApi())
    const bike = demoBike(r)
    const alarm = r.sim.injectEvent({ deviceId: bike, type: 'alarm', attributes: { alarm: 'sos' } })
    const moving = r.sim.injectEvent({ deviceId: bike, type: 'deviceMoving' })
    appState.webhook = {
      saved: { webhookUrl: 'https://hooks.example.com/', webhookTypes: 'alarm' },
      draft: { webhookUrl: 'https://hooks.example.com/' },
      eventTypes: ['alarm', 'deviceMoving'],
    }
    const store = new EventsStore(r.api)
    await store.load()
    expect(store.error).toBeNull()
    const row = (id: number) => store.rows.find((r) => r.id === id)
    expect(row(alarm.id)).toMatchObject({ type: 'alarm', alarm: 'sos', deviceId: bike })
    expect(row(moving.id)).toMatchObject({ type: 'deviceMoving', alarm: null })
    expect(store.target).toBe('https://hooks.example.com/')
    expect(store.savedSends).toBe(store.rows.filter((row) => row.type === 'alarm').length)
    expect(store.draftDiffers).toBe(true)
    expect(store.draftSends).toBe(store.rows.length)
  })

  it('adds live events pushed while connected, and stops following when disconnected', async () => {
    const r = (real = await realApi())
    const store = new EventsStore(r.api)
    const stop = store.connect()
    try {
      await until(() => !store.loading && store.loadedRange === '24h', 'the first load')
      await store.toggleLive(true)
      await until(() => store.socket?.state === 'open', 'the live socket to open')
      const before = store.rows.length
      r.sim.injectEvent({ deviceId: demoBike(r), type: 'alarm', attributes: { alarm: 'sos' } })
      await until(() => store.rows.length === before + 1, 'the live event')
      expect(store.rows[0]!.type).toBe('alarm')
    } finally {
      stop()
    }
  })

  it('offers the fixed types to the editor through a command', async () => {
    const r = (real = await realApi())
    appState.webhook = {
      saved: { webhookUrl: 'https://h.example.com/', webhookTypes: 'Alarm, geofenceEnter' },
      draft: null,
      eventTypes: ['alarm', 'geofenceEnter'],
    }
    const store = new EventsStore(r.api)
    expect(store.filterProblems.map((p) => p.raw)).toEqual(['Alarm', ' geofenceEnter'])
    expect(store.fixedTypes).toBe('alarm,geofenceEnter')
    store.fixInEditor()
    expect(appState.tab).toBe('webhook')
    expect(waiting()).toEqual([{ kind: 'webhook.useTypes', types: 'alarm,geofenceEnter' }])
  })

  it('refuses an incomplete custom range before asking the server', async () => {
    const r = (real = await realApi())
    const store = new EventsStore(r.api)
    store.preset = 'custom'
    store.customFrom = '2026-01-01T00:00'
    await store.load()
    expect(store.error?.code).toBe('form')
    expect(rangeOf('1h', '', '', new Date('2026-01-01T12:00:00Z'))).toEqual({
      from: '2026-01-01T11:00:00.000Z',
      to: '2026-01-01T12:00:00.000Z',
    })
  })
})

/** A connected store with three alarms loaded and the saved webhook pointing at the local receiver. */
async function withReceiver(psk: string, reply = { status: 200, delayMs: 0 }) {
  const r = (real = await realApi())
  const inbox = await r.api.startInbox({ port: 0 })
  if (!inbox.ok) throw new Error(inbox.error.message)
  await r.api.setInboxReply(reply)
  const bike = demoBike(r)
  const alarms = [1, 2, 3].map(
    () => r.sim.injectEvent({ deviceId: bike, type: 'alarm', attributes: { alarm: 'sos' } }).id,
  )
  appState.webhook = {
    saved: { webhookUrl: inbox.value.url!, webhookPsk: psk, webhookTypes: 'alarm' },
    draft: null,
    eventTypes: [],
  }
  const store = new EventsStore(r.api)
  const stop = store.connect()
  await until(() => !store.loading && store.rows.length > 0, 'the first load')
  const arrivals = async () => {
    const state = await r.api.getInbox()
    return state.ok ? state.value.arrivals : []
  }
  return { r, store, stop, alarms, arrivals }
}

describe('the events store backfill', () => {
  it('replays the chosen events to the saved webhook with its key, and sums up what was delivered', async () => {
    const { store, stop, alarms, arrivals } = await withReceiver('replay-key')
    try {
      store.toggle(alarms[0]!, true)
      store.toggle(alarms[1]!, true)
      store.toggle(alarms[2]!, true)
      store.toggle(alarms[2]!, false)
      expect([...store.selected].sort()).toEqual([alarms[0], alarms[1]].sort())
      store.jobSummary = { text: 'earlier', tone: 'warning' }
      await store.backfill([...store.selected])
      expect(store.jobSummary).toBeNull()
      await until(() => store.jobSummary !== null, 'the end of the backfill')
      expect(store.job).toBeNull()
      expect(store.jobSummary).toEqual({ text: t('events.done', { delivered: 2, failed: 0 }), tone: 'info' })
      expect(Object.keys(store.results).map(Number).sort()).toEqual([alarms[0], alarms[1]].sort())
      expect(store.results[alarms[0]!]).toMatchObject({ eventId: alarms[0], verdict: 'delivered' })
      const got = await arrivals()
      expect(got).toHaveLength(2)
      for (const a of got)
        expect(a.headers.find(([k]) => k.toLowerCase() === 'authorization')?.[1]).toBe('replay-key')
    } finally {
      stop()
    }
  })

  it('counts the deliveries as they come and the failures apart, and stops at the first failure', async () => {
    const { r, store, stop, alarms, arrivals } = await withReceiver('', { status: 500, delayMs: 0 })
    try {
      await store.backfill(alarms)
      await until(() => store.jobSummary !== null, 'the end of the backfill')
      expect(store.jobSummary).toEqual({
        text: t('events.stopped', { delivered: 0, failed: 1 }),
        tone: 'warning',
      })
      const got = await arrivals()
      expect(got).toHaveLength(1)
      // No key saved: no Authorization header at all.
      expect(got[0]!.headers.some(([k]) => k.toLowerCase() === 'authorization')).toBe(false)

      store.continueOnFailure = true
      await r.api.setInboxReply({ status: 500, delayMs: 300 })
      await store.backfill(alarms)
      await until(() => (store.job?.done ?? 0) >= 1, 'the first failure')
      expect(store.job).toMatchObject({ delivered: 0, failed: store.job!.done })
      await until(() => store.jobSummary !== null, 'the end of the second backfill')
      expect(store.jobSummary).toEqual({
        text: t('events.done', { delivered: 0, failed: 3 }),
        tone: 'warning',
      })
      expect(await arrivals()).toHaveLength(4)
    } finally {
      stop()
    }
  })

  it('sends all that the filter would send only once confirmed, and can be cancelled', async () => {
    const { store, stop, alarms, arrivals } = await withReceiver('k', { status: 200, delayMs: 400 })
    try {
      expect(store.wouldSendIds).toEqual(store.rows.filter((r) => r.type === 'alarm').map((r) => r.id))
      expect(store.wouldSendIds).toEqual(expect.arrayContaining(alarms))
      store.confirmIds = store.wouldSendIds
      const total = store.confirmIds.length
      store.confirmSendAll()
      expect(store.confirmIds).toBeNull()
      await until(() => store.job !== null, 'the job')
      expect(store.job).toMatchObject({ total, done: 0, delivered: 0, failed: 0 })
      await until(() => (store.job?.done ?? 0) >= 1, 'the first delivery')
      expect(store.job).toMatchObject({ delivered: store.job!.done, failed: 0 })
      store.cancelBackfill()
      await until(() => store.jobSummary !== null, 'the cancelled job')
      const sent = (await arrivals()).length
      expect(sent).toBeLessThan(total)
      expect(store.jobSummary!.text).toBe(t('events.cancelled', { delivered: sent, failed: 0, sent, total }))
      // Confirmed with nothing to send: nothing happens.
      store.confirmIds = null
      store.confirmSendAll()
      store.cancelBackfill()
      expect(store.job).toBeNull()
    } finally {
      stop()
    }
  })

  it('sends nothing without a saved URL, and says why the server refused a job', async () => {
    const r = (real = await realApi())
    const store = new EventsStore(r.api)
    await store.load()
    const ids = store.rows.map((row) => row.id).slice(0, 1)
    await store.backfill(ids)
    expect(store.job).toBeNull()
    expect(store.error).toBeNull()
    appState.webhook = { saved: { webhookUrl: 'ftp://127.0.0.1/' }, draft: null, eventTypes: [] }
    await store.backfill([])
    expect(store.error).toBeNull()
    await store.backfill(ids)
    expect(store.job).toBeNull()
    expect(store.error?.code).toBe('backfill.invalidUrl')
  })
})

describe('the events store list', () => {
  it('counts the events per type, most first, shows load progress, and leaves the live feed', async () => {
    const r = (real = await realApi())
    const bike = demoBike(r)
    for (const type of ['alarm', 'ignitionOn', 'alarm']) r.sim.injectEvent({ deviceId: bike, type })
    const store = new EventsStore(r.api)
    await store.load()
    const counts = new Map<string, number>()
    for (const row of store.rows) counts.set(row.type, (counts.get(row.type) ?? 0) + 1)
    expect(store.perType).toEqual([...counts].sort((a, b) => b[1] - a[1]))
    expect(store.perType[0]![1]).toBeGreaterThanOrEqual(store.perType.at(-1)![1])

    store.onPush({ type: 'events.progress', devicesDone: 1, devicesTotal: 3, events: 9 })
    expect(store.progress).toEqual({ done: 1, total: 3, events: 9 })
    const first = store.rows[0]!
    store.onPush({ type: 'events.live', event: first })
    expect(store.rows.filter((row) => row.id === first.id)).toHaveLength(1)
    store.onPush({ type: 'events.socket', state: 'closed', message: 'gone' })
    expect(store.socket).toEqual({ state: 'closed', message: 'gone' })
    // News of a job this store did not start is not its own.
    store.onPush({
      type: 'backfill.finished',
      jobId: 'other',
      delivered: 1,
      failed: 0,
      cancelled: false,
      stoppedOnFailure: false,
    })
    expect(store.jobSummary).toBeNull()
    store.live = true
    await store.toggleLive(false)
    expect(store.live).toBe(false)
    expect(store.socket).toBeNull()

    store.selected.add(first.id)
    store.results = {
      [first.id]: { eventId: first.id, verdict: 'delivered', status: 200, title: '', deliveryId: 'd' },
    }
    store.preset = '1h'
    await store.load()
    expect(store.loadedRange).toBe('1h')
    expect(store.selected.size).toBe(0)
    expect(store.results).toEqual({})
    expect(store.progress).toBeNull()
    expect(store.loading).toBe(false)

    await r.api.signOut()
    store.preset = '24h'
    await store.load()
    expect(store.error).not.toBeNull()
    expect(store.loadedRange).toBe('1h')
  })
})
