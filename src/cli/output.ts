/**
 * How the command talks: tables and colour for people (colour only on a terminal, never with
 * NO_COLOR), one JSON document for machines, errors as one line on stderr, and a progress line on
 * stderr that only a terminal sees.
 */
import type { Writable } from 'node:stream'

export interface Io {
  stdout: Writable & { isTTY?: boolean }
  stderr: Writable & { isTTY?: boolean }
  env: NodeJS.ProcessEnv
}

const CODES = { bold: 1, dim: 2, red: 31, green: 32, yellow: 33, cyan: 36 } as const
export type Style = keyof typeof CODES

export function colourEnabled(io: Io, stream: 'stdout' | 'stderr' = 'stdout'): boolean {
  const env = io.env
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false
  if (env.TERM === 'dumb') return false
  return io[stream].isTTY === true
}

export function painter(
  io: Io,
  stream: 'stdout' | 'stderr' = 'stdout',
): (style: Style, text: string) => string {
  const on = colourEnabled(io, stream)
  return (style, text) => (on ? `\u001b[${CODES[style]}m${text}\u001b[0m` : text)
}

/** Visible width: without colour codes. */
// eslint-disable-next-line no-control-regex
const width = (text: string): number => text.replace(/\u001b\[\d+m/g, '').length

/** Rows as aligned columns; the first row is the header. */
export function table(rows: string[][]): string {
  const widths: number[] = []
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, width(cell))))
  return rows
    .map((row) =>
      row
        .map((cell, i) => (i === row.length - 1 ? cell : cell + ' '.repeat(widths[i]! - width(cell))))
        .join('  ')
        .trimEnd(),
    )
    .join('\n')
}

/** Label/value pairs, labels aligned. */
export const pairs = (rows: [string, string][]): string => table(rows.map(([k, v]) => [k ? `${k}:` : '', v]))

export function printJson(io: Io, value: unknown): void {
  io.stdout.write(`${JSON.stringify(value, null, 2)}\n`)
}

export function printLine(io: Io, text = ''): void {
  io.stdout.write(`${text}\n`)
}

/** Notes and warnings go to stderr, so stdout stays the command's answer. */
export function note(io: Io, text: string): void {
  io.stderr.write(`${text}\n`)
}

export function printError(io: Io, code: string, message: string): void {
  // One line, whatever the message holds.
  io.stderr.write(`${painter(io, 'stderr')('red', `error[${code}]`)}: ${message.replace(/\s*\n\s*/g, ' ')}\n`)
}

/** A spinner line on stderr while `work` runs; nothing at all when stderr is not a terminal. */
export async function withProgress<T>(io: Io, label: string, work: Promise<T>): Promise<T> {
  if (io.stderr.isTTY !== true) return work
  const frames = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏']
  let frame = 0
  const draw = (): void => void io.stderr.write(`\r${frames[frame++ % frames.length]} ${label}`)
  draw()
  const timer = setInterval(draw, 80)
  try {
    return await work
  } finally {
    clearInterval(timer)
    io.stderr.write('\r\u001b[2K')
  }
}
