import type { Kysely } from 'kysely';
import type { DB } from '../schema.ts';

/**
 * Single-use secrets of accounts: recovery codes, password-reset tokens and invitations.
 * Only hashes are stored; every "use" is one conditional UPDATE, so a token works once even
 * when two requests race.
 */
export function createAccountTokensRepo(db: Kysely<DB>) {
  return {
    async replaceRecoveryCodes(userId: number, hashes: readonly string[], now: string): Promise<void> {
      await db.deleteFrom('recovery_codes').where('user_id', '=', userId).execute();
      if (hashes.length === 0) return;
      await db
        .insertInto('recovery_codes')
        .values(hashes.map((code_hash) => ({ user_id: userId, code_hash, used_at: null, created_at: now })))
        .execute();
    },
    async useRecoveryCode(userId: number, hash: string, now: string): Promise<boolean> {
      const result = await db
        .updateTable('recovery_codes')
        .set({ used_at: now })
        .where('user_id', '=', userId)
        .where('code_hash', '=', hash)
        .where('used_at', 'is', null)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },
    async unusedRecoveryCodes(userId: number): Promise<number> {
      const row = await db
        .selectFrom('recovery_codes')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('user_id', '=', userId)
        .where('used_at', 'is', null)
        .executeTakeFirst();
      return Number(row?.n ?? 0);
    },

    async createReset(row: {
      tokenHash: string;
      userId: number;
      createdBy: number | null;
      now: string;
      expiresAt: string;
    }): Promise<void> {
      await db
        .insertInto('password_resets')
        .values({
          token_hash: row.tokenHash,
          user_id: row.userId,
          created_by: row.createdBy,
          created_at: row.now,
          expires_at: row.expiresAt,
          used_at: null,
        })
        .execute();
    },
    /** The user a reset token belongs to while it is unused and unexpired. */
    async findReset(tokenHash: string, now: string): Promise<{ id: number; userId: number } | undefined> {
      return db
        .selectFrom('password_resets')
        .select(['id', 'user_id as userId'])
        .where('token_hash', '=', tokenHash)
        .where('used_at', 'is', null)
        .where('expires_at', '>', now)
        .executeTakeFirst();
    },
    async useReset(id: number, now: string): Promise<boolean> {
      const result = await db
        .updateTable('password_resets')
        .set({ used_at: now })
        .where('id', '=', id)
        .where('used_at', 'is', null)
        .where('expires_at', '>', now)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },
    /** Older unused reset links die when a new one is issued or the password changes. */
    async voidResets(userId: number, now: string): Promise<void> {
      await db
        .updateTable('password_resets')
        .set({ used_at: now })
        .where('user_id', '=', userId)
        .where('used_at', 'is', null)
        .execute();
    },

    async createInvitation(row: {
      tokenHash: string;
      email: string;
      name: string;
      role: string;
      invitedBy: number | null;
      now: string;
      expiresAt: string;
    }): Promise<number> {
      const { id } = await db
        .insertInto('invitations')
        .values({
          token_hash: row.tokenHash,
          email: row.email,
          name: row.name,
          role: row.role,
          invited_by: row.invitedBy,
          created_at: row.now,
          expires_at: row.expiresAt,
          accepted_at: null,
          revoked_at: null,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return id;
    },
    async findInvitation(tokenHash: string, now: string) {
      return db
        .selectFrom('invitations')
        .select(['id', 'email', 'name', 'role', 'invited_by as invitedBy', 'expires_at as expiresAt'])
        .where('token_hash', '=', tokenHash)
        .where('accepted_at', 'is', null)
        .where('revoked_at', 'is', null)
        .where('expires_at', '>', now)
        .executeTakeFirst();
    },
    async acceptInvitation(id: number, now: string): Promise<boolean> {
      const result = await db
        .updateTable('invitations')
        .set({ accepted_at: now })
        .where('id', '=', id)
        .where('accepted_at', 'is', null)
        .where('revoked_at', 'is', null)
        .where('expires_at', '>', now)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },
    async revokeInvitation(id: number, now: string): Promise<boolean> {
      const result = await db
        .updateTable('invitations')
        .set({ revoked_at: now })
        .where('id', '=', id)
        .where('accepted_at', 'is', null)
        .where('revoked_at', 'is', null)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },
    /** Invitations still waiting to be accepted. */
    async pendingInvitations(now: string) {
      return db
        .selectFrom('invitations')
        .select(['id', 'email', 'name', 'role', 'created_at as createdAt', 'expires_at as expiresAt'])
        .where('accepted_at', 'is', null)
        .where('revoked_at', 'is', null)
        .where('expires_at', '>', now)
        .orderBy('id', 'desc')
        .execute();
    },
  };
}
