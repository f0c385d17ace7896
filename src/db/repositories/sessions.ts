import type { Kysely } from 'kysely';
import type { DB, Session, User } from '../schema.ts';

export interface SessionWithUser {
  session: Session;
  user: User;
}

/** Server-side sessions. Callers pass the hashed id; the raw token never reaches the database. */
export function createSessionsRepo(db: Kysely<DB>) {
  return {
    async create(session: Session): Promise<void> {
      await db.insertInto('sessions').values(session).execute();
    },
    async find(id: string): Promise<SessionWithUser | undefined> {
      const session = await db.selectFrom('sessions').selectAll().where('id', '=', id).executeTakeFirst();
      if (!session) return undefined;
      const user = await db
        .selectFrom('users')
        .selectAll()
        .where('id', '=', session.user_id)
        .executeTakeFirst();
      return user ? { session, user } : undefined;
    },
    async touch(id: string, now: string): Promise<void> {
      await db.updateTable('sessions').set({ last_seen_at: now }).where('id', '=', id).execute();
    },
    async delete(id: string): Promise<void> {
      await db.deleteFrom('sessions').where('id', '=', id).execute();
    },
    /** Signs a user out everywhere (optionally keeping one session, the one asking). */
    async deleteForUser(userId: number, keepId?: string): Promise<number> {
      let q = db.deleteFrom('sessions').where('user_id', '=', userId);
      if (keepId !== undefined) q = q.where('id', '!=', keepId);
      const result = await q.executeTakeFirst();
      return Number(result.numDeletedRows);
    },
    async countForUser(userId: number, now: string): Promise<number> {
      const row = await db
        .selectFrom('sessions')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('user_id', '=', userId)
        .where('pending_second_factor', '=', 0)
        .where('expires_at', '>', now)
        .executeTakeFirst();
      return Number(row?.n ?? 0);
    },
    /** Removes sessions past their absolute expiry or idle since `idleBefore`. */
    async purgeExpired(now: string, idleBefore: string): Promise<number> {
      const result = await db
        .deleteFrom('sessions')
        .where((eb) => eb.or([eb('expires_at', '<=', now), eb('last_seen_at', '<', idleBefore)]))
        .executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}
