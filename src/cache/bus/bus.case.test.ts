import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { chunkMessages, parseMessage, type InvalidationBus } from './bus.ts';

export interface BusPair {
  /** Two bus instances on one channel, as two app servers would have. */
  a: InvalidationBus;
  b: InvalidationBus;
  cleanup(): Promise<void>;
}

function collector(bus: InvalidationBus) {
  const received: string[][] = [];
  const unsubscribe = bus.subscribe((keys) => received.push(keys));
  return {
    received,
    unsubscribe,
    /** Resolves with every key received once `count` keys arrived, or rejects after `ms`. */
    async until(count: number, ms = 1000): Promise<string[]> {
      const deadline = Date.now() + ms;
      while (received.flat().length < count) {
        if (Date.now() > deadline)
          throw new Error(`only ${received.flat().length} of ${count} keys within ${ms} ms`);
        await new Promise((r) => setTimeout(r, 5));
      }
      return received.flat();
    },
  };
}

/** The one suite every InvalidationBus passes. */
export function runBusSuite(name: string, create: () => Promise<BusPair>): void {
  describe(`InvalidationBus contract: ${name}`, () => {
    let pair: BusPair;
    beforeEach(async () => {
      pair = await create();
    });
    afterEach(async () => {
      await pair.cleanup();
    });

    it('delivers keys to the other server within a second, not back to the sender', async () => {
      const atA = collector(pair.a);
      const atB = collector(pair.b);
      const started = Date.now();
      await pair.a.publish(['article:42', 'section:7', 'home:en']);
      expect(await atB.until(3)).toEqual(['article:42', 'section:7', 'home:en']);
      expect(Date.now() - started).toBeLessThan(1000);
      await pair.b.publish(['tag:3']);
      expect(await atA.until(1)).toEqual(['tag:3']);
      expect(atA.received.flat()).not.toContain('article:42');
    });

    it('carries thousands of keys without losing any', async () => {
      const atB = collector(pair.b);
      const keys = Array.from({ length: 3000 }, (_, i) => `article:${i}`);
      await pair.a.publish(keys);
      const got = await atB.until(3000, 2000);
      expect(new Set(got)).toEqual(new Set(keys));
    });

    it('stops delivering after unsubscribe', async () => {
      const atB = collector(pair.b);
      const other = collector(pair.b);
      atB.unsubscribe();
      await pair.a.publish(['sitemap']);
      await other.until(1);
      expect(atB.received).toEqual([]);
    });
  });
}

describe('bus messages', () => {
  it('chunk under the byte limit and parse back, ignoring their own origin', () => {
    const keys = Array.from({ length: 500 }, (_, i) => `section:${i}`);
    const messages = chunkMessages('me', keys, 1000);
    expect(messages.length).toBeGreaterThan(1);
    for (const m of messages) expect(Buffer.byteLength(m)).toBeLessThanOrEqual(1000);
    expect(messages.flatMap((m) => parseMessage(m, 'other') ?? [])).toEqual(keys);
    expect(parseMessage(messages[0]!, 'me')).toBeNull();
    expect(parseMessage('not json', 'x')).toBeNull();
  });
});
