import type { Language } from '../domain/language.ts';
import { html, type SafeHtml } from '../web/views/html.ts';

export const OG_LOCALES: Record<Language, string> = { en: 'en_US', fa: 'fa_IR' };

export interface SocialImage {
  url: string;
  width?: number;
  height?: number;
  alt: string;
  mime?: string;
}

export interface SocialData {
  type: 'article' | 'website';
  title: string;
  description: string;
  /** Absolute canonical URL. */
  url: string;
  siteName: string;
  language: Language;
  alternateLanguages: Language[];
  image: SocialImage | null;
  article?: {
    publishedAt: string;
    modifiedAt: string;
    section: string | null;
    tags: string[];
    /** Absolute author page URLs. */
    authorUrls: string[];
  };
}

const meta = (property: string, content: string | number) =>
  html`<meta property="${property}" content="${String(content)}">`;
const named = (name: string, content: string) => html`<meta name="${name}" content="${content}">`;

/** Open Graph (with article:* for stories) and a Twitter summary_large_image card. */
export function socialMeta(d: SocialData): SafeHtml {
  const tags: SafeHtml[] = [
    meta('og:type', d.type),
    meta('og:title', d.title),
    meta('og:description', d.description),
    meta('og:url', d.url),
    meta('og:site_name', d.siteName),
    meta('og:locale', OG_LOCALES[d.language]),
    ...d.alternateLanguages.map((l) => meta('og:locale:alternate', OG_LOCALES[l])),
  ];
  if (d.image) {
    tags.push(meta('og:image', d.image.url));
    if (d.image.url.startsWith('https:')) tags.push(meta('og:image:secure_url', d.image.url));
    if (d.image.mime) tags.push(meta('og:image:type', d.image.mime));
    if (d.image.width && d.image.height)
      tags.push(meta('og:image:width', d.image.width), meta('og:image:height', d.image.height));
    if (d.image.alt) tags.push(meta('og:image:alt', d.image.alt));
  }
  if (d.article) {
    tags.push(
      meta('article:published_time', d.article.publishedAt),
      meta('article:modified_time', d.article.modifiedAt),
    );
    if (d.article.section) tags.push(meta('article:section', d.article.section));
    for (const tag of d.article.tags) tags.push(meta('article:tag', tag));
    for (const author of d.article.authorUrls) tags.push(meta('article:author', author));
  }
  tags.push(
    named('twitter:card', d.image ? 'summary_large_image' : 'summary'),
    named('twitter:title', d.title),
    named('twitter:description', d.description),
  );
  if (d.image) {
    tags.push(named('twitter:image', d.image.url));
    if (d.image.alt) tags.push(named('twitter:image:alt', d.image.alt));
  }
  return html`${tags.map((t) => html`${t}\n`)}`;
}

/** `<link rel="alternate" hreflang>` for every language version, itself included, plus x-default. */
export function hreflangLinks(
  versions: { language: Language; url: string }[],
  defaultLanguage: Language = 'en',
): SafeHtml {
  if (versions.length < 2) return html``;
  const fallback = versions.find((v) => v.language === defaultLanguage) ?? versions[0]!;
  return html`${versions.map((v) => html`<link rel="alternate" hreflang="${v.language}" href="${v.url}">\n`)}<link rel="alternate" hreflang="x-default" href="${fallback.url}">\n`;
}
