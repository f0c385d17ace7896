import type { Kysely } from 'kysely';
import { BroadsheetError, notFound } from '../domain/errors.ts';
import { nextStatus, type WorkflowAction } from '../domain/workflow.ts';
import { createRepos } from '../db/repositories/index.ts';
import type { Article, ArticleUpdate, DB } from '../db/schema.ts';
import type { ContentEvent } from './deps.ts';
import type { PublishingDeps } from './deps.ts';
import { recordRevision, type ChangedBy } from './revision.ts';
import { versionConflict } from './update-article.ts';

export interface TransitionProps {
  articleId: number;
  /** When given, a different current version is a CONFLICT. */
  expectedVersion?: number;
  by?: ChangedBy;
}

/**
 * Moves an article along the workflow (src/domain/workflow.ts) in one transaction: refuses a
 * transition that does not apply from its status, keeps a revision, re-syncs listings and indexers,
 * and tells the event bus after commit.
 */
export async function transitionArticle(
  deps: PublishingDeps,
  props: TransitionProps,
  action: WorkflowAction,
  extra: (current: Article, now: string) => ArticleUpdate = () => ({}),
  event: ContentEvent['type'] = 'article.updated',
): Promise<Article> {
  const now = deps.clock().toISOString();
  const article = await deps.database.db.transaction().execute(async (trx) => {
    const current = await createRepos(trx).articles.byId(props.articleId);
    if (!current) throw notFound('Article');
    if (props.expectedVersion !== undefined && current.version !== props.expectedVersion)
      throw versionConflict(current);
    const to = nextStatus(current.status, action);
    if (!to) throw new BroadsheetError('CONFLICT', `A ${current.status} article cannot be sent to ${action}`);
    return applyStatus(trx, deps, current, { status: to, ...extra(current, now) }, props.by, action, now);
  });
  deps.events.emit({ type: event, articleId: article.id, language: article.language } as ContentEvent);
  return article;
}

/** Writes a status change (with the version condition), revision, listings and indexers. */
export async function applyStatus(
  trx: Kysely<DB>,
  deps: PublishingDeps,
  current: Article,
  values: ArticleUpdate,
  by: ChangedBy | undefined,
  reason: string,
  now: string,
): Promise<Article> {
  const repos = createRepos(trx);
  const updated = await trx
    .updateTable('articles')
    .set({ ...values, updated_at: now, version: current.version + 1 })
    .where('id', '=', current.id)
    .where('version', '=', current.version)
    .returningAll()
    .executeTakeFirst();
  if (!updated) throw versionConflict((await repos.articles.byId(current.id)) ?? current);
  await repos.articles.syncListing(current.id);
  await recordRevision(trx, updated, by, reason, now);
  for (const indexer of deps.indexers) await indexer.syncArticle(trx, current.id);
  return updated;
}
