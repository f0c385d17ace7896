import { createRepos } from '../db/repositories/index.ts';
import type { User } from '../db/schema.ts';
import { BroadsheetError } from '../domain/errors.ts';
import { audit } from './audit.ts';
import { requireName } from './create-user.ts';
import type { SessionDeps } from './deps.ts';
import { assertPassword, hashPassword } from './passwords.ts';
import { startSession } from './session-store.ts';
import { hashToken } from './tokens.ts';

export interface OpenInvitation {
  id: number;
  email: string;
  name: string;
  role: string;
  expiresAt: string;
}

/** The invitation a token names while it is unused, unrevoked and unexpired. */
export async function findInvitation(deps: SessionDeps, token: string): Promise<OpenInvitation | null> {
  if (!token || token.length > 100) return null;
  return (
    (await createRepos(deps.database.db).accountTokens.findInvitation(
      hashToken(token),
      deps.clock().toISOString(),
    )) ?? null
  );
}

const GONE = 'This invitation has expired, was withdrawn or has already been used.';

/**
 * Accepts an invitation: creates the account with the invited email and role, spends the token,
 * and signs the new user in (returns the session token).
 */
export async function acceptInvitation(
  deps: SessionDeps,
  props: { token: string; name: string; password: string },
): Promise<{ user: User; sessionToken: string }> {
  const invitation = await findInvitation(deps, props.token);
  if (!invitation) throw new BroadsheetError('NOT_FOUND', GONE);
  const name = requireName(props.name);
  assertPassword(props.password, invitation.email);
  const passwordHash = await hashPassword(props.password);
  const now = deps.clock();
  return deps.database.db.transaction().execute(async (trx) => {
    const repos = createRepos(trx);
    if (!(await repos.accountTokens.acceptInvitation(invitation.id, now.toISOString())))
      throw new BroadsheetError('NOT_FOUND', GONE);
    if (await repos.users.byEmail(invitation.email)) {
      throw new BroadsheetError('CONFLICT', `An account for ${invitation.email} already exists.`);
    }
    const user = await repos.users.create({
      email: invitation.email,
      name,
      role: invitation.role,
      password_hash: passwordHash,
      totp_secret: null,
      totp_enabled: 0,
      totp_last_step: null,
      disabled: 0,
      password_changed_at: now.toISOString(),
      created_at: now.toISOString(),
      updated_at: now.toISOString(),
    });
    const actor = { id: user.id, email: user.email };
    await audit(trx, now, {
      action: 'invitation.accepted',
      actor,
      targetType: 'invitation',
      targetId: invitation.id,
    });
    await audit(trx, now, {
      action: 'user.created',
      actor,
      targetType: 'user',
      targetId: user.id,
      detail: { email: user.email, role: user.role, via: 'invitation' },
    });
    const { token } = await startSession(trx, now, user.id);
    return { user, sessionToken: token };
  });
}
