import { invalid, notFound } from '../domain/errors.ts';
import { createRepos } from '../db/repositories/index.ts';
import type { ArticleNote } from '../db/schema.ts';
import type { PublishingDeps } from './deps.ts';

export interface AddCorrectionProps {
  articleId: number;
  kind: 'correction' | 'update';
  /** The note as readers see it, dated with the time it is added. */
  body: string;
}

/**
 * Adds a dated correction or update note to an article and moves its updated time, so readers,
 * feeds and search engines see the change. The article's text version is not bumped: an editor
 * with the article open can still save without a conflict.
 */
export async function addCorrection(deps: PublishingDeps, props: AddCorrectionProps): Promise<ArticleNote> {
  const body = props.body.trim();
  const errors: Record<string, string> = {};
  if (props.kind !== 'correction' && props.kind !== 'update') errors.kind = 'Choose correction or update';
  if (!body) errors.body = 'Write the note readers will see';
  else if (body.length > 2000) errors.body = 'Keep the note under 2,000 characters';
  if (Object.keys(errors).length > 0) throw invalid('The note has errors', errors);
  const now = deps.clock().toISOString();
  const { note, language } = await deps.database.db.transaction().execute(async (trx) => {
    const repos = createRepos(trx);
    const article = await repos.articles.byId(props.articleId);
    if (!article) throw notFound('Article');
    const note = await repos.articles.addNote(article.id, props.kind, body, now);
    await trx.updateTable('articles').set({ updated_at: now }).where('id', '=', article.id).execute();
    for (const indexer of deps.indexers) await indexer.syncArticle(trx, article.id);
    return { note, language: article.language };
  });
  deps.events.emit({ type: 'article.updated', articleId: props.articleId, language });
  return note;
}
