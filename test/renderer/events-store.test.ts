// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest'
import { flushSync } from 'svelte'
import type { PushEvent } from '$shared/contract'
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

  it('starts with nothing loaded, not live or polling, on the last 24 hours, and says when it loads', async () => {
    const r = (real = await realApi())
    const store = new EventsStore(r.api)
    const { preset, customFrom, customTo, rows, loading, progress, error, loadedRange, live, socket, poll } =
      store
    expect({
      preset,
      customFrom,
      customTo,
      rows,
      loading,
      progress,
      error,
      loadedRange,
      live,
      socket,
      poll,
    }).toEqual({
      preset: '24h',
      customFrom: '',
      customTo: '',
      rows: [],
      loading: false,
      progress: null,
      error: null,
      loadedRange: '24h',
      live: false,
      socket: null,
      poll: false,
    })
    expect({ job: store.job, jobSummary: store.jobSummary, confirmIds: store.confirmIds }).toEqual({
      job: null,
      jobSummary: null,
      confirmIds: null,
    })
    store.error = { code: 'form', message: 'earlier' }
    const loaded = store.load()
    expect(store.loading).toBe(true)
    expect(store.error).toBeNull()
    await loaded
    expect(store.loading).toBe(false)
    expect(store.rows.length).toBeGreaterThan(0)
  })

  it('compares the draft types with the saved ones, and counts what the draft would send', async () => {
    const r = (real = await realApi())
    const bike = demoBike(r)
    for (const type of ['alarm', 'deviceMoving', 'deviceMoving']) r.sim.injectEvent({ deviceId: bike, type })
    const url = 'https://hooks.example.com/'
    const saved = { webhookUrl: url, webhookTypes: 'alarm' }
    appState.webhook = { saved, draft: null, eventTypes: ['alarm', 'deviceMoving'] }
    const store = new EventsStore(r.api)
    await store.load()
    const ofType = (type: string) => store.rows.filter((row) => row.type === type).length
    expect(ofType('deviceMoving')).toBeGreaterThan(ofType('alarm'))
    expect(store.draftDiffers).toBe(false)
    expect(store.draftSends).toBe(0)
    appState.webhook = { saved, draft: { webhookUrl: url, webhookTypes: 'alarm' }, eventTypes: [] }
    expect(store.draftDiffers).toBe(false)
    expect(store.draftSends).toBe(ofType('alarm'))
    appState.webhook = { saved, draft: { webhookUrl: url, webhookTypes: 'deviceMoving' }, eventTypes: [] }
    expect(store.draftDiffers).toBe(true)
    expect(store.draftSends).toBe(ofType('deviceMoving'))
    expect(store.savedSends).toBe(ofType('alarm'))
  })

  it('lists only the type entries that need fixing, and has nothing to fix without a list', async () => {
    const r = (real = await realApi())
    const store = new EventsStore(r.api)
    appState.webhook = {
      saved: { webhookUrl: 'https://h.example.com/', webhookTypes: 'alarm, geofenceEnter' },
      draft: null,
      eventTypes: ['alarm', 'geofenceEnter'],
    }
    expect(store.filterProblems.map((p) => p.raw)).toEqual([' geofenceEnter'])
    expect(store.fixedTypes).toBe('alarm,geofenceEnter')
    appState.webhook = { saved: { webhookUrl: 'https://h.example.com/' }, draft: null, eventTypes: ['alarm'] }
    expect(store.filterProblems).toEqual([])
    expect(store.fixedTypes).toBeNull()
    appState.tab = 'events'
    store.fixInEditor()
    expect(appState.tab).toBe('events')
    expect(waiting()).toEqual([])
  })

  it('reloads every 30 s while polling, and no more once polling is off or the view is left', async () => {
    const r = (real = await realApi())
    // Only the interval is faked: the loads themselves go over real HTTP on real timers.
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] })
    try {
      const store = new EventsStore(r.api)
      const stop = store.connect()
      await until(() => !store.loading, 'the first load')
      const reloadsAfter = async (ms: number) => {
        flushSync()
        vi.advanceTimersByTime(ms)
        const reloading = store.loading
        await until(() => !store.loading, 'the reload')
        return reloading
      }
      expect(await reloadsAfter(30_000)).toBe(false)
      store.poll = true
      expect(await reloadsAfter(29_999)).toBe(false)
      expect(await reloadsAfter(1)).toBe(true)
      expect(await reloadsAfter(30_000)).toBe(true)
      store.poll = false
      expect(await reloadsAfter(30_000)).toBe(false)
      store.poll = true
      flushSync()
      stop()
      expect(await reloadsAfter(30_000)).toBe(false)
      // Nor does it follow pushed news any more.
      store.onPush({ type: 'events.progress', devicesDone: 0, devicesTotal: 1, events: 0 })
      const progress = store.progress
      await r.api.listEvents({
        from: new Date(Date.now() - 3_600_000).toISOString(),
        to: new Date().toISOString(),
      })
      expect(store.progress).toBe(progress)
    } finally {
      vi.useRealTimers()
    }
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
    expect(store.error).toEqual({ code: 'form', message: t('events.chooseRange') })
    expect(rangeOf('1h', '', '', new Date('2026-01-01T12:00:00Z'))).toEqual({
      from: '2026-01-01T11:00:00.000Z',
      to: '2026-01-01T12:00:00.000Z',
    })
  })
})

