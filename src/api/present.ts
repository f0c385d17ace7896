import type { ApiArticleRow } from '../db/repositories/api-content.ts';
import type { Repos } from '../db/repositories/index.ts';
import { parseVariants } from '../db/repositories/media.ts';
import type { Media } from '../db/schema.ts';
import { isLanguage, type Language } from '../domain/language.ts';
import { articlePath, authorPath, mediaUrl, sectionPath, tagPath } from '../web/site/paths.ts';
import type { ArticleField } from './schemas.ts';

type Json = Record<string, unknown>;

function image(baseUrl: string, m: Media, row: ApiArticleRow): Json {
  const abs = (path: string) => (/^https?:\/\//.test(path) ? path : `${baseUrl}${mediaUrl(path)}`);
  const variants = parseVariants(m);
  const largest = [...variants].sort((a, b) => b.width - a.width)[0];
  const url = m.remote_url ?? (largest ? abs(largest.path) : `${baseUrl}/media/${m.storage_key}`);
  return {
    url,
    width: m.width,
    height: m.height,
    alt: row.featured_alt || m.alt,
    caption: row.featured_caption || m.caption,
    credit: row.featured_credit || m.credit,
    variants: variants.map((v) => ({ url: abs(v.path), width: v.width, height: v.height, format: v.format })),
  };
}

/**
 * Turns rows into API articles with only the requested fields, loading sections, tags, bylines
 * and images in one batched query each (and only when asked for).
 */
export async function presentArticles(
  repos: Repos,
  baseUrl: string,
  rows: readonly ApiArticleRow[],
  fields: ReadonlySet<ArticleField>,
): Promise<Json[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const [sections, tags, authors, media] = await Promise.all([
    fields.has('section')
      ? repos.sections.byIds(rows.map((r) => r.section_id).filter((id): id is number => id !== null))
      : [],
    fields.has('tags') ? repos.tags.forArticles(ids) : new Map(),
    fields.has('authors') ? repos.authors.forArticles(ids) : new Map(),
    fields.has('image')
      ? repos.media.byIds(rows.map((r) => r.featured_media_id).filter((id): id is number => id !== null))
      : new Map(),
  ]);
  const sectionById = new Map(sections.map((s) => [s.id, s]));
  return rows.map((row) => {
    const language: Language = isLanguage(row.language) ? row.language : 'en';
    const section = row.section_id === null ? undefined : sectionById.get(row.section_id);
    const m =
      row.featured_media_id === null ? undefined : (media as Map<number, Media>).get(row.featured_media_id);
    const all: Record<ArticleField, () => unknown> = {
      id: () => row.id,
      language: () => language,
      slug: () => row.slug,
      url: () => `${baseUrl}${articlePath(language, row.slug)}`,
      headline: () => row.headline,
      standfirst: () => row.standfirst,
      excerpt: () => row.excerpt,
      bodyHtml: () => row.body_html,
      wordCount: () => row.word_count,
      section: () =>
        section
          ? {
              id: section.id,
              slug: section.slug,
              name: section.name,
              url: `${baseUrl}${sectionPath(language, section.slug)}`,
            }
          : null,
      tags: () =>
        ((tags as Map<number, { id: number; slug: string; name: string }[]>).get(row.id) ?? []).map((t) => ({
          id: t.id,
          slug: t.slug,
          name: t.name,
          url: `${baseUrl}${tagPath(language, t.slug)}`,
        })),
      authors: () =>
        ((authors as Map<number, { id: number; slug: string; name: string }[]>).get(row.id) ?? []).map(
          (a) => ({
            id: a.id,
            slug: a.slug,
            name: a.name,
            url: `${baseUrl}${authorPath(language, a.slug)}`,
          }),
        ),
      image: () => (m ? image(baseUrl, m, row) : null),
      canonicalUrl: () => row.canonical_url,
      publishedAt: () => row.published_at ?? row.updated_at,
      updatedAt: () => row.updated_at,
    };
    const out: Json = {};
    for (const field of fields) out[field] = all[field]();
    return out;
  });
}
