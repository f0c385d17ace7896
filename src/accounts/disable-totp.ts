import { createRepos } from '../db/repositories/index.ts';
import { invalid, notFound } from '../domain/errors.ts';
import { audit } from './audit.ts';
import type { ActorRef, SessionDeps } from './deps.ts';
import { verifyPassword } from './passwords.ts';

export interface DisableTotpProps {
  userId: number;
  actor: ActorRef;
  /**
   * The user's own password, required when they turn it off themselves. An admin helping someone
   * who lost their device (`byAdmin`) needs none: the admin's own session is the proof.
   */
  password?: string;
  byAdmin?: boolean;
}

/** Turns two-factor sign-in off and deletes the secret and recovery codes. */
export async function disableTotp(deps: SessionDeps, props: DisableTotpProps): Promise<void> {
  const users = createRepos(deps.database.db).users;
  const user = await users.byId(props.userId);
  if (!user) throw notFound('Account');
  if (!props.byAdmin && !(await verifyPassword(user.password_hash, props.password ?? ''))) {
    throw invalid('That is not your current password.', { password: 'That is not your current password.' });
  }
  const now = deps.clock();
  await deps.database.db.transaction().execute(async (trx) => {
    const repos = createRepos(trx);
    await repos.users.update(user.id, {
      totp_secret: null,
      totp_enabled: 0,
      totp_last_step: null,
      updated_at: now.toISOString(),
    });
    await repos.accountTokens.replaceRecoveryCodes(user.id, [], now.toISOString());
    await audit(trx, now, {
      action: 'totp.disabled',
      actor: props.actor,
      targetType: 'user',
      targetId: user.id,
      detail: { byAdmin: !!props.byAdmin },
    });
  });
}