const otherJobFinished: PushEvent = {
  type: 'backfill.finished',
  jobId: 'other',
  delivered: 5,
  failed: 5,
  cancelled: true,
  stoppedOnFailure: false,
}

/** A connected store with three alarms loaded and the saved webhook pointing at the local receiver. */
async function withReceiver(psk: unknown, reply = { status: 200, delayMs: 0 }) {
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
      expect(store.jobSummary).not.toBeNull()
      store.cancelBackfill()
      expect(store.job).toBeNull()
    } finally {
      stop()
    }
  })

  it('counts failed requests as sent when a job is cancelled', async () => {
    const { store, stop, alarms, arrivals } = await withReceiver('k', { status: 500, delayMs: 200 })
    try {
      store.continueOnFailure = true
      await store.backfill(alarms)
      await until(() => (store.job?.done ?? 0) >= 1, 'the first failure')
      store.cancelBackfill()
      await until(() => store.jobSummary !== null, 'the cancelled job')
      const sent = (await arrivals()).length
      expect(sent).toBeGreaterThan(0)
      expect(store.jobSummary).toEqual({
        text: t('events.cancelled', { delivered: 0, failed: sent, sent, total: alarms.length }),
        tone: 'warning',
      })
    } finally {
      stop()
    }
  })

  it('sends without a key when the saved key is not text, as the Test view does', async () => {
    const { store, stop, alarms, arrivals } = await withReceiver(1234)
    try {
      await store.backfill([alarms[0]!])
      expect(store.error).toBeNull()
      expect(store.job).not.toBeNull()
      await until(() => store.jobSummary !== null, 'the end of the backfill')
      expect(store.jobSummary!.text).toBe(t('events.done', { delivered: 1, failed: 0 }))
      const got = await arrivals()
      expect(got[0]!.headers.some(([k]) => k.toLowerCase() === 'authorization')).toBe(false)
    } finally {
      stop()
    }
  })

  it('keeps the news of a job that finishes before its start call returns, and only its own', async () => {
    const { r, stop, alarms } = await withReceiver('k')
    // Over IPC a push can overtake the answer to the call that started the job: here the answer
    // waits until the real job has finished, with news of another job in between.
    const finished = new Set<string>()
    const unsubscribe = r.api.onEvent((e: PushEvent) => {
      if (e.type === 'backfill.finished') finished.add(e.jobId)
    })
    const store: EventsStore = new EventsStore({
      ...r.api,
      startBackfill: async (input) => {
        const started = await r.api.startBackfill(input)
        store.onPush(otherJobFinished)
        if (started.ok) await until(() => finished.has(started.value.jobId), 'the job to finish')
        return started
      },
    })
    const leave = store.connect()
    try {
      await until(() => !store.loading && store.rows.length > 0, 'the first load')
      await store.backfill([alarms[0]!, alarms[1]!])
      expect(store.job).toBeNull()
      expect(store.jobSummary).toEqual({ text: t('events.done', { delivered: 2, failed: 0 }), tone: 'info' })
      expect(Object.keys(store.results).map(Number).sort()).toEqual([alarms[0], alarms[1]].sort())
    } finally {
      unsubscribe()
      leave()
      stop()
    }
  })

  it('starts one job when asked again before the first start call has returned', async () => {
    const { store, stop, alarms, arrivals } = await withReceiver('k')
    try {
      const first = store.backfill([alarms[0]!])
      // The Send buttons wait while the start call is pending.
      expect(store.starting).toBe(true)
      await Promise.all([first, store.backfill([alarms[0]!])])
      expect(store.starting).toBe(false)
      await until(() => store.jobSummary !== null, 'the end of the backfill')
      expect(store.jobSummary!.text).toBe(t('events.done', { delivered: 1, failed: 0 }))
      expect(await arrivals()).toHaveLength(1)
    } finally {
      stop()
    }
  })

  it('lets the next start through after a start call that failed outright', async () => {
    const { r, stop, alarms, arrivals } = await withReceiver('k')
    let calls = 0
    const store = new EventsStore({
      ...r.api,
      startBackfill: async (input) => {
        if (++calls === 1) throw new Error('the main process did not answer')
        return r.api.startBackfill(input)
      },
    })
    const leave = store.connect()
    try {
      await until(() => !store.loading && store.rows.length > 0, 'the first load')
      await expect(store.backfill([alarms[0]!])).rejects.toThrow('did not answer')
      expect(store.starting).toBe(false)
      await store.backfill([alarms[0]!])
      await until(() => store.jobSummary !== null, 'the end of the backfill')
      expect(calls).toBe(2)
      expect(await arrivals()).toHaveLength(1)
    } finally {
      leave()
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
    store.onPush(otherJobFinished)
    expect(store.jobSummary).toBeNull()
    // Nor is news that is not about a job at all.
    store.onPush({ type: 'server.slow', slow: true })
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
