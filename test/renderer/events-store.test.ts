// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest'
import { appState } from '../../src/renderer/src/lib/app-state.svelte'
import { clearCommands, waiting } from '../../src/renderer/src/lib/commands.svelte'
import { rangeOf } from '../../src/renderer/src/views/events/events-range'
import { EventsStore } from '../../src/renderer/src/views/events/events.svelte'
import { realApi, until, type RealApi } from './real-api'

let real: RealApi | undefined
afterEach(async () => {
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
