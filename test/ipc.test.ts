import { afterEach, describe, expect, it, vi } from 'vitest'
import { electron } from './helpers/electron-mock'

vi.mock('electron', async () => (await import('./helpers/electron-mock')).electron.module)

const { bindIpc } = await import('../src/main/electron/ipc')
const { channelOf, OPERATION_NAMES, EVENT_CHANNEL } = await import('$shared/contract')
const { AppFailure } = await import('$shared/result')
const { dispatch } = await import('../src/main/dispatch')
import type { Handlers } from '../src/main/dispatch'
import { ENGLISH, stubHandlers } from './helpers/stub-handlers'

const APP_URL = 'app://webhook-desk/index.html'

function fakeWindow() {
  const webContents = { send: vi.fn() }
  return { webContents, isDestroyed: () => false }
}

function eventFrom(
  win: ReturnType<typeof fakeWindow>,
  overrides: { url?: string; parent?: unknown; sender?: unknown; noFrame?: boolean } = {},
) {
  return {
    sender: overrides.sender ?? win.webContents,
    senderFrame: overrides.noFrame
      ? null
      : { url: overrides.url ?? `${APP_URL}#/`, parent: overrides.parent ?? null },
  }
}

const okHandlers: Handlers = stubHandlers({
  getAppInfo: () => ({
    name: 'Webhook Desk',
    version: '1.2.3',
    bikeTraxServer: 'https://traccar.powunity.com',
    shell: 'electron',
    demoRequested: false,
    language: ENGLISH,
  }),
})

function bind(handlers: Handlers, win: ReturnType<typeof fakeWindow>) {
  const report = vi.fn()
  const binding = bindIpc(handlers, { window: () => win as never, appUrl: APP_URL, report })
  const call = (event: unknown, input?: unknown, name: 'getAppInfo' | 'signIn' = 'getAppInfo') =>
    electron.handlers.get(channelOf(name))!(event, input)
  return { binding, report, call }
}

afterEach(() => electron.handlers.clear())

describe('IPC binding', () => {
  it('registers exactly one handler per contract operation', () => {
    bind(okHandlers, fakeWindow())
    expect([...electron.handlers.keys()].sort()).toEqual(OPERATION_NAMES.map(channelOf).sort())
  })

  it('answers a call from our own window with the handler result', async () => {
    const win = fakeWindow()
    const { call } = bind(okHandlers, win)
    await expect(call(eventFrom(win))).resolves.toEqual({
      ok: true,
      value: {
        name: 'Webhook Desk',
        version: '1.2.3',
        bikeTraxServer: 'https://traccar.powunity.com',
        shell: 'electron',
        demoRequested: false,
        language: ENGLISH,
      },
    })
  })

  it.each([
    ['another document', { url: 'https://evil.example/index.html' }],
    ['a file', { url: 'file:///tmp/evil.html' }],
    ['a file posing with the app host', { url: 'file://webhook-desk/index.html' }],
    ['a look-alike host', { url: 'app://webhook-desk.evil/index.html' }],
    ['another scheme with the app host', { url: 'https://webhook-desk/index.html' }],
    ['a subframe', { parent: {} }],
    ['another webContents', { sender: { send: vi.fn() } }],
    ['no frame at all', { noFrame: true }],
  ])('rejects a sender from %s without calling the handler', async (_label, overrides) => {
    const win = fakeWindow()
    const getAppInfo = vi.fn(okHandlers.getAppInfo)
    const { call } = bind(stubHandlers({ getAppInfo }), win)
    const result = await call(eventFrom(win, overrides))
    expect(result).toEqual({
      ok: false,
      error: {
        code: 'ipc.untrustedSender',
        message: 'This request did not come from the Webhook Desk window.',
      },
    })
    expect(getAppInfo).not.toHaveBeenCalled()
  })

  it.each([
    [
      'a window that is already destroyed',
      (win: ReturnType<typeof fakeWindow>) => ({ ...win, isDestroyed: () => true }),
    ],
    ['no window any more', () => null],
  ])('rejects a call when there is %s, and pushes nothing to it', async (_label, current) => {
    const win = fakeWindow()
    const getAppInfo = vi.fn(okHandlers.getAppInfo)
    const binding = bindIpc(stubHandlers({ getAppInfo }), {
      window: () => current(win) as never,
      appUrl: APP_URL,
    })
    const result = await electron.handlers.get(channelOf('getAppInfo'))!(eventFrom(win), undefined)
    expect(result).toMatchObject({ ok: false, error: { code: 'ipc.untrustedSender' } })
    expect(getAppInfo).not.toHaveBeenCalled()
    binding.push({ type: 'session.ended', message: 'Signed out.' })
    expect(win.webContents.send).not.toHaveBeenCalled()
  })

  it('rejects invalid input with a Result error and does not call the handler', async () => {
    const win = fakeWindow()
    const getAppInfo = vi.fn(okHandlers.getAppInfo)
    const { call } = bind(stubHandlers({ getAppInfo }), win)
    const result = await call(eventFrom(win), { unexpected: true })
    expect(result).toMatchObject({ ok: false, error: { code: 'ipc.invalidInput' } })
    expect((result as { error: { message: string } }).error.message).toContain('getAppInfo')
    expect(getAppInfo).not.toHaveBeenCalled()
  })

  it('names the invalid field and never echoes the submitted values', async () => {
    const win = fakeWindow()
    const signIn = vi.fn()
    const { call } = bind(stubHandlers({ signIn }), win)
    const result = await call(
      eventFrom(win),
      {
        server: 'https://x.example',
        method: 'password',
        email: 'a@b.c',
        secret: 'hunter2-secret',
        remember: 'yes',
      },
      'signIn',
    )
    expect(result).toMatchObject({ ok: false, error: { code: 'ipc.invalidInput' } })
    const message = (result as { error: { message: string } }).error.message
    expect(message).toContain('remember')
    expect(JSON.stringify(result)).not.toContain('hunter2')
    expect(signIn).not.toHaveBeenCalled()
    const extra = await call(
      eventFrom(win),
      { server: 'x', method: 'password', secret: 's', remember: true, admin: true },
      'signIn',
    )
    expect((extra as { error: { message: string } }).error.message).toContain('admin')
  })

  it('turns a thrown AppFailure into its Result error', async () => {
    const win = fakeWindow()
    const { call } = bind(
      stubHandlers({
        getAppInfo: () => {
          throw new AppFailure('net.unreachable', 'Cannot reach example.org.')
        },
      }),
      win,
    )
    await expect(call(eventFrom(win))).resolves.toEqual({
      ok: false,
      error: { code: 'net.unreachable', message: 'Cannot reach example.org.' },
    })
  })

  it('turns any other throw or rejection into a generic internal error without its text', async () => {
    const win = fakeWindow()
    const { call, report } = bind(
      stubHandlers({
        getAppInfo: async () => {
          throw new Error('secret-password-in-message')
        },
      }),
      win,
    )
    const result = await call(eventFrom(win))
    expect(result).toMatchObject({ ok: false, error: { code: 'internal' } })
    expect(JSON.stringify(result)).not.toContain('secret-password')
    expect(report).toHaveBeenCalledOnce()
  })

  it('pushes events to the window on the one event channel as plain values', () => {
    const win = fakeWindow()
    const { binding } = bind(okHandlers, win)
    binding.push({ type: 'session.ended', message: 'Signed out.' })
    expect(win.webContents.send).toHaveBeenCalledWith(EVENT_CHANNEL, {
      type: 'session.ended',
      message: 'Signed out.',
    })
  })

  it('dispose removes every handler', () => {
    const { binding } = bind(okHandlers, fakeWindow())
    binding.dispose()
    expect(electron.handlers.size).toBe(0)
  })
})

