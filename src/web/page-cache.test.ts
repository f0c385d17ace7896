import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { Cache } from '../cache/cache.ts';
import { MemoryCacheStore } from '../cache/memory-store.ts';
import { pageCache, type PageHole } from './page-cache.ts';

interface Site {
  app: FastifyInstance;
  cache: Cache;
  renders: Map<string, number>;
  advance(ms: number): void;
  content: Map<string, string>;
}

const sites: Site[] = [];
const others: FastifyInstance[] = [];

async function site(holes?: Map<string, PageHole>): Promise<Site> {
  let now = 1_700_000_000_000;
  const cache = new Cache({ store: new MemoryCacheStore({ maxBytes: 1 << 24 }), now: () => now });
  const app = Fastify();
  await app.register(pageCache, { cache, ...(holes ? { holes } : {}) });
  const renders = new Map<string, number>();
  const content = new Map<string, string>([['article', 'v1']]);
  const count = (name: string) => renders.set(name, (renders.get(name) ?? 0) + 1);
  app.get('/news/:slug', async (req, reply) => {
    count('article');
    await new Promise((r) => setTimeout(r, 10));
    const { slug } = req.params as { slug: string };
    return reply
      .type('text/html; charset=utf-8')
      .cacheable({ keys: ['article:42', 'section:7', 'list:en'], maxAge: 30, staleWhileRevalidate: 120 })
      .send(
        `<h1>${slug} ${content.get('article')}</h1><!--bs:recommended 42--><footer>q=${JSON.stringify(req.query)}</footer>`,
      );
  });
  app.get('/plain', async (_req, reply) => {
    count('plain');
    return reply.type('text/html').send('<p>not declared</p>');
  });
  app.get('/cookie', async (_req, reply) => {
    count('cookie');
    return reply
      .type('text/html')
      .header('set-cookie', 'a=b')
      .cacheable({ keys: ['home:en'] })
      .send('<p>cookie</p>');
  });
  app.get('/missing', async (_req, reply) => {
    count('missing');
    return reply
      .code(404)
      .cacheable({ keys: ['x'] })
      .send('no');
  });
  app.get('/admin/preview/:id', async (_req, reply) => {
    count('admin');
    return reply
      .type('text/html')
      .cacheable({ keys: ['article:1'] })
      .send('<p>draft</p>');
  });
  const s: Site = { app, cache, renders, content, advance: (ms) => (now += ms) };
  sites.push(s);
  return s;
}

afterEach(async () => {
  for (const s of sites.splice(0)) await s.app.close();
  for (const app of others.splice(0)) await app.close();
});

