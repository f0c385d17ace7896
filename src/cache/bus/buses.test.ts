import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import pg from 'pg';
import { describe } from 'vitest';
import { DIALECTS, TEST_PG_URL } from '../../../test/support/databases.ts';
import { redisAvailable, TEST_REDIS_URL } from '../test-redis.ts';
import { runBusSuite } from './bus.case.test.ts';
import { InProcessHub } from './in-process-bus.ts';
import { createPostgresBus } from './postgres-bus.ts';
import { createRedisBus } from './redis-bus.ts';

runBusSuite('in-process', async () => {
  const hub = new InProcessHub();
  const a = hub.connect();
  const b = hub.connect();
  return { a, b, cleanup: async () => Promise.all([a.close(), b.close()]).then(() => {}) };
});

describe.skipIf(!DIALECTS.includes('postgres'))('postgres', () => {
  runBusSuite('postgres LISTEN/NOTIFY', async () => {
    const channel = `bs_test_${randomBytes(5).toString('hex')}`;
    const pool = new pg.Pool({ connectionString: TEST_PG_URL, max: 2 });
    const notify = async (ch: string, payload: string) => {
      await pool.query('select pg_notify($1, $2)', [ch, payload]);
    };
    const a = await createPostgresBus({ connectionString: TEST_PG_URL, channel, notify });
    const b = await createPostgresBus({ connectionString: TEST_PG_URL, channel, notify });
    return {
      a,
      b,
      cleanup: async () => {
        await Promise.all([a.close(), b.close()]);
        await pool.end();
      },
    };
  });
});

const redisUp = await redisAvailable();
describe.skipIf(!redisUp)('redis', () => {
  runBusSuite('redis pub/sub', async () => {
    const channel = `bstest:${randomBytes(5).toString('hex')}:inval`;
    const one = new Redis(TEST_REDIS_URL);
    const two = new Redis(TEST_REDIS_URL);
    const a = await createRedisBus({ client: one, channel });
    const b = await createRedisBus({ client: two, channel });
    return {
      a,
      b,
      cleanup: async () => {
        await Promise.all([a.close(), b.close()]);
        await Promise.all([one.quit(), two.quit()]);
      },
    };
  });
});
