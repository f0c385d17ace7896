import type { Repos } from '../db/repositories/index.ts';
import type { Article, ArticleNote, Author, Media, Section, Tag } from '../db/schema.ts';
import { LANGUAGES, isLanguage, type Language } from '../domain/language.ts';
import { oneLine } from '../domain/excerpt.ts';
import { cropsFor } from '../media/crops.ts';
import { articlePath, authorPath, homePath, sectionPath } from '../web/site/paths.ts';
import { html, type SafeHtml } from '../web/views/html.ts';
import { bestImage } from './images.ts';
import { absoluteUrl } from './paths.ts';
import { hreflangLinks, socialMeta, type SocialImage } from './social-meta.ts';
import { breadcrumbList, jsonLdScript, newsArticle, webSite, type PublisherData } from './structured-data.ts';

export interface SiteIdentity {
  baseUrl: string;
  siteName: string;
  /** Absolute logo URL for the publisher; defaults to the site icon. */
  logoUrl?: string;
}

/**
 * Everything an article page head needs. All of it is at hand in the article route (or use
 * `loadArticleHeadMeta`, which fetches it).
 */
export interface ArticleHeadInput extends SiteIdentity {
  article: Pick<
    Article,
    | 'id'
    | 'language'
    | 'slug'
    | 'headline'
    | 'standfirst'
    | 'excerpt'
    | 'seo_title'
    | 'seo_description'
    | 'canonical_url'
    | 'published_at'
    | 'created_at'
    | 'updated_at'
    | 'featured_alt'
  >;
  section: Pick<Section, 'name' | 'slug'> | null;
  parentSection?: Pick<Section, 'name' | 'slug'> | null;
  /** Bylines in order. */
  authors: Pick<Author, 'name' | 'slug'>[];
  tags: Pick<Tag, 'name'>[];
  /** The featured image's media row (local variants or a remote URL), if any. */
  media: (Media & { remote_url?: string | null }) | null;
  /** Notes of the article; `correction` ones become CorrectionComment. */
  notes: Pick<ArticleNote, 'kind' | 'body' | 'created_at'>[];
  /** Public translations of the same story (other editions). */
  translations: { language: string; slug: string }[];
  /** The layout writes `<link rel="canonical">` already; set true to have it here instead. */
  withCanonical?: boolean;
}

function publisherOf(site: SiteIdentity): PublisherData {
  return {
    baseUrl: site.baseUrl,
    siteName: site.siteName,
    logoUrl: site.logoUrl ?? absoluteUrl(site.baseUrl, '/assets/favicon.svg'),
  };
}

/**
 * Head tags of an article page: hreflang alternates between translations, Open Graph with
 * article:*, Twitter summary_large_image, and JSON-LD NewsArticle (16:9, 4:3 and 1:1 crops,
 * corrections) plus BreadcrumbList. Pure: no I/O.
 */
