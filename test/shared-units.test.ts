// Shared helpers on their own: the webhook envelope and Traccar's date and event-time key (both
// the forwarder and the test sender build bodies with them), the Result shape checks, and the
// words for event types.
import { describe, expect, it } from 'vitest'
import { describeEventType } from '$shared/event-types'
import { t } from '$shared/i18n'
import { isManager, versionAtLeast } from '$shared/traccar'
import { CONNECTION_EVENTS, envelope, eventTimeKey, traccarDate } from '$shared/webhook-envelope'
import { AppFailure, fail, isResult, ok } from '$shared/result'

describe('the webhook body', () => {
  const event = { id: 1, type: 'alarm' }

  it('has the parts in the cloud order and leaves out the ones it lacks (NON_NULL)', () => {
    const all = envelope({
      maintenance: { id: 5 },
      geofence: { id: 4 },
      device: { id: 3 },
      position: { id: 2 },
      event,
    })
    expect(Object.keys(all)).toEqual(['event', 'position', 'device', 'geofence', 'maintenance'])
    expect(all).toEqual({
      event,
      position: { id: 2 },
      device: { id: 3 },
      geofence: { id: 4 },
      maintenance: { id: 5 },
    })
    expect(envelope({ event, position: null, device: { id: 3 }, geofence: null, maintenance: null })).toEqual(
      {
        event,
        device: { id: 3 },
      },
    )
    expect(envelope({ event })).toEqual({ event })
  })

  it('writes dates as Traccar does: milliseconds and +00:00', () => {
    expect(traccarDate(0)).toBe('1970-01-01T00:00:00.000+00:00')
    expect(traccarDate(Date.UTC(2026, 10, 27, 18, 5, 9, 42))).toBe('2026-11-27T18:05:09.042+00:00')
  })

  it.each([
    ['4.12', 'serverTime'],
    ['4.9', 'serverTime'],
    ['4.13', 'eventTime'],
    ['4.15', 'eventTime'],
    ['3.20', 'serverTime'],
    ['5.0', 'eventTime'],
    ['5.12', 'eventTime'],
    ['6.14.5', 'eventTime'],
    ['4.13-SNAPSHOT', 'eventTime'],
    ['', 'serverTime'],
    ['unknown', 'serverTime'],
  ])('version %j calls the event time %s', (version, key) => {
    expect(eventTimeKey(version)).toBe(key)
  })

  it('knows the connection events, which carry no position', () => {
    expect([...CONNECTION_EVENTS].sort()).toEqual([
      'deviceInactive',
      'deviceOffline',
      'deviceOnline',
      'deviceUnknown',
    ])
  })
})

describe('results', () => {
  it('are made with their code, words and extra detail', () => {
    expect(ok(3)).toEqual({ ok: true, value: 3 })
    expect(fail('form', 'words')).toEqual({ ok: false, error: { code: 'form', message: 'words' } })
    expect(fail('form', 'words', { field: 'url', detail: 'd' })).toEqual({
      ok: false,
      error: { code: 'form', message: 'words', field: 'url', detail: 'd' },
    })
    const failure = new AppFailure('form', 'said', { field: 'psk' })
    expect(failure).toMatchObject({ name: 'AppFailure', code: 'form', message: 'said' })
    expect(failure.toError()).toEqual({ code: 'form', message: 'said', field: 'psk' })
    expect(new AppFailure('form', 'said').toError()).toEqual({ code: 'form', message: 'said' })
  })

  it.each([
    [{ ok: true, value: 1 }, true],
    [{ ok: true, value: undefined }, true],
    [{ ok: false, error: { code: 'c', message: 'm' } }, true],
    [{ ok: true }, false],
    [{ ok: false }, false],
    [{ ok: false, error: null }, false],
    [{ ok: false, error: { code: 'c' } }, false],
    [{ ok: false, error: { message: 'm' } }, false],
    [{ ok: false, error: { code: 1, message: 'm' } }, false],
    [{ ok: 'yes', value: 1 }, false],
    [{ value: 1 }, false],
    [null, false],
    ['ok', false],
    [undefined, false],
  ])('%j is a result: %s', (value, expected) => {
    expect(isResult(value)).toBe(expected)
  })
})

describe('event types in words', () => {
  it('describes a known type and says nothing for an unknown one', () => {
    expect(describeEventType('alarm')).toBe(t('eventType.alarm'))
    expect(describeEventType('alarm')).not.toBe('')
    expect(describeEventType('madeUpType')).toBe('')
  })
})

describe('Traccar versions and roles', () => {
  it('compares a version with the one a feature came in, major first, then minor', () => {
    expect(versionAtLeast('5.12', 6, 0)).toBe(false)
    expect(versionAtLeast('6.0', 6, 0)).toBe(true)
    expect(versionAtLeast('6.0', 6, 13)).toBe(false)
    expect(versionAtLeast('6.13', 6, 13)).toBe(true)
    expect(versionAtLeast('6.14.5', 6, 13)).toBe(true)
    expect(versionAtLeast('7.1', 6, 13)).toBe(true)
    expect(versionAtLeast('5.12', 5, 5)).toBe(true)
    expect(versionAtLeast('5.4', 5, 5)).toBe(false)
    expect(versionAtLeast('4.13-SNAPSHOT', 4, 13)).toBe(true)
    expect(versionAtLeast('6', 6, 0)).toBe(true)
  })

  it('reads garbage as 0.0: older than anything, never a crash', () => {
    for (const garbage of ['', 'garbage', 'v6.13', '.', '-1']) {
      expect(versionAtLeast(garbage, 0, 1)).toBe(false)
      expect(versionAtLeast(garbage, 0, 0)).toBe(true)
    }
  })

  it('calls a user with userLimit ≠ 0 a manager (-1: unlimited), not 0 or a missing one', () => {
    expect(isManager({ userLimit: 5 })).toBe(true)
    expect(isManager({ userLimit: -1 })).toBe(true)
    expect(isManager({ userLimit: 0 })).toBe(false)
    expect(isManager({})).toBe(false)
    expect(isManager({ userLimit: '5' })).toBe(false)
  })
})
