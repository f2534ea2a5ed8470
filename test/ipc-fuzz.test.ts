/**
 * Every contract entry gets thousands of malformed inputs (wrong types, huge strings,
 * prototype-pollution keys, deep nesting, unknown keys). Each must come back as a Result error,
 * with nothing thrown, no unhandled rejection, and no change to any state.
 */
import { mkdtempSync, readdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { dispatch, type Handlers } from '../src/main/dispatch'
import { OPERATION_NAMES } from '$shared/contract'
import { seededRandom } from '../src/sim/motion'
import { SEED_USERS, startSim, type Sim } from '../src/sim'
import { testHandlers } from './helpers/handlers'

const PER_OPERATION = 2000
const LONG = 'x'.repeat(100_000)
const HUGE = 'y'.repeat(5_000_000)

function deep(depth: number): unknown {
  let value: unknown = 'bottom'
  for (let i = 0; i < depth; i++) value = i % 2 ? [value] : { next: value }
  return value
}

function malformed(random: () => number, realKeys: string[]): unknown {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!
  const scalars = [
    null,
    true,
    false,
    0,
    -1,
    1e308,
    NaN,
    Infinity,
    -0,
    '',
    ' ',
    LONG,
    '\u0000\r\n',
    '__proto__',
    [],
    {},
  ]
  const keys = [
    '__proto__',
    'constructor',
    'prototype',
    'toString',
    'hasOwnProperty',
    'then',
    ...realKeys,
    'unknownKey',
  ]
  const value = (depth: number): unknown => {
    const r = random()
    if (depth > 3 || r < 0.5) return pick(scalars)
    if (r < 0.75) return Array.from({ length: Math.floor(random() * 4) }, () => value(depth + 1))
    const text = `{${Array.from({ length: 1 + Math.floor(random() * 4) }, () => `${JSON.stringify(pick(keys))}:${JSON.stringify(value(depth + 1)) ?? 'null'}`).join(',')}}`
    return JSON.parse(text)
  }
  const r = random()
  if (r < 0.002) return deep(50_000)
  if (r < 0.004) return HUGE
  if (r < 0.006) return { [realKeys[0] ?? 'id']: HUGE }
  if (r < 0.05) return deep(10 + Math.floor(random() * 200))
  if (r < 0.4) {
    const v = value(0)
    // A random object could happen to be valid input; a key the operation does not know rules that out.
    if (
      v &&
      typeof v === 'object' &&
      !Array.isArray(v) &&
      Object.keys(v).every((k) => realKeys.includes(k))
    ) {
      ;(v as Record<string, unknown>).unknownKey = 1
    }
    return v
  }
  // An object with the operation's own keys (wrongly typed), plus always one key it does not know.
  const entries = realKeys.map((k) => `${JSON.stringify(k)}:${JSON.stringify(value(1)) ?? 'null'}`)
  entries.push(
    `${JSON.stringify(pick(['__proto__', 'constructor', 'unknownKey', 'prototype']))}:${JSON.stringify(value(1)) ?? 'null'}`,
  )
  return JSON.parse(`{${entries.join(',')}}`)
}

const REAL_KEYS: Record<string, string[]> = {
  signIn: ['server', 'method', 'email', 'secret', 'remember', 'allowInsecure', 'ephemeral'],
  saveWebhook: ['baseline', 'values', 'removeKeys', 'userId'],
  saveDraft: ['baseline', 'values', 'removeKeys', 'userId'],
  sendTest: ['url', 'psk', 'body', 'eventType', 'timeoutMs', 'insecureTls'],
  startBackfill: ['eventIds', 'url', 'psk', 'continueOnFailure', 'timeoutMs'],
  listEvents: ['from', 'to'],
  startInbox: ['port'],
  setInboxReply: ['status', 'delayMs'],
}

describe('IPC fuzz', () => {
  let sim: Sim
  let handlers: Handlers
  let dir: string
  const unhandled: unknown[] = []
  const onUnhandled = (reason: unknown): void => void unhandled.push(reason)

  beforeAll(async () => {
    process.on('unhandledRejection', onUnhandled)
    sim = await startSim({ clock: false })
    dir = mkdtempSync(join(tmpdir(), 'wd-fuzz-'))
    handlers = testHandlers({ userDataDir: dir })
    const signedIn = await dispatch(handlers, 'signIn', {
      server: sim.url,
      method: 'password',
      email: SEED_USERS.demo.email,
      secret: SEED_USERS.demo.password,
      remember: false,
    })
    expect(signedIn.ok).toBe(true)
  })
  afterAll(async () => {
    process.off('unhandledRejection', onUnhandled)
    await sim.stop()
  })

  it(`answers ${PER_OPERATION} malformed inputs per operation with a Result error and changes nothing`, async () => {
    const before = {
      files: readdirSync(dir, { recursive: true }).sort(),
      user: structuredClone(sim.state.users.get(SEED_USERS.demo.id)!.json),
      session: await dispatch(handlers, 'getSession', undefined),
      accounts: await dispatch(handlers, 'listAccounts', undefined),
      inbox: await dispatch(handlers, 'getInbox', undefined),
      prototype: Object.getOwnPropertyNames(Object.prototype).sort(),
    }
    const random = seededRandom(2026)
    let calls = 0
    for (const name of OPERATION_NAMES) {
      for (let i = 0; i < PER_OPERATION; i++) {
        const input = malformed(random, REAL_KEYS[name] ?? ['accountId', 'id', 'code'])
        const result = await dispatch(handlers, name, input)
        calls++
        if (result.ok || result.error.code !== 'ipc.invalidInput') {
          throw new Error(
            `${name} accepted or mishandled: ${JSON.stringify(input)?.slice(0, 300)} → ${JSON.stringify(result).slice(0, 300)}`,
          )
        }
      }
    }
    // Unknown operation names too.
    for (const name of ['__proto__', 'constructor', 'toString', 'api:signIn', '', 42, null]) {
      expect(await dispatch(handlers, name, {})).toMatchObject({
        ok: false,
        error: { code: 'ipc.unknownOperation' },
      })
    }
    await new Promise((r) => setTimeout(r, 50))
    expect(calls).toBe(OPERATION_NAMES.length * PER_OPERATION)
    expect(unhandled).toEqual([])
    expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(before.prototype)
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
    expect(readdirSync(dir, { recursive: true }).sort()).toEqual(before.files)
    expect(sim.state.users.get(SEED_USERS.demo.id)!.json).toEqual(before.user)
    expect(await dispatch(handlers, 'getSession', undefined)).toEqual(before.session)
    expect(await dispatch(handlers, 'listAccounts', undefined)).toEqual(before.accounts)
    expect(await dispatch(handlers, 'getInbox', undefined)).toEqual(before.inbox)
    // About 40 s on an idle 2-core machine; room for a busy one.
  }, 300_000)
})
