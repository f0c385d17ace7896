import type { Kysely } from 'kysely';
import type { DB } from '../schema.ts';

export interface ThrottleState {
  failures: number;
  lastFailureAt: string;
  lockedUntil: string | null;
}

/** Failed sign-in counters keyed by a keyed hash of the account or address. */
export function createLoginThrottleRepo(db: Kysely<DB>) {
  return {
    async get(key: string): Promise<ThrottleState | undefined> {
      return db
        .selectFrom('login_throttle')
        .select(['failures', 'last_failure_at as lastFailureAt', 'locked_until as lockedUntil'])
        .where('key', '=', key)
        .executeTakeFirst();
    },
    async put(key: string, state: ThrottleState): Promise<void> {
      const values = {
        failures: state.failures,
        last_failure_at: state.lastFailureAt,
        locked_until: state.lockedUntil,
      };
      await db
        .insertInto('login_throttle')
        .values({ key, ...values })
        .onConflict((oc) => oc.column('key').doUpdateSet(values))
        .execute();
    },
    async clear(key: string): Promise<void> {
      await db.deleteFrom('login_throttle').where('key', '=', key).execute();
    },
    /** Forgets counters whose last failure is older than `before` (run occasionally). */
    async purge(before: string): Promise<void> {
      await db.deleteFrom('login_throttle').where('last_failure_at', '<', before).execute();
    },
  };
}
