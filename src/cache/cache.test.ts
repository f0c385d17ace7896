import { describe, expect, it } from 'vitest';
import { Cache, type Rendered } from './cache.ts';
import { MemoryCacheStore } from './memory-store.ts';

function setup(start = 1_000_000) {
  let now = start;
  const cache = new Cache({ store: new MemoryCacheStore({ maxBytes: 1 << 24 }), now: () => now });
  return { cache, advance: (ms: number) => (now += ms) };
}

const tick = () => new Promise((r) => setTimeout(r, 5));

describe('Cache', () => {
  it('renders once for a hundred concurrent requests of one key', async () => {
    const { cache } = setup();
    let renders = 0;
    const render = async (): Promise<Rendered> => {
      renders++;
      await tick();
      return { body: 'page', deps: ['article:1'], maxAge: 60 };
    };
    const bodies = await Promise.all(Array.from({ length: 100 }, () => cache.fetch('GET /news/a', render)));
    expect(renders).toBe(1);
    expect(new Set(bodies.map((b) => b.body.toString()))).toEqual(new Set(['page']));
    expect(cache.counters.misses).toBe(1);
    expect(cache.counters.coalesced).toBe(99);
    await cache.fetch('GET /news/a', render);
    expect(renders).toBe(1);
    expect(cache.counters.hits).toBe(1);
  });

  it('serves stale while exactly one background render refreshes', async () => {
    const { cache, advance } = setup();
    let version = 0;
    let renders = 0;
    const render = async (): Promise<Rendered> => {
      renders++;
      await tick();
      return { body: `v${++version}`, deps: ['home:en'], maxAge: 10, staleWhileRevalidate: 60 };
    };
    expect((await cache.fetch('home', render)).body.toString()).toBe('v1');
    advance(11_000);
    const stale = await Promise.all(Array.from({ length: 20 }, () => cache.fetch('home', render)));
    expect(stale.every((e) => e.body.toString() === 'v1')).toBe(true);
    expect(renders).toBe(2);
    await tick();
    await tick();
    expect((await cache.fetch('home', render)).body.toString()).toBe('v2');
    expect(renders).toBe(2);
  });

  it('renders again once the stale window has passed too', async () => {
    const { cache, advance } = setup();
    let version = 0;
    const render = async (): Promise<Rendered> => ({
      body: `v${++version}`,
      deps: ['x'],
      maxAge: 10,
      staleWhileRevalidate: 5,
    });
    await cache.fetch('k', render);
    advance(16_000);
    expect((await cache.fetch('k', render)).body.toString()).toBe('v2');
  });

  it('drops entries by dependency key', async () => {
    const { cache } = setup();
    let version = 0;
    const render = async (): Promise<Rendered> => ({
      body: `v${++version}`,
      deps: ['article:1', 'list:en'],
      maxAge: 60,
    });
    await cache.fetch('k', render);
    expect(await cache.invalidate(['section:9'])).toBe(0);
    expect((await cache.fetch('k', render)).body.toString()).toBe('v1');
    expect(await cache.invalidate(['list:en'])).toBe(1);
    expect((await cache.fetch('k', render)).body.toString()).toBe('v2');
  });

  it('does not store a render that an invalidation overtook', async () => {
    const { cache } = setup();
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const slow = cache.fetch('k', async () => {
      await gate; // rendered from the old state ...
      return { body: 'old', deps: ['article:1'], maxAge: 60 };
    });
    await tick();
    await cache.invalidate(['article:1']); // ... the change commits meanwhile
    release();
    expect((await slow).body.toString()).toBe('old');
    expect(cache.counters.discarded).toBe(1);
    const next = await cache.fetch('k', async () => ({ body: 'new', deps: ['article:1'], maxAge: 60 }));
    expect(next.body.toString()).toBe('new');
  });

  it('lets waiters render for themselves when the renderer fails', async () => {
    const { cache } = setup();
    const failing = cache.fetch('k', async () => {
      await tick();
      throw new Error('boom');
    });
    const waiter = cache.fetch('k', async () => ({ body: 'mine', deps: [], maxAge: 60 }));
    await expect(failing).rejects.toThrow('boom');
    expect((await waiter).body.toString()).toBe('mine');
    expect(cache.inflight).toBe(0);
  });

  it('releases waiters when a lease is never completed', async () => {
    let now = 0;
    const cache = new Cache({
      store: new MemoryCacheStore({ maxBytes: 1 << 20 }),
      now: () => now,
      leaseTimeoutMs: 20,
    });
    const first = await cache.lookup('k');
    expect(first.kind).toBe('render');
    const second = await cache.lookup('k');
    expect(second.kind).toBe('wait');
    if (second.kind === 'wait') expect(await second.result).toBeNull();
    now += 1;
  });

  it('sets an ETag that changes with the bytes', () => {
    const { cache } = setup();
    const a = cache.entryFrom({ body: 'a', deps: [], maxAge: 1 });
    const b = cache.entryFrom({ body: 'b', deps: [], maxAge: 1 });
    expect(a.etag).toMatch(/^"[\w-]+"$/);
    expect(a.etag).not.toBe(b.etag);
  });
});
