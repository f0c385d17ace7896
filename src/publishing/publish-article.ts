import { BroadsheetError, notFound } from '../domain/errors.ts';
import { createRepos } from '../db/repositories/index.ts';
import type { Article } from '../db/schema.ts';
import { assertIso } from './article-input.ts';
import type { PublishingDeps } from './deps.ts';
import { recordRevision, type ChangedBy } from './revision.ts';
import { versionConflict } from './update-article.ts';

export interface PublishArticleProps {
  articleId: number;
  /** A future time schedules the article; omitted or past publishes now. */
  at?: string;
  /** Embargo: nothing of the article is public before this time (it is scheduled for it). */
  embargoUntil?: string;
  /** Optionally schedules the unpublish at the same time. */
  unpublishAt?: string;
  /** When given, a different current version is a CONFLICT. */
  expectedVersion?: number;
  by?: ChangedBy;
}

/**
 * Publishes now or schedules for later. A first publication stamps `published_at`; publishing
 * again after an unpublish keeps the original time so URLs and ordering stay stable.
 */
export async function publishArticle(deps: PublishingDeps, props: PublishArticleProps): Promise<Article> {
  assertIso(props.at, 'at');
  assertIso(props.embargoUntil, 'embargoUntil');
  assertIso(props.unpublishAt, 'unpublishAt');
  const now = deps.clock().toISOString();
  const article = await deps.database.db.transaction().execute(async (trx) => {
    const repos = createRepos(trx);
    const current = await repos.articles.byId(props.articleId);
    if (!current) throw notFound('Article');
    if (props.expectedVersion !== undefined && current.version !== props.expectedVersion)
      throw versionConflict(current);
    const releaseAt = [props.at, props.embargoUntil]
      .filter((t): t is string => !!t)
      .sort()
      .pop();
    const scheduled = releaseAt !== undefined && releaseAt > now;
    const publishedAt = scheduled
      ? releaseAt
      : current.published_at && current.published_at <= now
        ? current.published_at
        : now;
    if (current.status === 'published' && !scheduled)
      throw new BroadsheetError('CONFLICT', 'The article is already published');
    const updated = await repos.articles.update(current.id, {
      status: scheduled ? 'scheduled' : 'published',
      published_at: publishedAt,
      embargo_until: props.embargoUntil ?? null,
      ...(props.unpublishAt !== undefined
        ? { unpublish_at: props.unpublishAt > publishedAt ? props.unpublishAt : null }
        : {}),
      updated_at: now,
      version: current.version + 1,
    });
    await repos.articles.syncListing(current.id);
    await recordRevision(
      trx,
      updated!,
      props.by,
      scheduled ? (props.embargoUntil ? 'embargo' : 'schedule') : 'publish',
      now,
    );
    for (const indexer of deps.indexers) await indexer.syncArticle(trx, current.id);
    return updated!;
  });
  if (article.status === 'published')
    deps.events.emit({ type: 'article.published', articleId: article.id, language: article.language });
  return article;
}
