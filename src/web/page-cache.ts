import { createHash, randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Cache, Lease } from '../cache/cache.ts';
import type { CacheEntry } from '../cache/store.ts';

/** What a handler declares about its response: `reply.cacheable({ keys: ['article:42'], maxAge: 60 })`. */
export interface CacheableOptions {
  /** Dependency keys of everything the page shows (see src/cache/keys.ts). */
  keys: readonly string[];
  /** Seconds the page is fresh, here and in shared caches (s-maxage). Default 60. */
  maxAge?: number;
  /** Seconds it may then be served stale while one refresh runs. Default 300. */
  staleWhileRevalidate?: number;
  /** Seconds a browser may reuse it without asking. Default 0: browsers revalidate (ETag, 304). */
  browserMaxAge?: number;
}

declare module 'fastify' {
  interface FastifyReply {
    /** Lets the page cache keep this response (GET, status 200, no Set-Cookie) under these keys. */
    cacheable(options: CacheableOptions): FastifyReply;
  }
}

/**
 * A per-request part of a cached page. The shared page carries a marker `<!--bs:NAME ARG-->`
 * (ARG optional, e.g. the article id); every response, hit or miss, has the marker replaced by
 * `fill`'s HTML for this request. A page with holes is sent `private` (it is one reader's page);
 * the shared bytes stay in the cache.
 */
export interface PageHole {
  fill(req: FastifyRequest, reply: FastifyReply, arg: string): Promise<HoleContent> | HoleContent;
}

export interface PageCacheCounters {
  hit: number;
  stale: number;
  miss: number;
  coalesced: number;
  /** Not looked up: not GET, excluded path, signed-in newsroom user. */
  bypass: number;
  /** Rendered but not kept: the handler did not call cacheable, or status/cookies forbade it. */
  uncacheable: number;
  notModified: number;
}

export interface PageCacheOptions {
  cache: Cache;
  /** False (PAGE_CACHE=off): nothing is looked up or stored, but holes are still filled. Default true. */
  enabled?: boolean;
  holes?: ReadonlyMap<string, PageHole>;
  /** Path prefixes never looked up nor stored (default: newsroom, API, operations, assets, media). */
  excludedPrefixes?: readonly string[];
  /** Cookies that mark a signed-in newsroom user (default: the /admin session cookies). */
  bypassCookies?: readonly string[];
  defaultMaxAge?: number;
  defaultStaleWhileRevalidate?: number;
  /**
   * Invalidations this server started and has not finished (a publish's section, tag and byline
   * keys need a database lookup): while any is pending, public requests wait for them before
   * reading a cache, so whoever asks right after a change sees it (read-your-writes). Usually
   * idle; a few milliseconds after a change.
   */
  invalidations?: { readonly busy: boolean; settled(): Promise<void> };
  onError?: (error: unknown) => void;
}

export const DEFAULT_EXCLUDED = [
  '/admin',
  '/api/',
  '/metrics',
  '/readyz',
  '/healthz',
  '/assets/',
  '/media/',
] as const;
export const DEFAULT_BYPASS_COOKIES = ['bs_session', 'bs_pending'] as const;

const MARKER = Buffer.from('<!--bs:');
const MARKER_END = Buffer.from('-->');
/** Headers of a render that are per response, never replayed from the cache. */
const PER_RESPONSE = new Set([
  'set-cookie',
  'x-request-id',
  'content-length',
  'date',
  'connection',
  'keep-alive',
  'transfer-encoding',
  'age',
  'x-cache',
  'etag',
]);
const REVALIDATE_HEADER = 'x-bs-revalidate';

interface RequestState {
  key: string;
  lease: Lease | null;
  options: CacheableOptions | null;
  served: boolean;
  /** An internal background refresh: render and store, the response goes nowhere. */
  refresh: boolean;
}

interface Prepared {
  /** Body bytes between holes; null when the page has none. */
  segments: Buffer[] | null;
  holes: { name: string; arg: string }[];
  /** The entry's headers as name, value pairs: as stored, and for a page with a reader's holes. */
  headers: string[];
  personalHeaders: string[];
}

/** A hole's HTML for this request: text, or bytes with their own validator (a cached fragment). */
export type HoleContent = string | { readonly body: Buffer; readonly etag: string };

