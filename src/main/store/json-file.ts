/**
 * JSON files in the user-data folder: written atomically (temp file, fsync, rename) so a crash
 * never leaves half a file, and read defensively: a corrupt file is moved aside, not lost.
 */
import { randomBytes } from 'node:crypto'
import { mkdir, open, readFile, rename, unlink } from 'node:fs/promises'
import { dirname } from 'node:path'

/** Folders of the user's data are private to the user: they hold sealed records and account lists. */
export const PRIVATE_DIR = 0o700

export async function writeJsonAtomic(path: string, value: unknown): Promise<void> {
  await mkdir(dirname(path), { recursive: true, mode: PRIVATE_DIR })
  const temp = `${path}.${randomBytes(6).toString('hex')}.tmp`
  const handle = await open(temp, 'w', 0o600)
  try {
    await handle.writeFile(JSON.stringify(value, null, 2) + '\n', 'utf8')
    await handle.sync()
  } finally {
    await handle.close()
  }
  try {
    await rename(temp, path)
  } catch (error) {
    await unlink(temp).catch(() => {})
    throw error
  }
}

export type ReadOutcome<T> =
  | { kind: 'missing' }
  | { kind: 'ok'; value: T }
  /** The file was unreadable or not what we expect; it now lives at movedTo. */
  | { kind: 'corrupt'; movedTo: string | null }

export async function readJsonFile<T>(
  path: string,
  isValid: (value: unknown) => value is T,
): Promise<ReadOutcome<T>> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'missing' }
    return { kind: 'corrupt', movedTo: await moveAside(path) }
  }
  try {
    const value: unknown = JSON.parse(text)
    if (isValid(value)) return { kind: 'ok', value }
  } catch {
    // fall through: not JSON
  }
  return { kind: 'corrupt', movedTo: await moveAside(path) }
}

/** Renames an unreadable file next to itself with a `.corrupt-<time>` suffix; null if that fails. */
export async function moveAside(path: string): Promise<string | null> {
  const aside = `${path}.corrupt-${new Date().toISOString().replace(/[:.]/g, '-')}`
  try {
    await rename(path, aside)
    return aside
  } catch {
    return null
  }
}
