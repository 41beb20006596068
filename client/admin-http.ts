// A back-office client over plain HTTP with a cookie jar, as a browser would be (Origin and Fetch Metadata included),
/* eslint-disable @typescript-eslint/no-explicit-any -- bodies are whatever the caller expects (T defaults to any) */
// or as an attacker would be when `headers` says otherwise.
export interface AdminResponse<T = any> {
  status: number;
  headers: Headers;
  text: string;
  body: T;
}

export const SESSION_COOKIE = 'traces_admin';

export class AdminHttp {
  cookie: string | undefined;

  constructor(readonly baseUrl: string) {}

  /** The raw session id inside the signed cookie (s:<id>.<signature>). */
  sessionId(): string | undefined {
    const value = this.cookie ? decodeURIComponent(this.cookie.split('=')[1] ?? '') : undefined;
    return value?.startsWith('s:') ? value.slice(2).split('.')[0] : undefined;
  }

  async request<T = any>(
    method: string,
    path: string,
    options: { form?: Record<string, string>; json?: unknown; headers?: Record<string, string> } = {},
  ): Promise<AdminResponse<T>> {
    const headers: Record<string, string> = {
      origin: this.baseUrl,
      'sec-fetch-site': 'same-origin',
      ...(this.cookie ? { cookie: this.cookie } : {}),
    };
    let body: string | undefined;
    if (options.form) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      body = new URLSearchParams(options.form).toString();
    } else if (options.json !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(options.json);
    }
    for (const [k, v] of Object.entries(options.headers ?? {})) {
      if (v === '') delete headers[k];
      else headers[k] = v;
    }
    const response = await fetch(`${this.baseUrl}${path}`, { method, headers, body, redirect: 'manual' });
    const setCookie = response.headers.getSetCookie().find((c) => c.startsWith(`${SESSION_COOKIE}=`));
    if (setCookie) this.cookie = setCookie.split(';')[0];
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      // HTML or a redirect: keep the text
    }
    return { status: response.status, headers: response.headers, text, body: parsed as T };
  }

  /** Logs in through the AdminJS login form; true when it redirected into the back-office. */
  async login(email: string, password: string): Promise<boolean> {
    const response = await this.request('POST', '/admin/login', { form: { email, password } });
    return response.status === 302 && response.headers.get('location') === '/admin';
  }

  /** A JSON call of the AdminJS API; false when the session is gone (AdminJS then redirects to the login page). */
  api<T = any>(method: 'GET' | 'POST', path: string, json?: unknown, headers?: Record<string, string>) {
    return this.request<T>(method, `/admin/api${path}`, { json, headers });
  }
}
