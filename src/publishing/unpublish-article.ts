import { BroadsheetError, notFound } from '../domain/errors.ts';
import { createRepos } from '../db/repositories/index.ts';
import type { Article } from '../db/schema.ts';
import { assertIso } from './article-input.ts';
import type { PublishingDeps } from './deps.ts';
import type { ChangedBy } from './revision.ts';
import { applyStatus } from './transition.ts';
import { versionConflict } from './update-article.ts';

export interface UnpublishArticleProps {
  articleId: number;
  /** A future time schedules the unpublish (the scheduler acts on it); omitted or past unpublishes now. */
  at?: string;
  /** Cancels a scheduled unpublish instead. */
  cancel?: boolean;
  expectedVersion?: number;
  by?: ChangedBy;
}

/** Takes a published article off the site now, or at `at` (stored as `unpublish_at`). */
export async function unpublishArticle(deps: PublishingDeps, props: UnpublishArticleProps): Promise<Article> {
  assertIso(props.at, 'at');
  const now = deps.clock().toISOString();
  const article = await deps.database.db.transaction().execute(async (trx) => {
    const current = await createRepos(trx).articles.byId(props.articleId);
    if (!current) throw notFound('Article');
    if (props.expectedVersion !== undefined && current.version !== props.expectedVersion)
      throw versionConflict(current);
    if (current.status !== 'published')
      throw new BroadsheetError('CONFLICT', 'Only a published article can be unpublished');
    if (props.cancel)
      return applyStatus(trx, deps, current, { unpublish_at: null }, props.by, 'unpublish-cancelled', now);
    if (props.at !== undefined && props.at > now) {
      return applyStatus(
        trx,
        deps,
        current,
        { unpublish_at: props.at },
        props.by,
        'unpublish-scheduled',
        now,
      );
    }
    return applyStatus(
      trx,
      deps,
      current,
      { status: 'unpublished', unpublish_at: null },
      props.by,
      'unpublish',
      now,
    );
  });
  if (article.status === 'unpublished')
    deps.events.emit({ type: 'article.unpublished', articleId: article.id, language: article.language });
  else deps.events.emit({ type: 'article.updated', articleId: article.id, language: article.language });
  return article;
}
