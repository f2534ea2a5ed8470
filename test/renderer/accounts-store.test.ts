// @vitest-environment happy-dom
import { flushSync, mount, unmount } from 'svelte'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { SessionInfo } from '$shared/contract'
import { t, tn } from '$shared/i18n'
import { SEED_USERS } from '../../src/sim'
import { accounts } from '../../src/renderer/src/views/accounts/accounts.svelte'
import BatchResults from '../../src/renderer/src/views/accounts/BatchResults.svelte'
import TargetBanner from '../../src/renderer/src/views/accounts/TargetBanner.svelte'
import { realApi, until, type RealApi } from './real-api'

// One simulator and one window.api for the file: the accounts store is the window's one store and
// listens to the api it first saw, as the app's does.
let real: RealApi
beforeAll(async () => {
  real = await realApi(SEED_USERS.manager, { users: 40 })
})
afterAll(() => real.stop())

let view: Record<string, unknown> | undefined
afterEach(async () => {
  if (view) await unmount(view)
  view = undefined
  document.body.innerHTML = ''
  real.sim.faults.clear()
})

/** A fresh sign-in of the manager, as the sign-in screen makes one (a new session each time). */
async function signIn(): Promise<SessionInfo> {
  const { manager } = SEED_USERS
  const result = await window.api.signIn({
    server: real.sim.url,
    method: 'password',
    email: manager.email,
    secret: manager.password,
    remember: false,
  })
  if (!result.ok) throw new Error(result.error.message)
  return result.value
}

/** Managed accounts a bulk change can save as they are (writable, no near-miss key to fix first). */
const plain = (): number[] =>
  accounts.accounts
    .filter((a) => !a.readonly && !a.disabled && !a.manager && a.nearMisses.length === 0)
    .map((a) => a.userId)

const button = (name: string): HTMLButtonElement | undefined =>
  [...document.querySelectorAll('button')].find((b) => b.textContent?.trim() === name)
const dialogTitled = (title: string): HTMLDialogElement | undefined =>
  [...document.querySelectorAll('dialog')].find((d) => d.querySelector('h2')?.textContent === title)

describe('the accounts store', () => {
  it('starts over with every sign-in, the same account’s too', async () => {
    const first = await signIn()
    accounts.bind(first)
    await accounts.load()
    const [one] = plain()
    accounts.toggle(one!, true)
    accounts.query = 'rider'
    expect(await accounts.open(one!)).toBe(true)
    view = mount(TargetBanner, { target: document.body.appendChild(document.createElement('div')) })
    flushSync()
    expect(document.querySelector('[data-testid="target-banner"]')).not.toBeNull()

    // The same session again (an effect re-running) keeps everything.
    accounts.bind(first)
    expect(accounts.target?.userId).toBe(one)
    expect(accounts.selected.size).toBe(1)

    // Signing in again, as the same manager: main has forgotten the opened account, so must the window.
    const again = await signIn()
    expect(again.accountId).toBe(first.accountId)
    accounts.bind(again)
    flushSync()
    expect(accounts.target).toBeNull()
    expect(document.querySelector('[data-testid="target-banner"]')).toBeNull()
    expect(accounts.selected.size).toBe(0)
    expect(accounts.query).toBe('')
    expect(accounts.accounts).toEqual([])
    expect(accounts.loaded).toBe(false)
    expect(accounts.step).toBe('list')
  })
})

describe('the results of a batch that generated PSKs', () => {
  it('asks before Retry or Undo while the PSKs are not downloaded, as Done does', async () => {
    accounts.bind(await signIn())
    await accounts.load()
    const ids = plain().slice(0, 4)
    expect(ids).toHaveLength(4)
    for (const id of ids) accounts.toggle(id, true)
    // One account's save fails once, so there is something to retry.
    real.sim.faults.add({ method: 'PUT', path: `/api/users/${ids[1]}`, status: 500, body: 'boom', times: 1 })
    await accounts.review({ kind: 'set', url: 'https://psk.example.com/hook', psk: { mode: 'perAccount' } })
    expect(accounts.step).toBe('review')
    await accounts.apply()
    await until(() => accounts.batch?.running === false && accounts.secrets !== null, 'the finished batch')
    expect(accounts.batch!.counts).toMatchObject({ saved: 3, failed: 1 })
    const applied = accounts.batch!.batchId

    view = mount(BatchResults, { target: document.body.appendChild(document.createElement('div')) })
    flushSync()
    const leaveTitle = t('accounts.secrets.leaveTitle')

    // Retry: the prompt comes first, and Stay leaves the batch and its PSKs as they were.
    button(tn('accounts.batch.retry', 1))!.click()
    flushSync()
    expect(dialogTitled(leaveTitle)).toBeDefined()
    button(t('accounts.secrets.stay'))!.click()
    flushSync()
    expect(dialogTitled(leaveTitle)).toBeUndefined()
    expect(accounts.batch!.batchId).toBe(applied)
    expect(accounts.secrets).toHaveLength(3)

    // Undo, once confirmed: the same prompt before the PSKs go.
    button(t('accounts.batch.undo'))!.click()
    flushSync()
    button(t('accounts.undo.confirm'))!.click()
    flushSync()
    expect(dialogTitled(leaveTitle)).toBeDefined()
    button(t('accounts.secrets.stay'))!.click()
    flushSync()
    expect(accounts.batch!.batchId).toBe(applied)
    expect(accounts.undoable).toBe(applied)

    // Leaving without them goes on with the retry.
    button(tn('accounts.batch.retry', 1))!.click()
    flushSync()
    button(t('accounts.secrets.discard'))!.click()
    await until(() => accounts.batch?.batchId !== applied && accounts.batch?.running === false, 'the retry')
    expect(accounts.batch!.kind).toBe('retry')
    expect(accounts.batch!.counts.saved).toBe(1)
  })

  it('goes straight on once the PSKs were downloaded', async () => {
    accounts.bind(await signIn())
    await accounts.load()
    const ids = plain().slice(4, 6)
    for (const id of ids) accounts.toggle(id, true)
    await accounts.review({ kind: 'set', psk: { mode: 'perAccount' } })
    await accounts.apply()
    await until(() => accounts.batch?.running === false && accounts.secrets !== null, 'the finished batch')
    const applied = accounts.batch!.batchId

    view = mount(BatchResults, { target: document.body.appendChild(document.createElement('div')) })
    flushSync()
    button(t('accounts.secrets.download'))!.click()
    button(t('accounts.batch.undo'))!.click()
    flushSync()
    button(t('accounts.undo.confirm'))!.click()
    flushSync()
    expect(dialogTitled(t('accounts.secrets.leaveTitle'))).toBeUndefined()
    await until(() => accounts.batch?.batchId !== applied && accounts.batch?.running === false, 'the undo')
    expect(accounts.batch!.kind).toBe('undo')
  })
})
