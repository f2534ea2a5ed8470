/**
 * Serves the built renderer, to the app's own `app://webhook-desk/` scheme and to the browser
 * harness. The packaged app's fuses take file:// its extra privileges away
 * (GrantFileProtocolExtraPrivileges off), and a page at file:// has origin `null`, so its module
 * scripts and CSS would be blocked: the window loads from a privileged custom scheme instead, as
 * Electron's security checklist recommends. Only regular files inside the renderer folder are
 * served; traversal (also percent-encoded), symlinks out and directories get a 404.
 */
import { readFile, realpath, stat } from 'node:fs/promises'
import { extname, resolve, sep } from 'node:path'
import { contentSecurityPolicy } from './csp'

export const APP_SCHEME = 'app'
export const APP_HOST = 'webhook-desk'
/** The one document the window loads when not in development. */
export const APP_URL = `${APP_SCHEME}://${APP_HOST}/index.html`

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
}

/** Headers every page and asset of the app is served with. */
export const PAGE_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy': contentSecurityPolicy(),
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
}

export type RendererFile = { found: true; body: Buffer; contentType: string; name: string } | { found: false }

const NOT_FOUND: RendererFile = { found: false }

/** The file for a URL path (still percent-encoded, as `URL.pathname` gives it); "/" is index.html. */
export async function readRendererFile(rendererDir: string, pathname: string): Promise<RendererFile> {
  let decoded: string
  try {
    decoded = decodeURIComponent(pathname)
  } catch {
    return NOT_FOUND
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return NOT_FOUND
  const name = decoded === '/' || decoded === '' ? 'index.html' : decoded.replace(/^\/+/, '')
  try {
    const root = await realpath(rendererDir)
    const file = await realpath(resolve(root, name))
    if (!file.startsWith(root + sep) || !(await stat(file)).isFile()) return NOT_FOUND
    return {
      found: true,
      body: await readFile(file),
      contentType: CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream',
      name,
    }
  } catch {
    return NOT_FOUND
  }
}

/** True when `url` is on the app's own scheme and host (any path). */
export function isAppSchemeUrl(url: URL): boolean {
  return url.protocol === `${APP_SCHEME}:` && url.host === APP_HOST
}

/** The `protocol.handle` handler for the app's scheme: GET and HEAD of the renderer's files. */
export function rendererProtocolHandler(rendererDir: string): (request: Request) => Promise<Response> {
  return async (request) => {
    const url = new URL(request.url)
    if (!isAppSchemeUrl(url)) return new Response('Not found', { status: 404 })
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      return new Response('Method not allowed', { status: 405, headers: { allow: 'GET, HEAD' } })
    }
    const file = await readRendererFile(rendererDir, url.pathname)
    if (!file.found)
      return new Response('Not found', { status: 404, headers: { 'content-type': 'text/plain' } })
    return new Response(request.method === 'HEAD' ? null : new Uint8Array(file.body), {
      status: 200,
      headers: { ...PAGE_HEADERS, 'content-type': file.contentType },
    })
  }
}
