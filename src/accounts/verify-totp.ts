import { createRepos } from '../db/repositories/index.ts';
import type { User } from '../db/schema.ts';
import { audit } from './audit.ts';
import type { AccountsDeps } from './deps.ts';
import { endSession, resolveSession, startSession } from './session-store.ts';
import { addressFingerprint, lockedFor, recordFailure, recordSuccess, throttleKeys } from './throttle.ts';
import { hashToken, normaliseRecoveryCode } from './tokens.ts';
import { looksLikeTotp, totpStep } from './totp.ts';

export interface SecondFactorProps {
  /** Token of the pending session the password step issued. */
  pendingToken: string | undefined;
  /** A 6-digit TOTP code or a recovery code. */
  code: string;
  address?: string;
}

export type SecondFactorResult =
  | { kind: 'signed-in'; token: string; user: User; usedRecoveryCode: boolean; recoveryCodesLeft: number }
  | { kind: 'refused'; reason: 'invalid' | 'throttled' | 'expired'; retryAfterSeconds: number };

/**
 * Checks a TOTP code (each time step is accepted once) for a user; false when wrong or replayed.
 */
export async function checkTotp(deps: AccountsDeps, user: User, code: string, now: Date): Promise<boolean> {
  if (!user.totp_secret) return false;
  let secret: string;
  try {
    secret = deps.secrets.decrypt(user.totp_secret);
  } catch {
    // Sealed with a key that is gone: only recovery codes can help now.
    return false;
  }
  const step = totpStep(secret, code, now);
  if (step === null) return false;
  return createRepos(deps.database.db).users.claimTotpStep(user.id, step);
}

/**
 * The second step of sign-in: a TOTP code or a single-use recovery code. Failures count towards
 * the same back-off as wrong passwords. On success the pending session is replaced by a new one.
 */
export async function verifySecondFactor(
  deps: AccountsDeps,
  props: SecondFactorProps,
): Promise<SecondFactorResult> {
  const db = deps.database.db;
  const pending = await resolveSession(deps, props.pendingToken, { pending: true });
  if (!pending) return { kind: 'refused', reason: 'expired', retryAfterSeconds: 0 };
  const { user } = pending;
  const keys = throttleKeys(deps.secrets, user.email, props.address);
  const addr = addressFingerprint(deps.secrets, props.address);
  const wait = await lockedFor(db, deps.clock(), keys);
  if (wait > 0) return { kind: 'refused', reason: 'throttled', retryAfterSeconds: wait };

  const now = deps.clock();
  const code = props.code.trim().slice(0, 64);
  let usedRecoveryCode = false;
  let ok = false;
  if (looksLikeTotp(code)) {
    ok = await checkTotp(deps, user, code, now);
  } else if (code !== '') {
    ok = await createRepos(db).accountTokens.useRecoveryCode(
      user.id,
      hashToken(normaliseRecoveryCode(code)),
      now.toISOString(),
    );
    usedRecoveryCode = ok;
  }

  if (!ok) {
    const lock = await recordFailure(db, now, keys);
    await audit(db, now, {
      action: 'auth.second-factor-failed',
      actor: null,
      actorEmail: user.email,
      targetType: 'user',
      targetId: user.id,
      detail: { addr },
    });
    if (lock > 0) {
      await audit(db, now, {
        action: 'auth.lockout',
        actor: null,
        actorEmail: user.email,
        targetType: 'user',
        targetId: user.id,
        detail: { seconds: lock, addr },
      });
      return { kind: 'refused', reason: 'throttled', retryAfterSeconds: lock };
    }
    return { kind: 'refused', reason: 'invalid', retryAfterSeconds: 0 };
  }

  await endSession(deps, props.pendingToken);
  await recordSuccess(db, keys);
  const { token } = await startSession(db, now, user.id);
  const actor = { id: user.id, email: user.email };
  const recoveryCodesLeft = await createRepos(db).accountTokens.unusedRecoveryCodes(user.id);
  if (usedRecoveryCode)
    await audit(db, now, { action: 'auth.recovery-code-used', actor, detail: { left: recoveryCodesLeft } });
  await audit(db, now, {
    action: 'auth.sign-in',
    actor,
    detail: { secondFactor: usedRecoveryCode ? 'recovery-code' : 'totp', addr },
  });
  return { kind: 'signed-in', token, user, usedRecoveryCode, recoveryCodesLeft };
}
