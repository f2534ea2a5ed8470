// @vitest-environment happy-dom
import { flushSync, mount, unmount } from 'svelte'
import { afterEach, describe, expect, it } from 'vitest'
import { t } from '$shared/i18n'
import { SEED_USERS } from '../../src/sim'
import { appState } from '../../src/renderer/src/lib/app-state.svelte'
import { accounts } from '../../src/renderer/src/views/accounts/accounts.svelte'
import { leaveEditor } from '../../src/renderer/src/views/webhook/leave-editor.svelte'
import { openedWebhook } from '../../src/renderer/src/views/webhook/webhook-access'
import { shareWithApp, WebhookStore } from '../../src/renderer/src/views/webhook/webhook.svelte'
import Home from '../../src/renderer/src/views/Home.svelte'
import { realApi, until, type RealApi } from './real-api'

let real: RealApi | undefined
let view: Record<string, unknown> | undefined
afterEach(async () => {
  if (view) await unmount(view)
  view = undefined
  document.body.innerHTML = ''
  await real?.stop()
  real = undefined
  appState.tab = 'webhook'
})

const button = (name: string): HTMLButtonElement | undefined =>
  [...document.querySelectorAll('button')].find(
    (b) => b.textContent?.trim() === name || b.getAttribute('aria-label') === name,
  )
const leaveDialog = (): HTMLDialogElement | undefined =>
  [...document.querySelectorAll('dialog')].find(
    (d) => d.querySelector('h2')?.textContent === t('editor.leave.title'),
  )
const urlField = (): HTMLInputElement => document.getElementById('url') as HTMLInputElement
function type(input: HTMLInputElement, value: string): void {
  input.value = value
  input.dispatchEvent(new Event('input', { bubbles: true }))
  flushSync()
}
const attributesOf = (r: RealApi, userId: number) =>
  r.sim.state.users.get(userId)!.json.attributes as Record<string, unknown>

/** The whole signed-in window for the manager, on the own webhook, with its accounts listed. */
async function managerWindow(): Promise<{ r: RealApi; riderId: number; rider: string }> {
  const r = (real = await realApi(SEED_USERS.manager, { users: 40 }))
  const session = await window.api.getSession()
  if (!session.ok || !session.value) throw new Error('not signed in')
  appState.session = session.value
  view = mount(Home, {
    target: document.body.appendChild(document.createElement('div')),
    props: { session: session.value, onsignout: async () => {}, onswitch: () => {} },
  })
  await until(() => !!urlField(), 'the own webhook in the editor')
  appState.tab = 'accounts'
  await until(() => accounts.loaded, 'the managed accounts')
  const rider = accounts.shown.find((a) => !a.readonly && a.nearMisses.length === 0)!
  accounts.query = rider.email
  flushSync()
  return { r, riderId: rider.userId, rider: rider.name || rider.email }
}

