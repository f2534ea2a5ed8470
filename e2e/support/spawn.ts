/** Starts one of the project's CLIs (harness, simulator) and waits for the URL it prints. */
import { spawn, type ChildProcess } from 'node:child_process'
import { resolve } from 'node:path'

const ROOT = resolve(__dirname, '../..')

export interface Running {
  url: string
  pid: number
  output: () => string
  /** Writes a line to its standard input. */
  send(line: string): void
  stop(): Promise<void>
}

export async function startCli(script: string, args: string[], urlPattern: RegExp): Promise<Running> {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', script, ...args], {
    cwd: ROOT,
    env: { ...process.env, FORCE_COLOR: '0' },
    stdio: ['pipe', 'pipe', 'pipe'],
  })
  let output = ''
  const url = await new Promise<string>((done, reject) => {
    const timer = setTimeout(() => reject(new Error(`${script} printed no URL in 20 s:\n${output}`)), 20_000)
    const onData = (chunk: Buffer): void => {
      output += chunk.toString()
      const match = urlPattern.exec(output)
      if (match) {
        clearTimeout(timer)
        done(match[1] ?? match[0])
      }
    }
    child.stdout!.on('data', onData)
    child.stderr!.on('data', onData)
    child.once('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`${script} exited with ${code}:\n${output}`))
    })
  })
  return {
    url,
    pid: child.pid!,
    output: () => output,
    send: (line) => void child.stdin!.write(`${line}\n`),
    stop: () =>
      new Promise<void>((done) => {
        if (child.exitCode !== null || child.signalCode !== null) return done()
        child.once('exit', () => done())
        child.kill('SIGTERM')
      }),
  }
}
