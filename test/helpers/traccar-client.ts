/** A tiny cookie-keeping HTTP client for talking to the simulator in tests. */
export interface Reply {
  status: number
  headers: Headers
  text: string
  json: <T = Record<string, unknown>>() => T
}

export class TestClient {
  cookie: string | null = null

  constructor(readonly base: string) {}

  async request(
    method: string,
    path: string,
    init: { body?: string; headers?: Record<string, string> } = {},
  ): Promise<Reply> {
    const headers: Record<string, string> = { ...(init.headers ?? {}) }
    if (this.cookie && !('cookie' in headers)) headers.cookie = this.cookie
    const res = await fetch(this.base + path, { method, headers, body: init.body, redirect: 'manual' })
    const setCookie = res.headers.get('set-cookie')
    if (setCookie) this.cookie = setCookie.split(';')[0]!
    const text = await res.text()
    return { status: res.status, headers: res.headers, text, json: <T>() => JSON.parse(text) as T }
  }

  get(path: string, headers?: Record<string, string>): Promise<Reply> {
    return this.request('GET', path, { headers })
  }

  put(path: string, body: unknown, headers?: Record<string, string>): Promise<Reply> {
    return this.request('PUT', path, {
      body: JSON.stringify(body),
      headers: { 'content-type': 'application/json', ...headers },
    })
  }

  post(path: string, form: Record<string, string>, headers?: Record<string, string>): Promise<Reply> {
    return this.request('POST', path, {
      body: new URLSearchParams(form).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    })
  }

  postJson(path: string, body: unknown): Promise<Reply> {
    return this.request('POST', path, {
      body: JSON.stringify(body),
      headers: { 'content-type': 'application/json' },
    })
  }

  async login(email: string, password: string, code?: number): Promise<Reply> {
    return this.post('/api/session', {
      email,
      password,
      ...(code === undefined ? {} : { code: String(code) }),
    })
  }
}

export const basic = (email: string, password: string): Record<string, string> => ({
  authorization: `Basic ${Buffer.from(`${email}:${password}`).toString('base64')}`,
})
