import { fastifyCookie } from '@fastify/cookie';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { POLICY } from '../../accounts/deps.ts';

// Called as methods: they use `this`.
const parse = (header: string) => fastifyCookie.parse(header);
const serialize: typeof fastifyCookie.serialize = (name, value, opts) =>
  fastifyCookie.serialize(name, value, opts);

/** The session cookie: HttpOnly, SameSite=Lax, scoped to /admin, Secure when the site is served over HTTPS. */
export const SESSION_COOKIE = 'bs_session';
/** Second sign-in step (password accepted, code still needed). */
export const PENDING_COOKIE = 'bs_pending';
/** Double-submit CSRF token for forms shown before sign-in. */
export const ANON_CSRF_COOKIE = 'bs_csrf';
export const COOKIE_PATH = '/admin';

/**
 * Reads a cookie without relying on @fastify/cookie's hook being registered before the route
 * (routes of other features may be registered first), using the same parser.
 */
export function readCookie(req: FastifyRequest, name: string): string | undefined {
  const parsed = (req as { cookies?: Record<string, string | undefined> }).cookies;
  if (parsed && name in parsed) return parsed[name];
  const header = req.headers.cookie;
  if (!header) return undefined;
  return parse(header)[name];
}

function secure(baseUrl: string): boolean {
  return baseUrl.startsWith('https://');
}

function appendCookie(reply: FastifyReply, cookie: string): void {
  const existing = reply.getHeader('set-cookie');
  const list = existing === undefined ? [] : Array.isArray(existing) ? existing : [String(existing)];
  reply.header('set-cookie', [...list.filter((c) => !c.startsWith(cookie.split('=')[0] + '=')), cookie]);
}

export function setCookie(
  reply: FastifyReply,
  baseUrl: string,
  name: string,
  value: string,
  maxAgeSeconds: number,
): void {
  appendCookie(
    reply,
    serialize(name, value, {
      path: COOKIE_PATH,
      httpOnly: true,
      sameSite: 'lax',
      secure: secure(baseUrl),
      maxAge: maxAgeSeconds,
    }),
  );
}

export function clearCookie(reply: FastifyReply, baseUrl: string, name: string): void {
  appendCookie(
    reply,
    serialize(name, '', {
      path: COOKIE_PATH,
      httpOnly: true,
      sameSite: 'lax',
      secure: secure(baseUrl),
      maxAge: 0,
      expires: new Date(0),
    }),
  );
}

export function setSessionCookie(reply: FastifyReply, baseUrl: string, token: string): void {
  setCookie(reply, baseUrl, SESSION_COOKIE, token, Math.floor(POLICY.sessionAbsoluteMs / 1000));
}

export function setPendingCookie(reply: FastifyReply, baseUrl: string, token: string): void {
  setCookie(reply, baseUrl, PENDING_COOKIE, token, Math.floor(POLICY.pendingSecondFactorMs / 1000));
}
