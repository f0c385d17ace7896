import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { Repos } from '../db/repositories/index.ts';
import type { DialectAdapter } from '../db/dialect-adapter.ts';
import type { Language } from '../domain/language.ts';
import { LANGUAGES } from '../domain/language.ts';
import type { ContentEvent } from '../publishing/deps.ts';
import type {
  ArticleModuleContext,
  ArticleModuleProvider,
  ModuleData,
  ReaderContext,
  RouteRegistrar,
} from '../web/deps.ts';
import { hydrateCards, type Card } from '../web/site/cards.ts';
import { isCountable } from './most-read/traffic.ts';
import { ViewCounter, type Window } from './most-read/view-counter.ts';
import { createDiscoveryRepo } from './most-read/views-repo.ts';
import { Covisitation } from './recommended/covisitation.ts';
import {
  cookieValue,
  decodeHistory,
  encodeHistory,
  historyCookieHeader,
  READER_COOKIE,
  withView,
} from './recommended/reader-cookie.ts';
import { Recommender } from './recommended/recommender.ts';
import { RelatedIndex, TOP_LIST_SIZE } from './related/related-index.ts';

export const RELATED_SIZE = 6;
export const MOST_READ_SIZE = 5;
export const RECOMMENDED_SIZE = 6;
const FLUSH_MS = 10_000;
/** Consecutive views further apart than this are different reading sessions. */
const SESSION_GAP_MS = 30 * 60_000;
const SECRET_KEY = 'discovery.reader_cookie_secret';
const LATEST_TTL_MS = 30_000;
/** Most-read cards kept per edition and window, from which each page takes its own items out. */
const MOST_READ_POOL = 20;
const SLUG_CACHE = 10_000;
/** Newest articles held by the related model (~1.6 KB each); older ones join on demand. */
const DEFAULT_MAX_ARTICLES = 300_000;

export interface DiscoveryDeps {
  database: DialectAdapter;
  repos: Repos;
  clock: () => Date;
  /** Cookies get `Secure` on an https site. */
  baseUrl: string;
  maxArticles?: number;
  flushIntervalMs?: number;
  /** Public cards by id (the fragment cache's, from the composition root); read from the database when absent. */
  cards?: (ids: readonly number[], now: string) => Promise<Card[]>;
  log?: (message: string, error?: unknown) => void;
}

export interface Discovery {
  related: RelatedIndex;
  /** Starts the background build of the related model (idempotent; the web app calls it). */
  start(): void;
  views: ViewCounter;
  covisit: Covisitation;
  recommender: Recommender;
  /** `related`, `most-read`, `recommended`, in page order. */
  providers: ArticleModuleProvider[];
  /** Counts article views after the response (onResponse): never blocks or changes a page. */
  viewHook: RouteRegistrar;
  onContentEvent(event: ContentEvent): void;
  /**
   * Drops lists kept as cards (most read): called on every cache invalidation, which is how a
   * change made through another app server arrives here.
   */
  forgetCards(): void;
  /** Home page "Most read": cards of the edition, most viewed in the window first. */
  mostRead(
    language: Language,
    options?: { window?: Window; limit?: number; exclude?: ReadonlySet<number> },
  ): Promise<Card[]>;
  /**
   * The per-reader fragment of an article page ("Recommended to you"), composed per request so
   * the rest of the page stays shared and cacheable. Reads the signed history cookie, and (for
   * a real reader, not a robot or prefetch) appends this article to it and records the
   * co-visitation pair. Returns null when there is nothing worth showing.
   */
  readerFragment(ctx: ArticleModuleContext & { reader: ReaderContext }): Promise<ModuleData | null>;
  /** Writes buffered views and pairs now. */
  flush(): Promise<void>;
  close(): Promise<void>;
}