export function articleHeadMeta(input: ArticleHeadInput): SafeHtml {
  const { article, baseUrl } = input;
  const language: Language = isLanguage(article.language) ? article.language : 'en';
  const ownUrl = absoluteUrl(baseUrl, articlePath(language, article.slug));
  const canonical = article.canonical_url || ownUrl;
  const publishedAt = article.published_at ?? article.created_at;
  const modifiedAt = article.updated_at > publishedAt ? article.updated_at : publishedAt;
  const description = article.seo_description || oneLine(article.standfirst || article.excerpt, 200);
  const alt = article.featured_alt || input.media?.alt || '';

  const crops = input.media ? cropsFor(input.media) : [];
  const fallback = input.media ? bestImage(input.media, baseUrl, alt) : null;
  const images =
    crops.length > 0 ? crops.map((c) => absoluteUrl(baseUrl, c.path)) : fallback ? [fallback.url] : [];
  const wide = crops.find((c) => c.ratio === '16x9');
  const socialImage: SocialImage | null = wide
    ? {
        url: absoluteUrl(baseUrl, wide.path),
        width: wide.width,
        height: wide.height,
        alt,
        mime: 'image/jpeg',
      }
    : fallback
      ? { url: fallback.url, width: fallback.width, height: fallback.height, alt, mime: fallback.mime }
      : null;

  const translations = input.translations.filter(
    (t): t is { language: Language; slug: string } => isLanguage(t.language) && t.language !== language,
  );
  const versions = [
    { language, url: ownUrl },
    ...translations.map((t) => ({
      language: t.language,
      url: absoluteUrl(baseUrl, articlePath(t.language, t.slug)),
    })),
  ];
  const authors = input.authors.map((a) => ({
    name: a.name,
    url: absoluteUrl(baseUrl, authorPath(language, a.slug)),
  }));

  const crumbs = [{ name: input.siteName, url: absoluteUrl(baseUrl, homePath(language)) }];
  if (input.parentSection)
    crumbs.push({
      name: input.parentSection.name,
      url: absoluteUrl(baseUrl, sectionPath(language, input.parentSection.slug)),
    });
  if (input.section)
    crumbs.push({
      name: input.section.name,
      url: absoluteUrl(baseUrl, sectionPath(language, input.section.slug)),
    });
  crumbs.push({ name: article.headline, url: ownUrl });

  const publisher = publisherOf(input);
  return html`${input.withCanonical ? html`<link rel="canonical" href="${canonical}">\n` : ''}${hreflangLinks(versions)}${socialMeta(
    {
      type: 'article',
      title: article.seo_title || article.headline,
      description,
      url: canonical,
      siteName: input.siteName,
      language,
      alternateLanguages: translations.map((t) => t.language),
      image: socialImage,
      article: {
        publishedAt: new Date(publishedAt).toISOString(),
        modifiedAt: new Date(modifiedAt).toISOString(),
        section: input.section?.name ?? null,
        tags: input.tags.map((t) => t.name),
        authorUrls: authors.map((a) => a.url),
      },
    },
  )}${jsonLdScript(
    newsArticle(
      {
        url: canonical,
        headline: article.headline,
        description,
        images,
        publishedAt,
        modifiedAt,
        authors,
        section: input.section?.name ?? null,
        keywords: input.tags.map((t) => t.name),
        language,
        corrections: input.notes
          .filter((n) => n.kind === 'correction')
          .map((n) => ({ text: n.body, createdAt: n.created_at })),
      },
      publisher,
    ),
  )}\n${jsonLdScript(breadcrumbList(crumbs))}\n`;
}

export interface HomeHeadInput extends SiteIdentity {
  language: Language;
  description: string;
  withCanonical?: boolean;
}

/** Head tags of an edition's home page: hreflang between editions, Open Graph, Twitter, WebSite + SearchAction. */
export function homeHeadMeta(input: HomeHeadInput): SafeHtml {
  const url = absoluteUrl(input.baseUrl, homePath(input.language));
  const versions = LANGUAGES.map((l) => ({ language: l, url: absoluteUrl(input.baseUrl, homePath(l)) }));
  return html`${input.withCanonical ? html`<link rel="canonical" href="${url}">\n` : ''}${hreflangLinks(versions)}${socialMeta(
    {
      type: 'website',
      title: input.siteName,
      description: input.description,
      url,
      siteName: input.siteName,
      language: input.language,
      alternateLanguages: LANGUAGES.filter((l) => l !== input.language),
      image: null,
    },
  )}${jsonLdScript(webSite(input.language, publisherOf(input)))}\n`;
}

/** Fetches what `articleHeadMeta` needs for a public article and renders it. */
export async function loadArticleHeadMeta(
  deps: { repos: Repos; config: { baseUrl: string; siteName: string } },
  article: Article,
  now: string,
): Promise<SafeHtml> {
  const { repos } = deps;
  const [authors, tags, notes, translations, sections, media] = await Promise.all([
    repos.authors.forArticles([article.id]),
    repos.tags.forArticles([article.id]),
    repos.articles.notes(article.id),
    repos.articles.translations(article, now),
    article.section_id !== null ? repos.sections.byIds([article.section_id]) : Promise.resolve([]),
    article.featured_media_id !== null
      ? repos.media.byIds([article.featured_media_id])
      : Promise.resolve(new Map<number, Media>()),
  ]);
  const section = sections[0] ?? null;
  const parentSection = section?.parent_id
    ? ((await repos.sections.byIds([section.parent_id]))[0] ?? null)
    : null;
  return articleHeadMeta({
    baseUrl: deps.config.baseUrl,
    siteName: deps.config.siteName,
    article,
    section,
    parentSection,
    authors: authors.get(article.id) ?? [],
    tags: tags.get(article.id) ?? [],
    media: article.featured_media_id !== null ? (media.get(article.featured_media_id) ?? null) : null,
    notes,
    translations,
  });
}