describe('leaving the editor with unsaved changes', () => {
  it('asks before opening another account: Stay keeps the changes, Discard drops them and their draft', async () => {
    const { r, riderId, rider } = await managerWindow()
    type(urlField(), 'https://own.example.com/unsaved')
    expect(appState.dirty).toBe(true)

    button(t('accounts.openOne', { name: rider }))!.click()
    flushSync()
    expect(leaveDialog()?.textContent).toContain(t('editor.leave.bodyOwn'))
    button(t('editor.leave.stay'))!.click()
    flushSync()
    expect(leaveDialog()).toBeUndefined()
    expect(accounts.target).toBeNull()
    expect(urlField().value).toBe('https://own.example.com/unsaved')

    // The autosave keeps a draft meanwhile; Discard drops it with the changes.
    await new Promise((resolve) => setTimeout(resolve, 600))
    const kept = await window.api.getDraft({ userId: r.userId })
    expect(kept.ok && kept.value.draft?.values.webhookUrl).toBe('https://own.example.com/unsaved')
    button(t('accounts.openOne', { name: rider }))!.click()
    flushSync()
    ;[...leaveDialog()!.querySelectorAll('button')]
      .find((b) => b.textContent?.trim() === t('editor.discardChanges'))!
      .click()
    await until(() => accounts.target?.userId === riderId, 'the rider opened')
    expect(appState.tab).toBe('webhook')
    await until(() => document.querySelector('[data-testid="target-banner"]') !== null, 'the banner')
    expect(attributesOf(r, r.userId).webhookUrl).not.toBe('https://own.example.com/unsaved')

    // Back on the own webhook, no draft is offered: it went with the changes.
    button(t('accounts.target.back'))!.click()
    await until(() => accounts.target?.own === true, 'the own webhook again')
    const draft = await window.api.getDraft({ userId: r.userId })
    expect(draft.ok && draft.value.draft).toBeNull()
  })

  it('"Back to my webhook" asks too: Review and save saves the opened account, then goes back', async () => {
    const { r, riderId, rider } = await managerWindow()
    button(t('accounts.openOne', { name: rider }))!.click()
    await until(() => accounts.target?.userId === riderId, 'the rider opened')
    await until(() => !!urlField() && appState.webhook.saved !== null, 'its webhook in the editor')
    type(urlField(), 'https://rider.example.com/saved-first')

    button(t('accounts.target.back'))!.click()
    flushSync()
    const dialog = leaveDialog()!
    expect(dialog.textContent).toContain(
      t('editor.leave.bodyOther', { name: rider, email: accounts.target!.email }),
    )
    const save = [...dialog.querySelectorAll('button')].find(
      (b) => b.textContent?.trim() === t('editor.leave.save'),
    )!
    save.click()
    flushSync()
    expect(accounts.target?.userId).toBe(riderId)
    await until(() => !!button(t('review.save')), 'the review')
    button(t('review.save'))!.click()
    await until(() => accounts.target?.own === true, 'back on the own webhook')
    expect(attributesOf(r, riderId).webhookUrl).toBe('https://rider.example.com/saved-first')
    expect(attributesOf(r, r.userId).webhookUrl).not.toBe('https://rider.example.com/saved-first')
  })

  it('a review closed without saving calls the move off', async () => {
    const { riderId, rider } = await managerWindow()
    type(urlField(), 'https://own.example.com/not-saved')
    button(t('accounts.openOne', { name: rider }))!.click()
    flushSync()
    button(t('editor.leave.save'))!.click()
    await until(() => !!button(t('review.save')), 'the review')
    expect(appState.tab).toBe('webhook')
    button(t('review.keepEditing'))!.click()
    await new Promise((resolve) => setTimeout(resolve, 200))
    expect(accounts.target?.userId).not.toBe(riderId)
    expect(urlField().value).toBe('https://own.example.com/not-saved')
  })
})

describe('the leave question without the window', () => {
  /** The signed-in demo account's editor, shared with the app, holding an unsaved URL. */
  async function dirtyEditor(): Promise<{ store: WebhookStore; stop: () => void }> {
    const r = (real = await realApi())
    const store = new WebhookStore(openedWebhook(r.api), r.userId)
    await store.load()
    const stop = shareWithApp(store)
    store.form.url = 'https://leave.example.com/'
    flushSync()
    expect(appState.dirty).toBe(true)
    return { store, stop }
  }

  it('moves on at once once the editor that registered has gone, not while another is there', async () => {
    const { store, stop } = await dirtyEditor()
    const other = shareWithApp(store) // the same editor shown again registers anew
    let moves = 0
    stop() // the first editor leaves; the second stays registered
    leaveEditor.guard(() => moves++)
    expect(moves).toBe(0)
    leaveEditor.stay()
    other()
    leaveEditor.guard(() => moves++)
    expect(moves).toBe(1)
    expect(leaveEditor.waiting).toBeNull()
    expect(store.dirty).toBe(true)
  })

  it('runs one answer at a time, keeps the question while it runs, and does nothing without a move', async () => {
    const { store, stop } = await dirtyEditor()
    try {
      await leaveEditor.discard() // nothing asked: nothing discarded
      expect(store.dirty).toBe(true)
      let moves = 0
      const move = (): void => void moves++
      leaveEditor.guard(move)
      const first = leaveEditor.discard()
      const second = leaveEditor.discard()
      leaveEditor.stay() // busy: the question stays until the answer is through
      expect(leaveEditor.waiting).toBe(move)
      await Promise.all([first, second])
      expect(moves).toBe(1)
      expect(store.dirty).toBe(false)
      expect(leaveEditor.waiting).toBeNull()
    } finally {
      stop()
    }
  })

  it('calls the move off when there is nothing to review, or the editor goes away during the review', async () => {
    const { store, stop } = await dirtyEditor()
    let moves = 0
    try {
      store.form.url = 'not a url' // a form with errors opens no review
      flushSync()
      leaveEditor.guard(() => moves++)
      await leaveEditor.save()
      expect(store.reviewing).toBe(false)
      expect(moves).toBe(0)
      store.form.url = 'https://leave.example.com/'
      flushSync()
      leaveEditor.guard(() => moves++)
    } catch (error) {
      stop()
      throw error
    }
    const saving = leaveEditor.save()
    expect(store.reviewing).toBe(true)
    stop()
    await saving
    expect(moves).toBe(0)
    expect(leaveEditor.busy).toBe(false)
  })
})
