import { monitorEventLoopDelay } from 'node:perf_hooks';
import { sql } from 'kysely';
import type { FastifyInstance } from 'fastify';
import type { AppDeps } from './deps.ts';
import { Counter, Gauge, Histogram, LATENCY_BUCKETS, Registry } from './metrics.ts';
import { pageCache, type PageCacheCounters } from './page-cache.ts';

declare module 'fastify' {
  interface FastifyInstance {
    /** Set when shutdown begins: /readyz answers 503 so the proxy stops sending requests. */
    operations: { draining: boolean; registry: Registry };
  }
}

const READY_TIMEOUT_MS = 2000;

/**
 * Operations: the page cache (when wired), per-route request metrics, `/metrics` (Prometheus)
 * and `/readyz` (the database answers). Registered once in buildApp, before the site routes, so
 * its hooks see every route.
 */
export async function operations(app: FastifyInstance, opts: { deps: AppDeps }): Promise<void> {
  const { deps } = opts;
  const registry = new Registry();
  const beforeScrape: (() => Promise<void>)[] = [];
  app.decorate('operations', { draining: false, registry });

  const requests = registry.add(
    new Counter('broadsheet_http_requests_total', 'HTTP requests by method, route pattern and status.'),
  );
  const latency = registry.add(
    new Histogram(
      'broadsheet_http_request_duration_seconds',
      'Time to answer, by method and route pattern.',
      LATENCY_BUCKETS,
    ),
  );
  const keyCache = new Map<
    string,
    { count: string; count_labels: Record<string, string>; time: string; time_labels: Record<string, string> }
  >();
  app.addHook('onResponse', async (req, reply) => {
    const route = req.routeOptions.url ?? 'unmatched';
    const id = `${req.method} ${route} ${reply.statusCode}`;
    let k = keyCache.get(id);
    if (!k) {
      const time_labels = { method: req.method, route };
      const count_labels = { ...time_labels, status: String(reply.statusCode) };
      k = {
        count: JSON.stringify(count_labels),
        count_labels,
        time: JSON.stringify(time_labels),
        time_labels,
      };
      if (keyCache.size < 5000) keyCache.set(id, k);
    }
    requests.inc(k.count_labels, 1, k.count);
    latency.observe(k.time_labels, reply.elapsedTime / 1000, k.time);
  });

  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  app.addHook('onClose', async () => loop.disable());
  registry.add(
    new Gauge('broadsheet_event_loop_lag_seconds', 'Event-loop delay since start (p50, p99, max).', () => [
      [{ quantile: '0.5' }, loop.percentile(50) / 1e9],
      [{ quantile: '0.99' }, loop.percentile(99) / 1e9],
      [{ quantile: '1' }, loop.max / 1e9],
    ]),
  );
  const admission = app.admission;
  if (admission) {
    registry.add(
      new Gauge(
        'broadsheet_admission_waiting',
        'Requests queued because the event loop spent its turn budget (see ADMISSION_BUDGET_MS).',
        () => admission.waiting,
      ),
    );
    registry.add(
      new Gauge(
        'broadsheet_admission_deferred_total',
        'Requests that waited for a later event-loop turn since start.',
        () => admission.deferred,
        'counter',
      ),
    );
    registry.add(
      new Gauge(
        'broadsheet_admission_wait_seconds_total',
        'Seconds those requests waited, in total (not part of the route latency histogram).',
        () => admission.waitedMs / 1000,
        'counter',
      ),
    );
  }
  registry.add(
    new Gauge('broadsheet_db_pool_connections', 'Database pool connections by state.', () => {
      const s = deps.database.poolStats();
      return [
        [{ state: 'total' }, s.total],
        [{ state: 'idle' }, s.idle],
        [{ state: 'waiting' }, s.waiting],
      ];
    }),
  );
  registry.add(
    new Gauge('process_resident_memory_bytes', 'Resident set size.', () => process.memoryUsage.rss()),
  );
  registry.add(new Gauge('nodejs_heap_used_bytes', 'V8 heap in use.', () => process.memoryUsage().heapUsed));
  registry.add(
    new Gauge('nodejs_heap_total_bytes', 'V8 heap reserved.', () => process.memoryUsage().heapTotal),
  );
  registry.add(
    new Gauge(
      'nodejs_external_memory_bytes',
      'Memory outside the V8 heap held by JavaScript objects (buffers, typed arrays).',
      () => process.memoryUsage().external,
    ),
  );
  registry.add(
    new Gauge('process_uptime_seconds', 'Seconds since the process started.', () => process.uptime()),
  );

  const runtime = deps.cache;
  if (runtime) {
    const { cache } = runtime;
    {
      await app.register(pageCache, {
        cache,
        enabled: runtime.enabled,
        holes: runtime.holes,
        invalidations: runtime.invalidator,
        onError: (error: unknown) => app.log.warn({ err: error }, 'page cache'),
      });
      const pages = app.pageCacheCounters as PageCacheCounters;
      registry.add(
        new Gauge(
          'broadsheet_page_cache_requests_total',
          'Public page requests by cache result (hit, stale, miss, coalesced, bypass, uncacheable, not_modified).',
          () => [
            [{ result: 'hit' }, pages.hit],
            [{ result: 'stale' }, pages.stale],
            [{ result: 'miss' }, pages.miss],
            [{ result: 'coalesced' }, pages.coalesced],
            [{ result: 'bypass' }, pages.bypass],
            [{ result: 'uncacheable' }, pages.uncacheable],
            [{ result: 'not_modified' }, pages.notModified],
          ],
          'counter',
        ),
      );
    }
    const c = cache.counters;
    registry.add(
      new Gauge(
        'broadsheet_cache_operations_total',
        'Cache operations: hits, stale hits, misses, coalesced waits, stores, renders discarded by a concurrent invalidation, errors.',
        () => [
          [{ op: 'hit' }, c.hits],
          [{ op: 'stale_hit' }, c.staleHits],
          [{ op: 'miss' }, c.misses],
          [{ op: 'coalesced' }, c.coalesced],
          [{ op: 'store' }, c.stores],
          [{ op: 'discarded' }, c.discarded],
          [{ op: 'error' }, c.errors],
        ],
        'counter',
      ),
    );
    registry.add(
      new Gauge(
        'broadsheet_cache_invalidations_total',
        'Invalidations (sets of dependency keys) applied here.',
        () => c.invalidations,
        'counter',
      ),
    );
    registry.add(
      new Gauge(
        'broadsheet_cache_invalidated_entries_total',
        'Entries removed by invalidations.',
        () => c.invalidatedEntries,
        'counter',
      ),
    );
    registry.add(
      new Gauge('broadsheet_cache_renders_in_flight', 'Renders holding a cache lease.', () => cache.inflight),
    );
    let lastStats: { entries: number; bytes: number } | null = null;
    registry.add(
      new Gauge(
        'broadsheet_cache_entries',
        'Entries in the in-memory cache (NaN on Redis).',
        () => lastStats?.entries ?? NaN,
      ),
    );
    registry.add(
      new Gauge(
        'broadsheet_cache_bytes',
        'Bytes held by the in-memory cache (NaN on Redis).',
        () => lastStats?.bytes ?? NaN,
      ),
    );
    beforeScrape.push(async () => {
      lastStats = await cache.store.stats().catch(() => null);
    });
    const memo = runtime.memo;
    registry.add(
      new Gauge(
        'broadsheet_fragment_cache_entries',
        'Page parts held by the fragment cache.',
        () => memo.size,
      ),
    );
    registry.add(
      new Gauge(
        'broadsheet_fragment_cache_bytes',
        'Estimated bytes held by the fragment cache.',
        () => memo.bytes,
      ),
    );
    registry.add(
      new Gauge(
        'broadsheet_fragment_cache_hits_total',
        'Fragment cache lookups answered from memory.',
        () => memo.counters.hits,
        'counter',
      ),
    );
    registry.add(
      new Gauge(
        'broadsheet_fragment_cache_misses_total',
        'Fragment cache lookups that read the database.',
        () => memo.counters.misses,
        'counter',
      ),
    );
    for (const g of runtime.gauges) registry.add(new Gauge(g.name, g.help, () => g.read()));
  }

  app.get('/metrics', async (_req, reply) => {
    for (const refresh of beforeScrape) await refresh();
    return reply
      .type('text/plain; version=0.0.4; charset=utf-8')
      .header('cache-control', 'no-store')
      .send(registry.render());
  });

  app.get('/readyz', async (_req, reply) => {
    reply.header('cache-control', 'no-store');
    if (app.operations.draining) return reply.code(503).send({ status: 'draining' });
    try {
      await Promise.race([
        sql`select 1`.execute(deps.database.db),
        new Promise((_, reject) =>
          setTimeout(() => reject(new Error('database timeout')), READY_TIMEOUT_MS).unref(),
        ),
      ]);
      return { status: 'ready' };
    } catch (error) {
      app.log.warn({ err: error }, 'readiness check failed');
      return reply.code(503).send({ status: 'unavailable' });
    }
  });
}

(operations as unknown as Record<symbol, boolean>)[Symbol.for('skip-override')] = true;
