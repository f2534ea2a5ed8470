/** The rules both sides (or several views) use, each written once in src/shared. */
import { describe, expect, it } from 'vitest'
import { eventTime } from '../src/shared/event-time'
import { checkJsonObject } from '../src/shared/json-body'
import { verdictTone } from '../src/shared/verdict-tone'
import { fixAllTypes, parseTypes } from '../src/shared/webhook'

const KNOWN = ['alarm', 'geofenceEnter', 'geofenceExit', 'deviceMoving']
const entries = (value: string) => {
  const parsed = parseTypes(value, KNOWN)
  if (parsed.kind !== 'list') throw new Error('not a list')
  return parsed.entries
}

describe('fixAllTypes', () => {
  it('fixes case and padding, keeps unknown types, drops empties and duplicates, keeps the order', () => {
    expect(fixAllTypes(entries('Alarm, geofenceEnter,,myType,alarm,geofenceenter'))).toEqual([
      'alarm',
      'geofenceEnter',
      'myType',
    ])
  })

  it('leaves a clean list as it is', () => {
    expect(fixAllTypes(entries('geofenceExit,alarm'))).toEqual(['geofenceExit', 'alarm'])
  })
})

describe('checkJsonObject', () => {
  it('accepts an object', () => {
    expect(checkJsonObject('{"event":{"type":"alarm"}}')).toEqual({ ok: true })
  })

  it.each(['[1,2]', 'null', '"text"', '42'])('refuses %s as not an object', (text) => {
    expect(checkJsonObject(text)).toEqual({ ok: false, problem: 'notObject' })
  })

  it("refuses text that is not JSON, with the parser's detail", () => {
    const check = checkJsonObject('{"event": ')
    expect(check).toMatchObject({ ok: false, problem: 'notJson' })
    expect(check.ok === false && check.problem === 'notJson' && check.detail).toMatch(/JSON/)
  })
})

describe('verdictTone', () => {
  it('colours each verdict', () => {
    expect(verdictTone('delivered')).toBe('success')
    expect(verdictTone('cloudWouldFail')).toBe('warning')
    expect(verdictTone('failed')).toBe('danger')
  })
})

describe('eventTime', () => {
  it('takes eventTime, else serverTime (before Traccar 4.13), else nothing', () => {
    const at = '2026-05-01T10:00:00.000+00:00'
    expect(eventTime({ eventTime: at, serverTime: '2026-05-01T10:00:05.000+00:00' })).toBe(at)
    expect(eventTime({ serverTime: at })).toBe(at)
    expect(eventTime({})).toBe('')
  })
})
