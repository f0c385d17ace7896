import { createRepos } from '../db/repositories/index.ts';
import { audit } from './audit.ts';
import type { ActorRef, SessionDeps } from './deps.ts';
import { hashToken } from './tokens.ts';

/** Ends this browser's session. */
export async function signOut(
  deps: SessionDeps,
  props: { token: string | undefined; actor: ActorRef | null },
): Promise<void> {
  if (!props.token) return;
  const now = deps.clock();
  await createRepos(deps.database.db).sessions.delete(hashToken(props.token));
  if (props.actor) await audit(deps.database.db, now, { action: 'auth.sign-out', actor: props.actor });
}

/**
 * Ends every session of a user (all browsers, all devices); `keepToken` keeps the one asking.
 * Returns how many were ended.
 */
export async function signOutEverywhere(
  deps: SessionDeps,
  props: { userId: number; actor: ActorRef | null; keepToken?: string | undefined },
): Promise<number> {
  const now = deps.clock();
  const ended = await createRepos(deps.database.db).sessions.deleteForUser(
    props.userId,
    props.keepToken ? hashToken(props.keepToken) : undefined,
  );
  await audit(deps.database.db, now, {
    action: 'auth.sign-out-everywhere',
    actor: props.actor,
    targetType: 'user',
    targetId: props.userId,
    detail: { ended },
  });
  return ended;
}
