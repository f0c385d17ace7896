import type { Kysely } from 'kysely';
import { createRepos } from '../db/repositories/index.ts';
import { createRevisionsRepo, type RevisionFields } from '../db/repositories/revisions.ts';
import type { Article, DB } from '../db/schema.ts';

/** Who made a change, for revision history and audit. Omitted for system changes (scheduler, importers). */
export interface ChangedBy {
  userId: number | null;
  name: string;
}

export const SYSTEM: ChangedBy = { userId: null, name: 'Scheduler' };

/** Every field of the article as it now is, with its ordered tags and bylines. */
export async function snapshot(trx: Kysely<DB>, article: Article): Promise<RevisionFields> {
  const repos = createRepos(trx);
  const [tags, authors] = await Promise.all([
    repos.tags.forArticles([article.id]),
    repos.authors.forArticles([article.id]),
  ]);
  return {
    language: article.language,
    slug: article.slug,
    headline: article.headline,
    standfirst: article.standfirst,
    excerpt: article.excerpt,
    bodyFormat: article.body_format,
    bodySource: article.body_source,
    sectionId: article.section_id,
    tagIds: (tags.get(article.id) ?? []).map((t) => t.id),
    authorIds: (authors.get(article.id) ?? []).map((a) => a.id),
    featuredMediaId: article.featured_media_id,
    featuredAlt: article.featured_alt,
    featuredCaption: article.featured_caption,
    featuredCredit: article.featured_credit,
    canonicalUrl: article.canonical_url,
    seoTitle: article.seo_title,
    seoDescription: article.seo_description,
    status: article.status,
    publishedAt: article.published_at,
    embargoUntil: article.embargo_until,
    unpublishAt: article.unpublish_at,
  };
}

/** Keeps a revision of the article as it is inside `trx` (call after the change, in the same transaction). */
export async function recordRevision(
  trx: Kysely<DB>,
  article: Article,
  by: ChangedBy | undefined,
  reason: string,
  now: string,
): Promise<void> {
  const who = by ?? SYSTEM;
  await createRevisionsRepo(trx).add(
    {
      articleId: article.id,
      version: article.version,
      userId: who.userId,
      userName: who.name,
      reason,
      fields: await snapshot(trx, article),
    },
    now,
  );
}
