import { notFound } from '../domain/errors.ts';
import { isLanguage } from '../domain/language.ts';
import { createRepos } from '../db/repositories/index.ts';
import { createRevisionsRepo } from '../db/repositories/revisions.ts';
import type { Article } from '../db/schema.ts';
import { validateArticleFields, type ArticleFields } from './article-input.ts';
import type { PublishingDeps } from './deps.ts';
import type { ChangedBy } from './revision.ts';
import { versionConflict, writeArticle } from './update-article.ts';

export interface RestoreRevisionProps {
  articleId: number;
  revisionId: number;
  expectedVersion: number;
  by?: ChangedBy;
}

/**
 * Brings back the content of an earlier revision as a new save (history is never rewritten).
 * The workflow state and times stay as they are now: restoring text does not publish or unpublish.
 * Tags, bylines, section or image that no longer exist are dropped rather than failing the restore.
 */
export async function restoreRevision(deps: PublishingDeps, props: RestoreRevisionProps): Promise<Article> {
  const now = deps.clock().toISOString();
  const article = await deps.database.db.transaction().execute(async (trx) => {
    const repos = createRepos(trx);
    const current = await repos.articles.byId(props.articleId);
    if (!current) throw notFound('Article');
    const revision = await createRevisionsRepo(trx).byId(props.revisionId);
    if (!revision || revision.articleId !== current.id) throw notFound('Revision');
    if (current.version !== props.expectedVersion) throw versionConflict(current);
    const f = revision.fields;
    const [tags, authors, sections, media] = await Promise.all([
      trx
        .selectFrom('tags')
        .select('id')
        .where('id', 'in', [0, ...f.tagIds])
        .execute(),
      trx
        .selectFrom('authors')
        .select('id')
        .where('id', 'in', [0, ...f.authorIds])
        .execute(),
      trx
        .selectFrom('sections')
        .select('id')
        .where('id', '=', f.sectionId ?? 0)
        .execute(),
      trx
        .selectFrom('media')
        .select('id')
        .where('id', '=', f.featuredMediaId ?? 0)
        .execute(),
    ]);
    const tagSet = new Set(tags.map((t) => t.id));
    const authorSet = new Set(authors.map((a) => a.id));
    const fields: ArticleFields = {
      language: isLanguage(f.language) ? f.language : 'en',
      headline: f.headline,
      standfirst: f.standfirst,
      excerpt: f.excerpt,
      bodySource: f.bodySource,
      bodyFormat: f.bodyFormat === 'html' ? 'html' : 'markdown',
      slug: f.slug,
      sectionId: sections.length > 0 ? f.sectionId : null,
      tagIds: f.tagIds.filter((id) => tagSet.has(id)),
      authorIds: f.authorIds.filter((id) => authorSet.has(id)),
      featuredMediaId: media.length > 0 ? f.featuredMediaId : null,
      featuredAlt: f.featuredAlt,
      featuredCaption: f.featuredCaption,
      featuredCredit: f.featuredCredit,
      canonicalUrl: f.canonicalUrl,
      seoTitle: f.seoTitle,
      seoDescription: f.seoDescription,
    };
    validateArticleFields(fields);
    return writeArticle(trx, deps, current, fields, props.by, `restore:${revision.version}`, now);
  });
  deps.events.emit({ type: 'article.updated', articleId: article.id, language: article.language });
  return article;
}
