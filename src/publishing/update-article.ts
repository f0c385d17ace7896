import type { Kysely } from 'kysely';
import { BroadsheetError, notFound } from '../domain/errors.ts';
import { createRepos } from '../db/repositories/index.ts';
import type { Article, DB } from '../db/schema.ts';
import { renderFields, validateArticleFields, type ArticleFields } from './article-input.ts';
import { applySlugChange } from './change-slug.ts';
import type { PublishingDeps } from './deps.ts';
import { recordRevision, type ChangedBy } from './revision.ts';

export interface UpdateArticleProps {
  articleId: number;
  /**
   * The version the editor started from. If the article has moved on since, the save is refused
   * with CONFLICT (never a silent overwrite) and the caller shows the refused text back.
   */
  expectedVersion: number;
  fields: ArticleFields;
  by?: ChangedBy;
  /** Recorded on the revision: `save`, `autosave`, `restore`. */
  reason?: string;
}

/** Thrown when the article changed since the editor's copy: `current` is the version now saved. */
export function versionConflict(current: Article): BroadsheetError {
  return new BroadsheetError(
    'CONFLICT',
    `Someone else saved this article (now version ${current.version}) since you opened it. Your changes were not saved; copy them and merge into the current text.`,
    { version: String(current.version) },
  );
}

/** Writes all editable fields of `current` in `trx`, with tags, bylines, revision and indexers. */
export async function writeArticle(
  trx: Kysely<DB>,
  deps: PublishingDeps,
  current: Article,
  fields: ArticleFields,
  by: ChangedBy | undefined,
  reason: string,
  now: string,
): Promise<Article> {
  const repos = createRepos(trx);
  const rendered = renderFields(fields);
  const requested = fields.slug?.trim() || current.slug;
  const slug =
    requested === current.slug && fields.language === current.language
      ? current.slug
      : await applySlugChange(trx, current, fields.language, requested, now);
  // The version condition makes the check atomic: of two concurrent saves from one version, one wins.
  const updated = await trx
    .updateTable('articles')
    .set({
      language: fields.language,
      slug,
      headline: fields.headline.trim(),
      standfirst: (fields.standfirst ?? '').trim(),
      excerpt: rendered.excerpt,
      body_format: fields.bodyFormat ?? current.body_format,
      body_source: fields.bodySource,
      body_html: rendered.bodyHtml,
      word_count: rendered.wordCount,
      section_id: fields.sectionId ?? null,
      featured_media_id: fields.featuredMediaId ?? null,
      featured_alt: fields.featuredAlt ?? '',
      featured_caption: fields.featuredCaption ?? '',
      featured_credit: fields.featuredCredit ?? '',
      canonical_url: fields.canonicalUrl || null,
      seo_title: fields.seoTitle || null,
      seo_description: fields.seoDescription || null,
      ...(fields.translationGroup !== undefined ? { translation_group: fields.translationGroup } : {}),
      updated_at: now,
      version: current.version + 1,
    })
    .where('id', '=', current.id)
    .where('version', '=', current.version)
    .returningAll()
    .executeTakeFirst();
  if (!updated) throw versionConflict((await repos.articles.byId(current.id)) ?? current);
  if (fields.tagIds !== undefined) await repos.articles.setTags(current.id, fields.tagIds);
  if (fields.authorIds !== undefined) await repos.articles.setAuthors(current.id, fields.authorIds);
  else if (updated.language !== current.language) await repos.articles.syncListing(current.id);
  await recordRevision(trx, updated, by, reason, now);
  for (const indexer of deps.indexers) await indexer.syncArticle(trx, current.id);
  return updated;
}

/** Saves an editor's changes, refusing a stale save (optimistic version check). Every save keeps a revision. */
export async function updateArticle(deps: PublishingDeps, props: UpdateArticleProps): Promise<Article> {
  validateArticleFields(props.fields);
  const now = deps.clock().toISOString();
  const article = await deps.database.db.transaction().execute(async (trx) => {
    const current = await createRepos(trx).articles.byId(props.articleId);
    if (!current) throw notFound('Article');
    if (current.version !== props.expectedVersion) throw versionConflict(current);
    return writeArticle(trx, deps, current, props.fields, props.by, props.reason ?? 'save', now);
  });
  deps.events.emit({ type: 'article.updated', articleId: article.id, language: article.language });
  return article;
}
