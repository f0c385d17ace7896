import { createRepos } from '../db/repositories/index.ts';
import type { Kysely } from 'kysely';
import type { DB, Session, User } from '../db/schema.ts';
import { POLICY, type SessionDeps } from './deps.ts';
import { hashToken, randomToken } from './tokens.ts';

export interface StartedSession {
  /** The raw token for the cookie; only its hash is stored. */
  token: string;
  session: Session;
}

/**
 * Opens a session for `userId`. `pending` sessions only carry a user through the second sign-in
 * step: they grant nothing and die within minutes.
 */
export async function startSession(
  db: Kysely<DB>,
  now: Date,
  userId: number,
  pending = false,
): Promise<StartedSession> {
  const token = randomToken();
  const session: Session = {
    id: hashToken(token),
    user_id: userId,
    csrf_token: randomToken(),
    pending_second_factor: pending ? 1 : 0,
    created_at: now.toISOString(),
    last_seen_at: now.toISOString(),
    expires_at: new Date(
      now.getTime() + (pending ? POLICY.pendingSecondFactorMs : POLICY.sessionAbsoluteMs),
    ).toISOString(),
  };
  const repos = createRepos(db);
  // Housekeeping rides on sign-ins (rare, and never on page views): dead sessions and old throttle counters go.
  await repos.sessions.purgeExpired(
    now.toISOString(),
    new Date(now.getTime() - POLICY.sessionIdleMs).toISOString(),
  );
  await repos.loginThrottle.purge(new Date(now.getTime() - POLICY.throttleForgetMs).toISOString());
  await repos.sessions.create(session);
  return { token, session };
}

export interface ActiveSession {
  session: Session;
  user: User;
}

/**
 * The live session a cookie token names, or null: unknown, past absolute expiry, idle too long,
 * or belonging to a disabled account. Dead sessions are deleted on sight. `pending` selects
 * second-step sessions instead of full ones.
 */
export async function resolveSession(
  deps: SessionDeps,
  token: string | undefined,
  options: { pending?: boolean } = {},
): Promise<ActiveSession | null> {
  if (!token || token.length > 100) return null;
  const repos = createRepos(deps.database.db);
  const id = hashToken(token);
  const found = await repos.sessions.find(id);
  if (!found) return null;
  const now = deps.clock();
  const { session, user } = found;
  const idleSince = now.getTime() - new Date(session.last_seen_at).getTime();
  const dead =
    session.expires_at <= now.toISOString() || idleSince > POLICY.sessionIdleMs || user.disabled === 1;
  if (dead) {
    await repos.sessions.delete(id);
    return null;
  }
  if ((session.pending_second_factor === 1) !== (options.pending === true)) return null;
  if (idleSince >= POLICY.sessionTouchEveryMs) {
    await repos.sessions.touch(id, now.toISOString());
    session.last_seen_at = now.toISOString();
  }
  return { session, user };
}

/** Ends the session a token names (no error when it is already gone). */
export async function endSession(deps: SessionDeps, token: string | undefined): Promise<void> {
  if (!token) return;
  await createRepos(deps.database.db).sessions.delete(hashToken(token));
}
