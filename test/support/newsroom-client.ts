import type { LightMyRequestResponse } from 'fastify';
import type { TestApp } from './app.ts';

/** The password test accounts are created with. */
export const PASSWORD = 'correct horse battery';

/** A browser in miniature: keeps cookies, sends forms with the page's CSRF token. */
export class NewsroomClient {
  cookies = new Map<string, string>();
  lastCsrf = '';
  constructor(private readonly t: TestApp) {}

  private cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  private keep(res: LightMyRequestResponse): LightMyRequestResponse {
    const set = res.headers['set-cookie'];
    for (const line of set === undefined ? [] : Array.isArray(set) ? set : [set]) {
      const [pair] = line.split(';');
      const [name, ...rest] = pair!.split('=');
      const value = rest.join('=');
      if (/Max-Age=0/i.test(line) || value === '') this.cookies.delete(name!);
      else this.cookies.set(name!, value);
    }
    const token = /name="_csrf" value="([^"]+)"/.exec(res.body);
    if (token) this.lastCsrf = token[1]!;
    return res;
  }

  async get(url: string) {
    return this.keep(
      await this.t.app.inject({ method: 'GET', url, headers: { cookie: this.cookieHeader() } }),
    );
  }

  async post(
    url: string,
    form: Record<string, string>,
    options: { csrf?: string | null; headers?: Record<string, string> } = {},
  ) {
    const csrf = options.csrf === undefined ? this.lastCsrf : options.csrf;
    const payload = new URLSearchParams({ ...(csrf === null ? {} : { _csrf: csrf }), ...form }).toString();
    return this.keep(
      await this.t.app.inject({
        method: 'POST',
        url,
        payload,
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          cookie: this.cookieHeader(),
          ...options.headers,
        },
      }),
    );
  }

  async signIn(email: string, password = PASSWORD, next = '') {
    await this.get(`/admin/sign-in${next ? `?next=${encodeURIComponent(next)}` : ''}`);
    return this.post('/admin/sign-in', { email, password, next });
  }
}
