import { isLanguage, type Language } from '../../domain/language.ts';
import type { CardDisplay, CardSource } from '../../db/repositories/articles.ts';
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
function variantsOf(m: Pick<Media, 'variants' | 'remote_url' | 'width' | 'height'>): MediaVariant[] {
  const variants = parseVariants(m);
  if (variants.length > 0 || !m.remote_url) return variants;
  return [{ width: m.width || 1200, height: m.height || 800, format: 'jpeg', path: m.remote_url }];
}

/** A row to show as a card: a card query's row, or any article row (its section and image then read here). */
export type CardInput = CardSource & Partial<CardDisplay>;

const joined = (row: CardInput): row is CardSource & CardDisplay => row.section_name !== undefined;

/** The section and image columns of rows that came without them, in two batched queries. */
async function displayOf(repos: Repos, rows: readonly CardInput[]): Promise<(CardSource & CardDisplay)[]> {
  const bare = rows.filter((r) => !joined(r));
  if (bare.length === 0) return rows as (CardSource & CardDisplay)[];
  const [sections, media] = await Promise.all([
    repos.sections.byIds(bare.map((r) => r.section_id).filter((id): id is number => id !== null)),
    repos.media.byIds(bare.map((r) => r.featured_media_id).filter((id): id is number => id !== null)),
  ]);
  const sectionById = new Map(sections.map((s) => [s.id, s]));
  return rows.map((row) =>
    joined(row)
      ? row
      : withDisplay(
          row,
          row.section_id === null ? undefined : sectionById.get(row.section_id),
          row.featured_media_id === null ? undefined : media.get(row.featured_media_id),
        ),
  );
}

/** A row with its section's and image's columns as a card query would have joined them. */
export function withDisplay(
  row: CardSource,
  section: Pick<Section, 'name' | 'slug'> | undefined,
  m: Media | undefined,
): CardSource & CardDisplay {
  return {
    ...row,
    section_name: section?.name ?? null,
    section_slug: section?.slug ?? null,
    media_width: m?.width ?? null,
    media_height: m?.height ?? null,
    media_alt: m?.alt ?? null,
    media_caption: m?.caption ?? null,
    media_credit: m?.credit ?? null,
    media_variants: m?.variants ?? null,
    media_remote_url: m?.remote_url ?? null,
  };
}

/** Turns rows into cards with their section and image (joined in by the card queries). */
export async function hydrateCards(repos: Repos, input: readonly CardInput[]): Promise<Card[]> {
  if (input.length === 0) return [];
  const rows = await displayOf(repos, input);
  return rows.map((row) => {
    const language: Language = isLanguage(row.language) ? row.language : 'en';
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
      section:
        row.section_name !== null && row.section_slug !== null
          ? { name: row.section_name, url: sectionPath(language, row.section_slug) }
          : null,
      image:
        row.media_variants !== null
          ? {
              width: row.media_width ?? 0,
              height: row.media_height ?? 0,
              alt: row.featured_alt || (row.media_alt ?? ''),
              caption: row.media_caption ?? '',
              credit: row.media_credit ?? '',
              variants: variantsOf({
                variants: row.media_variants,
                remote_url: row.media_remote_url,
                width: row.media_width ?? 0,
                height: row.media_height ?? 0,
              }),
            }
          : null,
    };
  });
}
