import { createRepos } from '../db/repositories/index.ts';
import type { User } from '../db/schema.ts';
import { BroadsheetError, notFound } from '../domain/errors.ts';
import { audit } from './audit.ts';
import { POLICY, type ActorRef, type SessionDeps } from './deps.ts';
import { normaliseEmail } from './email.ts';
import { assertPassword, hashPassword } from './passwords.ts';
import { hashToken, randomToken } from './tokens.ts';

/** Path of the page that consumes a reset token (the token is the last segment). */
export function resetPath(token: string): string {
  return `/admin/reset-password/${token}`;
}

export interface IssuedReset {
  token: string;
  path: string;
  expiresAt: string;
  user: User;
}

/**
 * Issues a single-use reset link for an account (by the CLI, actor null, or an admin). Older
 * unused links for the account stop working.
 */
export async function issuePasswordReset(
  deps: SessionDeps,
  props: { email?: string; userId?: number; actor: ActorRef | null },
): Promise<IssuedReset> {
  const now = deps.clock();
  const token = randomToken();
  const expiresAt = new Date(now.getTime() + POLICY.resetTokenMs).toISOString();
  const user = await deps.database.db.transaction().execute(async (trx) => {
    const repos = createRepos(trx);
    const found =
      props.userId !== undefined
        ? await repos.users.byId(props.userId)
        : props.email
          ? await repos.users.byEmail(normaliseEmail(props.email))
          : undefined;
    if (!found) throw notFound('Account');
    await repos.accountTokens.voidResets(found.id, now.toISOString());
    await repos.accountTokens.createReset({
      tokenHash: hashToken(token),
      userId: found.id,
      createdBy: props.actor?.id ?? null,
      now: now.toISOString(),
      expiresAt,
    });
    await audit(trx, now, {
      action: 'password.reset-issued',
      actor: props.actor,
      targetType: 'user',
      targetId: found.id,
      detail: { expiresAt },
    });
    return found;
  });
  return { token, path: resetPath(token), expiresAt, user };
}

/** The account a reset token opens, or null when it is unknown, used or expired. */
export async function findPasswordReset(deps: SessionDeps, token: string): Promise<User | null> {
  if (!token || token.length > 100) return null;
  const repos = createRepos(deps.database.db);
  const reset = await repos.accountTokens.findReset(hashToken(token), deps.clock().toISOString());
  if (!reset) return null;
  const user = await repos.users.byId(reset.userId);
  return user && user.disabled === 0 ? user : null;
}

/**
 * Sets a new password with a reset token, once: the token is spent, every session of the account
 * ends and its sign-in throttle is cleared. Two-factor stays on.
 */
export async function resetPassword(
  deps: SessionDeps,
  props: { token: string; password: string },
): Promise<User> {
  const user = await findPasswordReset(deps, props.token);
  if (!user) throw new BroadsheetError('NOT_FOUND', 'This reset link has expired or has already been used.');
  assertPassword(props.password, user.email);
  const passwordHash = await hashPassword(props.password);
  const now = deps.clock();
  await deps.database.db.transaction().execute(async (trx) => {
    const repos = createRepos(trx);
    const reset = await repos.accountTokens.findReset(hashToken(props.token), now.toISOString());
    if (!reset || !(await repos.accountTokens.useReset(reset.id, now.toISOString()))) {
      throw new BroadsheetError('NOT_FOUND', 'This reset link has expired or has already been used.');
    }
    await repos.users.update(user.id, {
      password_hash: passwordHash,
      password_changed_at: now.toISOString(),
      updated_at: now.toISOString(),
    });
    await repos.accountTokens.voidResets(user.id, now.toISOString());
    await repos.sessions.deleteForUser(user.id);
    await audit(trx, now, {
      action: 'password.reset',
      actor: { id: user.id, email: user.email },
      targetType: 'user',
      targetId: user.id,
    });
  });
  return user;
}
