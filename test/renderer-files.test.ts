/**
 * The app:// scheme's file server: only regular files inside the built renderer folder, with the
 * right types; traversal (plain, percent-encoded, backslashes), symlinks out, directories and other
 * hosts get a 404.
 */
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { readRendererFile, rendererProtocolHandler } from '../src/main/electron/renderer-files'
import { contentSecurityPolicy } from '../src/main/electron/csp'

const base = mkdtempSync(join(tmpdir(), 'wd-renderer-'))
const dir = join(base, 'renderer')
mkdirSync(join(dir, 'assets'), { recursive: true })
writeFileSync(join(dir, 'index.html'), '<!doctype html><title>app</title>')
writeFileSync(join(dir, 'assets/app.js'), 'export {}')
writeFileSync(join(dir, 'assets/app.css'), 'body{}')
writeFileSync(join(dir, 'assets/data.bin'), 'x')
writeFileSync(join(base, 'secret.txt'), 'outside the renderer folder')
symlinkSync(join(base, 'secret.txt'), join(dir, 'escape.txt'))

const handler = rendererProtocolHandler(dir)
const get = (url: string, method = 'GET'): Promise<Response> => handler(new Request(url, { method }))

describe('renderer files', () => {
  it.each([
    ['/', 'index.html', 'text/html; charset=utf-8'],
    ['/index.html', 'index.html', 'text/html; charset=utf-8'],
    ['/assets/app.js', 'assets/app.js', 'text/javascript; charset=utf-8'],
    ['/assets/app.css', 'assets/app.css', 'text/css; charset=utf-8'],
    ['/assets/data.bin', 'assets/data.bin', 'application/octet-stream'],
    ['/assets/%61pp.js', 'assets/app.js', 'text/javascript; charset=utf-8'],
  ])('serves %s', async (path, name, type) => {
    const file = await readRendererFile(dir, path)
    expect(file).toMatchObject({ found: true, name, contentType: type })
  })

  it.each([
    '/../secret.txt',
    '/%2e%2e/secret.txt',
    '/..%2fsecret.txt',
    '/assets/%2e%2e%2f%2e%2e%2fsecret.txt',
    '/..%5csecret.txt',
    '/assets%5c..%5c..%5csecret.txt',
    `/${encodeURIComponent(join(base, 'secret.txt'))}`,
    '/escape.txt',
    '/assets',
    '/assets/',
    '/missing.js',
    '/index.html%00.js',
    '/%E0%A4%A',
  ])('refuses %s', async (path) => {
    expect(await readRendererFile(dir, path)).toEqual({ found: false })
  })
})

describe('app:// protocol handler', () => {
  it('answers the app host with the file, its type and the CSP', async () => {
    const response = await get('app://webhook-desk/assets/app.js')
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe('text/javascript; charset=utf-8')
    expect(response.headers.get('content-security-policy')).toBe(contentSecurityPolicy())
    expect(response.headers.get('x-content-type-options')).toBe('nosniff')
    expect(await response.text()).toBe('export {}')
  })

  it('answers HEAD without a body', async () => {
    const response = await get('app://webhook-desk/index.html', 'HEAD')
    expect(response.status).toBe(200)
    expect(await response.text()).toBe('')
  })

  it.each([
    'app://other/index.html',
    'app://webhook-desk.evil/index.html',
    'app://webhook-desk/../secret.txt',
    'app://webhook-desk/%2e%2e/secret.txt',
    'app://webhook-desk/assets/',
  ])('gives 404 for %s', async (url) => {
    expect((await get(url)).status).toBe(404)
  })

  it('allows only GET and HEAD', async () => {
    const response = await get('app://webhook-desk/index.html', 'POST')
    expect(response.status).toBe(405)
  })
})
