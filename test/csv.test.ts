/** The CSV rules the import and the exports use (RFC 4180 as spreadsheets write it). */
import { describe, expect, it } from 'vitest'
import { formatCsv, fromSpreadsheetSafe, parseCsv, spreadsheetSafe } from '$shared/csv'

const fields = (text: string): string[][] => {
  const parsed = parseCsv(text)
  if (!parsed.ok) throw new Error(`not CSV: ${parsed.reason} on line ${parsed.line}`)
  return parsed.records.map((r) => r.fields)
}

describe('CSV', () => {
  it('reads quotes, doubled quotes, commas and line breaks inside quotes, CRLF and LF, and a BOM', () => {
    const text =
      '\uFEFFemail,psk\r\na@x.example,"Bearer a,b"\r\nb@x.example,"say ""hi""\nsecond line"\nc@x.example,\n'
    expect(fields(text)).toEqual([
      ['email', 'psk'],
      ['a@x.example', 'Bearer a,b'],
      ['b@x.example', 'say "hi"\nsecond line'],
      ['c@x.example', ''],
    ])
  })

  it('gives each record the line it starts on, skipping blank lines', () => {
    const parsed = parseCsv('h\n\n"a\nb"\nc')
    expect(parsed.ok && parsed.records.map((r) => [r.line, r.fields])).toEqual([
      [1, ['h']],
      [3, ['a\nb']],
      [5, ['c']],
    ])
  })

  it('keeps empty fields, and a lone comma as two of them', () => {
    expect(fields(',\na,,b\n""')).toEqual([['', ''], ['a', '', 'b'], ['']])
  })

  it('says where the text is not CSV', () => {
    expect(parseCsv('a\n"open\n\nstill open')).toEqual({ ok: false, line: 2, reason: 'unclosedQuote' })
    expect(parseCsv('a\n"closed"x,b')).toEqual({ ok: false, line: 2, reason: 'textAfterQuote' })
  })

  it('writes what it reads back unchanged, quoting only where needed', () => {
    const rows = [
      ['email', 'webhookPsk'],
      ['a@x.example', 'Bearer "q", r'],
      ['b@x.example', ' padded '],
      ['c@x.example', 'two\r\nlines'],
      ['d@x.example', 'plain'],
    ]
    const text = formatCsv(rows)
    expect(text).toBe(
      'email,webhookPsk\r\na@x.example,"Bearer ""q"", r"\r\nb@x.example," padded "\r\nc@x.example,"two\r\nlines"\r\nd@x.example,plain\r\n',
    )
    expect(fields(text)).toEqual(rows)
  })
})

describe('spreadsheet formulas (OWASP CSV injection)', () => {
  const risky = ['=HYPERLINK("http://evil.example","x")', '+1+1', '-2', '@SUM(A1)', '\tTAB', '\rCR']
  it('neutralizes a cell a spreadsheet would run, and takes exactly that back off', () => {
    for (const value of risky) {
      expect(spreadsheetSafe(value)).toBe(`'${value}`)
      expect(fromSpreadsheetSafe(spreadsheetSafe(value))).toBe(value)
    }
  })

  it('leaves every other cell alone, and round-trips values that already start with a quote', () => {
    for (const value of ['', 'rider@example.com', 'https://a.example/?x=-1', "it's", "'plain", 'a=b']) {
      expect(spreadsheetSafe(value)).toBe(value)
      expect(fromSpreadsheetSafe(value)).toBe(value)
    }
    // A value that is itself quote-then-formula gets one more quote, so reading back is exact.
    for (const value of ["'=1+1", "''-2"]) {
      expect(spreadsheetSafe(value)).toBe(`'${value}`)
      expect(fromSpreadsheetSafe(spreadsheetSafe(value))).toBe(value)
    }
  })
})
