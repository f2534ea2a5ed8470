/**
 * The small helpers of src/shared at their edges: the message lookup, the contract's run-time
 * lists, HTML escaping by version and evidence, and CSV line ends.
 */
import { afterEach, describe, expect, it, vi } from 'vitest'
import { createApi } from '$shared/client'
import { formatCsv, parseCsv } from '$shared/csv'
import {
  BULK_RESULT_STATUSES,
  channelOf,
  emptyBulkCounts,
  isOperationName,
  type PushEvent,
} from '$shared/contract'
import {
  decideEscaping,
  escapingEvidence,
  escapingOfVersion,
  hasHtmlSpecial,
  mapStrings,
  treatsAsEscaping,
  unescapeForHtml,
} from '$shared/html-escape'
import { isResult } from '$shared/result'
import { envelope } from '$shared/webhook-envelope'
import {
  addMessages,
  currentLocale,
  formatNumber,
  hasMessages,
  isMessageKey,
  resolveLocale,
  systemLocale,
  t,
  tn,
  translate,
  useLocale,
} from '$shared/i18n'

describe('messages', () => {
  afterEach(() => useLocale(() => 'en'))

  it('knows which languages have their messages', () => {
    expect(hasMessages('en')).toBe(true)
    expect(hasMessages('de')).toBe(true)
  })

  it('has no messages for a language until they are added (the window loads its own first)', async () => {
    vi.resetModules()
    const fresh = await import('$shared/i18n')
    // English until the process says where its language comes from.
    expect(fresh.currentLocale()).toBe('en')
    expect(fresh.hasMessages('de')).toBe(false)
    fresh.addMessages('de', { 'test.one': 'Eins' })
    expect(fresh.hasMessages('de')).toBe(true)
    expect(fresh.hasMessages('en')).toBe(false)
  })

  it('falls back to English for a key only English has, and knows it is a key', () => {
    addMessages('en', { 'test.englishOnly': 'Only {what}' })
    useLocale(() => 'de')
    expect(currentLocale()).toBe('de')
    expect(translate('test.englishOnly', { what: 'here' })).toBe('Only here')
    expect(isMessageKey('test.englishOnly')).toBe(true)
    expect(isMessageKey('test.nowhere')).toBe(false)
    addMessages('de', { 'test.germanOnly': 'Nur' })
    expect(isMessageKey('test.germanOnly')).toBe(true)
    useLocale(() => 'en')
    expect(isMessageKey('test.germanOnly')).toBe(false)
  })

  it('leaves a placeholder without a value as written, and text without params untouched', () => {
    addMessages('en', { 'test.two': '{a} and {b}', 'test.braces': 'keep {this}' })
    expect(translate('test.two', { a: 'x' })).toBe('x and {b}')
    expect(translate('test.braces')).toBe('keep {this}')
    expect(translate('test.two', { a: 1234, b: '5678' })).toBe('1,234 and 5678')
  })

  it('picks the plural form by the language rules and fills in the count', () => {
    expect(tn('events.count', 1, { range: 'today' })).toBe('1 event today')
    expect(tn('events.count', 1000, { range: 'today' })).toBe('1,000 events today')
    useLocale(() => 'de')
    expect(tn('events.count', 1, { range: 'heute' })).toBe('1 Ereignis heute')
    expect(tn('events.count', 0, { range: 'heute' })).toBe('0 Ereignisse heute')
  })

  it('formats numbers in the current language unless told one', () => {
    expect(formatNumber(1234.5)).toBe('1,234.5')
    expect(formatNumber(1234.5, 'de')).toBe('1.234,5')
    useLocale(() => 'de')
    expect(formatNumber(1234.5)).toBe('1.234,5')
    expect(t('inbox.bytes', { count: 1000 })).toBe('1.000 Bytes')
  })

  it('resolves the setting: system follows the system languages, a fixed one stays', () => {
    expect(resolveLocale('system', ['de-DE'])).toBe('de')
    expect(resolveLocale('system', ['fr'])).toBe('en')
    expect(resolveLocale('en', ['de-DE'])).toBe('en')
    expect(resolveLocale('de', [])).toBe('de')
    expect(systemLocale(['DE'])).toBe('de')
    expect(systemLocale(['de@euro'])).toBe('de')
    expect(systemLocale(['deu', 'de'])).toBe('de')
  })
})

describe('the contract at run time', () => {
  it('names channels and tells operation names from anything else', () => {
    expect(channelOf('getAppInfo')).toBe('api:getAppInfo')
    expect(isOperationName('signIn')).toBe(true)
    for (const value of ['toString', 'api:signIn', '', 42, null, undefined])
      expect(isOperationName(value)).toBe(false)
  })

  it('counts a batch from a fresh zero for every status', () => {
    const counts = emptyBulkCounts()
    expect(Object.keys(counts)).toEqual([...BULK_RESULT_STATUSES])
    expect(Object.values(counts).every((n) => n === 0)).toBe(true)
    counts.saved++
    expect(emptyBulkCounts().saved).toBe(0)
  })
})

