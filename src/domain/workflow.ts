/**
 * The editorial workflow as a pure state machine:
 *
 *   draft -> review -> scheduled -> published -> unpublished -> draft
 *
 * with the shortcuts a newsroom needs (publish straight from draft or review, send back from review,
 * unschedule). Who may take a transition depends on the role and, for contributors and authors,
 * on whether the article is their own. Nothing here touches I/O; the publishing commands ask
 * `canTransition` before they change anything.
 */
/** Same values as the `articles.status` column. */
export type ArticleStatusName = 'draft' | 'review' | 'scheduled' | 'published' | 'unpublished';

export type Role = 'contributor' | 'author' | 'editor' | 'admin';
export const ROLES: readonly Role[] = ['contributor', 'author', 'editor', 'admin'];

export type WorkflowAction =
  | 'submit' // draft -> review
  | 'return' // review -> draft (sent back with changes)
  | 'schedule' // draft | review -> scheduled (a future time or an embargo)
  | 'publish' // draft | review | scheduled | unpublished -> published (now)
  | 'unschedule' // scheduled -> draft
  | 'unpublish' // published -> unpublished
  | 'redraft'; // unpublished -> draft

interface Transition {
  from: readonly ArticleStatusName[];
  to: ArticleStatusName;
}

export const TRANSITIONS: Record<WorkflowAction, Transition> = {
  submit: { from: ['draft'], to: 'review' },
  return: { from: ['review'], to: 'draft' },
  schedule: { from: ['draft', 'review', 'scheduled', 'unpublished'], to: 'scheduled' },
  publish: { from: ['draft', 'review', 'scheduled', 'unpublished'], to: 'published' },
  unschedule: { from: ['scheduled'], to: 'draft' },
  unpublish: { from: ['published'], to: 'unpublished' },
  redraft: { from: ['unpublished'], to: 'draft' },
};

/** Actions that put an article in front of readers (or take it away): editors, or authors on their own work. */
const RELEASE: readonly WorkflowAction[] = ['schedule', 'publish', 'unschedule', 'unpublish', 'redraft'];

export interface Actor {
  role: Role;
  /** True when the article is the actor's own (they created it or hold a byline on it). */
  owns: boolean;
}

/** Whether `actor` may take `action` at all (ignoring the article's current status). */
export function mayTake(actor: Actor, action: WorkflowAction): boolean {
  if (actor.role === 'editor' || actor.role === 'admin') return true;
  if (!actor.owns) return false;
  if (actor.role === 'author') return true;
  // Contributors write and submit their own drafts; releasing is for someone else.
  return !RELEASE.includes(action) && action !== 'return';
}

/** Whether the action is possible from `status` and allowed for `actor`. */
export function canTransition(actor: Actor, status: ArticleStatusName, action: WorkflowAction): boolean {
  return TRANSITIONS[action].from.includes(status) && mayTake(actor, action);
}

/** Where the action leads, or undefined if it does not apply from `status`. */
export function nextStatus(status: ArticleStatusName, action: WorkflowAction): ArticleStatusName | undefined {
  const t = TRANSITIONS[action];
  return t.from.includes(status) ? t.to : undefined;
}

/** Actions to offer as buttons: possible from `status` and allowed for `actor`, in workflow order. */
export function availableActions(actor: Actor, status: ArticleStatusName): WorkflowAction[] {
  return (Object.keys(TRANSITIONS) as WorkflowAction[]).filter((a) => canTransition(actor, status, a));
}

/** Whether the actor may change the article's content at this status. */
export function canEdit(actor: Actor, status: ArticleStatusName): boolean {
  if (actor.role === 'editor' || actor.role === 'admin') return true;
  if (!actor.owns) return false;
  if (actor.role === 'author') return true;
  // A contributor's work is frozen once it has left their hands.
  return status === 'draft';
}
