/**
 * CSV as RFC 4180 writes it and spreadsheets export it: fields separated by commas, records by
 * CRLF or LF, a field in double quotes may hold commas, quotes (doubled) and line breaks. A
 * leading byte-order mark (Excel's "CSV UTF-8") is dropped.
 */

export interface CsvRecord {
  /** The line the record starts on (1 = first line), for messages about it. */
  line: number
  fields: string[]
}

export type CsvParse =
  | { ok: true; records: CsvRecord[] }
  /** The text is not CSV: where and why. */
  | { ok: false; line: number; reason: 'unclosedQuote' | 'textAfterQuote' }

export function parseCsv(text: string): CsvParse {
  const records: CsvRecord[] = []
  let fields: string[] = []
  let field = ''
  let line = 1
  let start = 1
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0
  /** Whether the current record has anything yet (an empty line is no record). */
  let started = false
  const endField = (): void => {
    fields.push(field)
    field = ''
  }
  const endRecord = (): void => {
    endField()
    if (started) records.push({ line: start, fields })
    fields = []
    started = false
  }
  while (i < text.length) {
    const c = text[i]!
    if (c === '"' && field === '') {
      started = true
      const quoteLine = line
      i++
      for (;;) {
        if (i >= text.length) return { ok: false, line: quoteLine, reason: 'unclosedQuote' }
        const q = text[i]!
        if (q === '"') {
          if (text[i + 1] === '"') {
            field += '"'
            i += 2
            continue
          }
          i++
          break
        }
        if (q === '\n') line++
        field += q
        i++
      }
      const next = text[i]
      if (next !== undefined && next !== ',' && next !== '\r' && next !== '\n') {
        return { ok: false, line, reason: 'textAfterQuote' }
      }
      continue
    }
    if (c === ',') {
      started = true
      endField()
      i++
    } else if (c === '\r' || c === '\n') {
      endRecord()
      i += c === '\r' && text[i + 1] === '\n' ? 2 : 1
      line++
      start = line
    } else {
      started = true
      field += c
      i++
    }
  }
  endRecord()
  return { ok: true, records }
}

/** One field, quoted when it holds a comma, quote, line break or edge space. */
export function csvField(value: string): string {
  return /[",\r\n]|^\s|\s$/.test(value) ? `"${value.replace(/"/g, '""')}"` : value
}

/** Rows to CSV text with CRLF line ends (RFC 4180), ending in a line break. */
export function formatCsv(rows: readonly (readonly string[])[]): string {
  return rows.map((row) => row.map(csvField).join(',')).join('\r\n') + '\r\n'
}

/**
 * A cell a spreadsheet would run as a formula (OWASP "CSV injection"): it starts with = + - @, a
 * tab or a carriage return, possibly after quotes this rule added before (so it can be undone).
 */
const FORMULA = /^'*[=+\-@\t\r]/

/** Neutralizes a formula-looking cell with a leading `'`; every other value is left as it is. */
export function spreadsheetSafe(value: string): string {
  return FORMULA.test(value) ? `'${value}` : value
}

/** The exact inverse of spreadsheetSafe, for cells read back from a file it wrote. */
export function fromSpreadsheetSafe(value: string): string {
  return value.startsWith("'") && FORMULA.test(value.slice(1)) ? value.slice(1) : value
}
