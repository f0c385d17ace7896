import { type Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { Repos } from '../db/repositories/index.ts';
import { isLanguage, type Language } from '../domain/language.ts';
import { articlePath, authorPath, sectionPath, tagPath } from '../web/site/paths.ts';
import { bestImage } from './images.ts';
import { absoluteUrl, articleSitemapPath, taxonomySitemapPath, type TaxonomySitemap } from './paths.ts';
import { rfc3339, xmlEscape } from './xml.ts';

/** Sitemaps protocol limit per file. */
export const SITEMAP_MAX_URLS = 50_000;
/** Google News: at most 1,000 URLs, published in the last two days. */
export const NEWS_MAX_URLS = 1_000;
export const NEWS_WINDOW_MS = 2 * 24 * 3600 * 1000;

interface SitemapDeps {
  db: Kysely<DB>;
  repos: Repos;
  baseUrl: string;
}

export interface SitemapFile {
  path: string;
  lastmod: string | null;
}

export interface MonthCount {
  month: string;
  count: number;
  lastmod: string | null;
}

/** First instant of the month after `month` (`YYYY-MM`), as an ISO prefix that sorts correctly. */
function nextMonth(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
}

/**
 * Public articles per month, with the newest change in each. Walks the months newest first with
 * index seeks on the covering index `articles_sitemap` (status, published_at, updated_at) of
 * migration 006: one seek finds the next month that has articles, one range scan counts it.
 * Each month is its own short query, so at a million articles no single statement holds the
 * (synchronous) SQLite connection for long, and empty months cost nothing. Cache the result.
 */
export async function articleMonths(db: Kysely<DB>, now: string): Promise<MonthCount[]> {
  const out: MonthCount[] = [];
  let upper = now;
  let inclusive = true;
  for (;;) {
    const newest = await db
      .selectFrom('articles')
      .select((eb) => eb.fn.max('published_at').as('p'))
      .where('status', '=', 'published')
      .where('published_at', inclusive ? '<=' : '<', upper)
      .executeTakeFirst();
    const p = newest?.p;
    if (typeof p !== 'string') break;
    const month = p.slice(0, 7);
    const row = await db
      .selectFrom('articles')
      .select([(eb) => eb.fn.countAll<number>().as('n'), (eb) => eb.fn.max('updated_at').as('lastmod')])
      .where('status', '=', 'published')
      .where('published_at', '>=', month)
      .where('published_at', '<', nextMonth(month))
      .where('published_at', '<=', now)
      .executeTakeFirstOrThrow();
    const lastmod =
      [row.lastmod, p]
        .filter((x): x is string => typeof x === 'string')
        .sort()
        .pop() ?? null;
    out.push({ month, count: Number(row.n), lastmod });
    upper = month;
    inclusive = false;
  }
  return out.reverse();
}

/** Every file the sitemap index names. */
export async function sitemapFiles(deps: SitemapDeps, now: string): Promise<SitemapFile[]> {
  const files: SitemapFile[] = [];
  for (const m of await articleMonths(deps.db, now)) {
    const pages = Math.max(1, Math.ceil(m.count / SITEMAP_MAX_URLS));
    for (let page = 1; page <= pages; page++)
      files.push({ path: articleSitemapPath(m.month, page), lastmod: m.lastmod });
  }
  for (const kind of ['sections', 'tags', 'authors'] as const) {
    const count = await taxonomyCount(deps.db, kind);
    const pages = Math.max(1, Math.ceil(count / SITEMAP_MAX_URLS));
    for (let page = 1; page <= pages; page++)
      files.push({ path: taxonomySitemapPath(kind, page), lastmod: null });
  }
  return files;
}

async function taxonomyCount(db: Kysely<DB>, kind: TaxonomySitemap): Promise<number> {
  const row = await db
    .selectFrom(kind)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export function renderSitemapIndex(baseUrl: string, files: SitemapFile[]): string {
  const out = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
  ];
  for (const f of files) {
    out.push(
      `<sitemap><loc>${xmlEscape(absoluteUrl(baseUrl, f.path))}</loc>${f.lastmod ? `<lastmod>${rfc3339(f.lastmod)}</lastmod>` : ''}</sitemap>`,
    );
  }
  out.push('</sitemapindex>');
  return out.join('\n') + '\n';
}

export interface UrlEntry {
  loc: string;
  lastmod: string | null;
  images: string[];
}

export function renderUrlSet(entries: UrlEntry[]): string {
  const out = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:image="http://www.google.com/schemas/sitemap-image/1.1">',
  ];
  for (const e of entries) {
    out.push(
      `<url><loc>${xmlEscape(e.loc)}</loc>${e.lastmod ? `<lastmod>${rfc3339(e.lastmod)}</lastmod>` : ''}${e.images
        .map((img) => `<image:image><image:loc>${xmlEscape(img)}</image:loc></image:image>`)
        .join('')}</url>`,
    );
  }
  out.push('</urlset>');
  return out.join('\n') + '\n';
}

