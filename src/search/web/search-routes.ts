import type { FastifyInstance } from 'fastify';
import { badRequest } from '../../domain/errors.ts';
import { LANGUAGES, type Language } from '../../domain/language.ts';
import type { AppDeps } from '../../web/deps.ts';
import { hydrateCards } from '../../web/site/cards.ts';
import { sectionWithDescendants } from '../../domain/section-tree.ts';
import { siteFragments, type SiteFragments } from '../../web/site/fragments.ts';
import { sendHtml } from '../../web/site/send-html.ts';
import { dep } from '../../cache/keys.ts';
import { searchPath } from '../../web/site/paths.ts';
import { layout } from '../../web/views/layout.ts';
import type { SearchIndex, SearchQuery } from '../search-index.ts';
import { parseSearchParams, type SearchParams } from './search-params.ts';
import { searchPage, snippetHtml, type SearchResultView } from './search-page.ts';

interface Resolved {
  query: SearchQuery;
  labels: string[];
}

/**
 * Turns section/author/tag slugs into ids; an unknown slug is a 400 naming the field. Sections
 * come from the edition frames the pages already read (`fragments.edition`).
 */
async function resolveFilters(deps: AppDeps, fragments: SiteFragments, p: SearchParams): Promise<Resolved> {
  const languages: readonly Language[] = p.language ? [p.language] : LANGUAGES;
  const query: SearchQuery = {
    text: p.q,
    limit: p.perPage,
    offset: (p.page - 1) * p.perPage,
    ...(p.language ? { language: p.language } : {}),
    ...(p.from ? { from: p.from } : {}),
    ...(p.to ? { to: p.to } : {}),
  };
  const labels: string[] = [];
  if (p.section) {
    const ids: number[] = [];
    for (const language of languages) {
      const all = (await fragments.edition(language)).sections;
      const s = all.find((x) => x.slug === p.section);
      if (s) {
        ids.push(...sectionWithDescendants(all, s.id));
        labels.push(s.name);
      }
    }
    if (ids.length === 0) throw badRequest('No such section', { section: 'No such section' });
    query.sectionIds = ids;
  }
  if (p.tag) {
    const tags = (await Promise.all(languages.map((l) => deps.repos.tags.bySlug(l, p.tag!)))).filter(
      (t) => t !== undefined,
    );
    if (tags.length !== 1)
      throw badRequest(tags.length === 0 ? 'No such tag' : 'Name the edition (language) for this tag', {
        tag: 'No such tag',
      });
    query.tagId = tags[0]!.id;
    labels.push(tags[0]!.name);
  }
  if (p.author) {
    const author = await deps.repos.authors.bySlug(p.author);
    if (!author) throw badRequest('No such author', { author: 'No such author' });
    query.authorId = author.id;
    labels.push(author.name);
  }
  return { query, labels };
}

async function runSearch(deps: AppDeps, search: SearchIndex, query: SearchQuery) {
  const results = await search.search(query);
  const now = deps.clock().toISOString();
  const rows = await deps.repos.articles.publicCardsByIds(
    results.hits.map((h) => h.articleId),
    now,
  );
  const cards = new Map((await hydrateCards(deps.repos, rows)).map((c) => [c.id, c]));
  const items: SearchResultView[] = results.hits
    .filter((h) => cards.has(h.articleId))
    .map((h) => ({ card: cards.get(h.articleId)!, snippet: h.snippet }));
  return { results, items };
}

function pageHref(
  base: string,
  p: SearchParams,
  page: number,
  extra: Record<string, string | undefined> = {},
): string {
  const params = new URLSearchParams();
  const entries: Record<string, string | undefined> = {
    q: p.q,
    section: p.section,
    author: p.author,
    tag: p.tag,
    from: p.fromInput,
    to: p.toInput,
    ...extra,
    page: page > 1 ? String(page) : undefined,
  };
  for (const [k, v] of Object.entries(entries)) if (v) params.set(k, v);
  const qs = params.toString();
  return qs ? `${base}?${qs}` : base;
}

/** `/search`, `/fa/search` (the editions' search pages) and `GET /api/v1/search` (JSON). */
export function searchRoutes(search: SearchIndex) {
  return async function registerSearchRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
    // The edition frame (sections, settings) as every public page reads it: from the fragment cache.
    const fragments = siteFragments(deps, deps.cache?.memo);
    for (const language of LANGUAGES) {
      const path = searchPath(language);
      app.get(path, async (req, reply) => {
        const p = parseSearchParams(req.query, { language });
        const edition = await fragments.edition(language);
        const searched = p.q.length > 0;
        const { query, labels } = await resolveFilters(deps, fragments, p);
        const found = searched ? await runSearch(deps, search, query) : null;
        const total = found?.results.total ?? 0;
        const shown = (p.page - 1) * p.perPage + (found?.items.length ?? 0);
        const main = searchPage({
          language,
          action: path,
          q: p.q,
          sections: edition.sections.map((s) => ({ slug: s.slug, name: s.name })),
          section: p.section,
          fromInput: p.fromInput,
          toInput: p.toInput,
          hidden: { ...(p.author ? { author: p.author } : {}), ...(p.tag ? { tag: p.tag } : {}) },
          filterLabels: labels,
          searched,
          results: found?.items ?? [],
          total,
          totalIsEstimate: found?.results.totalIsEstimate ?? false,
          page: p.page,
          prevHref: p.page > 1 ? pageHref(path, p, p.page - 1) : null,
          nextHref:
            found && shown < total && shown < 500 && found.items.length === p.perPage
              ? pageHref(path, p, p.page + 1)
              : null,
        });
        // Cached like every public page: any change to what the edition's queries can find
        // invalidates `search:LANG` (src/cache/invalidation.ts).
        return sendHtml(
          reply,
          layout({
            language,
            siteName: edition.siteName,
            baseUrl: edition.baseUrl,
            nav: edition.nav,
            banner: edition.banner,
            title: p.q
              ? `${p.q} – ${language === 'fa' ? 'جست‌وجو' : 'Search'}`
              : language === 'fa'
                ? 'جست‌وجو'
                : 'Search',
            canonical: path,
            robots: 'noindex, follow',
            editions: Object.fromEntries(LANGUAGES.map((l) => [l, searchPath(l)])),
            main,
          }),
          edition,
          [dep.search(language)],
        );
      });
    }

    app.get('/api/v1/search', async (req) => {
      const p = parseSearchParams(req.query, { api: true });
      if (!p.q) throw badRequest('"q" is required', { q: 'Say what to search for' });
      const { query } = await resolveFilters(deps, fragments, p);
      const { results, items } = await runSearch(deps, search, query);
      const shown = (p.page - 1) * p.perPage + items.length;
      return {
        query: p.q,
        total: results.total,
        totalIsEstimate: results.totalIsEstimate,
        page: p.page,
        perPage: p.perPage,
        results: items.map(({ card, snippet }) => ({
          id: card.id,
          language: card.language,
          url: `${deps.config.baseUrl}${card.url}`,
          headline: card.headline,
          standfirst: card.standfirst,
          section: card.section
            ? { name: card.section.name, url: `${deps.config.baseUrl}${card.section.url}` }
            : null,
          publishedAt: card.publishedAt,
          snippet,
          snippetHtml: snippetHtml(snippet).toString(),
        })),
        next:
          shown < results.total && shown < 500 && items.length === p.perPage
            ? pageHref('/api/v1/search', p, p.page + 1, { language: p.language, limit: String(p.perPage) })
            : null,
      };
    });
  };
}
