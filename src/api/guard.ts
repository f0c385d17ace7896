import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ApiKeyInfo, ApiKeysRepo } from '../db/repositories/api-keys.ts';
import { BroadsheetError } from '../domain/errors.ts';
import type { RateLimiter } from './rate-limit.ts';
import type { Scope } from './scopes.ts';

export interface GuardOptions {
  keys: ApiKeysRepo;
  limiter: RateLimiter;
  clock: () => Date;
  /** Origins allowed to read the API from browsers; `*` for any. */
  corsOrigins: readonly string[];
}

const keyOf = new WeakMap<FastifyRequest, ApiKeyInfo>();

/** The key the request was authorised with (set by `requireScope`). */
export function apiKeyOf(req: FastifyRequest): ApiKeyInfo | undefined {
  return keyOf.get(req);
}

function presentedKey(req: FastifyRequest): string | undefined {
  const auth = req.headers.authorization;
  if (typeof auth === 'string') {
    const m = /^Bearer\s+(\S+)$/i.exec(auth.trim());
    if (!m) throw new BroadsheetError('UNAUTHORIZED', 'Use "Authorization: Bearer <key>"');
    return m[1];
  }
  const q = (req.query as Record<string, unknown> | undefined)?.key;
  return typeof q === 'string' && q !== '' ? q : undefined;
}

/**
 * Every /api/v1 route but the OpenAPI document needs a key with the route's scope: keys can be
 * revoked and rate-limited, anonymous readers cannot. 401 without a valid key, 403 without the scope,
 * 429 with Retry-After over the key's rate.
 */
export function requireScope(options: GuardOptions, scope: Scope) {
  const touched = new Map<number, number>();
  return async function guard(req: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined> {
    const presented = presentedKey(req);
    if (!presented) {
      reply.header('www-authenticate', 'Bearer realm="broadsheet"');
      throw new BroadsheetError('UNAUTHORIZED', 'An API key is required: "Authorization: Bearer <key>"');
    }
    const key = presented.length <= 200 ? await options.keys.findActive(presented) : undefined;
    if (!key) {
      reply.header('www-authenticate', 'Bearer realm="broadsheet", error="invalid_token"');
      throw new BroadsheetError('UNAUTHORIZED', 'Unknown or revoked API key');
    }
    if (!key.scopes.includes(scope))
      throw new BroadsheetError('FORBIDDEN', `This key lacks the "${scope}" scope`);
    const nowMs = options.clock().getTime();
    const wait = options.limiter.take(String(key.id), nowMs);
    if (wait > 0) {
      reply.header('retry-after', String(wait));
      throw new BroadsheetError('RATE_LIMITED', `Rate limit exceeded: retry in ${wait}s`);
    }
    // last_used_at to the minute: one write per key per minute, not per request.
    if ((touched.get(key.id) ?? 0) + 60_000 <= nowMs) {
      touched.set(key.id, nowMs);
      await options.keys.touch(key.id, new Date(nowMs).toISOString());
    }
    keyOf.set(req, key);
    return undefined;
  };
}

/** CORS for allowed origins, ETag/304 for GET responses, and no caching by shared caches (keyed). */
export function registerApiHeaders(app: FastifyInstance, options: GuardOptions): void {
  const any = options.corsOrigins.includes('*');
  const allowed = new Set(options.corsOrigins);
  app.addHook('onRequest', async (req, reply) => {
    const origin = req.headers.origin;
    if (typeof origin === 'string' && (any || allowed.has(origin))) {
      reply.header('access-control-allow-origin', any ? '*' : origin);
      reply.header('access-control-expose-headers', 'ETag, Retry-After, Link');
      if (!any) reply.header('vary', 'Origin');
    }
  });
  app.addHook('onSend', async (req, reply, payload) => {
    reply.header('cache-control', 'private, no-cache');
    if (req.method !== 'GET' || reply.statusCode !== 200 || typeof payload !== 'string') return payload;
    const etag = `"${createHash('sha256').update(payload).digest('base64url').slice(0, 27)}"`;
    reply.header('etag', etag);
    const match = req.headers['if-none-match'];
    if (typeof match === 'string' && match.split(',').some((t) => t.trim().replace(/^W\//, '') === etag)) {
      reply.code(304);
      reply.removeHeader('content-length');
      return '';
    }
    return payload;
  });
}
