/**
 * One process per data folder: a lock file holding the owner's process id, created exclusively.
 * A lock whose process is gone (killed, crashed) is stale and taken over. Electron has its own
 * single-instance lock; the harness (and anything else run on a data folder) takes this one.
 */
import { link, mkdir, open, readFile, unlink } from 'node:fs/promises'
import { join } from 'node:path'
import { PRIVATE_DIR } from './json-file'

export const LOCK_NAME = 'webhook-desk.lock'

export interface DataLock {
  path: string
  /** The process whose stale lock was taken over, if any. */
  tookOverFrom: number | null
  release(): Promise<void>
}

/** Another live process holds the folder. */
export class DataFolderBusy extends Error {
  constructor(
    readonly folder: string,
    readonly pid: number,
  ) {
    super(`The data folder ${folder} is in use by process ${pid}.`)
    this.name = 'DataFolderBusy'
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

async function holder(path: string): Promise<number | null> {
  const text = await readFile(path, 'utf8').catch(() => '')
  const pid = Number((JSON.parse(text || '{}') as { pid?: unknown }).pid)
  return Number.isInteger(pid) && pid > 0 ? pid : null
}

export async function lockDataFolder(folder: string): Promise<DataLock> {
  await mkdir(folder, { recursive: true, mode: PRIVATE_DIR })
  const path = join(folder, LOCK_NAME)
  let tookOverFrom: number | null = null
  for (let attempt = 0; attempt < 2; attempt++) {
    // Written in full first, then linked into place: link() fails if the lock exists, and no one
    // ever sees a lock file without its process id.
    const temp = `${path}.${process.pid}.tmp`
    const handle = await open(temp, 'w', 0o600)
    try {
      await handle.writeFile(JSON.stringify({ pid: process.pid, since: new Date().toISOString() }))
      await handle.sync()
    } finally {
      await handle.close()
    }
    try {
      await link(temp, path)
      return {
        path,
        tookOverFrom,
        release: async () => {
          if ((await holder(path).catch(() => null)) === process.pid) await unlink(path).catch(() => {})
        },
      }
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
    } finally {
      await unlink(temp).catch(() => {})
    }
    let pid: number | null
    try {
      pid = await holder(path)
    } catch {
      pid = null // not a lock this code wrote
    }
    if (pid !== null && pid !== process.pid && alive(pid)) throw new DataFolderBusy(folder, pid)
    // Stale. Two processes taking over the same stale lock at the same instant is not guarded.
    tookOverFrom = pid
    await unlink(path).catch(() => {})
  }
  const pid = await holder(path).catch(() => null)
  throw new DataFolderBusy(folder, pid ?? 0)
}

/**
 * The lock, waiting a little while another process holds it: a command-line run is short, so the
 * app or a second command started meanwhile gets the folder a moment later instead of failing.
 */
export async function lockDataFolderWaiting(folder: string, waitMs = 5_000): Promise<DataLock> {
  const until = Date.now() + waitMs
  for (;;) {
    try {
      return await lockDataFolder(folder)
    } catch (error) {
      if (!(error instanceof DataFolderBusy) || Date.now() >= until) throw error
      await new Promise((done) => setTimeout(done, 200))
    }
  }
}
