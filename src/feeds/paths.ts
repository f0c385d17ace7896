import { editionPrefix, type Language } from '../domain/language.ts';
import { authorPath, sectionPath, tagPath } from '../web/site/paths.ts';

/** Feed formats and their file names: the same three under every page that has a feed. */
export const FEED_FORMATS = {
  rss: { file: 'feed.xml', type: 'application/rss+xml', title: 'RSS' },
  atom: { file: 'atom.xml', type: 'application/atom+xml', title: 'Atom' },
  json: { file: 'feed.json', type: 'application/feed+json', title: 'JSON Feed' },
} as const;

export type FeedFormat = keyof typeof FEED_FORMATS;

/** What a feed lists: the whole edition, or one section, tag or author (within the edition). */
export type FeedScope =
  | { kind: 'site' }
  | { kind: 'section'; slug: string }
  | { kind: 'tag'; slug: string }
  | { kind: 'author'; slug: string };

/** The page a scope's feed belongs to, without a trailing slash (`''` for the English home). */
export function scopePagePath(language: Language, scope: FeedScope): string {
  switch (scope.kind) {
    case 'site':
      return editionPrefix(language);
    case 'section':
      return sectionPath(language, scope.slug);
    case 'tag':
      return tagPath(language, scope.slug);
    case 'author':
      return authorPath(language, scope.slug);
  }
}

/**
 * Feed URL scheme: the page's path plus the feed file, e.g. `/feed.xml`, `/fa/atom.xml`,
 * `/section/politics/feed.json`, `/fa/tag/<slug>/feed.xml`, `/author/jane-doe/atom.xml`.
 */
export function feedPath(language: Language, scope: FeedScope, format: FeedFormat): string {
  return `${scopePagePath(language, scope)}/${FEED_FORMATS[format].file}`;
}

export const SITEMAP_INDEX_PATH = '/sitemap.xml';
export const NEWS_SITEMAP_PATH = '/news-sitemap.xml';
export const ROBOTS_PATH = '/robots.txt';

/** One page of one month of articles: `/sitemaps/articles-2026-11.xml`, then `-2`, `-3` past 50,000. */
export function articleSitemapPath(month: string, page = 1): string {
  return `/sitemaps/articles-${month}${page > 1 ? `-${page}` : ''}.xml`;
}

export type TaxonomySitemap = 'sections' | 'tags' | 'authors';
export function taxonomySitemapPath(kind: TaxonomySitemap, page = 1): string {
  return `/sitemaps/${kind}${page > 1 ? `-${page}` : ''}.xml`;
}

/** Absolute URL from a site path (already percent-encoded). */
export function absoluteUrl(baseUrl: string, path: string): string {
  if (/^https?:\/\//i.test(path)) return path;
  return `${baseUrl.replace(/\/+$/, '')}${path.startsWith('/') ? '' : '/'}${path}`;
}

/**
 * An absolute http(s) URL with everything outside RFC 3986's unreserved and reserved characters
 * percent-encoded (non-ASCII, spaces, `|`, `[`…): feed elements such as media:content and
 * enclosure take URLs, not IRIs (W3C feed validator: InvalidUriChar, UriNotIri). Other schemes
 * (mailto:) and unparsable values are returned as they are.
 */
export function asciiUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return value;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return url.href;
  const rest = `${url.pathname}${url.search}${url.hash}`.replace(
    /[^0-9a-zA-Z;/?:@&=+$.\-_!~*'()%,#]/g,
    (ch) => encodeURIComponent(ch),
  );
  return `${url.origin}${rest}`;
}