/** An article belongs in sitemaps only where it is canonical: no canonical URL, or one that is its own. */
function isCanonicalHere(canonical: string | null, ownUrl: string): boolean {
  return !canonical || canonical === ownUrl;
}

async function mediaFor(repos: Repos, ids: number[]) {
  const out = new Map<
    number,
    Awaited<ReturnType<Repos['media']['byIds']>> extends Map<number, infer M> ? M : never
  >();
  for (let i = 0; i < ids.length; i += 5000) {
    for (const [id, m] of await repos.media.byIds(ids.slice(i, i + 5000))) out.set(id, m);
  }
  return out;
}

/**
 * One page of a month's public articles, oldest first: a range on (status, published_at).
 * Returns null for a month/page that has no articles (404).
 */
export async function articleSitemap(
  deps: SitemapDeps,
  month: string,
  page: number,
  now: string,
): Promise<UrlEntry[] | null> {
  const rows = await deps.db
    .selectFrom('articles')
    .select([
      'id',
      'language',
      'slug',
      'published_at',
      'updated_at',
      'canonical_url',
      'featured_media_id',
      'featured_alt',
      'embargo_until',
      'unpublish_at',
    ])
    .where('status', '=', 'published')
    .where('published_at', '>=', month)
    .where('published_at', '<', nextMonth(month))
    .where('published_at', '<=', now)
    .orderBy('published_at')
    .orderBy('id')
    .limit(SITEMAP_MAX_URLS)
    .offset((page - 1) * SITEMAP_MAX_URLS)
    .execute();
  if (rows.length === 0) return null;
  const media = await mediaFor(deps.repos, [
    ...new Set(rows.map((r) => r.featured_media_id).filter((id): id is number => id !== null)),
  ]);
  const entries: UrlEntry[] = [];
  for (const r of rows) {
    if (!isLanguage(r.language)) continue;
    if ((r.embargo_until && r.embargo_until > now) || (r.unpublish_at && r.unpublish_at <= now)) continue;
    const loc = absoluteUrl(deps.baseUrl, articlePath(r.language, r.slug));
    if (!isCanonicalHere(r.canonical_url, loc)) continue;
    const m = r.featured_media_id === null ? undefined : media.get(r.featured_media_id);
    const image = m ? bestImage(m, deps.baseUrl) : null;
    const lastmod = r.updated_at > r.published_at! ? r.updated_at : r.published_at;
    entries.push({ loc, lastmod, images: image ? [image.url] : [] });
  }
  return entries;
}

/**
 * Section, tag or author pages that have public articles, with the time of the newest one as
 * lastmod. Each lastmod is one correlated index seek (articles_section_public, article_tags_list,
 * article_authors_list), so the cost grows with the number of terms, not of articles.
 */
