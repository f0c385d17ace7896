import { createHash } from 'node:crypto';
import { Redis } from 'ioredis';
import type { Config } from '../config.ts';
import type { DialectAdapter } from '../db/dialect-adapter.ts';
import type { ContentEvent } from '../publishing/deps.ts';
import type { PageHole } from '../web/page-cache.ts';
import type { InvalidationBus } from './bus/bus.ts';
import { createInvalidationBus } from './bus/select-bus.ts';
import { Cache } from './cache.ts';
import { createInvalidator, type Invalidator } from './invalidator.ts';
import { memoFromEnv, type Memo } from './memo.ts';
import { MemoryCacheStore } from './memory-store.ts';
import { createPurger, type Purger } from './purge.ts';
import { RedisCacheStore } from './redis-store.ts';
import type { CacheStore } from './store.ts';

/** A gauge another feature exposes on /metrics (e.g. views buffered by discovery). */
export interface ExtraGauge {
  name: string;
  help: string;
  read(): number;
}

/** Everything the web layer needs of caching, built once in the composition root. */
export interface CacheRuntime {
  /** False when PAGE_CACHE=off: pages are rendered for every request (the bus still runs). */
  enabled: boolean;
  cache: Cache;
  /** Fragment cache of page parts, in this process, invalidated with the pages (FRAGMENT_CACHE=off). */
  memo: Memo;
  bus: InvalidationBus;
  invalidator: Invalidator;
  purger: Purger | null;
  /** Per-request parts of cached pages by marker name (`<!--bs:NAME ARG-->`): features add theirs. */
  holes: Map<string, PageHole>;
  gauges: ExtraGauge[];
}

declare module '../web/deps.ts' {
  interface AppDeps {
    /** Page cache, invalidation bus and CDN purge (src/cache/wire.ts); absent when not wired. */
    cache?: CacheRuntime;
  }
}

export interface WireCacheProps {
  config: Config;
  database: DialectAdapter;
  clock: () => Date;
  /** The event bus's listener list (src/compose.ts). */
  listeners: ((event: ContentEvent) => void)[];
  closers: (() => Promise<void>)[];
  env?: NodeJS.ProcessEnv;
  /** The fragment cache other features already read through (made here when absent). */
  memo?: Memo;
  log?: (message: string, error?: unknown) => void;
}

/**
 * Wires the cache (src/cache/): the store (memory, or Redis when REDIS_URL is set), the bus
 * (Redis pub/sub, PostgreSQL LISTEN/NOTIFY, or none for one SQLite process), the invalidator
 * listening to content events, and the CDN purge hook (CDN_PURGE_URL).
 * Environment: PAGE_CACHE=off, PAGE_CACHE_MAX_MB (32), FRAGMENT_CACHE=off, FRAGMENT_CACHE_MAX_MB (16),
 * CACHE_PREFIX, CDN_PURGE_URL, CDN_PURGE_TOKEN.
 */
export async function wireCache(props: WireCacheProps): Promise<CacheRuntime> {
  const env = props.env ?? process.env;
  const log = props.log ?? (() => {});
  const onError = (error: unknown) => log('cache error', error);
  // One namespace per site: app servers of one database share it, other sites do not.
  const prefix =
    env.CACHE_PREFIX ??
    `bs:${createHash('sha1').update(props.config.databaseUrl).digest('hex').slice(0, 10)}:`;

  let redis: Redis | undefined;
  let store: CacheStore;
  if (props.config.redisUrl) {
    redis = new Redis(props.config.redisUrl, { maxRetriesPerRequest: 1, enableAutoPipelining: true });
    redis.on('error', onError);
    store = new RedisCacheStore({ client: redis, prefix });
  } else {
    const maxMb = Number(env.PAGE_CACHE_MAX_MB ?? 32);
    store = new MemoryCacheStore({
      maxBytes: (Number.isFinite(maxMb) && maxMb > 0 ? maxMb : 32) * 1024 * 1024,
    });
  }
  const cache = new Cache({ store, now: () => props.clock().getTime(), onError });
  // Fragments stay in each process (objects, not bytes); the bus reaches them through the cache.
  const memo = props.memo ?? memoFromEnv(props.clock, env);
  cache.onInvalidate((deps) => memo.invalidate(deps));
  const bus = await createInvalidationBus({
    database: props.database,
    databaseUrl: props.config.databaseUrl,
    redis: redis ? { client: redis, prefix } : undefined,
    onError,
    onReconnect: () => log('invalidation bus reconnected; changes made meanwhile show once pages expire'),
  });
  const purger = env.CDN_PURGE_URL
    ? createPurger({ url: env.CDN_PURGE_URL, token: env.CDN_PURGE_TOKEN, onError })
    : null;
  const invalidator = createInvalidator({ db: props.database.db, cache, bus, purger, onError });
  bus.subscribe((keys) => invalidator.onRemote(keys));
  props.listeners.push((event) => invalidator.onEvent(event));

  props.closers.push(async () => {
    await invalidator.settled();
    await purger?.flush();
    await bus.close();
    await store.close();
    await redis?.quit().catch(() => redis?.disconnect());
  });

  return {
    enabled: env.PAGE_CACHE !== 'off',
    cache,
    memo,
    bus,
    invalidator,
    purger,
    holes: new Map(),
    gauges: [],
  };
}
