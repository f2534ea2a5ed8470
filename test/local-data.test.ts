import { mkdtempSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { writeJsonAtomic } from '../src/main/store/json-file'

const tempDir = (): string => mkdtempSync(join(tmpdir(), 'wd-local-'))

describe('files in the user-data folder', () => {
  it('creates folders only the user can open (0700) and files only the user can read (0600)', async () => {
    const dir = tempDir()
    const path = join(dir, 'user-data', 'accounts', 'x.json')
    await writeJsonAtomic(path, { version: 1 })
    expect(statSync(join(dir, 'user-data')).mode & 0o777).toBe(0o700)
    expect(statSync(join(dir, 'user-data', 'accounts')).mode & 0o777).toBe(0o700)
    expect(statSync(path).mode & 0o777).toBe(0o600)
  })
})
