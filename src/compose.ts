import { loadSecretBox } from './accounts/secret-box.ts';
import type { Config } from './config.ts';
import { connectDatabase } from './db/connect.ts';
import { migrateToLatest } from './db/migrate.ts';
import { createRepos } from './db/repositories/index.ts';
import type { ArticleIndexer, ContentEvent, ContentEventSink } from './publishing/deps.ts';
import type { AppDeps, ArticleModuleProvider, RouteRegistrar } from './web/deps.ts';
import { wireEditorial } from './web/newsroom/editorial-wire.ts';
import { followRenames } from './search/follow-renames.ts';
import { createSearchIndex } from './search/index.ts';
import { searchRoutes } from './search/web/search-routes.ts';
import { newsroomRoutes } from './web/newsroom/routes.ts';
import { wireFeeds } from './feeds/wire.ts';
import { memoFromEnv } from './cache/memo.ts';
import { wireCache } from './cache/wire.ts';
import { memoCards } from './web/site/fragments.ts';
import { RECOMMENDED_HOLE, recommendedHole } from './web/reader-holes.ts';
import { createDiscovery } from './discovery/discovery.ts';
import { apiOptionsFromEnv, apiRoutes } from './api/wire.ts';
import { wireWebhooks } from './webhooks/wire.ts';

export interface ComposeOptions {
  clock?: () => Date;
  logger?: AppDeps['logger'];
  /**
   * 'manual' leaves the publishing scheduler stopped so tests drive it (createScheduler + testClock).
   * Defaults to 'manual' when a clock is injected (a timer against a fake clock would race the test).
   */
  scheduler?: 'auto' | 'manual';
}

export type Composed = AppDeps & {
  close(): Promise<void>;
  /** Resolves when the search re-indexing that renames started is done (tests). */
  searchSettled(): Promise<void>;
};

/** Fans content events out to every listener (cache invalidation, webhooks, pings). */
function createEventBus(): ContentEventSink & { listeners: ((e: ContentEvent) => void)[] } {
  const listeners: ((e: ContentEvent) => void)[] = [];
  return {
    listeners,
    emit(event) {
      for (const listener of listeners) listener(event);
    },
  };
}

/**
 * The composition root: the one place that picks backends and wires services together.
 * `serve`, every CLI command and the tests build their dependencies here.
 */
export async function compose(config: Config, options: ComposeOptions = {}): Promise<Composed> {
  const database = await connectDatabase(config.databaseUrl);
  await migrateToLatest(database);
  const repos = createRepos(database.db);
  const clock = options.clock ?? (() => new Date());
  const events = createEventBus();
  const indexers: ArticleIndexer[] = [];
  const articleModules: ArticleModuleProvider[] = [];
  const routes: RouteRegistrar[] = [];
  const closers: (() => Promise<void>)[] = [];

  // Features wire themselves in here, one block each.

  // Full-text search (src/search/): updated inside each article's transaction; /search, /fa/search, /api/v1/search.
  const search = createSearchIndex(database, { clock });
  indexers.push(search);
  routes.push(searchRoutes(search));
  const renames = followRenames(database.db, search, (error) =>
    console.warn('search re-index after a rename failed', error),
  );
  events.listeners.push((event) => renames.onContentEvent(event));
  closers.push(() => renames.close());

  // Feeds, sitemaps, robots.txt, WebSub pings (src/feeds/).
  wireFeeds({
    baseUrl: config.baseUrl,
    repos,
    listeners: events.listeners,
    routes,
    closers,
    hubUrl: process.env.WEBSUB_HUB,
  });

  // Newsroom shell: accounts, sign-in, users, settings, audit log (src/accounts/, src/web/newsroom/).
  // Before the other newsroom features so its CSRF guard hook is in place for their routes.
  routes.push(newsroomRoutes({ secrets: loadSecretBox(config.dataDir) }));

  // Editorial newsroom (editor, workflow, revisions, curation, media, taxonomy) and the publishing scheduler.
  wireEditorial({
    database,
    clock,
    indexers,
    events,
    routes,
    closers,
    scheduler: options.scheduler ?? (options.clock ? 'manual' : 'auto'),
  });

  // Fragment cache (src/cache/memo.ts): page parts kept in memory, invalidated with the page cache below.
  const memo = memoFromEnv(clock);

  // Discovery: related articles, most read, recommended to you (src/discovery/).
  const discovery = await createDiscovery({
    database,
    repos,
    clock,
    baseUrl: config.baseUrl,
    cards: memoCards(repos, memo),
  });
  events.listeners.push((event) => discovery.onContentEvent(event));
  articleModules.push(...discovery.providers);
  routes.push(discovery.viewHook);
  closers.push(() => discovery.close());

  // Content API, Admin API and OpenAPI document under /api/v1 (src/api/; API_RATE_LIMIT, API_CORS_ORIGINS).
  routes.push(apiRoutes(apiOptionsFromEnv(process.env)));

  // Webhooks: signed POSTs of content events with retries and a delivery log (src/webhooks/).
  wireWebhooks({
    database,
    repos,
    baseUrl: config.baseUrl,
    clock,
    listeners: events.listeners,
    closers,
    env: process.env,
  });

  // Page cache, invalidation bus (Redis pub/sub or PostgreSQL LISTEN/NOTIFY) and CDN purge (src/cache/).
  const cache = await wireCache({
    config,
    database,
    clock,
    listeners: events.listeners,
    closers,
    memo,
    log: (message, error) => console.warn(message, error),
  });
  cache.cache.onInvalidate(() => discovery.forgetCards());
  cache.holes.set(
    RECOMMENDED_HOLE,
    recommendedHole({ providers: articleModules, clock, cache: cache.cache }),
  );
  cache.gauges.push({
    name: 'broadsheet_related_model_articles',
    help: 'Articles in the related-articles model (0 until its first build after start finishes).',
    read: () => discovery.related.size,
  });
  cache.gauges.push({
    name: 'broadsheet_views_buffered',
    help: 'Article views counted in memory, not yet written.',
    read: () => discovery.views.pendingCount,
  });

  return {
    config,
    database,
    repos,
    clock,
    events,
    indexers,
    articleModules,
    routes,
    cache,
    search,
    mostRead: (language, opts) => discovery.mostRead(language, opts ?? {}),
    ...(options.logger !== undefined ? { logger: options.logger } : {}),
    searchSettled: () => renames.settled(),
    async close() {
      for (const closeFeature of closers.reverse()) await closeFeature();
      await database.close();
    },
  };
}
