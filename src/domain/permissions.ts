/**
 * Newsroom roles and what each may do. Pure policy: handlers ask `can(user, action, resource)`,
 * never compare roles themselves, so the whole policy is the table below and its test.
 *
 * - contributor: writes own drafts and submits them for review (may keep editing while in review)
 * - author: also publishes (and unpublishes) own articles, edits them at any stage
 * - editor: edits, publishes, unpublishes and corrects any article; curates; manages sections/tags/bylines
 * - admin: everything, including users, settings, the audit log, API keys and webhooks
 */
export const ROLES = ['contributor', 'author', 'editor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const ACTIONS = [
  'article.create',
  'article.editOwn',
  'article.editAny',
  'article.submitForReview',
  'article.publishOwn',
  'article.publishAny',
  'article.unpublish',
  'article.correct',
  'curation.manage',
  'taxonomy.manage',
  'media.upload',
  'media.manage',
  'users.manage',
  'settings.manage',
  'audit.read',
  'apiKeys.manage',
  'webhooks.manage',
] as const;
export type Action = (typeof ACTIONS)[number];

/** Who is asking. `disabled` accounts may do nothing. */
export interface Actor {
  id: number;
  role: Role;
  disabled?: boolean | number;
}

/**
 * What the action is on, for actions that depend on ownership. `ownerIds` are the user ids that
 * own the article (its creator and the accounts behind its bylines); `status` its workflow state.
 */
export interface OwnedResource {
  ownerIds: readonly (number | null | undefined)[];
  status?: string;
}

/** 'any': on anything; 'own': only on resources the actor owns; absent: never. */
type Grant = 'any' | 'own';

const RANK: Record<Role, number> = { contributor: 0, author: 1, editor: 2, admin: 3 };

/** The policy table: action -> role -> grant. Roles not listed are refused. */
const POLICY: Record<Action, Partial<Record<Role, Grant>>> = {
  'article.create': { contributor: 'any', author: 'any', editor: 'any', admin: 'any' },
  'article.editOwn': { contributor: 'own', author: 'own', editor: 'any', admin: 'any' },
  'article.editAny': { editor: 'any', admin: 'any' },
  'article.submitForReview': { contributor: 'own', author: 'own', editor: 'any', admin: 'any' },
  'article.publishOwn': { author: 'own', editor: 'any', admin: 'any' },
  'article.publishAny': { editor: 'any', admin: 'any' },
  'article.unpublish': { author: 'own', editor: 'any', admin: 'any' },
  'article.correct': { editor: 'any', admin: 'any' },
  'curation.manage': { editor: 'any', admin: 'any' },
  'taxonomy.manage': { editor: 'any', admin: 'any' },
  'media.upload': { contributor: 'any', author: 'any', editor: 'any', admin: 'any' },
  'media.manage': { editor: 'any', admin: 'any' },
  'users.manage': { admin: 'any' },
  'settings.manage': { admin: 'any' },
  'audit.read': { admin: 'any' },
  'apiKeys.manage': { admin: 'any' },
  'webhooks.manage': { admin: 'any' },
};

/** Workflow states in which a contributor may still change their own article. */
const CONTRIBUTOR_EDITABLE = new Set(['draft', 'review']);

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

export function isAction(value: unknown): value is Action {
  return typeof value === 'string' && (ACTIONS as readonly string[]).includes(value);
}

/** True when `a` has at least the powers of `b` (roles are strictly nested). */
export function roleAtLeast(a: Role, b: Role): boolean {
  return RANK[a] >= RANK[b];
}

/**
 * May `user` do `action` (on `resource`)?
 *
 * Without a resource the answer is "may this user ever do it" (to show a nav item or a button);
 * with one, ownership-limited grants also require the user among `resource.ownerIds`, and a
 * contributor may only change own articles still in draft or review.
 *
 * @example can(user, 'article.publishOwn', { ownerIds: [article.created_by] })
 */
export function can(user: Actor | null | undefined, action: Action, resource?: OwnedResource): boolean {
  if (!user || user.disabled) return false;
  const grant = POLICY[action]?.[user.role];
  if (!grant) return false;
  if (grant === 'any' || !resource) return true;
  if (!resource.ownerIds.some((id) => id === user.id)) return false;
  if (
    user.role === 'contributor' &&
    resource.status !== undefined &&
    !CONTRIBUTOR_EDITABLE.has(resource.status)
  ) {
    return false;
  }
  return true;
}

/** Every action the user may (ever) do: for rendering navigation. */
export function allowedActions(user: Actor | null | undefined): Action[] {
  return ACTIONS.filter((action) => can(user, action));
}
