import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/support/app.ts';
import { createSmallSite, type SmallSite } from '../../test/support/fixtures.ts';
import { pageCache } from './page-cache.ts';
import { recommendedHole, recommendedMarker } from './reader-holes.ts';
import { Cache } from '../cache/cache.ts';
import { MemoryCacheStore } from '../cache/memory-store.ts';
import type { FastifyReply, FastifyRequest } from 'fastify';

const BROWSER =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0 Safari/537.36';

describe('the per-reader "Recommended to you" hole', () => {
  let t: TestApp;
  let site: SmallSite;
  beforeAll(async () => {
    t = await createTestApp('sqlite');
    site = await createSmallSite(t.deps);
  });
  afterAll(async () => {
    await t.close();
  });

  it('is composed into the cached page per reader, and the cached bytes keep only the marker', async () => {
    const runtime = t.deps.cache!;
    const app = Fastify();
    await app.register(pageCache, { cache: runtime.cache, holes: runtime.holes });
    let renders = 0;
    const id = site.articleIds[0]!;
    app.get('/news/x', async (_req, reply) => {
      renders++;
      return reply
        .type('text/html; charset=utf-8')
        .cacheable({ keys: [`article:${id}`] })
        .send(
          `<article>story</article>${recommendedMarker(id, 'en', [site.articleIds[1]!]).value}<footer></footer>`,
        );
    });
    const first = await app.inject({ url: '/news/x', headers: { 'user-agent': BROWSER } });
    const second = await app.inject({
      url: '/news/x',
      headers: { 'user-agent': BROWSER, cookie: String(first.headers['set-cookie']).split(';')[0]! },
    });
    expect(renders).toBe(1);
    for (const res of [first, second]) {
      expect(res.statusCode).toBe(200);
      expect(res.body).toContain('data-module="recommended"');
      expect(res.body).not.toContain('<!--bs:');
      expect(res.body).not.toContain(
        `/news/${(await t.deps.repos.articles.byId(site.articleIds[1]!))!.slug}"`,
      );
      expect(res.headers['cache-control']).toBe('private, no-cache');
    }
    // The first view is recorded in the reader's history; the reload is a repeat view, answered
    // from the fragment cache with the same module and no new cookie.
    expect(String(first.headers['set-cookie'])).toMatch(/^bs_history=/);
    expect(second.headers['set-cookie']).toBeUndefined();
    const module = (body: string) =>
      body.slice(body.indexOf('<section data-module') >= 0 ? body.indexOf('<section') : 0);
    expect(module(second.body)).toBe(module(first.body));
    const stored = await runtime.cache.store.get('localhost:80/news/x', runtime.cache.now());
    expect(stored!.body.toString()).toContain('<!--bs:recommended ');
    expect(stored!.body.toString()).not.toContain('data-module="recommended"');
    await app.close();
  });

  it('computes a repeat view once for all the requests waiting on it', async () => {
    let loads = 0;
    const cache = new Cache({ store: new MemoryCacheStore({ maxBytes: 1 << 20 }), now: () => Date.now() });
    const hole = recommendedHole({
      clock: () => new Date(),
      cache,
      providers: [
        {
          name: 'recommended',
          async load() {
            loads++;
            await new Promise((r) => setTimeout(r, 20)); // a database that answers asynchronously
            return null;
          },
        },
      ],
    });
    // A robot (no history, not counted): every request of it is a repeat view of the same module.
    const req = { headers: { 'user-agent': 'curl/8.0' } } as unknown as FastifyRequest;
    const reply = { header: () => reply } as unknown as FastifyReply;
    const fills = await Promise.all(Array.from({ length: 20 }, () => hole.fill(req, reply, '7 en 1,2')));
    expect(loads).toBe(1);
    expect(new Set(fills.map((f) => (typeof f === 'string' ? f : f.body.toString()))).size).toBe(1);
    await hole.fill(req, reply, '7 en 1,2');
    expect(loads).toBe(1);
    await cache.invalidate(['article:7']);
    await Promise.all(Array.from({ length: 5 }, () => hole.fill(req, reply, '7 en 1,2')));
    expect(loads).toBe(2);
  });
});
