import type { Kysely } from 'kysely';
import { createRepos } from '../db/repositories/index.ts';
import type { DB } from '../db/schema.ts';
import { POLICY } from './deps.ts';
import type { SecretBox } from './secret-box.ts';

/**
 * Sign-in back-off, per account (keyed by the email as typed, so unknown accounts behave exactly
 * like real ones) and per client address. After the free failures each further failure locks the
 * key for twice as long as the one before, up to an hour.
 */
export interface ThrottleKeys {
  account: string;
  address: string | null;
}

export function throttleKeys(secrets: SecretBox, email: string, address: string | undefined): ThrottleKeys {
  return {
    account: `a:${secrets.keyedHash('throttle-account', email).slice(0, 64)}`,
    address: address ? `i:${secrets.keyedHash('throttle-address', address).slice(0, 64)}` : null,
  };
}

/** A short, keyed fingerprint of the client address for audit entries (never the address). */
export function addressFingerprint(secrets: SecretBox, address: string | undefined): string {
  return address ? secrets.keyedHash('audit-address', address).slice(0, 12) : '';
}

/** Seconds until the caller may try again, or 0. */
export async function lockedFor(db: Kysely<DB>, now: Date, keys: ThrottleKeys): Promise<number> {
  const repo = createRepos(db).loginThrottle;
  let until = 0;
  for (const key of [keys.account, keys.address]) {
    if (!key) continue;
    const state = await repo.get(key);
    if (state?.lockedUntil) until = Math.max(until, new Date(state.lockedUntil).getTime());
  }
  return until > now.getTime() ? Math.ceil((until - now.getTime()) / 1000) : 0;
}

function lockMs(failures: number, free: number): number {
  if (failures < free) return 0;
  return Math.min(POLICY.lockMaxMs, POLICY.lockBaseMs * 2 ** Math.min(failures - free, 20));
}

/** Counts a failure against both keys; returns the lock it caused in seconds (0 for none). */
export async function recordFailure(db: Kysely<DB>, now: Date, keys: ThrottleKeys): Promise<number> {
  const repo = createRepos(db).loginThrottle;
  let longest = 0;
  const pairs: [string | null, number][] = [
    [keys.account, POLICY.accountFreeFailures],
    [keys.address, POLICY.addressFreeFailures],
  ];
  for (const [key, free] of pairs) {
    if (!key) continue;
    const previous = await repo.get(key);
    const stale =
      previous && now.getTime() - new Date(previous.lastFailureAt).getTime() > POLICY.throttleForgetMs;
    const failures = (previous && !stale ? previous.failures : 0) + 1;
    const ms = lockMs(failures, free);
    await repo.put(key, {
      failures,
      lastFailureAt: now.toISOString(),
      lockedUntil: ms > 0 ? new Date(now.getTime() + ms).toISOString() : null,
    });
    longest = Math.max(longest, ms);
  }
  return Math.ceil(longest / 1000);
}

/**
 * A successful sign-in clears the account's counter. The address counter is left to age out, so
 * one valid account cannot be used to reset an address that is guessing at others.
 */
export async function recordSuccess(db: Kysely<DB>, keys: ThrottleKeys): Promise<void> {
  await createRepos(db).loginThrottle.clear(keys.account);
}
