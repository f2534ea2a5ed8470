/**
 * Reading from the person or the pipe: prompts on a terminal (secrets without echo), and stdin
 * read once as lines for --password-stdin, --token-stdin and --psk-stdin, so secrets never need
 * to be on the command line.
 */
import { createInterface } from 'node:readline'
import { Writable } from 'node:stream'
import { CliError, EXIT } from './exit-codes'

export interface Input {
  stdin: NodeJS.ReadableStream & { isTTY?: boolean }
  stderr: NodeJS.WritableStream
}

/** A prompt on the terminal; with `secret`, what is typed is not shown. */
export function ask(io: Input, question: string, secret = false): Promise<string> {
  let muted = false
  const echo = new Writable({
    write(chunk, _encoding, done) {
      if (!muted) io.stderr.write(chunk)
      done()
    },
  })
  const rl = createInterface({ input: io.stdin, output: echo, terminal: true })
  return new Promise((resolve, reject) => {
    rl.on('SIGINT', () => {
      rl.close()
      io.stderr.write('\n')
      reject(new CliError('usage.cancelled', 'Cancelled.', EXIT.failed))
    })
    rl.question(question, (answer) => {
      rl.close()
      if (secret) io.stderr.write('\n')
      resolve(answer)
    })
    muted = secret
  })
}

export async function confirm(io: Input, question: string): Promise<boolean> {
  return /^y(es)?$/i.test((await ask(io, `${question} [y/N] `)).trim())
}

export const isTerminal = (io: Input): boolean => io.stdin.isTTY === true

/** Piped stdin as lines (without their line ends), read once and handed out in order. */
export class StdinLines {
  private lines: Promise<string[]> | null = null
  private next = 0

  constructor(private readonly stdin: NodeJS.ReadableStream) {}

  private readAll(): Promise<string[]> {
    this.lines ??= new Promise((resolve, reject) => {
      const chunks: Buffer[] = []
      this.stdin.on('data', (chunk: Buffer) => chunks.push(chunk))
      this.stdin.on('error', reject)
      this.stdin.on('end', () => resolve(Buffer.concat(chunks).toString('utf8').split(/\r?\n/)))
    })
    return this.lines
  }

  /** The next line, or null when stdin has no more. */
  async line(): Promise<string | null> {
    const lines = await this.readAll()
    // A final newline leaves an empty last element that is not a line.
    const count = lines.length > 0 && lines[lines.length - 1] === '' ? lines.length - 1 : lines.length
    return this.next < count ? lines[this.next++]! : null
  }
}