describe('the window api over a transport', () => {
  const api = (invoke: () => Promise<unknown>) => createApi({ invoke, subscribe: () => () => undefined })

  it('subscribes push events through the transport and hands back its unsubscribe', () => {
    const received: unknown[] = []
    let forward: ((event: PushEvent) => void) | undefined
    const unsubscribe = (): void => undefined
    const subscribed = createApi({
      invoke: () => Promise.resolve(null),
      subscribe: (listener) => {
        forward = listener
        return unsubscribe
      },
    })
    expect(subscribed.onEvent((event) => received.push(event))).toBe(unsubscribe)
    forward?.({ type: 'server.slow', slow: true })
    expect(received).toEqual([{ type: 'server.slow', slow: true }])
  })

  it('words a failed or garbled transport for the user, never throwing', async () => {
    const failed = await api(() => Promise.reject(new Error('gone'))).getAppInfo()
    const garbled = await api(() => Promise.resolve('not a result')).getAppInfo()
    for (const [result, code] of [
      [failed, 'ipc.failed'],
      [garbled, 'ipc.malformed'],
    ] as const) {
      expect(result.ok).toBe(false)
      if (!result.ok) {
        expect(result.error.code).toBe(code)
        expect(result.error.message).toMatch(/^Webhook Desk .+ Restart the app\.$/)
      }
    }
  })
})

describe('result shape and webhook body edges', () => {
  it('is no result when ok is neither true nor false, even with a well-formed error', () => {
    expect(isResult({ ok: 'no', error: { code: 'c', message: 'm' } })).toBe(false)
    expect(isResult({ ok: 0, error: { code: 'c', message: 'm' } })).toBe(false)
  })

  it('leaves out a null device instead of writing it', () => {
    expect(Object.keys(envelope({ event: { id: 1 }, device: null }))).toEqual(['event'])
    expect(Object.keys(envelope({ event: { id: 1 } }))).toEqual(['event'])
  })

  it('keeps null values when mapping strings', () => {
    expect(mapStrings({ a: null, b: [null, 'x'] }, (s) => s.toUpperCase())).toEqual({
      a: null,
      b: [null, 'X'],
    })
  })
})

describe('HTML escaping by version and evidence', () => {
  it.each([
    ['', 'no'],
    ['3.9', 'no'],
    ['4', 'no'],
    ['4.4-SNAPSHOT', 'yes'],
    ['5', 'likely'],
    ['5.3', 'possible'],
    ['6', 'possible'],
    ['6.1.9', 'possible'],
    ['7.0', 'no'],
    ['x.y', 'no'],
  ])('version %j escapes: %s', (version, escaping) => {
    expect(escapingOfVersion(version)).toBe(escaping)
  })

  it('trusts a raw character over entities, and entities only for a maybe', () => {
    expect(escapingEvidence(['&amp;', '<'])).toBe('raw')
    expect(escapingEvidence({ a: 'x &amp y' })).toBe('raw')
    expect(escapingEvidence({ '<key>': 'plain' })).toBe('none')
    expect(escapingEvidence({ a: '&#39;' })).toBe('entities')
    expect(decideEscaping('4.12', 'none')).toBe('yes')
    expect(decideEscaping('4.12', 'entities')).toBe('yes')
    expect(decideEscaping('5.0', 'entities')).toBe('likely')
    expect(decideEscaping('4.3', 'entities')).toBe('no')
    expect(decideEscaping('6.2', 'none')).toBe('no')
  })

  it('treats yes and likely as escaping', () => {
    expect((['yes', 'likely', 'possible', 'no'] as const).map(treatsAsEscaping)).toEqual([
      true,
      true,
      false,
      false,
    ])
  })

  it('finds the special characters and undoes only the five entities', () => {
    expect(['a&b', 'a<', '>', '"', "'", 'plain', '&amp;'].map(hasHtmlSpecial)).toEqual([
      true,
      true,
      true,
      true,
      true,
      false,
      true,
    ])
    expect(unescapeForHtml('&quot;&#34;&AMP;&amp;amp;&lt&gt;')).toBe('&quot;"&AMP;&amp;&lt>')
  })
})

describe('CSV line ends', () => {
  const records = (text: string) => {
    const parsed = parseCsv(text)
    if (!parsed.ok) throw new Error(parsed.reason)
    return parsed.records.map((r) => [r.line, r.fields])
  }

  it('takes CR, LF and CRLF as one line end each', () => {
    expect(records('a\rb\r\n\r\nc\n\rd')).toEqual([
      [1, ['a']],
      [2, ['b']],
      [4, ['c']],
      [6, ['d']],
    ])
  })

  it('reads a quote inside a field as text, and a quoted field followed by a line end', () => {
    expect(records('a"b,c\r\n"q"\r"r"')).toEqual([
      [1, ['a"b', 'c']],
      [2, ['q']],
      [3, ['r']],
    ])
  })

  it('has no records for empty text, a lone BOM or blank lines; a later BOM is text', () => {
    expect(records('')).toEqual([])
    expect(records('\uFEFF')).toEqual([])
    expect(records('\n\r\n')).toEqual([])
    expect(records('a\uFEFF')).toEqual([[1, ['a\uFEFF']]])
  })

  it('ends a quoted field at a comma', () => {
    expect(records('"a",b,"c"')).toEqual([[1, ['a', 'b', 'c']]])
  })

  it('says on which line text follows a closing quote', () => {
    expect(parseCsv('"a\nb"x')).toEqual({ ok: false, line: 2, reason: 'textAfterQuote' })
    expect(parseCsv('x\n"a" ,b')).toEqual({ ok: false, line: 2, reason: 'textAfterQuote' })
  })

  it('quotes a field with a tab at an edge or a lone CR, and nothing else', () => {
    expect(formatCsv([['\tx', 'y\t', 'a\rb', 'a b', '']])).toBe('"\tx","y\t","a\rb",a b,\r\n')
  })
})
