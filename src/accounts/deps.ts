import type { DialectAdapter } from '../db/dialect-adapter.ts';
import type { SecretBox } from './secret-box.ts';

/** What the account services need: the database, the time, and the server key. */
export interface AccountsDeps {
  database: DialectAdapter;
  clock: () => Date;
  secrets: SecretBox;
}

/** Session lookups need no key: session ids are plain hashes of 256-bit tokens. */
export type SessionDeps = Pick<AccountsDeps, 'database' | 'clock'>;

/** Who is doing something, for the audit log. `null` actor: the system (CLI, demo setup). */
export interface ActorRef {
  id: number;
  email: string;
}

export const POLICY = {
  /** A session dies after this long without a request. */
  sessionIdleMs: 12 * 60 * 60 * 1000,
  /** ... and this long after sign-in whatever happens. */
  sessionAbsoluteMs: 7 * 24 * 60 * 60 * 1000,
  /** Between the password and the second factor. */
  pendingSecondFactorMs: 10 * 60 * 1000,
  /** last_seen_at is written at most this often (no write per request). */
  sessionTouchEveryMs: 60 * 1000,
  resetTokenMs: 60 * 60 * 1000,
  invitationMs: 7 * 24 * 60 * 60 * 1000,
  recoveryCodes: 10,
  /** Failures allowed before back-off starts, per account and per address. */
  accountFreeFailures: 5,
  addressFreeFailures: 20,
  /** First lock; doubles with each further failure, up to the cap. */
  lockBaseMs: 30 * 1000,
  lockMaxMs: 60 * 60 * 1000,
  /** A counter is forgotten this long after its last failure. */
  throttleForgetMs: 24 * 60 * 60 * 1000,
} as const;
