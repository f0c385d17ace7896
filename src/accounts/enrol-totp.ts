import { createRepos } from '../db/repositories/index.ts';
import { BroadsheetError, invalid, notFound } from '../domain/errors.ts';
import { audit } from './audit.ts';
import type { AccountsDeps, ActorRef } from './deps.ts';
import { issueRecoveryCodes } from './recovery-codes.ts';
import { newTotpSecret, qrDataUri, totpStep, totpUri } from './totp.ts';

export interface TotpEnrolment {
  /** Base32, for typing in by hand. */
  secret: string;
  uri: string;
  /** SVG QR code as a data URI. */
  qr: string;
}

/**
 * Starts (or continues) two-factor enrolment: a secret is kept, encrypted, until confirmed with
 * a code. Showing the page again shows the same secret, so a QR already scanned stays valid.
 */
export async function beginTotpEnrolment(
  deps: AccountsDeps,
  props: { userId: number; issuer: string },
): Promise<TotpEnrolment> {
  const users = createRepos(deps.database.db).users;
  const user = await users.byId(props.userId);
  if (!user) throw notFound('Account');
  if (user.totp_enabled === 1) throw new BroadsheetError('CONFLICT', 'Two-factor sign-in is already on.');
  let secret = user.totp_secret ? safeDecrypt(deps, user.totp_secret) : null;
  if (!secret) {
    secret = newTotpSecret();
    await users.update(user.id, {
      totp_secret: deps.secrets.encrypt(secret),
      updated_at: deps.clock().toISOString(),
    });
  }
  const uri = totpUri(secret, user.email, props.issuer);
  return { secret, uri, qr: await qrDataUri(uri) };
}

function safeDecrypt(deps: AccountsDeps, sealed: string): string | null {
  try {
    return deps.secrets.decrypt(sealed);
  } catch {
    // Sealed with a key that is gone: start over with a new secret.
    return null;
  }
}

/** Confirms enrolment with a current code; turns two-factor on and returns the recovery codes (show once). */
export async function confirmTotpEnrolment(
  deps: AccountsDeps,
  props: { userId: number; code: string; actor: ActorRef },
): Promise<string[]> {
  const now = deps.clock();
  return deps.database.db.transaction().execute(async (trx) => {
    const users = createRepos(trx).users;
    const user = await users.byId(props.userId);
    if (!user) throw notFound('Account');
    if (user.totp_enabled === 1) throw new BroadsheetError('CONFLICT', 'Two-factor sign-in is already on.');
    const secret = user.totp_secret ? safeDecrypt(deps, user.totp_secret) : null;
    const step = secret ? totpStep(secret, props.code, now) : null;
    if (step === null) {
      const message = 'That code did not match. Enter the 6-digit code your app shows now.';
      throw invalid(message, { code: message });
    }
    await users.update(user.id, { totp_enabled: 1, totp_last_step: step, updated_at: now.toISOString() });
    const codes = await issueRecoveryCodes(trx, user.id, now);
    await audit(trx, now, {
      action: 'totp.enabled',
      actor: props.actor,
      targetType: 'user',
      targetId: user.id,
    });
    return codes;
  });
}
