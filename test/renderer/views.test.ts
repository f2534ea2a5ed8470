// @vitest-environment happy-dom
import { flushSync, mount, unmount } from 'svelte'
import { afterEach, describe, expect, it } from 'vitest'
import type { SessionInfo } from '$shared/contract'
import { SEED_USERS } from '../../src/sim'
import { appState } from '../../src/renderer/src/lib/app-state.svelte'
import { send } from '../../src/renderer/src/lib/commands.svelte'
import SignIn from '../../src/renderer/src/views/sign-in/SignIn.svelte'
import TestPanel from '../../src/renderer/src/views/test/TestPanel.svelte'
import { realApi, until, type RealApi } from './real-api'

let real: RealApi | undefined
let view: Record<string, unknown> | undefined
afterEach(async () => {
  if (view) await unmount(view)
  view = undefined
  document.body.innerHTML = ''
  await real?.stop()
  real = undefined
  appState.webhook = { saved: null, draft: null, eventTypes: [] }
})

const target = (): HTMLElement => document.body.appendChild(document.createElement('div'))
const byId = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T
function type(input: HTMLInputElement | HTMLTextAreaElement, value: string): void {
  input.value = value
  input.dispatchEvent(new Event('input', { bubbles: true }))
  flushSync()
}
const button = (name: string): HTMLButtonElement =>
  [...document.querySelectorAll('button')].find((b) => b.textContent?.trim() === name)!

describe('the Test view', () => {
  it('builds the body as the cloud would, and will not send one that is not a JSON object', async () => {
    real = await realApi()
    appState.webhook = { saved: { webhookUrl: 'https://hooks.example.com/' }, draft: null, eventTypes: [] }
    view = mount(TestPanel, { target: target() })
    await until(() => !!byId<HTMLTextAreaElement>('test-body')?.value, 'the sample body')
    const body = byId<HTMLTextAreaElement>('test-body')
    expect(JSON.parse(body.value)).toMatchObject({ event: { type: 'deviceMoving' } })
    expect(button('Send test').disabled).toBe(false)

    type(body, '[1, 2]')
    expect(document.body.textContent).toContain('The body must be a JSON object.')
    expect(button('Send test').disabled).toBe(true)
    type(body, '{"event": ')
    expect(document.body.textContent).toContain('Not valid JSON')
    expect(body.getAttribute('aria-invalid')).toBe('true')
  })
})

describe('the Test view opened by the inbox', () => {
  it('takes the receiver URL asked for before it opened, as the other target', async () => {
    real = await realApi()
    send({ kind: 'test.sendTo', url: 'http://127.0.0.1:8787/' })
    view = mount(TestPanel, { target: target() })
    await until(() => !!document.querySelector('input[aria-label="Other URL"]'), 'the form')
    const other = document.querySelector<HTMLInputElement>('input[aria-label="Other URL"]')!
    await until(() => other.value === 'http://127.0.0.1:8787/', 'the inbox URL')
    // Nothing is saved, so the other URL is the one target that can send.
    expect(document.querySelector<HTMLInputElement>('input[value="other"]')!.checked).toBe(true)
  })
})

describe('the sign-in view', () => {
  it('checks the form before sending, then signs in against the server', async () => {
    real = await realApi()
    await window.api.signOut()
    const signedIn: SessionInfo[] = []
    view = mount(SignIn, { target: target(), props: { onsignedin: (s: SessionInfo) => signedIn.push(s) } })
    flushSync()
    type(byId('server'), real.sim.url)
    type(byId('email'), SEED_USERS.demo.email)
    byId<HTMLFormElement>('secret').form!.requestSubmit()
    flushSync()
    expect(byId('secret-error')?.textContent).toMatch(/password/i)
    expect(signedIn).toEqual([])

    type(byId('secret'), SEED_USERS.demo.password)
    byId<HTMLFormElement>('secret').form!.requestSubmit()
    await until(() => signedIn.length === 1, 'the sign-in')
    expect(signedIn[0]).toMatchObject({ email: SEED_USERS.demo.email, userId: SEED_USERS.demo.id })
  })
})
