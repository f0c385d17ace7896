import { createRepos } from '../db/repositories/index.ts';
import type { User } from '../db/schema.ts';
import { BroadsheetError, notFound } from '../domain/errors.ts';
import { audit } from './audit.ts';
import { requireName, requireRole } from './create-user.ts';
import type { ActorRef, SessionDeps } from './deps.ts';

const LAST_ADMIN = 'The newsroom needs at least one active admin.';

/** Changes a user's role. The last active admin cannot be demoted. */
export async function changeRole(
  deps: SessionDeps,
  props: { userId: number; role: string; actor: ActorRef },
): Promise<User> {
  const role = requireRole(props.role);
  const now = deps.clock();
  return deps.database.db.transaction().execute(async (trx) => {
    const repos = createRepos(trx);
    const user = await repos.users.byId(props.userId);
    if (!user) throw notFound('Account');
    if (user.role === role) return user;
    if (
      user.role === 'admin' &&
      user.disabled === 0 &&
      (await repos.users.countActiveAdmins(user.id)) === 0
    ) {
      throw new BroadsheetError('CONFLICT', LAST_ADMIN, { role: LAST_ADMIN });
    }
    await repos.users.update(user.id, { role, updated_at: now.toISOString() });
    await audit(trx, now, {
      action: 'user.role-changed',
      actor: props.actor,
      targetType: 'user',
      targetId: user.id,
      detail: { from: user.role, to: role },
    });
    return { ...user, role };
  });
}

/** Disables (signing out everywhere) or re-enables an account. The last active admin cannot be disabled. */
export async function setUserDisabled(
  deps: SessionDeps,
  props: { userId: number; disabled: boolean; actor: ActorRef },
): Promise<void> {
  const now = deps.clock();
  await deps.database.db.transaction().execute(async (trx) => {
    const repos = createRepos(trx);
    const user = await repos.users.byId(props.userId);
    if (!user) throw notFound('Account');
    if ((user.disabled === 1) === props.disabled) return;
    if (props.disabled && user.role === 'admin' && (await repos.users.countActiveAdmins(user.id)) === 0) {
      throw new BroadsheetError('CONFLICT', LAST_ADMIN);
    }
    await repos.users.update(user.id, { disabled: props.disabled ? 1 : 0, updated_at: now.toISOString() });
    if (props.disabled) await repos.sessions.deleteForUser(user.id);
    await audit(trx, now, {
      action: props.disabled ? 'user.disabled' : 'user.enabled',
      actor: props.actor,
      targetType: 'user',
      targetId: user.id,
    });
  });
}

/** Changes the display name (the account page). */
export async function renameUser(
  deps: SessionDeps,
  props: { userId: number; name: string; actor: ActorRef },
): Promise<void> {
  const name = requireName(props.name);
  const now = deps.clock();
  await createRepos(deps.database.db).users.update(props.userId, { name, updated_at: now.toISOString() });
  await audit(deps.database.db, now, {
    action: 'user.renamed',
    actor: props.actor,
    targetType: 'user',
    targetId: props.userId,
  });
}
