import { createRepos } from '../db/repositories/index.ts';
import { BroadsheetError } from '../domain/errors.ts';
import type { Role } from '../domain/permissions.ts';
import { audit } from './audit.ts';
import { requireName, requireRole } from './create-user.ts';
import { POLICY, type ActorRef, type SessionDeps } from './deps.ts';
import { requireEmail } from './email.ts';
import { hashToken, randomToken } from './tokens.ts';

export function invitationPath(token: string): string {
  return `/admin/invitation/${token}`;
}

export interface IssuedInvitation {
  id: number;
  token: string;
  path: string;
  email: string;
  role: Role;
  expiresAt: string;
}

/** Invites someone by link (the admin passes it on): they choose their own password on accepting. */
export async function inviteUser(
  deps: SessionDeps,
  props: { email: string; role: string; name?: string; actor: ActorRef },
): Promise<IssuedInvitation> {
  const email = requireEmail(props.email);
  const role = requireRole(props.role);
  const name = requireName(props.name ?? '');
  const now = deps.clock();
  const token = randomToken();
  const expiresAt = new Date(now.getTime() + POLICY.invitationMs).toISOString();
  const id = await deps.database.db.transaction().execute(async (trx) => {
    const repos = createRepos(trx);
    if (await repos.users.byEmail(email)) {
      throw new BroadsheetError('CONFLICT', `An account for ${email} already exists.`, {
        email: 'An account with this email already exists.',
      });
    }
    const created = await repos.accountTokens.createInvitation({
      tokenHash: hashToken(token),
      email,
      name,
      role,
      invitedBy: props.actor.id,
      now: now.toISOString(),
      expiresAt,
    });
    await audit(trx, now, {
      action: 'invitation.created',
      actor: props.actor,
      targetType: 'invitation',
      targetId: created,
      detail: { email, role },
    });
    return created;
  });
  return { id, token, path: invitationPath(token), email, role, expiresAt };
}

export async function revokeInvitation(
  deps: SessionDeps,
  props: { id: number; actor: ActorRef },
): Promise<boolean> {
  const now = deps.clock();
  const revoked = await createRepos(deps.database.db).accountTokens.revokeInvitation(
    props.id,
    now.toISOString(),
  );
  if (revoked)
    await audit(deps.database.db, now, {
      action: 'invitation.revoked',
      actor: props.actor,
      targetType: 'invitation',
      targetId: props.id,
    });
  return revoked;
}
