// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest'
import { SEED_USERS } from '../../src/sim'
import { clearCommands, send, waiting } from '../../src/renderer/src/lib/commands.svelte'
import { appState } from '../../src/renderer/src/lib/app-state.svelte'
import { openedWebhook } from '../../src/renderer/src/views/webhook/webhook-access'
import { checkForm, formFrom, writeFrom } from '../../src/renderer/src/views/webhook/webhook-form'
import { shareWithApp, WebhookStore } from '../../src/renderer/src/views/webhook/webhook.svelte'
import { realApi, until, type RealApi } from './real-api'
import { t } from '$shared/i18n'
import { flushSync } from 'svelte'
import { toasts } from '../../src/renderer/src/ui/toasts.svelte'

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

  it('after a conflict keeps the server’s value where asked, also for a key changed on both sides', async () => {
    const { r, store } = await loaded()
    r.sim.mutateUser(r.userId, {
      attributes: { webhookUrl: 'https://elsewhere.example.com/', webhookTypes: 'deviceOnline' },
    })
    store.form.url = 'https://mine.example.com/'
    store.useTypes('alarm')
    await store.save()
    expect(store.conflict).not.toBeNull()
    await store.resolve({ webhookUrl: 'yours', webhookPsk: 'server', webhookTypes: 'server' })
    expect(store.conflict).toBeNull()
    expect(attributesOf(r, r.userId)).toMatchObject({
      webhookUrl: 'https://mine.example.com/',
      webhookTypes: 'deviceOnline',
    })
  })

  it('refuses to review a form with errors, and says why', async () => {
    const { store } = await loaded()
    store.form.url = 'not a url'
    store.openReview()
    expect(store.reviewing).toBe(false)
    expect(store.saveError).toEqual({ code: 'form', message: t('editor.fixFirst') })
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

describe('the webhook store outcomes', () => {
  const hookValues = { webhookUrl: 'https://on.example.com/', webhookPsk: 'k1', webhookTypes: 'alarm' }

  it('turns the webhook off, and says so', async () => {
    const r = (real = await realApi())
    r.sim.mutateUser(r.userId, { attributes: hookValues })
    const store = new WebhookStore(openedWebhook(r.api), r.userId)
    await store.load()
    expect(store.isOn).toBe(true)
    expect(store.savedStatus).not.toBe('')
    store.confirmOff = true
    const off = store.turnOff()
    expect(store.confirmOff).toBe(false)
    expect(store.saving).toBe(true)
    await off
    expect(store.saving).toBe(false)
    const attributes = attributesOf(r, r.userId)
    for (const key of Object.keys(hookValues)) expect(attributes).not.toHaveProperty(key)
    expect(store.isOn).toBe(false)
    expect(store.hook?.values).toEqual({})
    expect(toasts.at(-1)).toMatchObject({ tone: 'success', message: t('editor.saved') })
  })

  it('restores an earlier value from the history, and refuses an entry that is gone', async () => {
    const { r, store } = await loaded()
    store.form.url = 'https://first.example.com/'
    await store.save()
    store.form.url = 'https://second.example.com/'
    await store.save()
    expect(store.history).toHaveLength(2)
    const first = store.history.find((h) => JSON.stringify(h).includes('first.example.com'))!
    const restoring = store.restore(first)
    expect(store.saving).toBe(true)
    await restoring
    expect(store.saving).toBe(false)
    expect(store.refusedRestore).toBe(false)
    expect(attributesOf(r, r.userId).webhookUrl).toBe('https://first.example.com/')
    expect(store.form.url).toBe('https://first.example.com/')
    expect(toasts.at(-1)!.message).toMatch(/^Restored the values from /)
    expect(store.history).toHaveLength(3)

    await store.restore({ ...first, id: 'no-such-entry' })
    expect(store.saveError).not.toBeNull()
    expect(store.refusedRestore).toBe(true)
    // A new save clears the refusal.
    store.form.url = 'https://third.example.com/'
    await store.save()
    expect(store.refusedRestore).toBe(false)
    expect(store.saveError).toBeNull()
  })

  it('says the outcome is unknown when the answer and the re-read are lost, and checks again', async () => {
    const { r, store } = await loaded()
    // The save's first read passes; the PUT is carried out but its answer is lost, and so is the re-read.
    r.sim.faults.add({ method: 'GET', path: `/api/users/${r.userId}`, times: 1 })
    r.sim.faults.add({ method: 'PUT', path: '/api/users/*', action: 'apply-then-reset', times: 1 })
    r.sim.faults.add({ method: 'GET', path: `/api/users/${r.userId}`, action: 'reset', times: 1 })
    store.form.url = 'https://unknown.example.com/'
    await store.save()
    expect(store.unknownOutcome).toMatch(/not known whether/)
    expect(store.saveError).toBeNull()
    const checking = store.checkAgain()
    expect(store.saving).toBe(true)
    await checking
    expect(store.saving).toBe(false)
    expect(store.unknownOutcome).toBeNull()
    expect(store.hook?.values.webhookUrl).toBe('https://unknown.example.com/')
    expect(toasts.at(-1)).toMatchObject({ tone: 'success', message: t('editor.savedReread') })
    expect(store.history).toHaveLength(1)
    // Nothing is pending now: checking again says so.
    await store.checkAgain()
    expect(store.saveError?.code).toBe('save.nothingPending')
  })

  it('takes back the "Saved" notice when the next save meets a conflict', async () => {
    const { r, store } = await loaded()
    store.form.url = 'https://saved.example.com/'
    await store.save()
    const savedToast = toasts.at(-1)!
    expect(savedToast.tone).toBe('success')
    r.sim.mutateUser(r.userId, { attributes: { webhookUrl: 'https://elsewhere.example.com/' } })
    store.form.url = 'https://mine.example.com/'
    await store.save()
    expect(store.conflict).not.toBeNull()
    expect(toasts.some((toast) => toast.id === savedToast.id)).toBe(false)
    // Without a conflict there is nothing to resolve.
    store.conflict = null
    await store.resolve({ webhookUrl: 'yours', webhookPsk: 'yours', webhookTypes: 'yours' })
    expect(attributesOf(r, r.userId).webhookUrl).toBe('https://elsewhere.example.com/')
  })

  it('moves a near-miss attribute into the form and deletes it on save', async () => {
    const r = (real = await realApi())
    r.sim.mutateUser(r.userId, {
      attributes: { WebhookURL: 'https://near.example.com/', webhook_psk: 'near-key', webhooktypes: 'alarm' },
    })
    const store = new WebhookStore(openedWebhook(r.api), r.userId)
    await store.load()
    expect(store.pendingNearMisses.map((n) => n.key).sort()).toEqual([
      'WebhookURL',
      'webhook_psk',
      'webhooktypes',
    ])
    expect(store.dirty).toBe(false)
    for (const miss of [...store.pendingNearMisses]) store.moveNearMiss(miss)
    expect(store.pendingNearMisses).toEqual([])
    expect(store.form).toMatchObject({
      url: 'https://near.example.com/',
      psk: 'near-key',
      typesMode: 'list',
      types: ['alarm'],
    })
    expect(store.form.removeKeys.sort()).toEqual(['WebhookURL', 'webhook_psk', 'webhooktypes'])
    expect(store.dirty).toBe(true)
    await store.save()
    expect(attributesOf(r, r.userId)).toMatchObject({
      webhookUrl: 'https://near.example.com/',
      webhookPsk: 'near-key',
      webhookTypes: 'alarm',
    })
    for (const key of ['WebhookURL', 'webhook_psk', 'webhooktypes'])
      expect(attributesOf(r, r.userId)).not.toHaveProperty(key)
  })

  it('moves a near-miss URL into the URL only', async () => {
    const r = (real = await realApi())
    r.sim.mutateUser(r.userId, { attributes: { WebhookURL: 'https://near.example.com/' } })
    const store = new WebhookStore(openedWebhook(r.api), r.userId)
    await store.load()
    const before = { ...store.form }
    store.moveNearMiss(store.pendingNearMisses[0]!)
    expect(store.form).toEqual({
      ...before,
      url: 'https://near.example.com/',
      removeKeys: ['WebhookURL'],
    })
  })

  it('only removes a near-miss whose value is not text', async () => {
    const r = (real = await realApi())
    r.sim.mutateUser(r.userId, { attributes: { WebhookURL: 42 } })
    const store = new WebhookStore(openedWebhook(r.api), r.userId)
    await store.load()
    store.moveNearMiss(store.pendingNearMisses[0]!)
    expect(store.form.url).toBe('')
    expect(store.form.removeKeys).toEqual(['WebhookURL'])
    expect(store.dirty).toBe(true)
  })

  it('shows errors of values found on the server only once the user edits, and discards edits', async () => {
    const r = (real = await realApi())
    r.sim.mutateUser(r.userId, { attributes: { webhookUrl: 'not a url', webhookTypes: 'Alarm' } })
    const store = new WebhookStore(openedWebhook(r.api), r.userId)
    await store.load()
    expect(store.checks.url.error).not.toBeNull()
    expect(store.shown.url.error).toBeNull()
    expect(store.shown.url.warnings).toEqual(store.checks.url.warnings)
    expect(store.shown.types).toBeNull()
    store.openReview() // nothing changed: nothing to review
    expect(store.reviewing).toBe(false)
    expect(store.saveError).toBeNull()
    store.form.psk = 'edited'
    expect(store.shown).toEqual(store.checks)
    store.openReview()
    expect(store.saveError?.code).toBe('form')
    store.discardChanges()
    expect(store.saveError).toBeNull()
    expect(store.form.psk).toBe('')
    expect(store.dirty).toBe(false)
  })

  it('opens the review once, and not on a read-only account', async () => {
    const { store } = await loaded()
    store.form.url = 'https://review.example.com/'
    store.openReview()
    expect(store.reviewing).toBe(true)
    store.saveError = { code: 'form', message: 'kept' }
    store.openReview()
    expect(store.saveError).toEqual({ code: 'form', message: 'kept' })
    await real!.stop()
    real = undefined
    const ro = await loaded(SEED_USERS.readonly)
    ro.store.form.url = 'https://review.example.com/'
    ro.store.openReview()
    expect(ro.store.reviewing).toBe(false)
  })

  it('drops an offered draft on request, and re-reads draft and history after an unlock', async () => {
    const { r, store } = await loaded()
    await r.api.saveDraft({
      userId: r.userId,
      baseline: {},
      values: { webhookUrl: 'https://draft.example.com/' },
      removeKeys: [],
    })
    // A draft equal to what the server holds is not offered.
    await r.api.saveDraft({ userId: r.userId, baseline: {}, values: {}, removeKeys: [] })
    await store.reloadLocal()
    expect(store.offeredDraft).toBeNull()
    await r.api.saveDraft({ userId: r.userId, baseline: {}, values: {}, removeKeys: ['WebhookURL'] })
    await store.reloadLocal()
    expect(store.offeredDraft?.removeKeys).toEqual(['WebhookURL'])
    await r.api.saveDraft({
      userId: r.userId,
      baseline: {},
      values: { webhookUrl: 'https://draft.example.com/' },
      removeKeys: [],
    })
    const stop = shareWithApp(store)
    try {
      appState.localDataOpened++
      flushSync()
      await until(
        () => store.offeredDraft?.values.webhookUrl === 'https://draft.example.com/',
        'the re-read draft',
      )
    } finally {
      stop()
    }
    await store.discardOffered()
    expect(store.offeredDraft).toBeNull()
    const kept = await r.api.getDraft({ userId: r.userId })
    expect(kept.ok && kept.value.draft).toBeNull()
    store.restoreDraft() // nothing offered: nothing changes
    expect(store.dirty).toBe(false)
  })

  it('opens the review from the app menu', async () => {
    const { store } = await loaded()
    const stop = shareWithApp(store)
    try {
      store.form.url = 'https://menu.example.com/'
      send({ kind: 'webhook.review' })
      flushSync()
      expect(store.reviewing).toBe(true)
      send({ kind: 'webhook.useTypes', types: 'alarm,ignitionOn' })
      flushSync()
      expect(store.form).toMatchObject({ typesMode: 'list', types: ['alarm', 'ignitionOn'] })
      await until(() => appState.webhook.draft?.webhookTypes === 'alarm,ignitionOn', 'the shared draft')
    } finally {
      stop()
    }
  })
})

describe('the webhook store before and around its load', () => {
  it('claims nothing before it has loaded, and says when the load fails', async () => {
    const r = (real = await realApi())
    r.sim.faults.add({ method: 'GET', path: `/api/users/${r.userId}`, status: 500, times: 1 })
    const store = new WebhookStore(openedWebhook(r.api), r.userId)
    store.form.url = 'https://hooks.example.com/?a&b'
    expect(store).toMatchObject({
      historyLocked: false,
      draftsPersist: true,
      refusedRestore: false,
      confirmOff: false,
      escapingSeen: false,
      readonly: false,
      savedStatus: '',
      isOn: false,
      escapes: false,
      escapeRisk: false,
      pendingNearMisses: [],
    })
    expect(store.checks).toEqual(checkForm(store.form, []))
    expect(store.userId).toBe(r.userId)
    // Nothing loaded: nothing to go back to, and nothing for other views to change or see.
    store.discardChanges()
    expect(store.form.url).toBe('https://hooks.example.com/?a&b')
    const stop = shareWithApp(store)
    try {
      send({ kind: 'webhook.useUrl', url: 'http://127.0.0.1:9/inbox' })
      flushSync()
      expect(store.form.url).toBe('https://hooks.example.com/?a&b')
      expect(appState.webhook.eventTypes).toEqual([])
      expect(appState.webhook.saved).toBeNull()
    } finally {
      stop()
      clearCommands()
    }
    await store.load()
    expect(store.loadError).not.toBeNull()
    expect(store.hook).toBeNull()
    expect(store.history).toEqual([])
  })

  it('warns of escaping only on a server that may escape, and only for text it changes', async () => {
    const { store } = await loaded()
    store.hook = { ...store.hook!, escaping: 'no' }
    store.form.psk = 'a&b'
    expect(store.escapes).toBe(false)
    expect(store.escapeRisk).toBe(false)
    store.hook = { ...store.hook, escaping: 'yes' }
    expect(store.escapes).toBe(true)
    expect(store.escapeRisk).toBe(true)
    store.form.psk = 'plain'
    expect(store.escapeRisk).toBe(false)
  })

  it('shows the history it got and says when it is locked', async () => {
    const { store } = await loaded()
    const entry = { id: 'h1', time: '2026-01-01T00:00:00Z' } as unknown as (typeof store.history)[number]
    const noDraft = { ok: true as const, value: { draft: null, persistent: false } }
    store.showLocal(noDraft, { ok: true, value: [entry] })
    expect(store.history).toEqual([entry])
    expect(store.historyLocked).toBe(false)
    expect(store.draftsPersist).toBe(false)
    store.showLocal(noDraft, { ok: false, error: { code: 'data.locked', message: 'locked' } })
    expect(store.historyLocked).toBe(true)
    expect(store.history).toEqual([entry])
    store.showLocal(noDraft, { ok: false, error: { code: 'data.busy', message: 'busy' } })
    expect(store.historyLocked).toBe(false)
  })
})

describe('the webhook store on the less travelled paths', () => {
  it('saves text an escaping server changes only when told to, and says which key it changed', async () => {
    const r = (real = await realApi(SEED_USERS.demo, { sim: { flavor: '4.12' } }))
    const store = new WebhookStore(openedWebhook(r.api), r.userId)
    await store.load()
    const before = attributesOf(r, r.userId).webhookPsk
    store.form.url = 'https://hooks.example.com/?a=1&b=2'
    store.form.psk = 'a&b'
    await store.save()
    expect(store.saveError?.code).toBe('save.willBeEscaped')
    expect(attributesOf(r, r.userId).webhookPsk).toBe(before)
    await store.save(writeFrom(store.form), store.form.removeKeys, store.baseline, true)
    expect(store.saveError).toBeNull()
    expect(toasts.at(-1)).toMatchObject({
      tone: 'warning',
      message: t('editor.savedEscaped', { keys: 'webhookUrl, webhookPsk' }),
    })
  })

  it('after a conflict still deletes the moved near-misses the server has, and only those', async () => {
    const r = (real = await realApi())
    r.sim.mutateUser(r.userId, {
      attributes: {
        WebhookURL: 'https://near.example.com/',
        webhook_psk: 'near-key',
        webhooktypes: 'alarm',
      },
    })
    const store = new WebhookStore(openedWebhook(r.api), r.userId)
    await store.load()
    for (const miss of [...store.pendingNearMisses]) store.moveNearMiss(miss)
    r.sim.mutateUser(r.userId, {
      attributes: { webhookTypes: 'alarm' },
      removeAttributes: ['webhook_psk'],
    })
    await store.save()
    expect(store.conflict).not.toBeNull()
    const resolving = store.resolve({ webhookUrl: 'yours', webhookPsk: 'yours', webhookTypes: 'server' })
    // The key deleted elsewhere meanwhile is no longer the form's to delete.
    expect([...store.form.removeKeys].sort()).toEqual(['WebhookURL', 'webhooktypes'])
    await resolving
    expect(store.conflict).toBeNull()
    expect(store.saveError).toBeNull()
    const attributes = attributesOf(r, r.userId)
    expect(attributes).toMatchObject({
      webhookUrl: 'https://near.example.com/',
      webhookPsk: 'near-key',
      webhookTypes: 'alarm',
    })
    expect(attributes).not.toHaveProperty('WebhookURL')
    expect(attributes).not.toHaveProperty('webhooktypes')
  })

  it('drops the kept draft once the edits are taken back', async () => {
    const { r, store } = await loaded()
    /** The kept draft's URL ('none': no draft) once it is `expected`, or as last read after 3 s. */
    const draftUrl = async (expected: string): Promise<string | undefined> => {
      let url: string | undefined
      for (let i = 0; i < 60 && url !== expected; i++) {
        if (i > 0) await new Promise((resolve) => setTimeout(resolve, 50))
        const kept = await r.api.getDraft({ userId: r.userId })
        url = kept.ok ? (kept.value.draft ? (kept.value.draft.values.webhookUrl ?? '') : 'none') : undefined
      }
      return url
    }
    const stop = store.autosave()
    try {
      store.form.url = 'https://kept.example.com/'
      expect(await draftUrl('https://kept.example.com/')).toBe('https://kept.example.com/')
      store.discardChanges()
      expect(await draftUrl('none')).toBe('none')
    } finally {
      stop()
    }
  })

  it('tells the status bar what the server shows of its escaping', async () => {
    const { r, store } = await loaded()
    const session = await r.api.getSession()
    if (!session.ok || !session.value) throw new Error('not signed in')
    appState.session = { ...session.value, escaping: 'no' }
    const stop = shareWithApp(store)
    try {
      store.hook = { ...store.hook!, escaping: 'likely' }
      flushSync()
      expect(appState.session.escaping).toBe('likely')
    } finally {
      stop()
      appState.session = null
    }
  })

  it('keeps an offered draft until the user answers: the autosave does not write over it', async () => {
    const { r, store } = await loaded()
    const offered = { baseline: {}, values: { webhookUrl: 'https://offered.example.com/' }, removeKeys: [] }
    await r.api.saveDraft({ userId: r.userId, ...offered })
    await store.reloadLocal()
    expect(store.offeredDraft?.values).toEqual(offered.values)
    const stop = store.autosave()
    try {
      store.form.url = 'https://typed.example.com/'
      await new Promise((resolve) => setTimeout(resolve, 600)) // past the draft delay
    } finally {
      stop()
    }
    const kept = await r.api.getDraft({ userId: r.userId })
    expect(kept.ok && kept.value.draft?.values).toEqual(offered.values)
  })
})
