import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { createRepos } from '../../db/repositories/index.ts';
import { isLanguage, type Language } from '../../domain/language.ts';
import { slugify } from '../../domain/slug.ts';
import type { ArticleFields } from '../../publishing/article-input.ts';
import { formValue } from './forms.ts';

/** What the editor form sends, as typed (kept to re-show on errors and on the conflict page). */
export interface EditorInput {
  headline: string;
  standfirst: string;
  excerpt: string;
  seoTitle: string;
  seoDescription: string;
  canonicalUrl: string;
  slug: string;
  language: string;
  sectionId: string;
  tags: string;
  bylines: string;
  featuredMediaId: string;
  featuredAlt: string;
  featuredCaption: string;
  featuredCredit: string;
  body: string;
}

export const EDITOR_FIELDS: (keyof EditorInput)[] = [
  'headline',
  'standfirst',
  'excerpt',
  'seoTitle',
  'seoDescription',
  'canonicalUrl',
  'slug',
  'language',
  'sectionId',
  'tags',
  'bylines',
  'featuredMediaId',
  'featuredAlt',
  'featuredCaption',
  'featuredCredit',
  'body',
];

export const FIELD_NAMES: Record<keyof EditorInput, string> = {
  headline: 'headline',
  standfirst: 'standfirst',
  excerpt: 'excerpt',
  seoTitle: 'seo_title',
  seoDescription: 'seo_description',
  canonicalUrl: 'canonical_url',
  slug: 'slug',
  language: 'language',
  sectionId: 'section_id',
  tags: 'tags',
  bylines: 'bylines',
  featuredMediaId: 'featured_media_id',
  featuredAlt: 'featured_alt',
  featuredCaption: 'featured_caption',
  featuredCredit: 'featured_credit',
  body: 'body',
};

/** Maps ArticleFields error keys (validateArticleFields) to form field names. */
export const ERROR_FIELD: Record<string, string> = {
  bodySource: 'body',
  featuredAlt: 'featured_alt',
  canonicalUrl: 'canonical_url',
  seoTitle: 'seo_title',
  seoDescription: 'seo_description',
};

export function readEditorInput(body: unknown): EditorInput {
  const out = {} as EditorInput;
  for (const key of EDITOR_FIELDS) out[key] = formValue(body, FIELD_NAMES[key]);
  // Browsers send CRLF in textareas; keep the stored source in LF.
  out.body = out.body.replace(/\r\n/g, '\n');
  return out;
}

export function splitList(value: string): string[] {
  const seen = new Set<string>();
  return value
    .split(/[,،\n]/u)
    .map((s) => s.trim().replace(/\s+/g, ' '))
    .filter((s) => s && !seen.has(s.toLowerCase()) && (seen.add(s.toLowerCase()), true));
}

const positiveInt = (v: string): number | null => (/^\d{1,10}$/.test(v) && Number(v) > 0 ? Number(v) : null);

/** Fields for the publishing commands; tags and bylines are resolved separately (resolveNames). */
export function toArticleFields(input: EditorInput): ArticleFields {
  const language: Language = isLanguage(input.language) ? input.language : ('' as Language);
  return {
    language,
    headline: input.headline,
    standfirst: input.standfirst,
    excerpt: input.excerpt,
    bodySource: input.body,
    bodyFormat: 'markdown',
    slug: input.slug.trim() || undefined,
    sectionId: positiveInt(input.sectionId),
    featuredMediaId: positiveInt(input.featuredMediaId),
    featuredAlt: input.featuredAlt.trim(),
    featuredCaption: input.featuredCaption.trim(),
    featuredCredit: input.featuredCredit.trim(),
    canonicalUrl: input.canonicalUrl.trim() || null,
    seoTitle: input.seoTitle.trim() || null,
    seoDescription: input.seoDescription.trim() || null,
  };
}

/**
 * Turns typed tag names and byline names into ids, creating what does not exist yet: tags in the
 * article's edition, and bylines as guests (no account). Order is kept as typed.
 */
export async function resolveNames(
  db: Kysely<DB>,
  language: string,
  tags: string,
  bylines: string,
  now: string,
): Promise<{ tagIds: number[]; authorIds: number[] }> {
  return db.transaction().execute(async (trx) => {
    const repos = createRepos(trx);
    const tagIds: number[] = [];
    for (const name of splitList(tags).slice(0, 30)) {
      const slug = slugify(name);
      const tag =
        (await repos.tags.bySlug(language, slug)) ?? (await repos.tags.create({ language, slug, name }, now));
      tagIds.push(tag.id);
    }
    const authorIds: number[] = [];
    const all = await repos.authors.all();
    for (const name of splitList(bylines).slice(0, 20)) {
      const found =
        all.find((a) => a.name.toLowerCase() === name.toLowerCase()) ??
        all.find((a) => a.slug === slugify(name));
      if (found) {
        authorIds.push(found.id);
        continue;
      }
      let slug = slugify(name);
      for (let n = 2; await repos.authors.bySlug(slug); n++) slug = `${slugify(name)}-${n}`;
      const created = await repos.authors.create({ slug, name }, now);
      all.push(created);
      authorIds.push(created.id);
    }
    return { tagIds, authorIds };
  });
}

/** `datetime-local` value (read as UTC) or full ISO to ISO UTC; '' to undefined; anything else null. */
export function parseDateTime(value: string): string | undefined | null {
  const v = value.trim();
  if (!v) return undefined;
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})(:\d{2})?(\.\d{1,3})?Z?$/.exec(v);
  if (!m) return null;
  const date = new Date(`${m[1]}T${m[2]}${m[3] ?? ':00'}${m[4] ?? ''}Z`);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

/** ISO UTC to a `datetime-local` value (UTC). */
export function toDateTimeLocal(iso: string | null | undefined): string {
  return iso ? iso.slice(0, 16) : '';
}
