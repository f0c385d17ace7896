import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { runCacheStoreSuite, testEntry } from './cache.case.test.ts';
import { RedisCacheStore } from './redis-store.ts';
import { redisAvailable, TEST_REDIS_URL } from './test-redis.ts';

const available = await redisAvailable();
const clients: Redis[] = [];

async function cleanPrefix(client: Redis, prefix: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await client.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
    if (keys.length > 0) await client.del(...keys);
    cursor = next;
  } while (cursor !== '0');
}

describe.skipIf(!available)('RedisCacheStore', () => {
  runCacheStoreSuite('redis', async () => {
    const client = new Redis(TEST_REDIS_URL, { lazyConnect: false });
    clients.push(client);
    const prefix = `bstest:${randomBytes(4).toString('hex')}:`;
    return {
      store: new RedisCacheStore({ client, prefix }),
      cleanup: async () => {
        await cleanPrefix(client, prefix);
      },
    };
  });

  it('keeps sites with different prefixes apart', async () => {
    const client = new Redis(TEST_REDIS_URL);
    clients.push(client);
    const one = new RedisCacheStore({ client, prefix: `bstest:${randomBytes(4).toString('hex')}:` });
    const two = new RedisCacheStore({ client, prefix: `bstest:${randomBytes(4).toString('hex')}:` });
    await one.set('k', testEntry('one', ['article:1']), 1_000_000);
    await two.set('k', testEntry('two', ['article:1']), 1_000_000);
    expect(await one.invalidate(['article:1'])).toBe(1);
    expect((await two.get('k', 1_000_000))!.body.toString()).toBe('two');
    await two.invalidate(['article:1']);
  });

  afterAll(async () => {
    await Promise.all(clients.map((c) => c.quit()));
  });
});
