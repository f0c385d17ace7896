import type { FastifyRequest } from 'fastify';
import { createRevisionsRepo } from '../../db/repositories/revisions.ts';
import type { Article } from '../../db/schema.ts';
import { BroadsheetError, notFound } from '../../domain/errors.ts';
import { can, type Action, type OwnedResource } from '../../domain/permissions.ts';
import { nextStatus, type WorkflowAction } from '../../domain/workflow.ts';
import type { AppDeps } from '../deps.ts';
import { currentUser } from './auth.ts';

/** The article and who owns it: its creator and the accounts behind its bylines. */
export async function loadOwned(
  deps: AppDeps,
  id: number,
): Promise<{ article: Article; resource: OwnedResource }> {
  const article = Number.isInteger(id) && id > 0 ? await deps.repos.articles.byId(id) : undefined;
  if (!article) throw notFound('Article');
  const [creator, bylines] = await Promise.all([
    createRevisionsRepo(deps.database.db).creator(article.id),
    deps.repos.authors.forArticles([article.id]),
  ]);
  const ownerIds = [creator, ...(bylines.get(article.id) ?? []).map((a) => a.user_id)];
  return { article, resource: { ownerIds, status: article.status } };
}

/** The permission each workflow action needs (src/domain/permissions.ts). */
export const WORKFLOW_PERMISSION: Record<WorkflowAction, Action> = {
  submit: 'article.submitForReview',
  return: 'article.publishOwn',
  schedule: 'article.publishOwn',
  publish: 'article.publishOwn',
  unschedule: 'article.publishOwn',
  unpublish: 'article.unpublish',
  redraft: 'article.unpublish',
};

export const ACTION_LABELS: Record<WorkflowAction, string> = {
  submit: 'Submit for review',
  return: 'Send back to draft',
  schedule: 'Schedule',
  publish: 'Publish now',
  unschedule: 'Unschedule (back to draft)',
  unpublish: 'Unpublish now',
  redraft: 'Move back to draft',
};

/** Workflow actions the signed-in user may take on the article now, in workflow order. */
export function allowedWorkflow(
  req: FastifyRequest,
  article: Article,
  resource: OwnedResource,
): WorkflowAction[] {
  const user = currentUser(req);
  return (Object.keys(WORKFLOW_PERMISSION) as WorkflowAction[]).filter(
    (a) => nextStatus(article.status, a) !== undefined && can(user, WORKFLOW_PERMISSION[a], resource),
  );
}

export function mayEdit(req: FastifyRequest, resource: OwnedResource): boolean {
  return can(currentUser(req), 'article.editOwn', resource);
}

/** Throws a 403 unless the user may do `action` on the article. */
export function assertMay(req: FastifyRequest, action: Action, resource: OwnedResource): void {
  if (!can(currentUser(req), action, resource))
    throw new BroadsheetError('FORBIDDEN', 'Your role does not allow this on this article.');
}

/** The user as recorded on revisions. */
export function changedBy(req: FastifyRequest): { userId: number; name: string } {
  const user = currentUser(req);
  return { userId: user.id, name: user.name || user.email };
}
