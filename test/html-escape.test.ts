import { describe, expect, it } from 'vitest'
import {
  decideEscaping,
  escapingEvidence,
  escapingOfVersion,
  forHtml,
  mapStrings,
  unescapeForHtml,
} from '$shared/html-escape'
import { seededRandom } from '../src/sim/motion'

describe('OWASP forHtml and its inverse', () => {
  it('encodes exactly & < > " \' the OWASP way', () => {
    expect(forHtml(`a&b<c>d"e'f`)).toBe('a&amp;b&lt;c&gt;d&#34;e&#39;f')
  })

  it('takes exactly one layer off, for 2,000 random strings of special characters and entities', () => {
    const random = seededRandom(3)
    const parts = ['&', '<', '>', '"', "'", 'amp;', '&amp;', '&#34;', '#39;', 'lt', 'x', 'ü', ';']
    for (let i = 0; i < 2000; i++) {
      const text = Array.from(
        { length: 1 + Math.floor(random() * 12) },
        () => parts[Math.floor(random() * parts.length)],
      ).join('')
      expect(unescapeForHtml(forHtml(text))).toBe(text)
      expect(unescapeForHtml(forHtml(forHtml(text)))).toBe(forHtml(text))
    }
  })

  it('maps nested strings but never object keys', () => {
    expect(mapStrings({ 'a&': ['<', { b: "'" }], n: 1 }, forHtml)).toEqual({
      'a&': ['&lt;', { b: '&#39;' }],
      n: 1,
    })
  })
})

describe('does a server escape?', () => {
  it('follows the version ranges: 4.4–4.15 yes, 5.0–5.2 likely, 5.3–6.1 possible, 6.2+ and ≤4.3 no', () => {
    expect(
      ['4.3', '4.4', '4.12', '4.15', '5.0', '5.2', '5.3', '5.12', '6.1', '6.2', '6.14.5'].map(
        escapingOfVersion,
      ),
    ).toEqual(['no', 'yes', 'yes', 'yes', 'likely', 'likely', 'possible', 'possible', 'possible', 'no', 'no'])
  })

  it('reads evidence: a raw special character means no; entities only make a maybe likely', () => {
    expect(escapingEvidence({ a: 'Anna&#39;s', b: ['x &amp; y'] })).toBe('entities')
    expect(escapingEvidence({ a: "Anna's" })).toBe('raw')
    expect(escapingEvidence({ a: 'plain', n: 3 })).toBe('none')
    expect(decideEscaping('5.12', 'entities')).toBe('likely')
    expect(decideEscaping('5.12', 'raw')).toBe('no')
    expect(decideEscaping('5.12', 'none')).toBe('possible')
    expect(decideEscaping('4.12', 'raw')).toBe('no')
    expect(decideEscaping('6.14.5', 'entities')).toBe('no')
  })
})
