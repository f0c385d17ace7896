import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../test/support/databases.ts';
import { createTestApp, type TestApp } from '../../test/support/app.ts';

for (const dialect of DIALECTS) {
  describe(`operations endpoints on ${dialect}`, () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await createTestApp(dialect);
    });
    afterAll(async () => {
      await t.close();
    });

    it('answers /readyz when the database does', async () => {
      const res = await t.app.inject('/readyz');
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual({ status: 'ready' });
    });

    it('exposes Prometheus metrics: routes, latency, cache, pool, event loop, views', async () => {
      await t.app.inject('/');
      await t.app.inject('/healthz');
      await t.app.inject('/no/such/page');
      const res = await t.app.inject('/metrics');
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toContain('text/plain; version=0.0.4');
      const text = res.body;
      // Requests queued when the event loop is saturated (src/web/admission.ts).
      expect(text).toMatch(/^broadsheet_admission_waiting 0$/m);
      expect(text).toMatch(/^broadsheet_admission_deferred_total \d+$/m);
      expect(text).toMatch(
        /^broadsheet_http_requests_total\{method="GET",route="\/healthz",status="200"\} 1$/m,
      );
      expect(text).toMatch(
        /^broadsheet_http_requests_total\{method="GET",route="unmatched",status="404"\} 1$/m,
      );
      expect(text).toMatch(
        /^broadsheet_http_request_duration_seconds_bucket\{method="GET",route="\/",le="\+Inf"\} 1$/m,
      );
      expect(text).toMatch(/^broadsheet_http_request_duration_seconds_count\{method="GET",route="\/"\} 1$/m);
      expect(text).toMatch(/^broadsheet_page_cache_requests_total\{result="miss"\} \d+$/m);
      expect(text).toMatch(/^broadsheet_cache_operations_total\{op="hit"\} \d+$/m);
      expect(text).toMatch(/^broadsheet_db_pool_connections\{state="total"\} \d+$/m);
      expect(text).toMatch(/^broadsheet_event_loop_lag_seconds\{quantile="0.99"\} [\d.e-]+$/m);
      expect(text).toMatch(/^broadsheet_views_buffered \d+$/m);
      expect(text).toMatch(/^broadsheet_cache_bytes \d+$/m);
      // Every sample line is `name{labels} value` or `name value`.
      for (const line of text.trim().split('\n'))
        if (!line.startsWith('#')) expect(line).toMatch(/^[a-z_]+(\{[^}]*\})? (-?[\d.e+-]+|NaN|\+Inf)$/);
    });

    it('answers 503 on /readyz while draining', async () => {
      t.app.operations.draining = true;
      expect((await t.app.inject('/readyz')).statusCode).toBe(503);
      t.app.operations.draining = false;
    });
  });
}

describe('readiness without a database', () => {
  it('answers 503 once the database is gone', async () => {
    const t = await createTestApp('sqlite');
    await t.deps.database.close();
    const res = await t.app.inject('/readyz');
    expect(res.statusCode).toBe(503);
    await t.app.close();
  });
});