/** Loads counters, starts the background build and the flush timer. */
export async function createDiscovery(deps: DiscoveryDeps): Promise<Discovery> {
  const { repos, clock } = deps;
  const db = deps.database.db;
  const log = deps.log ?? (() => {});
  const repo = createDiscoveryRepo(db);
  const views = new ViewCounter(repo, clock);
  const covisit = new Covisitation(repo, clock);
  await Promise.all([views.load(), covisit.load()]);
  const related = new RelatedIndex(db, {
    maxArticles: deps.maxArticles ?? DEFAULT_MAX_ARTICLES,
    onError: (e) => log('related index update failed', e),
  });
  // The build starts with the web app (or the first related list), not in CLI commands.
  let started = false;
  const start = () => {
    if (started) return;
    started = true;
    void related.rebuild().catch((e) => log('related index build failed', e));
  };
  const recommender = new Recommender(related, covisit, views);
  const secret = await readerSecret(repos);
  const secure = deps.baseUrl.startsWith('https:');

  const flush = async () => {
    await views.flush();
    await covisit.flush();
  };
  const timer = setInterval(
    () => void flush().catch((e) => log('discovery flush failed', e)),
    deps.flushIntervalMs ?? FLUSH_MS,
  );
  timer.unref();

  const cards = async (
    ids: readonly number[],
    language: string,
    now: string,
    exclude: ReadonlySet<number>,
    limit: number,
  ) => {
    if (deps.cards) {
      const all = await deps.cards(ids, now);
      return all.filter((c) => c.language === language && !exclude.has(c.id)).slice(0, limit);
    }
    const rows = (await repos.articles.publicCardsByIds(ids, now)).filter(
      (r) => r.language === language && !exclude.has(r.id),
    );
    return hydrateCards(repos, rows.slice(0, limit));
  };

  const latestCache = new Map<string, { at: number; list: { id: number; publishedAt: number }[] }>();
  const latest = async (language: string, now: string) => {
    const cached = latestCache.get(language);
    const t = Date.parse(now);
    if (cached && t - cached.at < LATEST_TTL_MS && t >= cached.at) return cached.list;
    const rows = await repos.articles.latest(language, now, { limit: 30 });
    const list = rows.map((r) => ({ id: r.id, publishedAt: Date.parse(r.published_at ?? r.updated_at) }));
    latestCache.set(language, { at: t, list });
    return list;
  };

  /** The edition's most read in a window, or today's topped up with the week's on a quiet day. */
  const rankMostRead = async (
    language: Language,
    ranked: { main: number[]; week: number[] },
    limit: number,
    exclude: ReadonlySet<number>,
  ) => {
    const now = clock().toISOString();
    let list = await cards(ranked.main, language, now, exclude, limit);
    if (list.length < limit && ranked.week.length > 0) {
      const seen = new Set([...exclude, ...list.map((c) => c.id)]);
      list = [...list, ...(await cards(ranked.week, language, now, seen, limit - list.length))];
    }
    return list;
  };

  // Every uncached article page and the home page ask for the list, and the view counts move it
  // only every few seconds: one set of cards per edition and window serves every page until the
  // ranking or an article changes, less each page's own items.
  const mostReadPools = new Map<string, { main: number[]; week: number[]; cards: Card[] }>();
  const sameIds = (a: readonly number[], b: readonly number[]) =>
    a.length === b.length && a.every((id, i) => id === b[i]);
  const mostRead: Discovery['mostRead'] = async (language, options = {}) => {
    const limit = options.limit ?? MOST_READ_SIZE;
    const exclude = options.exclude ?? new Set<number>();
    const ranked = {
      main: views.top(options.window ?? '24h', 60).map((v) => v.articleId),
      // A window asked for is not topped up with the week's.
      week: options.window ? [] : views.top('7d', 60).map((v) => v.articleId),
    };
    if (limit > MOST_READ_POOL) return rankMostRead(language, ranked, limit, exclude);
    const key = `${language}\u0000${options.window ?? ''}`;
    let pool = mostReadPools.get(key);
    if (!pool || !sameIds(pool.main, ranked.main) || !sameIds(pool.week, ranked.week)) {
      pool = { ...ranked, cards: await rankMostRead(language, ranked, MOST_READ_POOL, new Set()) };
      mostReadPools.set(key, pool);
    }
    const list = pool.cards.filter((c) => !exclude.has(c.id)).slice(0, limit);
    // The page shows so many of the pool elsewhere that the list must be ranked without them.
    if (list.length < limit && pool.cards.length === MOST_READ_POOL)
      return rankMostRead(language, ranked, limit, exclude);
    return list;
  };

  const readerFragment: Discovery['readerFragment'] = async (ctx) => {
    const nowMs = Date.parse(ctx.now);
    const history = decodeHistory(secret, cookieValue(ctx.reader.headers.cookie, READER_COOKIE));
    const exclude = new Set([...ctx.shownIds, ctx.articleId, ...history.ids]);
    const ids = await recommender.recommend({
      history: [...history.ids.filter((id) => id !== ctx.articleId), ctx.articleId],
      language: ctx.language,
      now: nowMs,
      exclude,
      limit: RECOMMENDED_SIZE,
      latest: await latest(ctx.language, ctx.now),
    });
    if (isCountable(ctx.reader.headers)) {
      const previous = history.ids[history.ids.length - 1];
      if (previous !== undefined && previous !== ctx.articleId && nowMs - history.lastSeen < SESSION_GAP_MS)
        covisit.record(previous, ctx.articleId);
      ctx.reader.setCookie(
        historyCookieHeader(encodeHistory(secret, withView(history, ctx.articleId, nowMs)), secure),
      );
    }
    const items = await cards(ids, ctx.language, ctx.now, ctx.shownIds, RECOMMENDED_SIZE);
    return items.length > 0 ? { name: 'recommended', items } : null;
  };

  const providers: ArticleModuleProvider[] = [
    {
      name: 'related',
      async load(ctx) {
        start();
        const now = Date.parse(ctx.now);
        // The shared top list less the page's other modules; when they took too many of it, a
        // list ranked without them. (An item shown above also keeps its near-duplicates out.)
        const top = await related.topList(ctx.articleId, now);
        let ids = top.filter((id) => !ctx.shownIds.has(id));
        if (ids.length < RELATED_SIZE && top.length === TOP_LIST_SIZE)
          ids = (
            await related.related(ctx.articleId, { limit: RELATED_SIZE, exclude: ctx.shownIds, now })
          ).map((s) => s.articleId);
        // A couple more than shown: one may have been unpublished since the list was ranked.
        const items = await cards(
          ids.slice(0, RELATED_SIZE + 2),
          ctx.language,
          ctx.now,
          ctx.shownIds,
          RELATED_SIZE,
        );
        return items.length > 0 ? { name: 'related', items } : null;
      },
    },
    {
      name: 'most-read',
      // Views move it without content events: a page rebuilt within this long may reuse the list.
      maxAgeMs: 30_000,
      async load(ctx) {
        const items = await mostRead(ctx.language, { exclude: new Set([...ctx.shownIds, ctx.articleId]) });
        return items.length > 0 ? { name: 'most-read', items } : null;
      },
    },
    {
      name: 'recommended',
      async load(ctx) {
        return ctx.reader ? readerFragment({ ...ctx, reader: ctx.reader }) : null;
      },
    },
  ];

  // slug -> id for the view hook; a read on a miss, never a write.
  const slugIds = new Map<string, number>();
  const viewHook: RouteRegistrar = async (app: FastifyInstance) => {
    start();
    app.addHook('onResponse', async (req, reply) => {
      if (req.method !== 'GET' || reply.statusCode !== 200) return;
      const route = req.routeOptions.url ?? '';
      if (!route.endsWith('/news/:slug')) return;
      if (!isCountable(req.headers)) return;
      const language = LANGUAGES.find((l) => route.startsWith(`/${l}/`)) ?? 'en';
      const slug = (req.params as { slug?: string }).slug;
      if (!slug) return;
      const key = `${language}\u0000${slug}`;
      let id = slugIds.get(key);
      if (id === undefined) {
        try {
          id = await repos.articles.publicIdBySlug(language, slug, clock().toISOString());
          if (id === undefined) return;
          if (slugIds.size >= SLUG_CACHE) slugIds.clear();
          slugIds.set(key, id);
        } catch (error) {
          log('view lookup failed', error);
          return;
        }
      }
      views.record(id);
    });
  };

  return {
    related,
    start,
    views,
    covisit,
    recommender,
    providers,
    viewHook,
    forgetCards: () => mostReadPools.clear(),
    onContentEvent(event) {
      // A headline, an unpublished story: the next list is read afresh.
      mostReadPools.clear();
      if ('articleId' in event)
        for (const [key, id] of slugIds) if (id === event.articleId) slugIds.delete(key);
      void related.onEvent(event);
    },
    mostRead,
    readerFragment,
    flush,
    async close() {
      clearInterval(timer);
      await related.settled();
      await flush();
    },
  };
}

/** The HMAC key of reader cookies: made once, kept in the settings table. */
async function readerSecret(repos: Repos): Promise<string> {
  const existing = await repos.settings.get(SECRET_KEY);
  if (existing) return existing;
  const secret = randomBytes(32).toString('base64url');
  await repos.settings.set(SECRET_KEY, secret);
  return (await repos.settings.get(SECRET_KEY)) ?? secret;
}