describe('page cache', () => {
  it('stores a declared page and answers the next request from the cache with CDN headers', async () => {
    const { app, renders } = await site();
    const first = await app.inject('/news/a');
    expect(first.statusCode).toBe(200);
    expect(first.headers['x-cache']).toBe('MISS');
    expect(first.headers['cache-control']).toBe('public, max-age=0, s-maxage=30, stale-while-revalidate=120');
    expect(first.headers['surrogate-key']).toBe('article:42 section:7 list:en');
    expect(first.headers.etag).toMatch(/^"[\w-]+"$/);
    const second = await app.inject('/news/a');
    expect(second.headers['x-cache']).toBe('HIT');
    expect(second.body).toBe(first.body);
    expect(second.headers.etag).toBe(first.headers.etag);
    expect(second.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(second.headers['surrogate-key']).toBe('article:42 section:7 list:en');
    expect(renders.get('article')).toBe(1);
  });

  it('answers 304 to a matching If-None-Match', async () => {
    const { app } = await site();
    const first = await app.inject('/news/a');
    const again = await app.inject({
      url: '/news/a',
      headers: { 'if-none-match': first.headers.etag as string },
    });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
    expect(again.headers.etag).toBe(first.headers.etag);
    const other = await app.inject({ url: '/news/a', headers: { 'if-none-match': '"nope"' } });
    expect(other.statusCode).toBe(200);
  });

  it('renders once for a hundred concurrent requests', async () => {
    const { app, renders } = await site();
    const responses = await Promise.all(Array.from({ length: 100 }, () => app.inject('/news/stampede')));
    expect(renders.get('article')).toBe(1);
    expect(new Set(responses.map((r) => r.statusCode))).toEqual(new Set([200]));
    expect(new Set(responses.map((r) => r.body)).size).toBe(1);
    expect(app.pageCacheCounters!.coalesced).toBe(99);
  });

  it('keys by path and query', async () => {
    const { app, renders } = await site();
    await app.inject('/news/a?page=1');
    await app.inject('/news/a?page=2');
    await app.inject('/news/b');
    const hit = await app.inject('/news/a?page=2');
    expect(hit.headers['x-cache']).toBe('HIT');
    expect(hit.body).toContain('"page":"2"');
    expect(renders.get('article')).toBe(3);
  });

  it('drops pages by dependency key and renders the new content', async () => {
    const { app, cache, content } = await site();
    await app.inject('/news/a');
    content.set('article', 'v2');
    await cache.invalidate(['tag:1']);
    expect((await app.inject('/news/a')).body).toContain('v1');
    await cache.invalidate(['section:7']);
    const fresh = await app.inject('/news/a');
    expect(fresh.headers['x-cache']).toBe('MISS');
    expect(fresh.body).toContain('v2');
  });

  it('serves a stale page while one background request refreshes it', async () => {
    const { app, renders, advance, content } = await site();
    await app.inject('/news/a');
    content.set('article', 'v2');
    advance(31_000);
    const stale = await Promise.all(Array.from({ length: 10 }, () => app.inject('/news/a')));
    expect(stale.every((r) => r.headers['x-cache'] === 'STALE' && r.body.includes('v1'))).toBe(true);
    for (let i = 0; i < 50 && renders.get('article') !== 2; i++) await new Promise((r) => setTimeout(r, 10));
    await new Promise((r) => setTimeout(r, 20));
    expect(renders.get('article')).toBe(2);
    const fresh = await app.inject('/news/a');
    expect(fresh.headers['x-cache']).toBe('HIT');
    expect(fresh.body).toContain('v2');
  });

  it('never stores undeclared pages, errors, or responses that set cookies', async () => {
    const { app, renders } = await site();
    for (let i = 0; i < 2; i++) {
      await app.inject('/plain');
      const cookie = await app.inject('/cookie');
      expect(cookie.headers['set-cookie']).toBe('a=b');
      expect(cookie.headers['x-cache']).toBeUndefined();
      expect((await app.inject('/missing')).statusCode).toBe(404);
    }
    expect([renders.get('plain'), renders.get('cookie'), renders.get('missing')]).toEqual([2, 2, 2]);
  });

  it('never caches the newsroom, and bypasses the cache for signed-in newsroom users', async () => {
    const { app, renders } = await site();
    await app.inject('/admin/preview/1');
    const again = await app.inject('/admin/preview/1');
    expect(renders.get('admin')).toBe(2);
    expect(again.headers['cache-control']).toBe('private, no-cache');
    await app.inject('/news/a');
    const editor = await app.inject({ url: '/news/a', headers: { cookie: 'theme=dark; bs_session=abc' } });
    expect(editor.headers['x-cache']).toBeUndefined();
    expect(editor.headers['cache-control']).toBe('private, no-cache');
    expect(renders.get('article')).toBe(2);
  });

  it('fills per-reader holes on every response and keeps the shared bytes shared', async () => {
    const holes = new Map<string, PageHole>([
      [
        'recommended',
        {
          fill: (req, reply, arg) => {
            const reader = String(req.headers['x-reader'] ?? 'anonymous');
            reply.header('set-cookie', `bs_history=${arg}`);
            return `<section data-module="recommended">for ${reader} after ${arg}</section>`;
          },
        },
      ],
    ]);
    const { app, renders, cache } = await site(holes);
    const alice = await app.inject({ url: '/news/a', headers: { 'x-reader': 'alice' } });
    const bob = await app.inject({ url: '/news/a', headers: { 'x-reader': 'bob' } });
    expect(renders.get('article')).toBe(1);
    expect(alice.body).toContain('for alice after 42');
    expect(bob.body).toContain('for bob after 42');
    expect(bob.body).not.toContain('alice');
    expect(bob.body).not.toContain('<!--bs:');
    expect(bob.headers['x-cache']).toBe('HIT');
    expect(bob.headers['cache-control']).toBe('private, no-cache');
    expect(bob.headers['set-cookie']).toBe('bs_history=42');
    expect(bob.headers.etag).not.toBe(alice.headers.etag);
    const stored = await cache.store.get('localhost:80/news/a', cache.now());
    expect(stored?.body.toString()).toContain('<!--bs:recommended 42-->');
    const revisit = await app.inject({
      url: '/news/a',
      headers: { 'x-reader': 'bob', 'if-none-match': bob.headers.etag as string },
    });
    expect(revisit.statusCode).toBe(304);
  });
});

/** `app` with the page cache and one cacheable page, `/news/a`, carrying a "recommended" hole. */
async function pageWithHole(
  app: FastifyInstance,
  page: string,
  hole: PageHole,
  onError?: (error: unknown) => void,
): Promise<void> {
  const cache = new Cache({
    store: new MemoryCacheStore({ maxBytes: 1 << 20 }),
    now: () => 1_700_000_000_000,
  });
  const holes = new Map<string, PageHole>([['recommended', hole]]);
  await app.register(pageCache, { cache, holes, ...(onError ? { onError } : {}) });
  app.get('/news/a', async (_req, reply) =>
    reply
      .type('text/html; charset=utf-8')
      .cacheable({ keys: ['article:1'] })
      .send(page),
  );
  others.push(app);
}

describe('page cache hits', () => {
  it("replay the render's headers with their own request id, length and a fragment's validator", async () => {
    let fragment = { body: Buffer.from('<aside>für dich</aside>'), etag: '"fragmentversionone00"' };
    const app = Fastify({
      genReqId: (() => {
        let n = 0;
        return () => `req-${++n}`;
      })(),
    });
    // A hook of the render path: its header is kept with the entry, since hits skip onSend hooks.
    app.addHook('onSend', async (_req, reply) => {
      reply.header('x-content-type-options', 'nosniff');
    });
    await pageWithHole(app, '<h1>Ä</h1><!--bs:recommended 1--><footer></footer>', {
      fill: () => fragment,
    });
    const miss = await app.inject('/news/a');
    const hit = await app.inject('/news/a');
    expect(miss.headers['x-cache']).toBe('MISS');
    expect(hit.headers['x-cache']).toBe('HIT');
    expect(hit.body).toBe('<h1>Ä</h1><aside>für dich</aside><footer></footer>');
    expect(hit.body).toBe(miss.body);
    expect(Number(hit.headers['content-length'])).toBe(Buffer.byteLength(hit.body));
    expect(hit.headers['x-content-type-options']).toBe('nosniff');
    expect(hit.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(hit.headers['x-request-id']).toBe('req-2');
    expect(hit.headers.etag).toBe(miss.headers.etag);
    fragment = { body: Buffer.from('<aside>neu</aside>'), etag: '"fragmentversiontwo00"' };
    const changed = await app.inject({
      url: '/news/a',
      headers: { 'if-none-match': String(hit.headers.etag) },
    });
    expect(changed.statusCode).toBe(200);
    expect(changed.body).toContain('<aside>neu</aside>');
    const same = await app.inject({
      url: '/news/a',
      headers: { 'if-none-match': String(changed.headers.etag) },
    });
    expect(same.statusCode).toBe(304);
    expect(same.body).toBe('');
    expect(same.headers['content-type']).toBeUndefined();
  });
});

describe('page cache holes that fail', () => {
  it('leave the hole empty and serve the page, cached or not', async () => {
    const errors: unknown[] = [];
    const app = Fastify();
    const hole: PageHole = {
      fill: () => {
        throw new Error('recommender down');
      },
    };
    await pageWithHole(app, '<h1>A</h1><!--bs:recommended 1--><footer></footer>', hole, (e) =>
      errors.push(e),
    );
    for (const label of ['MISS', 'HIT']) {
      const res = await app.inject('/news/a');
      expect(res.statusCode).toBe(200);
      expect(res.headers['x-cache']).toBe(label);
      expect(res.body).toBe('<h1>A</h1><footer></footer>');
    }
    expect(errors).toHaveLength(2);
  });
});

describe('page cache and pending invalidations', () => {
  it('holds a request until this server has finished dropping the keys of a change', async () => {
    const cache = new Cache({
      store: new MemoryCacheStore({ maxBytes: 1 << 20 }),
      now: () => 1_700_000_000_000,
    });
    let release!: () => void;
    let busy = false;
    const invalidations = {
      get busy() {
        return busy;
      },
      settled: () => new Promise<void>((r) => (release = r)),
    };
    const app = Fastify();
    await app.register(pageCache, { cache, invalidations });
    let version = 'old';
    app.get('/tag/x', async (_req, reply) =>
      reply
        .type('text/html')
        .cacheable({ keys: ['tag:1'] })
        .send(`<p>${version}</p>`),
    );
    expect((await app.inject('/tag/x')).body).toBe('<p>old</p>');
    // A publish: the tag key is still being looked up when the next reader asks.
    version = 'new';
    busy = true;
    const pending = app.inject('/tag/x');
    await new Promise((r) => setTimeout(r, 20));
    await cache.invalidate(['tag:1']);
    busy = false;
    release();
    expect((await pending).body).toBe('<p>new</p>');
    await app.close();
  });
});