interface Filled {
  parts: (Buffer | string)[];
  length: number;
  etag: string;
  /** Holes were filled: the response is one reader's. */
  personal: boolean;
}

const kState = Symbol('pageCacheState');
type WithState = FastifyRequest & { [kState]: RequestState | null };

/** Splits a page at its hole markers (`<!--bs:NAME ARG-->`) and flattens its headers, once per entry. */
function prepare(entry: CacheEntry, holes: ReadonlyMap<string, PageHole>): Prepared {
  const headers: string[] = [];
  const personalHeaders: string[] = [];
  for (const [name, value] of Object.entries(entry.headers)) {
    headers.push(name, value);
    if (name !== 'cache-control' && name !== 'surrogate-key') personalHeaders.push(name, value);
  }
  personalHeaders.push('cache-control', 'private, no-cache');
  const none = { segments: null, holes: [], headers, personalHeaders };
  const body = entry.body;
  if (holes.size === 0) return none;
  let at = body.indexOf(MARKER);
  if (at < 0) return none;
  const segments: Buffer[] = [];
  const found: Prepared['holes'] = [];
  let from = 0;
  while (at >= 0) {
    const end = body.indexOf(MARKER_END, at + MARKER.length);
    if (end < 0 || end - at > 4096) break;
    const inner = body.subarray(at + MARKER.length, end).toString('utf8');
    const space = inner.indexOf(' ');
    const name = space < 0 ? inner : inner.slice(0, space);
    if (holes.has(name)) {
      segments.push(body.subarray(from, at));
      found.push({ name, arg: space < 0 ? '' : inner.slice(space + 1) });
      from = end + MARKER_END.length;
    }
    at = body.indexOf(MARKER, end + MARKER_END.length);
  }
  if (found.length === 0) return none;
  segments.push(body.subarray(from));
  return { segments, holes: found, headers, personalHeaders };
}

/** The opaque part of an entity tag: `W/"abc"` and `"abc"` give `abc` (on every hit: no regex). */
function opaque(etag: string): string {
  const bare = etag.startsWith('W/') ? etag.slice(2) : etag;
  return bare.length >= 2 && bare.startsWith('"') && bare.endsWith('"') ? bare.slice(1, -1) : bare;
}

function matchesEtag(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  if (header.trim() === '*') return true;
  const bare = etag.startsWith('W/') ? etag.slice(2) : etag;
  for (const part of header.split(',')) {
    const tag = part.trim();
    if (tag === etag || tag === bare || tag === `W/${bare}`) return true;
  }
  return false;
}

function hasCookie(header: string | undefined, names: readonly string[]): boolean {
  if (!header) return false;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    const name = (eq < 0 ? part : part.slice(0, eq)).trim();
    if (names.includes(name)) return true;
  }
  return false;
}

/** `reply.cacheable(...)` where the page cache is registered; nothing (an uncached response) elsewhere. */
export function cacheable(reply: FastifyReply, options: CacheableOptions): FastifyReply {
  return typeof reply.cacheable === 'function' ? reply.cacheable(options) : reply;
}

/**
 * The page cache of the public site as a Fastify plugin: whole GET responses keyed by host, path
 * and query (the edition is in the path), stored only when the handler declared dependency keys
 * with `reply.cacheable`. Hits are answered in onRequest before any handler runs; a stampede on
 * one key renders once; a stale page is served while one background request refreshes it.
 * CDN headers: Cache-Control with s-maxage and stale-while-revalidate, ETag/304, Surrogate-Key.
 */