export async function taxonomySitemap(
  deps: SitemapDeps,
  kind: TaxonomySitemap,
  page: number,
  now: string,
): Promise<UrlEntry[] | null> {
  const { db, baseUrl } = deps;
  const offset = (page - 1) * SITEMAP_MAX_URLS;
  let entries: UrlEntry[] = [];
  if (kind === 'sections') {
    const rows = await db
      .selectFrom('sections as s')
      .select(['s.id', 's.language', 's.slug'])
      .select((eb) =>
        eb
          .selectFrom('articles')
          .select((e) => e.fn.max('published_at').as('m'))
          .whereRef('articles.section_id', '=', 's.id')
          .where('articles.status', '=', 'published')
          .where('articles.published_at', '<=', now)
          .as('lastmod'),
      )
      .orderBy('s.id')
      .limit(SITEMAP_MAX_URLS)
      .offset(offset)
      .execute();
    // Parent sections list their children's stories too: they belong even without their own.
    const childLast = new Map<number, string>();
    const all = await db.selectFrom('sections').select(['id', 'parent_id']).execute();
    const lastById = new Map(rows.map((r) => [r.id, r.lastmod as string | null]));
    for (const s of all) {
      const last = lastById.get(s.id);
      if (s.parent_id !== null && last) {
        const prev = childLast.get(s.parent_id);
        if (!prev || last > prev) childLast.set(s.parent_id, last);
      }
    }
    entries = rows.flatMap((r) => {
      const own = r.lastmod as string | null;
      const child = childLast.get(r.id) ?? null;
      const lastmod =
        [own, child]
          .filter((x): x is string => !!x)
          .sort()
          .pop() ?? null;
      if (!lastmod || !isLanguage(r.language)) return [];
      return [{ loc: absoluteUrl(baseUrl, sectionPath(r.language, r.slug)), lastmod, images: [] }];
    });
  } else if (kind === 'tags') {
    const rows = await db
      .selectFrom('tags as t')
      .select(['t.id', 't.language', 't.slug'])
      .select((eb) =>
        eb
          .selectFrom('article_tags')
          .select((e) => e.fn.max('listed_at').as('m'))
          .whereRef('article_tags.tag_id', '=', 't.id')
          .where('article_tags.listed_at', '<=', now)
          .as('lastmod'),
      )
      .orderBy('t.id')
      .limit(SITEMAP_MAX_URLS)
      .offset(offset)
      .execute();
    entries = rows.flatMap((r) =>
      r.lastmod && isLanguage(r.language)
        ? [
            {
              loc: absoluteUrl(baseUrl, tagPath(r.language, r.slug)),
              lastmod: r.lastmod as string,
              images: [],
            },
          ]
        : [],
    );
  } else {
    const rows = await db
      .selectFrom('authors as a')
      .select(['a.id', 'a.slug'])
      .select((eb) =>
        eb
          .selectFrom('article_authors')
          .select((e) => e.fn.max('listed_at').as('m'))
          .whereRef('article_authors.author_id', '=', 'a.id')
          .where('article_authors.listed_at', '<=', now)
          .as('lastmod'),
      )
      .select((eb) =>
        eb
          .selectFrom('article_authors')
          .innerJoin('articles', 'articles.id', 'article_authors.article_id')
          .select('articles.language')
          .whereRef('article_authors.author_id', '=', 'a.id')
          .where('article_authors.listed_at', '<=', now)
          .orderBy('article_authors.listed_at', 'desc')
          .limit(1)
          .as('language'),
      )
      .orderBy('a.id')
      .limit(SITEMAP_MAX_URLS)
      .offset(offset)
      .execute();
    // An author page is listed under the edition of the author's newest story.
    entries = rows.flatMap((r) =>
      r.lastmod && isLanguage(r.language)
        ? [
            {
              loc: absoluteUrl(baseUrl, authorPath(r.language as Language, r.slug)),
              lastmod: r.lastmod as string,
              images: [],
            },
          ]
        : [],
    );
  }
  if (entries.length === 0 && page > 1) return null;
  return entries;
}

export interface NewsEntry {
  loc: string;
  language: Language;
  title: string;
  publishedAt: string;
}

/** Google News sitemap entries: public, canonical, published in the last two days, newest first. */
export async function newsEntries(deps: SitemapDeps, now: string): Promise<NewsEntry[]> {
  const since = new Date(Date.parse(now) - NEWS_WINDOW_MS).toISOString();
  const rows = await deps.db
    .selectFrom('articles')
    .select([
      'id',
      'language',
      'slug',
      'headline',
      'published_at',
      'canonical_url',
      'embargo_until',
      'unpublish_at',
    ])
    .where('status', '=', 'published')
    .where('published_at', '>=', since)
    .where('published_at', '<=', now)
    .orderBy('published_at', 'desc')
    .orderBy('id', 'desc')
    .limit(NEWS_MAX_URLS + 50)
    .execute();
  const out: NewsEntry[] = [];
  for (const r of rows) {
    if (!isLanguage(r.language)) continue;
    if ((r.embargo_until && r.embargo_until > now) || (r.unpublish_at && r.unpublish_at <= now)) continue;
    const loc = absoluteUrl(deps.baseUrl, articlePath(r.language, r.slug));
    if (!isCanonicalHere(r.canonical_url, loc)) continue;
    out.push({ loc, language: r.language, title: r.headline, publishedAt: r.published_at! });
    if (out.length === NEWS_MAX_URLS) break;
  }
  return out;
}

export function renderNewsSitemap(siteName: string, entries: NewsEntry[]): string {
  const out = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">',
  ];
  for (const e of entries) {
    out.push(
      `<url><loc>${xmlEscape(e.loc)}</loc><news:news><news:publication><news:name>${xmlEscape(siteName)}</news:name><news:language>${xmlEscape(
        e.language,
      )}</news:language></news:publication><news:publication_date>${rfc3339(e.publishedAt)}</news:publication_date><news:title>${xmlEscape(
        e.title,
      )}</news:title></news:news></url>`,
    );
  }
  out.push('</urlset>');
  return out.join('\n') + '\n';
}

export function renderRobots(baseUrl: string, sitemapIndex: string, newsSitemap: string): string {
  return [
    'User-agent: *',
    'Disallow: /admin',
    'Disallow: /search',
    'Disallow: /fa/search',
    '',
    `Sitemap: ${absoluteUrl(baseUrl, sitemapIndex)}`,
    `Sitemap: ${absoluteUrl(baseUrl, newsSitemap)}`,
    '',
  ].join('\n');
}
