import { Redis } from 'ioredis';

/** Redis used by tests; CI sets BROADSHEET_REQUIRE_REDIS=1 so Redis tests never skip there. */
export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379/0';

/** True when the test Redis answers; throws instead of skipping when BROADSHEET_REQUIRE_REDIS=1. */
export async function redisAvailable(): Promise<boolean> {
  const client = new Redis(TEST_REDIS_URL, {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    connectTimeout: 1500,
    retryStrategy: () => null,
  });
  try {
    await client.connect();
    await client.ping();
    return true;
  } catch (error) {
    if (process.env.BROADSHEET_REQUIRE_REDIS === '1')
      throw new Error(`Redis is required but unreachable: ${String(error)}`);
    return false;
  } finally {
    client.disconnect();
  }
}
