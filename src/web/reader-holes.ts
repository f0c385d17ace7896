import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Cache, Lease } from '../cache/cache.ts';
import { dep } from '../cache/keys.ts';
import { isCountable } from '../discovery/most-read/traffic.ts';
import { READER_COOKIE, cookieValue } from '../discovery/recommended/reader-cookie.ts';
import { isLanguage, type Language } from '../domain/language.ts';
import type { ArticleModuleProvider } from './deps.ts';
import type { HoleContent, PageHole } from './page-cache.ts';
import { trusted, type SafeHtml } from './views/html.ts';
import { moduleSection } from './views/components.ts';

/** Marker name of the per-reader "Recommended to you" module in cached article pages. */
export const RECOMMENDED_HOLE = 'recommended';

/**
 * What the article page renders where "Recommended to you" goes: a marker the page cache
 * replaces per request, carrying what the fill needs (article, edition, ids already shown).
 */
export function recommendedMarker(
  articleId: number,
  language: Language,
  shownIds: Iterable<number>,
): SafeHtml {
  const ids = [...shownIds].filter((id) => Number.isSafeInteger(id)).join(',');
  return trusted(`<!--bs:${RECOMMENDED_HOLE} ${articleId} ${language} ${ids}-->`);
}

export interface RecommendedHoleDeps {
  /** The article-page providers; the one named `recommended` answers for a reader. */
  providers: readonly ArticleModuleProvider[];
  clock: () => Date;
  /**
   * Fragment cache for repeat views: a reader reloading the article they last read (or a robot,
   * which has no history) gets the module rendered for exactly that history again, without
   * recomputing it. A new view always goes to the provider, which records it.
   */
  cache?: Cache;
  /** Seconds a cached fragment stays fresh (default 60; invalidated earlier by its articles' keys). */
  maxAge?: number;
}

/** Last article id of a raw history cookie (`ids.seen.sig`, ids base 36 joined by '-'). */
function lastRead(raw: string | undefined): number | undefined {
  const ids = raw?.split('.')[0];
  if (!ids) return undefined;
  const last = ids.split('-').pop();
  return last ? parseInt(last, 36) : undefined;
}

/**
 * Fills the marker for this request: the reader's recommendations (from their signed history
 * cookie), the history cookie updated. Nothing (an empty string) when there is nothing to show.
 */
export function recommendedHole(deps: RecommendedHoleDeps): PageHole {
  return {
    async fill(req, reply, arg) {
      const provider = deps.providers.find((p) => p.name === 'recommended');
      if (!provider) return '';
      const [idText, language, shown = ''] = arg.split(' ');
      const articleId = Number(idText);
      if (!Number.isSafeInteger(articleId) || !language || !isLanguage(language)) return '';
      const raw = cookieValue(req.headers.cookie, READER_COOKIE);
      const repeat = deps.cache && (raw ? lastRead(raw) === articleId : !isCountable(req.headers));
      // A repeat view computes under the fragment's lease: when a change drops the fragment while
      // many requests of one reader (or robot) wait on the page, one computes and the rest reuse it.
      let lease: Lease | null = null;
      if (repeat && deps.cache) {
        const found = await deps.cache.lookup(fragmentKey(raw, language, articleId, shown));
        if (found.kind === 'fresh' || found.kind === 'stale') {
          if (found.kind === 'stale' && found.lease) void found.lease.complete(null);
          return found.entry;
        }
        if (found.kind === 'wait') {
          const entry = await found.result;
          if (entry) return entry;
        } else lease = found.lease;
      }
      // Read only when computing: a repeat view answered from the fragment cache never needs it.
      const shownIds = new Set(shown.split(',').filter(Boolean).map(Number));
      shownIds.add(articleId);
      try {
        return await compute(req, reply, provider, {
          articleId,
          language,
          shown,
          shownIds,
          raw,
          repeat: !!repeat,
          lease,
        });
      } finally {
        // Released empty if the computation failed before storing (waiters then compute themselves).
        if (lease) void lease.complete(null);
      }
    },
  };

  async function compute(
    req: FastifyRequest,
    reply: FastifyReply,
    provider: ArticleModuleProvider,
    view: {
      articleId: number;
      language: Language;
      shown: string;
      shownIds: Set<number>;
      raw: string | undefined;
      repeat: boolean;
      lease: Lease | null;
    },
  ): Promise<HoleContent> {
    const { articleId, language, shown, shownIds, raw, repeat, lease } = view;
    let newCookie: string | undefined;
    const data = await provider.load({
      articleId,
      language,
      shownIds,
      now: deps.clock().toISOString(),
      reader: {
        headers: req.headers,
        setCookie: (header) => {
          newCookie = header.slice(header.indexOf('=') + 1, header.indexOf(';'));
          void reply.header('set-cookie', header);
        },
      },
    });
    const out = data && data.items.length > 0 ? moduleSection(data.name, language, data.items).value : '';
    if (deps.cache) {
      const cache = deps.cache;
      const keys = [
        dep.list(language),
        dep.article(articleId),
        ...(data?.items ?? []).map((c) => dep.article(c.id)),
      ];
      const entry = cache.entryFrom({
        body: out,
        deps: keys,
        maxAge: deps.maxAge ?? 60,
        staleWhileRevalidate: 0,
      });
      // Stored for the history the reader now has (their next reload), and on a repeat view for
      // the history they came with too (a reload that raced the cookie update).
      const histories = new Set([newCookie ?? raw, ...(repeat ? [raw] : [])]);
      for (const history of histories) {
        if (lease && history === raw) {
          await lease.complete(entry);
          continue;
        }
        const found = await cache.lookup(fragmentKey(history, language, articleId, shown));
        if (found.kind === 'render') await found.lease.complete(entry);
        else if (found.kind === 'stale' && found.lease) await found.lease.complete(entry);
      }
      return entry;
    }
    return out;
  }
}

/** Fragment-cache key of one reader's module on one article (the history cookie is the reader). */
function fragmentKey(
  history: string | undefined,
  language: Language,
  articleId: number,
  shown: string,
): string {
  return `fragment:recommended:${language}:${articleId}:${shown}:${history ?? ''}`;
}
