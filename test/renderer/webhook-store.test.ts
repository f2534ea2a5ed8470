// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest'
import { SEED_USERS } from '../../src/sim'
import { clearCommands, send, waiting } from '../../src/renderer/src/lib/commands.svelte'
import { appState } from '../../src/renderer/src/lib/app-state.svelte'
import { openedWebhook } from '../../src/renderer/src/views/webhook/webhook-access'
import { checkForm, formFrom } from '../../src/renderer/src/views/webhook/webhook-form'
import { shareWithApp, WebhookStore } from '../../src/renderer/src/views/webhook/webhook.svelte'
import { realApi, until, type RealApi } from './real-api'

let real: RealApi | undefined
afterEach(async () => {
  await real?.stop()
  real = undefined
})

const attributesOf = (r: RealApi, userId: number) =>
  r.sim.state.users.get(userId)!.json.attributes as Record<string, unknown>

async function loaded(
  user: { email: string; password: string } = SEED_USERS.demo,
): Promise<{ r: RealApi; store: WebhookStore }> {
  const r = (real = await realApi(user))
  const store = new WebhookStore(openedWebhook(r.api), r.userId)
  await store.load()
  return { r, store }
}

describe('the webhook store', () => {
  it('loads whose webhook it is, and saves only what the form changed', async () => {
    const { r, store } = await loaded()
    expect(store.loadError).toBeNull()
    expect(store.hook?.userId).toBe(r.userId)
    expect(store.userId).toBe(r.userId)
    expect(store.dirty).toBe(false)

    store.form.url = 'https://hooks.example.com/store'
    store.useTypes('alarm,geofenceEnter')
    expect(store.dirty).toBe(true)
    expect(store.changes.map((c) => c.key).sort()).toEqual(['webhookTypes', 'webhookUrl'])
    store.openReview()
    expect(store.reviewing).toBe(true)
    await store.save()

    expect(store.saveError).toBeNull()
    expect(store.reviewing).toBe(false)
    expect(attributesOf(r, r.userId)).toMatchObject({
      webhookUrl: 'https://hooks.example.com/store',
      webhookTypes: 'alarm,geofenceEnter',
    })
    expect(store.dirty).toBe(false)
    expect(store.history).toHaveLength(1)
  })

  it('stops at a change made elsewhere meanwhile and writes nothing', async () => {
    const { r, store } = await loaded()
    r.sim.mutateUser(r.userId, { attributes: { webhookUrl: 'https://elsewhere.example.com/' } })
    store.form.url = 'https://mine.example.com/'
    await store.save()
    expect(store.conflict?.values.webhookUrl).toBe('https://elsewhere.example.com/')
    expect(attributesOf(r, r.userId).webhookUrl).toBe('https://elsewhere.example.com/')

    await store.resolve({ webhookUrl: 'yours', webhookPsk: 'server', webhookTypes: 'server' })
    expect(store.conflict).toBeNull()
    expect(attributesOf(r, r.userId).webhookUrl).toBe('https://mine.example.com/')
  })

  it('refuses to review a form with errors, and says why', async () => {
    const { store } = await loaded()
    store.form.url = 'not a url'
    store.openReview()
    expect(store.reviewing).toBe(false)
    expect(store.saveError?.code).toBe('form')
  })

  it('keeps the edits as a draft that a new store offers back', async () => {
    const { r, store } = await loaded()
    const stop = store.autosave()
    store.form.url = 'https://draft.example.com/'
    try {
      for (let i = 0; i < 100; i++) {
        const kept = await r.api.getDraft({ userId: r.userId })
        if (kept.ok && kept.value.draft) break
        await new Promise((resolve) => setTimeout(resolve, 50))
      }
    } finally {
      stop()
    }
    const again = new WebhookStore(openedWebhook(r.api), r.userId)
    await again.load()
    expect(again.offeredDraft?.values.webhookUrl).toBe('https://draft.example.com/')
    again.restoreDraft()
    expect(again.form.url).toBe('https://draft.example.com/')
    expect(again.dirty).toBe(true)
  })

  it('keeps the draft of an opened managed account with it, and offers it back there', async () => {
    const r = (real = await realApi(SEED_USERS.manager))
    const rider = SEED_USERS.rider1.id
    expect((await r.api.openAccount({ userId: rider })).ok).toBe(true)
    // The editor is made with the signed-in user's id and learns whose webhook it is from the load.
    const store = new WebhookStore(openedWebhook(r.api), r.userId)
    await store.load()
    expect(store.userId).toBe(rider)
    const stop = store.autosave()
    store.form.url = 'https://rider.example.com/draft'
    try {
      await until(() => store.offeredDraft === null && store.dirty, 'the edit')
      for (let i = 0; i < 100; i++) {
        const kept = await r.api.getDraft({ userId: rider })
        if (kept.ok && kept.value.draft) break
        await new Promise((resolve) => setTimeout(resolve, 50))
      }
    } finally {
      stop()
    }
    const again = new WebhookStore(openedWebhook(r.api), r.userId)
    await again.load()
    expect(again.offeredDraft?.values.webhookUrl).toBe('https://rider.example.com/draft')
    expect((await r.api.openAccount({ userId: null })).ok).toBe(true)
    const own = new WebhookStore(openedWebhook(r.api), r.userId)
    await own.load()
    expect(own.loadError).toBeNull()
    expect(own.offeredDraft).toBeNull()
  })

  it('takes the inbox URL and the fixed types only once it can edit, then shares its values', async () => {
    const { r, store } = await loaded()
    send({ kind: 'webhook.useUrl', url: 'http://127.0.0.1:9/inbox' })
    const stop = shareWithApp(store)
    try {
      await until(() => store.form.url === 'http://127.0.0.1:9/inbox', 'the URL to arrive')
      expect(waiting()).toEqual([])
      await until(() => appState.dirty, 'the window to see unsaved changes')
      expect(appState.webhook.draft?.webhookUrl).toBe('http://127.0.0.1:9/inbox')
      expect(appState.webhook.saved).toEqual(store.hook?.values)
    } finally {
      stop()
    }
    expect(r.userId).toBe(SEED_USERS.demo.id)
  })

  it('on a read-only account takes no values from other views', async () => {
    const { store } = await loaded(SEED_USERS.readonly)
    expect(store.readonly).toBe(true)
    const stop = shareWithApp(store)
    send({ kind: 'webhook.useUrl', url: 'http://127.0.0.1:9/inbox' })
    await new Promise((resolve) => setTimeout(resolve, 50))
    stop()
    expect(store.form.url).toBe('')
    expect(waiting()).toEqual([{ kind: 'webhook.useUrl', url: 'http://127.0.0.1:9/inbox' }])
    clearCommands()
    expect(waiting()).toEqual([])
  })
})

describe('the form checks', () => {
  it('needs at least one type in list mode and flags a misspelt one', () => {
    const form = formFrom({ webhookUrl: 'https://hooks.example.com/', webhookTypes: 'alarm' })
    expect(checkForm(form, ['alarm']).ok).toBe(true)
    expect(checkForm({ ...form, types: [] }, ['alarm']).types).toMatch(/type/)
    expect(checkForm({ ...form, types: ['Alarm'] }, ['alarm']).ok).toBe(false)
  })

  it('lets an empty form through: that turns the webhook off', () => {
    expect(checkForm(formFrom({}), []).ok).toBe(true)
  })
})
