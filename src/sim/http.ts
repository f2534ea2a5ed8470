/** Small HTTP helpers for the simulator: errors with Traccar's bodies, body and form parsing. */
import type { IncomingMessage, ServerResponse } from 'node:http'
import { TRAITS, type Flavor } from './flavor'

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: string = '',
    readonly headers: Record<string, string> = {},
  ) {
    super(body || String(status))
  }
}

/**
 * Traccar maps every SecurityException (and most other exceptions) to 400 with a text body:
 * a Java stack trace on 6.7+, "<msg> - <Class> (<where>)" on older versions.
 */
export function traccarError(
  flavor: Flavor,
  message: string,
  exception = 'java.lang.SecurityException',
  where = 'PermissionsService',
): HttpError {
  const simple = exception.split('.').pop()
  const body = TRAITS[flavor].stackTraces
    ? `${exception}: ${message}\n\tat org.traccar.api.security.${where}.check(${where}.java:121)\n\tat org.traccar.api.BaseObjectResource.update(BaseObjectResource.java:108)\n\tat java.base/jdk.internal.reflect.DirectMethodHandleAccessor.invoke(DirectMethodHandleAccessor.java:103)\n`
    : `${message} - ${simple} (${where}:273 < BaseObjectResource:95 < ...)`
  return new HttpError(400, body, { 'content-type': 'text/plain' })
}

export async function readBody(req: IncomingMessage, limit = 1024 * 1024): Promise<string> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of req) {
    size += (chunk as Buffer).length
    if (size > limit) throw new HttpError(413, 'Request entity too large')
    chunks.push(chunk as Buffer)
  }
  return Buffer.concat(chunks).toString('utf8')
}

export async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  return new URLSearchParams(await readBody(req))
}

export async function readJson(req: IncomingMessage): Promise<unknown> {
  const text = await readBody(req)
  try {
    return JSON.parse(text)
  } catch {
    throw new HttpError(
      400,
      `com.fasterxml.jackson.core.JsonParseException: Unexpected character in request body`,
      { 'content-type': 'text/plain' },
    )
  }
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body)
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
    ...headers,
  })
  res.end(text)
}

export function sendText(
  res: ServerResponse,
  status: number,
  body: string,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, {
    'content-type': 'text/plain',
    'content-length': Buffer.byteLength(body),
    ...headers,
  })
  res.end(body)
}

export function sendHtml(res: ServerResponse, status: number, body: string): void {
  res.writeHead(status, {
    'content-type': 'text/html;charset=utf-8',
    'content-length': Buffer.byteLength(body),
  })
  res.end(body)
}

export function parseCookies(header: string | undefined): Record<string, string> {
  const out: Record<string, string> = {}
  for (const part of (header ?? '').split(';')) {
    const i = part.indexOf('=')
    if (i > 0) out[part.slice(0, i).trim()] = part.slice(i + 1).trim()
  }
  return out
}
