import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { LANGUAGES, editionPrefix, type Language } from '../domain/language.ts';
import { notFound } from '../domain/errors.ts';
import type { AppDeps } from '../web/deps.ts';
import { sendConditional } from './conditional.ts';
import { loadFeedData } from './feed-data.ts';
import {
  absoluteUrl,
  FEED_FORMATS,
  feedPath,
  NEWS_SITEMAP_PATH,
  ROBOTS_PATH,
  SITEMAP_INDEX_PATH,
  type FeedFormat,
  type FeedScope,
} from './paths.ts';
import { renderAtom, renderJsonFeed, renderRss } from './render.ts';
import {
  articleSitemap,
  newsEntries,
  renderNewsSitemap,
  renderRobots,
  renderSitemapIndex,
  renderUrlSet,
  sitemapFiles,
  taxonomySitemap,
  type SitemapFile,
} from './sitemaps.ts';

export interface FeedRouteOptions {
  hubUrl?: string | undefined;
  /** How long the sitemap index is reused before it is recomputed (it is also dropped on every publish). */
  indexTtlMs?: number;
}

const RENDER = { rss: renderRss, atom: renderAtom, json: renderJsonFeed } as const;
const CONTENT_TYPE: Record<FeedFormat, string> = {
  rss: 'application/rss+xml; charset=utf-8',
  atom: 'application/atom+xml; charset=utf-8',
  json: 'application/feed+json; charset=utf-8',
};
const XML = 'application/xml; charset=utf-8';

/** Builds the routes of feeds, sitemaps and robots.txt; `invalidate` drops the cached sitemap index. */
export function createFeedRoutes(options: FeedRouteOptions = {}) {
  let indexCache: { files: SitemapFile[]; expires: number } | null = null;

  async function register(app: FastifyInstance, deps: AppDeps): Promise<void> {
    const baseUrl = deps.config.baseUrl;
    const ctx = { repos: deps.repos, db: deps.database.db, baseUrl };

    const serveFeed = async (
      req: FastifyRequest,
      reply: FastifyReply,
      language: Language,
      scope: FeedScope,
      format: FeedFormat,
    ) => {
      const now = deps.clock().toISOString();
      const data = await loadFeedData(ctx, language, scope, now);
      if (!data) throw notFound('Feed');
      const body = RENDER[format](data, {
        siteName: deps.config.siteName,
        selfUrl: absoluteUrl(baseUrl, feedPath(language, scope, format)),
        hubUrl: options.hubUrl,
        now,
      });
      return sendConditional(req, reply, {
        body,
        contentType: CONTENT_TYPE[format],
        lastModified: data.lastModified,
      });
    };

    for (const language of LANGUAGES) {
      const prefix = editionPrefix(language);
      for (const format of Object.keys(FEED_FORMATS) as FeedFormat[]) {
        const file = FEED_FORMATS[format].file;
        app.get(`${prefix}/${file}`, (req, reply) =>
          serveFeed(req, reply, language, { kind: 'site' }, format),
        );
        for (const kind of ['section', 'tag', 'author'] as const) {
          app.get<{ Params: { slug: string } }>(`${prefix}/${kind}/:slug/${file}`, (req, reply) =>
            serveFeed(req, reply, language, { kind, slug: req.params.slug }, format),
          );
        }
      }
    }

    app.get(SITEMAP_INDEX_PATH, async (req, reply) => {
      const nowMs = deps.clock().getTime();
      if (!indexCache || indexCache.expires <= nowMs) {
        indexCache = {
          files: await sitemapFiles(ctx, new Date(nowMs).toISOString()),
          expires: nowMs + (options.indexTtlMs ?? 5 * 60_000),
        };
      }
      const files = indexCache.files;
      const lastModified =
        files
          .map((f) => f.lastmod)
          .filter((x): x is string => !!x)
          .sort()
          .pop() ?? null;
      return sendConditional(req, reply, {
        body: renderSitemapIndex(baseUrl, files),
        contentType: XML,
        lastModified,
      });
    });

    app.get<{ Params: { name: string } }>('/sitemaps/:name', async (req, reply) => {
      const now = deps.clock().toISOString();
      const name = req.params.name;
      const article = /^articles-(\d{4}-(?:0[1-9]|1[0-2]))(?:-([2-9]|[1-9]\d+))?\.xml$/.exec(name);
      const taxonomy = /^(sections|tags|authors)(?:-([2-9]|[1-9]\d+))?\.xml$/.exec(name);
      let entries;
      if (article) entries = await articleSitemap(ctx, article[1]!, Number(article[2] ?? 1), now);
      else if (taxonomy)
        entries = await taxonomySitemap(ctx, taxonomy[1] as 'sections', Number(taxonomy[2] ?? 1), now);
      if (!entries) throw notFound('Sitemap');
      const lastModified =
        entries
          .map((e) => e.lastmod)
          .filter((x): x is string => !!x)
          .sort()
          .pop() ?? null;
      return sendConditional(req, reply, { body: renderUrlSet(entries), contentType: XML, lastModified });
    });

    app.get(NEWS_SITEMAP_PATH, async (req, reply) => {
      const now = deps.clock().toISOString();
      const entries = await newsEntries(ctx, now);
      const lastModified = entries[0]?.publishedAt ?? null;
      return sendConditional(req, reply, {
        body: renderNewsSitemap(deps.config.siteName, entries),
        contentType: XML,
        lastModified,
        maxAge: 60,
      });
    });

    app.get(ROBOTS_PATH, async (req, reply) => {
      return sendConditional(req, reply, {
        body: renderRobots(baseUrl, SITEMAP_INDEX_PATH, NEWS_SITEMAP_PATH),
        contentType: 'text/plain; charset=utf-8',
        lastModified: null,
        maxAge: 3600,
      });
    });
  }

  return {
    register,
    invalidate(): void {
      indexCache = null;
    },
  };
}
