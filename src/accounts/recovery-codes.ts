import type { Kysely } from 'kysely';
import { createRepos } from '../db/repositories/index.ts';
import type { DB } from '../db/schema.ts';
import { BroadsheetError } from '../domain/errors.ts';
import { audit } from './audit.ts';
import { POLICY, type ActorRef, type SessionDeps } from './deps.ts';
import { hashToken, recoveryCode } from './tokens.ts';

/** Issues a fresh set of recovery codes (the old ones stop working) and returns them, to show once. */
export async function issueRecoveryCodes(db: Kysely<DB>, userId: number, now: Date): Promise<string[]> {
  const codes = Array.from({ length: POLICY.recoveryCodes }, () => recoveryCode());
  await createRepos(db).accountTokens.replaceRecoveryCodes(userId, codes.map(hashToken), now.toISOString());
  return codes;
}

/** Account page: new recovery codes for a user with two-factor on. */
export async function regenerateRecoveryCodes(
  deps: SessionDeps,
  props: { userId: number; actor: ActorRef },
): Promise<string[]> {
  const now = deps.clock();
  return deps.database.db.transaction().execute(async (trx) => {
    const user = await createRepos(trx).users.byId(props.userId);
    if (!user || user.totp_enabled !== 1)
      throw new BroadsheetError('CONFLICT', 'Turn on two-factor sign-in first.');
    const codes = await issueRecoveryCodes(trx, user.id, now);
    await audit(trx, now, {
      action: 'recovery-codes.regenerated',
      actor: props.actor,
      targetType: 'user',
      targetId: user.id,
    });
    return codes;
  });
}
