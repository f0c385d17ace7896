import { describe, expect, it } from 'vitest';
import { Memo, type Memoized } from './memo.ts';

function clock(start = 1_000_000) {
  let now = start;
  const fn = () => now;
  fn.advance = (ms: number) => (now += ms);
  return fn;
}

const value = <V>(v: V, deps: string[], extra: Partial<Memoized<V>> = {}): Memoized<V> => ({
  value: v,
  deps,
  ...extra,
});

describe('Memo (fragment cache)', () => {
  it('loads once, then serves the kept value until a dependency key is invalidated', async () => {
    const memo = new Memo({ maxBytes: 1 << 20, now: clock() });
    let loads = 0;
    const load = async () => value(`v${++loads}`, ['article:1', 'list:en']);
    expect(await memo.get('a', load)).toBe('v1');
    expect(await memo.get('a', load)).toBe('v1');
    memo.invalidate(['section:9']);
    expect(await memo.get('a', load)).toBe('v1');
    memo.invalidate(['list:en']);
    expect(await memo.get('a', load)).toBe('v2');
    expect(memo.counters).toMatchObject({ hits: 2, misses: 2 });
  });

  it('coalesces concurrent loads of one key', async () => {
    const memo = new Memo({ maxBytes: 1 << 20, now: clock() });
    let loads = 0;
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const load = async () => {
      loads++;
      await gate;
      return value('x', ['k']);
    };
    const all = Promise.all([memo.get('a', load), memo.get('a', load), memo.get('a', load)]);
    release();
    expect(await all).toEqual(['x', 'x', 'x']);
    expect(loads).toBe(1);
    expect(memo.counters.coalesced).toBe(2);
  });

  it('does not keep a load that read data an invalidation made old while it ran', async () => {
    const memo = new Memo({ maxBytes: 1 << 20, now: clock() });
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const slow = memo.get('a', async () => {
      await gate;
      return value('old', ['article:1']);
    });
    memo.invalidate(['article:1']);
    release();
    expect(await slow).toBe('old'); // its callers get what it read...
    expect(await memo.get('a', async () => value('new', ['article:1']))).toBe('new'); // ...nobody after
    expect(memo.counters.discarded).toBe(1);
  });

  it('expires values after their own max age, capped by the memo', async () => {
    const now = clock();
    const memo = new Memo({ maxBytes: 1 << 20, maxAgeMs: 60_000, now });
    let n = 0;
    const short = async () => value(++n, [], { maxAgeMs: 5_000 });
    expect(await memo.get('s', short)).toBe(1);
    now.advance(4_999);
    expect(await memo.get('s', short)).toBe(1);
    now.advance(2);
    expect(await memo.get('s', short)).toBe(2);
    const long = async () => value(++n, [], { maxAgeMs: 3_600_000 });
    expect(await memo.get('l', long)).toBe(3);
    now.advance(60_001);
    expect(await memo.get('l', long)).toBe(4);
    // maxAgeMs 0: returned, never kept (a miss a probe asked for).
    expect(await memo.get('z', async () => value(++n, [], { maxAgeMs: 0 }))).toBe(5);
    expect(await memo.get('z', async () => value(++n, [], { maxAgeMs: 0 }))).toBe(6);
  });

  it('stays within its byte bound, dropping the least recently used', async () => {
    const memo = new Memo({ maxBytes: 10 * 1024, now: clock() });
    for (let i = 0; i < 10; i++) await memo.get(`k${i}`, async () => value(i, [`d${i}`], { bytes: 1024 }));
    await memo.get('k0', async () => value(-1, [])); // touch k0: k1 is now the oldest
    await memo.get('k10', async () => value(10, ['d10'], { bytes: 1024 }));
    expect(memo.size).toBe(10);
    expect(memo.bytes).toBeLessThanOrEqual(10 * 1024);
    expect(await memo.get('k0', async () => value(-1, []))).toBe(0);
    expect(await memo.get('k1', async () => value(-1, []))).toBe(-1);
  });

  it('loads every time when disabled (FRAGMENT_CACHE=off), and never keeps a failed load', async () => {
    const off = new Memo({ maxBytes: 1 << 20, now: clock(), enabled: false });
    let n = 0;
    await off.get('a', async () => value(++n, []));
    expect(await off.get('a', async () => value(++n, []))).toBe(2);

    const memo = new Memo({ maxBytes: 1 << 20, now: clock() });
    await expect(memo.get('a', async () => Promise.reject(new Error('db down')))).rejects.toThrow('db down');
    expect(await memo.get('a', async () => value('ok', []))).toBe('ok');
  });
});

describe('Memo batch reads (peek and put)', () => {
  it('keeps a batch-read value unless something was invalidated while it was read', async () => {
    const memo = new Memo({ maxBytes: 1 << 20, now: clock() });
    expect(memo.peek('card:1')).toBeUndefined();
    const before = memo.generation;
    memo.put('card:1', value('one', ['article:1']), before);
    expect(memo.peek('card:1')).toBe('one');
    memo.invalidate(['article:1']);
    expect(memo.peek('card:1')).toBeUndefined();

    const stale = memo.generation;
    memo.invalidate(['article:2']); // a change lands while the batch read runs
    memo.put('card:2', value('old two', ['article:2']), stale);
    expect(memo.peek('card:2')).toBeUndefined();
    expect(memo.counters.discarded).toBe(1);
  });
});
