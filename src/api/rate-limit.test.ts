import { describe, expect, it } from 'vitest';
import { createApiKeysRepo } from '../db/repositories/api-keys.ts';
import { createTestApp, testClock } from '../../test/support/app.ts';
import { DIALECTS } from '../../test/support/databases.ts';
import { createRateLimiter } from './rate-limit.ts';

describe('token bucket', () => {
  it('allows the rate, then asks to wait, and refills with time', () => {
    const limiter = createRateLimiter(60); // one a second
    for (let i = 0; i < 60; i++) expect(limiter.take('a', 0)).toBe(0);
    expect(limiter.take('a', 0)).toBe(1);
    expect(limiter.take('b', 0)).toBe(0); // per key
    expect(limiter.take('a', 1000)).toBe(0);
    expect(limiter.take('a', 1000)).toBeGreaterThan(0);
  });
});

for (const dialect of DIALECTS) {
  describe(`API rate limits (${dialect})`, () => {
    it('answers 429 with Retry-After once a key spends its minute', async () => {
      process.env.API_RATE_LIMIT = '3';
      const clock = testClock();
      const t = await createTestApp(dialect, { clock });
      delete process.env.API_RATE_LIMIT;
      try {
        const { key } = await createApiKeysRepo(t.deps.database.db).create(
          { name: 'k', scopes: ['content:read'] },
          clock().toISOString(),
        );
        const get = () =>
          t.app.inject({ url: '/api/v1/sections', headers: { authorization: `Bearer ${key}` } });
        for (let i = 0; i < 3; i++) expect((await get()).statusCode).toBe(200);
        const limited = await get();
        expect(limited.statusCode).toBe(429);
        expect(limited.json().error.code).toBe('RATE_LIMITED');
        expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
        clock.advance(60_000);
        expect((await get()).statusCode).toBe(200);
      } finally {
        await t.close();
      }
    });
  });
}
