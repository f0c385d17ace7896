import type { Language } from '../domain/language.ts';
import { html, jsonForScript, type SafeHtml } from '../web/views/html.ts';
import { homePath, searchPath } from '../web/site/paths.ts';
import { absoluteUrl } from './paths.ts';
import { rfc3339 } from './xml.ts';

export interface PersonRef {
  name: string;
  /** Absolute URL of the author page. */
  url: string;
}

export interface CorrectionRef {
  text: string;
  /** ISO time the correction was added. */
  createdAt: string;
}

export interface NewsArticleData {
  /** Absolute URL of the page (or the canonical URL when the story lives elsewhere). */
  url: string;
  headline: string;
  description: string;
  /** Absolute image URLs, widest crop first (16:9, 4:3, 1:1). */
  images: string[];
  publishedAt: string;
  modifiedAt: string;
  authors: PersonRef[];
  section: string | null;
  keywords: string[];
  language: Language;
  corrections: CorrectionRef[];
}

export interface PublisherData {
  baseUrl: string;
  siteName: string;
  /** Absolute URL of the publisher logo. */
  logoUrl: string;
}

function publisher(p: PublisherData) {
  return {
    '@type': 'NewsMediaOrganization',
    name: p.siteName,
    url: absoluteUrl(p.baseUrl, '/'),
    logo: { '@type': 'ImageObject', url: p.logoUrl },
  };
}

/** ISO-8601 with an explicit zone (UTC): Google wants the time zone in datePublished/dateModified. */
const withZone = (iso: string) => rfc3339(iso).replace(/Z$/, '+00:00');

/** schema.org NewsArticle object (plain data, for tests and the script block). */
export function newsArticle(a: NewsArticleData, p: PublisherData): Record<string, unknown> {
  return {
    '@context': 'https://schema.org',
    '@type': 'NewsArticle',
    mainEntityOfPage: { '@type': 'WebPage', '@id': a.url },
    url: a.url,
    // Google truncates headlines past 110 characters in some surfaces; the full one is still right.
    headline: a.headline,
    ...(a.description ? { description: a.description } : {}),
    ...(a.images.length > 0 ? { image: a.images } : {}),
    datePublished: withZone(a.publishedAt),
    dateModified: withZone(a.modifiedAt > a.publishedAt ? a.modifiedAt : a.publishedAt),
    ...(a.authors.length > 0
      ? { author: a.authors.map((x) => ({ '@type': 'Person', name: x.name, url: x.url })) }
      : { author: [{ '@type': 'Organization', name: p.siteName, url: absoluteUrl(p.baseUrl, '/') }] }),
    publisher: publisher(p),
    ...(a.section ? { articleSection: a.section } : {}),
    ...(a.keywords.length > 0 ? { keywords: a.keywords } : {}),
    inLanguage: a.language,
    isAccessibleForFree: true,
    ...(a.corrections.length > 0
      ? {
          correction: a.corrections.map((c) => ({
            '@type': 'CorrectionComment',
            text: c.text,
            datePublished: withZone(c.createdAt),
          })),
        }
      : {}),
  };
}

/** schema.org BreadcrumbList from (name, absolute URL) pairs, home first. */
export function breadcrumbList(items: { name: string; url: string }[]): Record<string, unknown> {
  return {
    '@context': 'https://schema.org',
    '@type': 'BreadcrumbList',
    itemListElement: items.map((item, i) => ({
      '@type': 'ListItem',
      position: i + 1,
      name: item.name,
      item: item.url,
    })),
  };
}

/** schema.org WebSite with a SearchAction (sitelinks search box) for an edition's home page. */
export function webSite(language: Language, p: PublisherData): Record<string, unknown> {
  return {
    '@context': 'https://schema.org',
    '@type': 'WebSite',
    name: p.siteName,
    url: absoluteUrl(p.baseUrl, homePath(language)),
    inLanguage: language,
    publisher: publisher(p),
    potentialAction: {
      '@type': 'SearchAction',
      target: {
        '@type': 'EntryPoint',
        urlTemplate: `${absoluteUrl(p.baseUrl, searchPath(language))}?q={search_term_string}`,
      },
      'query-input': 'required name=search_term_string',
    },
  };
}

/** A `<script type="application/ld+json">` block, safe against `</script>` in the data. */
export function jsonLdScript(data: unknown): SafeHtml {
  // prettier-ignore
  return html`<script type="application/ld+json">${jsonForScript(data)}</script>`;
}
