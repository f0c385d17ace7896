import { createRepos } from '../db/repositories/index.ts';
import type { User } from '../db/schema.ts';
import { audit } from './audit.ts';
import type { AccountsDeps } from './deps.ts';
import { normaliseEmail } from './email.ts';
import { verifyDummyPassword, verifyPassword } from './passwords.ts';
import { endSession, startSession } from './session-store.ts';
import { addressFingerprint, lockedFor, recordFailure, recordSuccess, throttleKeys } from './throttle.ts';

export interface SignInProps {
  email: string;
  password: string;
  /** Client address: only a keyed hash of it is kept. */
  address?: string;
  /** The session cookie the browser already had: ended, so a new id is issued (rotation). */
  previousToken?: string;
}

export type SignInResult =
  | { kind: 'signed-in'; token: string; user: User }
  | { kind: 'second-factor'; pendingToken: string }
  /** `invalid` covers unknown account, wrong password and disabled account alike. */
  | { kind: 'refused'; reason: 'invalid' | 'throttled'; retryAfterSeconds: number };

/**
 * The password step of sign-in. Unknown accounts cost the same time as wrong passwords (a dummy
 * hash is checked) and are counted and locked the same way, so the answer reveals nothing.
 */
export async function signIn(deps: AccountsDeps, props: SignInProps): Promise<SignInResult> {
  const db = deps.database.db;
  const email = normaliseEmail(props.email).slice(0, 320);
  // Longer than any password we accept; bounds the hashing work an attacker can ask for.
  const password = props.password.slice(0, 1024);
  const keys = throttleKeys(deps.secrets, email, props.address);
  const addr = addressFingerprint(deps.secrets, props.address);

  const wait = await lockedFor(db, deps.clock(), keys);
  if (wait > 0) return { kind: 'refused', reason: 'throttled', retryAfterSeconds: wait };

  const user = email ? await createRepos(db).users.byEmail(email) : undefined;
  const ok = user ? await verifyPassword(user.password_hash, password) : await verifyDummyPassword(password);
  const now = deps.clock();

  if (!ok || !user || user.disabled === 1) {
    const lock = await recordFailure(db, now, keys);
    const reason = !user ? 'unknown-account' : user.disabled === 1 ? 'disabled' : 'wrong-password';
    await audit(db, now, {
      action: 'auth.sign-in-failed',
      actor: null,
      actorEmail: email,
      ...(user ? { targetType: 'user' as const, targetId: user.id } : {}),
      detail: { reason, addr },
    });
    if (lock > 0) {
      await audit(db, now, {
        action: 'auth.lockout',
        actor: null,
        actorEmail: email,
        detail: { seconds: lock, addr },
      });
      return { kind: 'refused', reason: 'throttled', retryAfterSeconds: lock };
    }
    return { kind: 'refused', reason: 'invalid', retryAfterSeconds: 0 };
  }

  await endSession(deps, props.previousToken);
  if (user.totp_enabled === 1) {
    const pending = await startSession(db, now, user.id, true);
    return { kind: 'second-factor', pendingToken: pending.token };
  }
  await recordSuccess(db, keys);
  const { token } = await startSession(db, now, user.id);
  await audit(db, now, {
    action: 'auth.sign-in',
    actor: { id: user.id, email: user.email },
    detail: { secondFactor: 'none', addr },
  });
  return { kind: 'signed-in', token, user };
}
