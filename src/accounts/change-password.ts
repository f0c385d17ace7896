import { createRepos } from '../db/repositories/index.ts';
import { invalid, notFound } from '../domain/errors.ts';
import { audit } from './audit.ts';
import type { ActorRef, SessionDeps } from './deps.ts';
import { assertPassword, hashPassword, verifyPassword } from './passwords.ts';
import { hashToken } from './tokens.ts';

export interface ChangePasswordProps {
  userId: number;
  current: string;
  next: string;
  actor: ActorRef;
  /** The session making the change stays signed in; every other one is ended. */
  keepToken?: string;
}

export async function changePassword(deps: SessionDeps, props: ChangePasswordProps): Promise<void> {
  const users = createRepos(deps.database.db).users;
  const user = await users.byId(props.userId);
  if (!user) throw notFound('Account');
  if (!(await verifyPassword(user.password_hash, props.current.slice(0, 1024)))) {
    throw invalid('That is not your current password.', { current: 'That is not your current password.' });
  }
  assertPassword(props.next, user.email, 'next');
  const passwordHash = await hashPassword(props.next);
  const now = deps.clock();
  await deps.database.db.transaction().execute(async (trx) => {
    const repos = createRepos(trx);
    await repos.users.update(user.id, {
      password_hash: passwordHash,
      password_changed_at: now.toISOString(),
      updated_at: now.toISOString(),
    });
    await repos.sessions.deleteForUser(user.id, props.keepToken ? hashToken(props.keepToken) : undefined);
    await repos.accountTokens.voidResets(user.id, now.toISOString());
    await audit(trx, now, {
      action: 'password.changed',
      actor: props.actor,
      targetType: 'user',
      targetId: user.id,
    });
  });
}
