import type { Kysely } from 'kysely';
import type { Article, DB } from '../db/schema.ts';
import { badRequest, invalid } from '../domain/errors.ts';
import { isLanguage } from '../domain/language.ts';
import type { ArticleFields } from '../publishing/article-input.ts';

const STRING_FIELDS = [
  'headline',
  'standfirst',
  'excerpt',
  'bodySource',
  'slug',
  'featuredAlt',
  'featuredCaption',
  'featuredCredit',
] as const;
const NULLABLE_STRING_FIELDS = ['canonicalUrl', 'seoTitle', 'seoDescription'] as const;
const ID_FIELDS = ['sectionId', 'featuredMediaId'] as const;
const ID_LIST_FIELDS = ['tagIds', 'authorIds'] as const;
export const ARTICLE_INPUT_FIELDS = [
  'language',
  'bodyFormat',
  ...STRING_FIELDS,
  ...NULLABLE_STRING_FIELDS,
  ...ID_FIELDS,
  ...ID_LIST_FIELDS,
];

const isId = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) > 0;

/** Checks the JSON types of an article body; unknown keys are refused, not ignored. */
export function parseArticleInput(body: unknown, extra: readonly string[] = []): Partial<ArticleFields> {
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw badRequest('Send a JSON object');
  const input = body as Record<string, unknown>;
  const fields: Record<string, unknown> = {};
  const errors: Record<string, string> = {};
  for (const [key, v] of Object.entries(input)) {
    if (extra.includes(key)) continue;
    if (!ARTICLE_INPUT_FIELDS.includes(key)) errors[key] = 'Unknown field';
    else if (key === 'language') {
      if (isLanguage(v)) fields.language = v;
      else errors.language = 'Use en or fa';
    } else if (key === 'bodyFormat') {
      if (v === 'markdown' || v === 'html') fields.bodyFormat = v;
      else errors.bodyFormat = 'Use markdown or html';
    } else if ((STRING_FIELDS as readonly string[]).includes(key)) {
      if (typeof v === 'string') fields[key] = v;
      else errors[key] = 'Must be a string';
    } else if ((NULLABLE_STRING_FIELDS as readonly string[]).includes(key)) {
      if (v === null || typeof v === 'string') fields[key] = v;
      else errors[key] = 'Must be a string or null';
    } else if ((ID_FIELDS as readonly string[]).includes(key)) {
      if (v === null || isId(v)) fields[key] = v;
      else errors[key] = 'Must be an id or null';
    } else if (Array.isArray(v) && v.length <= 100 && v.every(isId)) fields[key] = v;
    else errors[key] = 'Must be a list of ids';
  }
  if (Object.keys(errors).length > 0) throw badRequest('The request body has errors', errors);
  return fields as Partial<ArticleFields>;
}

/** Every referenced section, tag, byline and image must exist (and match the language). */
export async function assertReferences(db: Kysely<DB>, fields: ArticleFields): Promise<void> {
  const errors: Record<string, string> = {};
  if (fields.sectionId) {
    const s = await db
      .selectFrom('sections')
      .select('language')
      .where('id', '=', fields.sectionId)
      .executeTakeFirst();
    if (!s || s.language !== fields.language) errors.sectionId = 'No such section in this edition';
  }
  if (fields.tagIds && fields.tagIds.length > 0) {
    const rows = await db
      .selectFrom('tags')
      .select(['id', 'language'])
      .where('id', 'in', fields.tagIds)
      .execute();
    if (rows.length !== new Set(fields.tagIds).size || rows.some((r) => r.language !== fields.language))
      errors.tagIds = 'No such tag in this edition';
  }
  if (fields.authorIds && fields.authorIds.length > 0) {
    const rows = await db.selectFrom('authors').select('id').where('id', 'in', fields.authorIds).execute();
    if (rows.length !== new Set(fields.authorIds).size) errors.authorIds = 'No such byline';
  }
  if (fields.featuredMediaId) {
    const m = await db
      .selectFrom('media')
      .select('id')
      .where('id', '=', fields.featuredMediaId)
      .executeTakeFirst();
    if (!m) errors.featuredMediaId = 'No such image';
  }
  if (Object.keys(errors).length > 0) throw invalid('The article refers to things that do not exist', errors);
}

/** The article's current fields, so a PATCH changes only what it names. */
export function currentFields(article: Article, tagIds: number[], authorIds: number[]): ArticleFields {
  return {
    language: isLanguage(article.language) ? article.language : 'en',
    headline: article.headline,
    standfirst: article.standfirst,
    excerpt: article.excerpt,
    bodySource: article.body_source,
    bodyFormat: article.body_format === 'html' ? 'html' : 'markdown',
    slug: article.slug,
    sectionId: article.section_id,
    tagIds,
    authorIds,
    featuredMediaId: article.featured_media_id,
    featuredAlt: article.featured_alt,
    featuredCaption: article.featured_caption,
    featuredCredit: article.featured_credit,
    canonicalUrl: article.canonical_url,
    seoTitle: article.seo_title,
    seoDescription: article.seo_description,
  };
}
