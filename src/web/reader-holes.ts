import { isLanguage, type Language } from '../domain/language.ts';
import type { ArticleModuleProvider } from './deps.ts';
import type { PageHole } from './page-cache.ts';
import { trusted, type SafeHtml } from './views/html.ts';
import { moduleSection } from './views/components.ts';

/** Marker name of the per-reader "Recommended to you" module in cached article pages. */
export const RECOMMENDED_HOLE = 'recommended';

/**
 * What the article page renders where "Recommended to you" goes: a marker the page cache
 * replaces per request, carrying what the fill needs (article, edition, ids already shown).
 */
export function recommendedMarker(articleId: number, language: Language, shownIds: Iterable<number>): SafeHtml {
  const ids = [...shownIds].filter((id) => Number.isSafeInteger(id)).join(',');
  return trusted(`<!--bs:${RECOMMENDED_HOLE} ${articleId} ${language} ${ids}-->`);
}

export interface RecommendedHoleDeps {
  /** The article-page providers; the one named `recommended` answers for a reader. */
  providers: readonly ArticleModuleProvider[];
  clock: () => Date;
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
      const shownIds = new Set(shown.split(',').filter(Boolean).map(Number));
      shownIds.add(articleId);
      const data = await provider.load({
        articleId,
        language,
        shownIds,
        now: deps.clock().toISOString(),
        reader: { headers: req.headers, setCookie: (header) => void reply.header('set-cookie', header) },
      });
      return data && data.items.length > 0 ? moduleSection(data.name, language, data.items).value : '';
    },
  };
}
