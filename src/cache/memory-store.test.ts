import { describe, expect, it } from 'vitest';
import { runCacheStoreSuite, testEntry } from './cache.case.test.ts';
import { MemoryCacheStore } from './memory-store.ts';

runCacheStoreSuite('memory', async () => ({
  store: new MemoryCacheStore({ maxBytes: 64 * 1024 * 1024 }),
  cleanup: async () => {},
}));

describe('MemoryCacheStore bounds', () => {
  const now = 1_000_000;
  const kb = (n: number) => Buffer.alloc(n * 1024, 'x');

  it('evicts least recently used entries to stay under its byte bound', async () => {
    const store = new MemoryCacheStore({ maxBytes: 11_000, maxEntryBytes: 8 * 1024 });
    await store.set('a', testEntry(kb(3), ['d:a']), now);
    await store.set('b', testEntry(kb(3), ['d:b']), now);
    await store.set('c', testEntry(kb(3), ['d:c']), now);
    expect(store.peek('a', now)).toBeDefined(); // a is now the most recent
    await store.set('d', testEntry(kb(3), ['d:d']), now);
    expect(store.peek('b', now)).toBeUndefined();
    expect(store.peek('a', now)).toBeDefined();
    expect(store.peek('c', now)).toBeDefined();
    expect(store.peek('d', now)).toBeDefined();
    const stats = await store.stats();
    expect(stats.bytes).toBeLessThanOrEqual(11_000);
    expect(store.evictions).toBe(1);
    // The evicted entry's dependency link is gone too.
    expect(await store.invalidate(['d:b'])).toBe(0);
  });

  it('refuses entries larger than its per-entry bound', async () => {
    const store = new MemoryCacheStore({ maxBytes: 100 * 1024, maxEntryBytes: 4 * 1024 });
    await store.set('big', testEntry(kb(5), ['x:1']), now);
    expect(store.peek('big', now)).toBeUndefined();
    expect((await store.stats()).entries).toBe(0);
  });

  it('gives back every byte on invalidation', async () => {
    const store = new MemoryCacheStore({ maxBytes: 1024 * 1024 });
    for (let i = 0; i < 50; i++) await store.set(`k${i}`, testEntry(kb(1), ['list:en', `article:${i}`]), now);
    expect((await store.stats()).entries).toBe(50);
    await store.invalidate(['list:en']);
    expect(await store.stats()).toEqual({ entries: 0, bytes: 0 });
  });
});
