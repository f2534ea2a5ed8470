/**
 * `npm run harness -- --open`: opens the printed URL in the user's default browser. `$BROWSER`
 * (the usual convention) names another program to run with the URL.
 */
import { spawn } from 'node:child_process'

function opener(url: string): [string, string[]] {
  if (process.env.BROWSER) return [process.env.BROWSER, [url]]
  if (process.platform === 'darwin') return ['open', [url]]
  // `start` is a cmd built-in; its first quoted argument is the window title.
  if (process.platform === 'win32') return ['cmd', ['/c', 'start', '""', url.replace(/&/g, '^&')]]
  return ['xdg-open', [url]]
}

/** Resolves true once the opener started, false (never throws) when there is none. */
export function openInBrowser(url: string): Promise<boolean> {
  const [command, args] = opener(url)
  return new Promise((done) => {
    try {
      const child = spawn(command, args, { stdio: 'ignore', detached: true })
      child.once('error', () => done(false))
      child.once('spawn', () => {
        child.unref()
        done(true)
      })
    } catch {
      done(false)
    }
  })
}