export async function pageCache(app: FastifyInstance, options: PageCacheOptions): Promise<void> {
  const { cache } = options;
  const holes = options.holes ?? new Map<string, PageHole>();
  const excluded = options.excludedPrefixes ?? DEFAULT_EXCLUDED;
  const bypassCookies = options.bypassCookies ?? DEFAULT_BYPASS_COOKIES;
  const defaultMaxAge = options.defaultMaxAge ?? 60;
  const defaultSwr = options.defaultStaleWhileRevalidate ?? 300;
  const onError = options.onError ?? (() => {});
  const enabled = options.enabled ?? true;
  const counters: PageCacheCounters = {
    hit: 0,
    stale: 0,
    miss: 0,
    coalesced: 0,
    bypass: 0,
    uncacheable: 0,
    notModified: 0,
  };
  const prepared = new WeakMap<CacheEntry, Prepared>();
  const refreshToken = randomBytes(16).toString('hex');
  const refreshes = new Map<string, { key: string; lease: Lease }>();
  // URLs whose handler declared nothing (search, redirects ...): skip the lookup and the render
  // lease for a while, so identical concurrent requests do not queue behind each other for nothing.
  const undeclared = new Map<string, number>();
  const UNDECLARED_MS = 30_000;
  let refreshSeq = 0;

  app.decorate('pageCacheCounters', counters);
  app.decorateRequest(kState, null);
  app.decorateReply('cacheable', function (this: FastifyReply, opts: CacheableOptions) {
    const state = (this.request as WithState)[kState];
    if (state) state.options = opts;
    else if (enabled) this.header('cache-control', 'private, no-cache');
    return this;
  });

  function isExcluded(url: string): boolean {
    for (const prefix of excluded) {
      if (url.startsWith(prefix)) {
        // '/admin' covers '/admin', '/admin/...' and '/admin?...', not '/administration'.
        const next = url.charCodeAt(prefix.length);
        if (prefix.endsWith('/') || Number.isNaN(next) || next === 47 || next === 63) return true;
      }
    }
    return false;
  }

  /** A hole that fails is left empty (and logged): one reader's module never costs the page. */
  async function fillOne(
    hole: PageHole,
    req: FastifyRequest,
    reply: FastifyReply,
    arg: string,
  ): Promise<HoleContent> {
    try {
      return await hole.fill(req, reply, arg);
    } catch (error) {
      onError(error);
      return '';
    }
  }

  function preparedOf(entry: CacheEntry): Prepared {
    let p = prepared.get(entry);
    if (!p) prepared.set(entry, (p = prepare(entry, holes)));
    return p;
  }

  /** The entry's body with this request's holes filled, and the validator of exactly those bytes. */
  async function fillHoles(req: FastifyRequest, reply: FastifyReply, entry: CacheEntry): Promise<Filled> {
    const p = preparedOf(entry);
    if (!p.segments)
      return { parts: [entry.body], length: entry.body.length, etag: entry.etag, personal: false };
    const filled = await Promise.all(p.holes.map((h) => fillOne(holes.get(h.name)!, req, reply, h.arg)));
    const parts: (Buffer | string)[] = [];
    let length = 0;
    let texts = false;
    for (let i = 0; i < p.segments.length; i++) {
      parts.push(p.segments[i]!);
      length += p.segments[i]!.length;
      const html = filled[i];
      if (html === undefined) continue;
      if (typeof html === 'string') {
        texts = true;
        parts.push(html);
        length += Buffer.byteLength(html);
      } else {
        parts.push(html.body);
        length += html.body.length;
      }
    }
    let etag: string;
    if (texts) {
      const hash = createHash('sha1').update(entry.etag);
      for (const html of filled) hash.update('\0').update(typeof html === 'string' ? html : html.etag);
      etag = `W/"${hash.digest('base64url').slice(0, 22)}"`;
    } else {
      // Cached fragments carry their own validators: the page's and theirs together identify the bytes.
      etag = `W/"${opaque(entry.etag)}`;
      for (const html of filled as { etag: string }[]) etag += `.${opaque(html.etag)}`;
      etag += '"';
    }
    return { parts, length, etag, personal: true };
  }

  /**
   * Answers from the cache with Node's response directly: the entry's headers were kept from the
   * render (security headers included), so none of the render path's hooks has anything to add
   * and a hit skips them, and the page goes out in one write without being copied. onResponse
   * hooks (metrics, view counting) still run.
   */
  async function serveEntry(
    req: FastifyRequest,
    reply: FastifyReply,
    entry: CacheEntry,
    label: 'HIT' | 'STALE',
  ): Promise<void> {
    const out = await fillHoles(req, reply, entry);
    const p = preparedOf(entry);
    const headers = out.personal ? p.personalHeaders : p.headers;
    const flat: string[] = [];
    for (let i = 0; i < headers.length; i += 2) flat.push(headers[i]!, headers[i + 1]!);
    flat.push(
      'x-cache',
      label,
      'age',
      String(Math.max(0, Math.floor((cache.now() - entry.storedAt) / 1000))),
      'etag',
      out.etag,
      'x-request-id',
      req.id,
    );
    // Anything a hole set for this reader (their history cookie).
    for (const [name, value] of Object.entries(reply.getHeaders())) {
      if (value === undefined) continue;
      if (Array.isArray(value)) for (const v of value) flat.push(name, v);
      else flat.push(name, String(value));
    }
    reply.hijack();
    const res = reply.raw;
    if (matchesEtag(req.headers['if-none-match'], out.etag)) {
      counters.notModified++;
      const kept: string[] = [];
      for (let i = 0; i < flat.length; i += 2)
        if (flat[i] !== 'content-type') kept.push(flat[i]!, flat[i + 1]!);
      res.writeHead(304, kept);
      res.end();
      return;
    }
    flat.push('content-length', String(out.length));
    res.writeHead(entry.status, flat);
    if (out.parts.length === 1) {
      res.end(out.parts[0]);
      return;
    }
    res.cork();
    for (let i = 0; i < out.parts.length - 1; i++) res.write(out.parts[i]);
    res.end(out.parts[out.parts.length - 1]);
  }

  /** A render that is being stored: this response's headers from the entry, and its body ('' for a 304). */
  async function compose(
    req: FastifyRequest,
    reply: FastifyReply,
    entry: CacheEntry,
  ): Promise<Buffer | string> {
    reply.code(entry.status);
    reply.headers(entry.headers);
    reply.header('x-cache', 'MISS');
    const out = await fillHoles(req, reply, entry);
    if (out.personal) {
      // One reader's page: no shared cache may keep it.
      reply.header('cache-control', 'private, no-cache');
      reply.removeHeader('surrogate-key');
    }
    reply.header('etag', out.etag);
    if (matchesEtag(req.headers['if-none-match'], out.etag)) {
      counters.notModified++;
      reply.code(304);
      reply.removeHeader('content-type');
      return '';
    }
    return out.parts.length === 1
      ? out.parts[0]!
      : Buffer.concat(out.parts.map((x) => (typeof x === 'string' ? Buffer.from(x) : x)));
  }

  function refreshInBackground(req: FastifyRequest, key: string, lease: Lease): void {
    const id = String(++refreshSeq);
    refreshes.set(id, { key, lease });
    app
      .inject({
        method: 'GET',
        url: req.url,
        headers: { host: req.headers.host ?? 'localhost', [REVALIDATE_HEADER]: `${refreshToken}.${id}` },
      })
      .catch(onError)
      .finally(() => {
        refreshes.delete(id);
        void lease.complete(null);
      });
  }

  app.addHook('onRequest', async (req, reply) => {
    if (req.method !== 'GET' || isExcluded(req.url)) {
      if (enabled) counters.bypass++;
      return;
    }
    // Also with the page cache off: the fragment cache under the handlers follows the same keys.
    if (options.invalidations?.busy) await options.invalidations.settled();
    if (!enabled) return;
    const refresh = req.headers[REVALIDATE_HEADER];
    if (typeof refresh === 'string') {
      const [token, id] = refresh.split('.');
      const job = token === refreshToken && id ? refreshes.get(id) : undefined;
      if (job) {
        (req as WithState)[kState] = {
          key: job.key,
          lease: job.lease,
          options: null,
          served: false,
          refresh: true,
        };
        return;
      }
    }
    if (hasCookie(req.headers.cookie, bypassCookies)) {
      counters.bypass++;
      return;
    }
    const key = `${req.host.toLowerCase()}${req.url}`;
    const skipUntil = undeclared.get(key);
    if (skipUntil !== undefined) {
      if (skipUntil > Date.now()) {
        counters.uncacheable++;
        return;
      }
      undeclared.delete(key);
    }
    let found = cache.lookup(key);
    if (found instanceof Promise) found = await found;
    const state: RequestState = { key, lease: null, options: null, served: false, refresh: false };
    (req as WithState)[kState] = state;
    switch (found.kind) {
      case 'fresh':
        counters.hit++;
        state.served = true;
        return serveEntry(req, reply, found.entry, 'HIT');
      case 'stale':
        counters.stale++;
        state.served = true;
        if (found.lease) refreshInBackground(req, key, found.lease);
        return serveEntry(req, reply, found.entry, 'STALE');
      case 'wait': {
        counters.coalesced++;
        const entry = await found.result;
        if (entry) {
          state.served = true;
          return serveEntry(req, reply, entry, 'HIT');
        }
        return; // the renderer could not cache it: render for ourselves
      }
      case 'render':
        counters.miss++;
        state.lease = found.lease;
        return;
    }
  });

  /** A page that is not served from the cache still gets its holes filled (as text: no byte copies). */
  async function fillUncached(req: FastifyRequest, reply: FastifyReply, payload: unknown): Promise<unknown> {
    if (holes.size === 0) return payload;
    // Bytes are searched as bytes: most payloads have no marker and need no decoding.
    if (Buffer.isBuffer(payload)) {
      if (payload.indexOf(MARKER) < 0) return payload;
    } else if (typeof payload !== 'string') return payload;
    const text = typeof payload === 'string' ? payload : payload.toString('utf8');
    let at = text.indexOf('<!--bs:');
    if (at < 0) return payload;
    const parts: (HoleContent | Promise<HoleContent> | undefined)[] = [];
    let from = 0;
    while (at >= 0) {
      const end = text.indexOf('-->', at + 7);
      if (end < 0 || end - at > 4096) break;
      // A copy, not a slice: a slice would keep the whole page alive in whatever keeps the
      // argument (hole fills use it in fragment-cache keys).
      const inner = Buffer.from(text.slice(at + 7, end)).toString();
      const space = inner.indexOf(' ');
      const hole = holes.get(space < 0 ? inner : inner.slice(0, space));
      if (hole) {
        parts.push(text.slice(from, at), fillOne(hole, req, reply, space < 0 ? '' : inner.slice(space + 1)));
        from = end + 3;
      }
      at = text.indexOf('<!--bs:', end + 3);
    }
    if (parts.length === 0) return payload;
    parts.push(text.slice(from));
    const filled = await Promise.all(parts);
    reply.header('cache-control', 'private, no-cache');
    let out = '';
    for (const part of filled)
      if (part !== undefined) out += typeof part === 'string' ? part : part.body.toString();
    return out;
  }

  app.addHook('onSend', async (req, reply, payload) => {
    const state = (req as WithState)[kState];
    if (state?.served) return payload;
    if (!state) return fillUncached(req, reply, payload);
    const opts = state.options;
    const storable =
      opts !== null &&
      reply.statusCode === 200 &&
      !reply.hasHeader('set-cookie') &&
      (typeof payload === 'string' || Buffer.isBuffer(payload));
    if (!storable) {
      counters.uncacheable++;
      if (opts === null && !state.refresh) {
        if (undeclared.size >= 10_000) undeclared.clear();
        undeclared.set(state.key, Date.now() + UNDECLARED_MS);
      }
      const lease = state.lease;
      state.lease = null;
      if (lease) await lease.complete(null);
      return state.refresh ? payload : fillUncached(req, reply, payload);
    }
    const maxAge = opts.maxAge ?? defaultMaxAge;
    const swr = opts.staleWhileRevalidate ?? defaultSwr;
    const keys = [...new Set(opts.keys)];
    reply.header(
      'cache-control',
      `public, max-age=${opts.browserMaxAge ?? 0}, s-maxage=${maxAge}, stale-while-revalidate=${swr}`,
    );
    if (keys.length > 0) reply.header('surrogate-key', keys.join(' '));
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(reply.getHeaders())) {
      if (value === undefined || PER_RESPONSE.has(name)) continue;
      headers[name] = Array.isArray(value) ? value.join(', ') : String(value);
    }
    const entry = cache.entryFrom({
      body: payload as string | Buffer,
      deps: keys,
      maxAge,
      staleWhileRevalidate: swr,
      status: 200,
      headers,
    });
    const lease = state.lease;
    state.lease = null;
    if (lease) await lease.complete(entry);
    if (state.refresh) return payload;
    return compose(req, reply, entry);
  });

  // A render that failed or was aborted must still release the requests waiting for it.
  const release = async (req: FastifyRequest) => {
    const state = (req as WithState)[kState];
    if (state?.lease) {
      const lease = state.lease;
      state.lease = null;
      await lease.complete(null);
    }
  };
  app.addHook('onResponse', release);
  app.addHook('onRequestAbort', release);
}

// Hooks and decorators apply to the whole app, not an encapsulated child (what fastify-plugin does).
(pageCache as unknown as Record<symbol, boolean>)[Symbol.for('skip-override')] = true;

declare module 'fastify' {
  interface FastifyInstance {
    pageCacheCounters?: PageCacheCounters;
  }
}
