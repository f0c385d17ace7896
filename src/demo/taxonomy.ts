import type { Repos } from '../db/repositories/index.ts';
import type { Language } from '../domain/language.ts';
import { slugify } from '../domain/slug.ts';
import {
  AUTHORS,
  EN_SECTIONS,
  FA_SECTIONS,
  TAGS,
  authorBio,
  authorLinks,
  type AuthorSpec,
  type SectionSpec,
} from './catalog.ts';

export interface DemoTaxonomy {
  /** Section id by edition and section key. */
  sections: Record<Language, Map<string, number>>;
  /** Tag id by edition and tag key. */
  tags: Record<Language, Map<string, number>>;
  /** Byline ids with their spec. */
  authors: { id: number; spec: AuthorSpec }[];
}

const SECTIONS: Record<Language, SectionSpec[]> = { en: EN_SECTIONS, fa: FA_SECTIONS };

/**
 * Creates the demo sections, tags and bylines, or finds them when they already exist (the bulk
 * seeder runs on databases that may already hold the demo site).
 */
export async function ensureDemoTaxonomy(repos: Repos, now: string): Promise<DemoTaxonomy> {
  const out: DemoTaxonomy = {
    sections: { en: new Map(), fa: new Map() },
    tags: { en: new Map(), fa: new Map() },
    authors: [],
  };
  for (const language of ['en', 'fa'] as const) {
    for (const [position, spec] of SECTIONS[language].entries()) {
      const existing = await repos.sections.bySlug(language, spec.slug);
      const parentId = spec.parent ? (out.sections[language].get(spec.parent) ?? null) : null;
      const section =
        existing ??
        (await repos.sections.create(
          {
            language,
            slug: spec.slug,
            name: spec.name,
            description: spec.description,
            parentId,
            position: position + 1,
          },
          now,
        ));
      out.sections[language].set(spec.key, section.id);
    }
    for (const tag of TAGS) {
      const slug = slugify(tag.name[language]);
      const existing = await repos.tags.bySlug(language, slug);
      const row = existing ?? (await repos.tags.create({ language, slug, name: tag.name[language] }, now));
      out.tags[language].set(tag.key, row.id);
    }
  }
  for (const spec of AUTHORS) {
    const existing = await repos.authors.bySlug(spec.slug);
    const name = spec.writes.includes('en') ? spec.name.en : spec.name.fa;
    const row =
      existing ??
      (await repos.authors.create(
        {
          slug: spec.slug,
          name,
          bio: authorBio(spec),
          links: authorLinks(spec),
          email: spec.guest ? null : `${spec.slug}@newsroom.example.org`,
        },
        now,
      ));
    out.authors.push({ id: row.id, spec });
  }
  return out;
}

/** A colour name per section for image descriptions. */
export const SECTION_COLOUR_NAMES: Record<string, { en: string; fa: string }> = {
  iran: { en: 'deep blue', fa: 'آبی تیره' },
  politics: { en: 'brick red', fa: 'قرمز آجری' },
  economy: { en: 'green', fa: 'سبز' },
  society: { en: 'amber', fa: 'کهربایی' },
  'middle-east': { en: 'burnt orange', fa: 'نارنجی سوخته' },
  world: { en: 'slate blue', fa: 'آبی خاکستری' },
  business: { en: 'pine green', fa: 'سبز کاجی' },
  opinion: { en: 'violet', fa: 'بنفش' },
  culture: { en: 'rose', fa: 'سرخابی' },
  'science-tech': { en: 'teal', fa: 'فیروزه‌ای' },
};
