// The data-folder lock against real files and real processes: a live foreign process keeps the
// folder (named in the refusal), one that is gone, a garbage file or this process's own leftover
// is taken over, a lock that can never be replaced ends in a refusal instead of a loop, and the
// lock leaves no file handle open.
import { spawn, type ChildProcess } from 'node:child_process'
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { DataFolderBusy, LOCK_NAME, lockDataFolder, lockDataFolderWaiting } from '../src/main/store/data-lock'

const tempDir = (): string => mkdtempSync(join(tmpdir(), 'wd-lock-'))
const lockFile = (dir: string): string => join(dir, LOCK_NAME)
const openFiles = (): number => readdirSync('/proc/self/fd').length

const children: ChildProcess[] = []
afterEach(() => {
  for (const child of children.splice(0)) child.kill()
})

/** A node process that stays alive until the test ends: a live process id that is not ours. */
async function liveChild(): Promise<number> {
  const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)'], { stdio: 'ignore' })
  children.push(child)
  await new Promise((done) => child.once('spawn', done))
  return child.pid!
}

describe('the data-folder lock', () => {
  it('refuses a folder held by a live process, with a message naming folder and process', async () => {
    const dir = tempDir()
    const pid = await liveChild()
    writeFileSync(lockFile(dir), JSON.stringify({ pid }))
    const refusal = await lockDataFolder(dir).catch((e: unknown) => e)
    expect(refusal).toBeInstanceOf(DataFolderBusy)
    expect(refusal).toMatchObject({
      name: 'DataFolderBusy',
      folder: dir,
      pid,
      message: `The data folder ${dir} is in use by process ${pid}.`,
    })
    // Waiting gives up at its deadline with the same refusal; the live lock is left alone.
    await expect(lockDataFolderWaiting(dir, 0)).rejects.toMatchObject({ name: 'DataFolderBusy', pid })
    expect(JSON.parse(readFileSync(lockFile(dir), 'utf8'))).toEqual({ pid })
  })

  it('with no time to wait refuses at once, even within the same millisecond', async () => {
    const dir = tempDir()
    const pid = await liveChild()
    writeFileSync(lockFile(dir), JSON.stringify({ pid }))
    vi.useFakeTimers({ toFake: ['Date'] })
    try {
      await expect(lockDataFolderWaiting(dir, 0)).rejects.toMatchObject({ name: 'DataFolderBusy', pid })
    } finally {
      vi.useRealTimers()
    }
  }, 2000)

  it('takes over a leftover lock of this very process', async () => {
    const dir = tempDir()
    writeFileSync(lockFile(dir), JSON.stringify({ pid: process.pid }))
    const lock = await lockDataFolder(dir)
    expect(lock.tookOverFrom).toBe(process.pid)
    await lock.release()
    expect(existsSync(lockFile(dir))).toBe(false)
  })

  it('takes over the lock of a process that is gone, and says whose it was', async () => {
    const dir = tempDir()
    const child = spawn(process.execPath, ['-e', '0'])
    await new Promise((done) => child.on('exit', done))
    writeFileSync(lockFile(dir), JSON.stringify({ pid: child.pid }))
    const lock = await lockDataFolder(dir)
    expect(lock.tookOverFrom).toBe(child.pid)
    expect(JSON.parse(readFileSync(lock.path, 'utf8')).pid).toBe(process.pid)
    await lock.release()
  })

  it('ends in a refusal from nobody (pid 0) when the lock can never be replaced', async () => {
    const dir = tempDir()
    // A folder in the lock's place: linking onto it fails with EEXIST, unlinking it fails too.
    mkdirSync(lockFile(dir))
    const refusal = await lockDataFolder(dir).catch((e: unknown) => e)
    expect(refusal).toMatchObject({ name: 'DataFolderBusy', folder: dir, pid: 0 })
    expect(readdirSync(dir)).toEqual([LOCK_NAME]) // no temp file left behind
  }, 2000)

  it('closes the files it opens', async () => {
    const dir = tempDir()
    const before = openFiles()
    const lock = await lockDataFolder(dir)
    await lock.release()
    expect(openFiles()).toBe(before)
  })

  // As root every signal is allowed, so process.kill(pid, 0) never fails with EPERM; a child
  // running as another user would need read access to this checkout, which CI's may not give.
  const isRoot = process.getuid?.() === 0
  it.skipIf(isRoot)(
    `counts a process of another user (EPERM) as alive${isRoot ? ' — skipped: running as root, no EPERM possible' : ''}`,
    async () => {
      const dir = tempDir()
      // Process 1 belongs to root: for a normal user process.kill(1, 0) fails with EPERM.
      writeFileSync(lockFile(dir), JSON.stringify({ pid: 1 }))
      await expect(lockDataFolder(dir)).rejects.toMatchObject({ name: 'DataFolderBusy', pid: 1 })
    },
  )

  it('writes its process id (private file, private folder), and release removes it', async () => {
    const dir = join(tempDir(), 'data')
    const lock = await lockDataFolder(dir)
    expect(lock.path).toBe(lockFile(dir))
    expect(lock.tookOverFrom).toBeNull()
    const held = JSON.parse(readFileSync(lock.path, 'utf8'))
    expect(held.pid).toBe(process.pid)
    expect(Date.now() - Date.parse(held.since)).toBeLessThan(60_000)
    expect(statSync(lock.path).mode & 0o777).toBe(0o600)
    expect(statSync(dir).mode & 0o777).toBe(0o700)
    expect(readdirSync(dir)).toEqual([LOCK_NAME])
    await lock.release()
    expect(existsSync(lock.path)).toBe(false)
  })

  it.each([
    ['not JSON', 'garbage'],
    ['no pid', '{}'],
    ['a pid of 0', '{"pid":0}'],
    ['a fractional pid', '{"pid":1.5}'],
  ])('takes over a lock file with %s, from nobody', async (_, text) => {
    const dir = tempDir()
    writeFileSync(lockFile(dir), text)
    const lock = await lockDataFolder(dir)
    expect(lock.tookOverFrom).toBeNull()
    expect(JSON.parse(readFileSync(lock.path, 'utf8')).pid).toBe(process.pid)
  })

  it('release leaves a lock that another process has taken since', async () => {
    const dir = tempDir()
    const lock = await lockDataFolder(dir)
    writeFileSync(lock.path, JSON.stringify({ pid: 1 }))
    await lock.release()
    expect(existsSync(lock.path)).toBe(true)
  })

  it('waits for a lock that is released meanwhile', async () => {
    const dir = tempDir()
    writeFileSync(lockFile(dir), JSON.stringify({ pid: 1 }))
    setTimeout(() => rmSync(lockFile(dir)), 250)
    const lock = await lockDataFolderWaiting(dir, 3000)
    expect(JSON.parse(readFileSync(lock.path, 'utf8')).pid).toBe(process.pid)
  })
})
