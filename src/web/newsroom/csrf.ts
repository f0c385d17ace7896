import type { FastifyReply, FastifyRequest } from 'fastify';
import { constantTimeEqual, randomToken } from '../../accounts/tokens.ts';
import { html, type SafeHtml } from '../views/html.ts';
import { ANON_CSRF_COOKIE, readCookie, setCookie } from './session.ts';

/** Name of the hidden form field (also accepted: header `x-csrf-token`, or `?_csrf=` for multipart forms). */
export const CSRF_FIELD = '_csrf';

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export function isUnsafe(method: string): boolean {
  return UNSAFE.has(method.toUpperCase());
}

/** The token the request carries: form field, header, or query (multipart bodies are not parsed yet). */
export function submittedToken(req: FastifyRequest): string | undefined {
  const body = req.body as Record<string, unknown> | undefined;
  const fromBody = body && typeof body === 'object' ? body[CSRF_FIELD] : undefined;
  if (typeof fromBody === 'string') return fromBody;
  const header = req.headers['x-csrf-token'];
  if (typeof header === 'string') return header;
  const query = req.query as Record<string, unknown> | undefined;
  const fromQuery = query?.[CSRF_FIELD];
  return typeof fromQuery === 'string' ? fromQuery : undefined;
}

/**
 * Cross-site requests are refused by origin too: a browser sends `Origin` on every POST, and it
 * must be this site (BASE_URL) or the host the request came to.
 */
export function sameOrigin(req: FastifyRequest, baseUrl: string): boolean {
  const origin = req.headers.origin;
  if (origin === undefined) return true;
  if (origin === 'null') return false;
  try {
    const o = new URL(origin);
    if (o.origin === new URL(baseUrl).origin) return true;
    return o.host === req.headers.host;
  } catch {
    return false;
  }
}

export function tokenMatches(expected: string | undefined, given: string | undefined): boolean {
  return !!expected && !!given && constantTimeEqual(expected, given);
}

/**
 * The double-submit token of forms shown before sign-in (sign-in, password reset, invitation):
 * a random value in an HttpOnly cookie that the form must echo. Set on first render.
 */
export function anonymousToken(req: FastifyRequest, reply: FastifyReply, baseUrl: string): string {
  const existing = readCookie(req, ANON_CSRF_COOKIE);
  if (existing && /^[\w-]{43}$/.test(existing)) return existing;
  const token = randomToken();
  setCookie(reply, baseUrl, ANON_CSRF_COOKIE, token, 60 * 60 * 24);
  return token;
}

export function anonymousTokenValid(req: FastifyRequest): boolean {
  return tokenMatches(readCookie(req, ANON_CSRF_COOKIE), submittedToken(req));
}

export function hiddenCsrf(token: string): SafeHtml {
  return html`<input type="hidden" name="${CSRF_FIELD}" value="${token}" />`;
}