describe('dispatch', () => {
  const message = (result: unknown) => (result as { error: { message: string } }).error.message

  it('names at most three problems, each with the field it concerns', async () => {
    const result = await dispatch(stubHandlers({}), 'signIn', {
      server: 1,
      method: 2,
      email: 3,
      secret: 4,
      remember: 5,
    })
    expect(result).toMatchObject({ ok: false, error: { code: 'ipc.invalidInput' } })
    const issues = message(result).replace('Invalid input for signIn: ', '').split('; ')
    expect(issues).toHaveLength(3)
    for (const issue of issues) expect(issue).toMatch(/^(server|method|email|secret|remember): \S/)
    // A problem with the input as a whole has no field to name.
    expect(message(await dispatch(stubHandlers({}), 'signIn', 'text'))).toMatch(
      /^Invalid input for signIn: Invalid type/,
    )
  })

  it('answers input that cannot even be read (a throwing getter, a hostile proxy) as invalid', async () => {
    const hostile = new Proxy(
      {},
      {
        get: () => {
          throw new Error('trap')
        },
        has: () => {
          throw new Error('trap')
        },
      },
    )
    for (const input of [
      hostile,
      {
        get email() {
          throw new Error('trap')
        },
        server: 'x',
      },
    ]) {
      expect(await dispatch(stubHandlers({}), 'signIn', input)).toEqual({
        ok: false,
        error: { code: 'ipc.invalidInput', message: 'Invalid input for signIn: it could not be read.' },
      })
    }
  })

  it('says an unknown operation is unknown, and reports an unexpected error by operation only', async () => {
    expect(await dispatch(stubHandlers({}), 'nope', {})).toEqual({
      ok: false,
      error: { code: 'ipc.unknownOperation', message: 'Unknown operation.' },
    })
    const report = vi.fn()
    const error = new Error('boom')
    const result = await dispatch(
      stubHandlers({
        getAppInfo: () => {
          throw error
        },
      }),
      'getAppInfo',
      undefined,
      report,
    )
    expect(result).toEqual({
      ok: false,
      error: {
        code: 'internal',
        message:
          'Something went wrong inside Webhook Desk. Try again; if it keeps happening, restart the app.',
      },
    })
    expect(report).toHaveBeenCalledWith('getAppInfo', error)
    // Without a reporter nothing is thrown either.
    expect(
      await dispatch(stubHandlers({ getAppInfo: () => Promise.reject(error) }), 'getAppInfo', undefined),
    ).toMatchObject({
      error: { code: 'internal' },
    })
  })
})
