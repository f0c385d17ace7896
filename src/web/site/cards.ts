import { isLanguage, type Language } from '../../domain/language.ts';
import type { ArticleCardRow } from '../../db/repositories/articles.ts';
import { parseVariants, type MediaVariant } from '../../db/repositories/media.ts';
import type { Repos } from '../../db/repositories/index.ts';
import type { Media, Section } from '../../db/schema.ts';
import { articlePath, sectionPath } from './paths.ts';

export interface ImageRef {
  width: number;
  height: number;
  alt: string;
  caption: string;
  credit: string;
  variants: MediaVariant[];
}

/** An article as lists show it: everything but the body. */
export interface Card {
  id: number;
  language: Language;
  slug: string;
  url: string;
  headline: string;
  standfirst: string;
  excerpt: string;
  publishedAt: string;
  updatedAt: string;
  section: { name: string; url: string } | null;
  image: ImageRef | null;
}

/** Derivatives of a stored image, or the remote original of an imported one (kept where it was). */
function variantsOf(m: Media): MediaVariant[] {
  const variants = parseVariants(m);
  if (variants.length > 0 || !m.remote_url) return variants;
  return [{ width: m.width || 1200, height: m.height || 800, format: 'jpeg', path: m.remote_url }];
}

/** Turns card rows into cards with their section and image, in two batched queries. */
export async function hydrateCards(repos: Repos, rows: readonly ArticleCardRow[]): Promise<Card[]> {
  if (rows.length === 0) return [];
  const [sections, media] = await Promise.all([
    repos.sections.byIds(rows.map((r) => r.section_id).filter((id): id is number => id !== null)),
    repos.media.byIds(rows.map((r) => r.featured_media_id).filter((id): id is number => id !== null)),
  ]);
  return cardsFrom(rows, sections, media);
}

/**
 * Cards from rows and their sections and images already read (a page that read them for itself
 * builds its cards without reading them again). A simple join would read them in the same query,
 * but PostgreSQL spends longer planning a three-table join than answering the two lookups.
 */
export function cardsFrom(
  rows: readonly ArticleCardRow[],
  sections: readonly Pick<Section, 'id' | 'name' | 'slug'>[],
  media: ReadonlyMap<number, Media>,
): Card[] {
  const sectionById = new Map(sections.map((s) => [s.id, s]));
  return rows.map((row) => {
    const language: Language = isLanguage(row.language) ? row.language : 'en';
    const section = row.section_id === null ? undefined : sectionById.get(row.section_id);
    const m = row.featured_media_id === null ? undefined : media.get(row.featured_media_id);
    return {
      id: row.id,
      language,
      slug: row.slug,
      url: articlePath(language, row.slug),
      headline: row.headline,
      standfirst: row.standfirst,
      excerpt: row.excerpt,
      publishedAt: row.published_at ?? row.updated_at,
      updatedAt: row.updated_at,
      section: section ? { name: section.name, url: sectionPath(language, section.slug) } : null,
      image: m
        ? {
            width: m.width,
            height: m.height,
            alt: row.featured_alt || m.alt,
            caption: m.caption,
            credit: m.credit,
            variants: variantsOf(m),
          }
        : null,
    };
  });
}
