import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CacheEntry, CacheStore } from './store.ts';

/** An entry for tests: fresh for `freshMs`, usable until `staleMs` after `now`. */
export function testEntry(
  body: string | Buffer,
  deps: string[],
  now = 1_000_000,
  freshMs = 60_000,
  staleMs = 120_000,
): CacheEntry {
  return {
    body: typeof body === 'string' ? Buffer.from(body) : body,
    status: 200,
    headers: { 'content-type': 'text/html; charset=utf-8' },
    deps,
    etag: `"${Buffer.from(body).length}-${deps.join(',')}"`,
    storedAt: now,
    freshUntil: now + freshMs,
    staleUntil: now + staleMs,
  };
}

export interface StoreFixture {
  store: CacheStore;
  cleanup(): Promise<void>;
}

/**
 * The one suite every CacheStore passes (hono's `common.case.test.ts` pattern): each backend's
 * test file calls this with a factory for a fresh, empty store.
 */
export function runCacheStoreSuite(name: string, create: () => Promise<StoreFixture>): void {
  describe(`CacheStore contract: ${name}`, () => {
    const now = 1_000_000;
    let fixture: StoreFixture;
    let store: CacheStore;
    beforeEach(async () => {
      fixture = await create();
      store = fixture.store;
    });
    afterEach(async () => {
      await fixture.cleanup();
    });

    it('returns what was stored, bytes and metadata alike', async () => {
      const body = Buffer.concat([Buffer.from('<p>سلام ۱۲۳</p>'), Buffer.from([0, 255, 128, 10])]);
      const entry = {
        ...testEntry(body, ['article:1', 'section:2']),
        status: 203,
        headers: { 'content-type': 'text/html', 'surrogate-key': 'article:1' },
      };
      await store.set('GET news.test/news/a', entry, now);
      const got = await store.get('GET news.test/news/a', now);
      expect(got).toBeDefined();
      expect(Buffer.compare(got!.body, body)).toBe(0);
      expect(got!.status).toBe(203);
      expect(got!.headers).toEqual(entry.headers);
      expect([...got!.deps].sort()).toEqual(['article:1', 'section:2']);
      expect(got!.etag).toBe(entry.etag);
      expect([got!.storedAt, got!.freshUntil, got!.staleUntil]).toEqual([
        entry.storedAt,
        entry.freshUntil,
        entry.staleUntil,
      ]);
    });

    it('misses on an unknown key', async () => {
      expect(await store.get('nothing here', now)).toBeUndefined();
    });

    it('does not return an entry past its stale limit', async () => {
      await store.set('k', testEntry('x', ['a:1'], now, 10, 20), now);
      expect(await store.get('k', now + 15)).toBeDefined();
      expect(await store.get('k', now + 20)).toBeUndefined();
    });

    it('ignores an entry that is already past its stale limit', async () => {
      await store.set('k', testEntry('x', ['a:1'], now - 100, 10, 20), now);
      expect(await store.get('k', now - 90)).toBeUndefined();
    });

    it('deletes one key', async () => {
      await store.set('k1', testEntry('1', ['a:1']), now);
      await store.set('k2', testEntry('2', ['a:1']), now);
      await store.delete('k1');
      expect(await store.get('k1', now)).toBeUndefined();
      expect(await store.get('k2', now)).toBeDefined();
    });

    it('invalidates exactly the entries that declared a dependency key', async () => {
      await store.set('article-42', testEntry('a', ['article:42', 'section:7']), now);
      await store.set('section-7', testEntry('s', ['section:7', 'article:42', 'article:43']), now);
      await store.set('article-43', testEntry('b', ['article:43', 'section:8']), now);
      await store.set('home', testEntry('h', ['home:en']), now);
      expect(await store.invalidate(['section:7'])).toBe(2);
      expect(await store.get('article-42', now)).toBeUndefined();
      expect(await store.get('section-7', now)).toBeUndefined();
      expect(await store.get('article-43', now)).toBeDefined();
      expect(await store.get('home', now)).toBeDefined();
      expect(await store.invalidate(['section:7'])).toBe(0);
      expect(await store.invalidate(['tag:999', 'home:en', 'article:43'])).toBe(2);
      expect(await store.get('home', now)).toBeUndefined();
      expect(await store.get('article-43', now)).toBeUndefined();
    });

    it('keeps dependency links for a key stored again', async () => {
      await store.set('k', testEntry('v1', ['article:1']), now);
      await store.invalidate(['article:1']);
      await store.set('k', testEntry('v2', ['article:1', 'tag:3']), now);
      expect((await store.get('k', now))!.body.toString()).toBe('v2');
      expect(await store.invalidate(['tag:3'])).toBe(1);
      expect(await store.get('k', now)).toBeUndefined();
    });

    it('treats keys and dependency keys as opaque strings', async () => {
      const key = 'GET news.test/fa/tag/انتخابات?before=x:y*z';
      await store.set(key, testEntry('v', ['tag:ا*?[]', 'feed:*']), now);
      expect(await store.get(key, now)).toBeDefined();
      expect(await store.invalidate(['feed:*'])).toBe(1);
      expect(await store.get(key, now)).toBeUndefined();
    });

    it('invalidates many entries of one key at once', async () => {
      for (let i = 0; i < 1200; i++)
        await store.set(`page-${i}`, testEntry(`p${i}`, ['list:en', `article:${i}`]), now);
      expect(await store.invalidate(['list:en'])).toBe(1200);
      expect(await store.get('page-0', now)).toBeUndefined();
      expect(await store.get('page-1199', now)).toBeUndefined();
    });
  });
}

describe('testEntry', () => {
  it('builds an entry fresh before stale', () => {
    const entry = testEntry('x', ['a:1']);
    expect(entry.freshUntil).toBeLessThan(entry.staleUntil);
  });
});
