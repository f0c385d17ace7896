import type { Kysely } from 'kysely';
import type { DB, User, UserTable } from '../schema.ts';
import type { Insertable, Updateable } from 'kysely';

export type NewUser = Insertable<UserTable>;
export type UserChanges = Updateable<UserTable>;

/** Newsroom accounts. Emails are stored lower-cased; callers normalise before asking. */
export function createUsersRepo(db: Kysely<DB>) {
  return {
    async byId(id: number): Promise<User | undefined> {
      return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
    },
    async byEmail(email: string): Promise<User | undefined> {
      return db.selectFrom('users').selectAll().where('email', '=', email).executeTakeFirst();
    },
    async create(user: NewUser): Promise<User> {
      const { id } = await db.insertInto('users').values(user).returning('id').executeTakeFirstOrThrow();
      return (await this.byId(id))!;
    },
    async update(id: number, changes: UserChanges): Promise<void> {
      await db.updateTable('users').set(changes).where('id', '=', id).execute();
    },
    /**
     * Accepts TOTP step `step` only if it is newer than the last one accepted, atomically, so a
     * code can never be used twice (not even by two requests racing).
     */
    async claimTotpStep(id: number, step: number): Promise<boolean> {
      const result = await db
        .updateTable('users')
        .set({ totp_last_step: step })
        .where('id', '=', id)
        .where((eb) => eb.or([eb('totp_last_step', 'is', null), eb('totp_last_step', '<', step)]))
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },
    async list(): Promise<User[]> {
      return db.selectFrom('users').selectAll().orderBy('email').execute();
    },
    async count(): Promise<number> {
      const row = await db
        .selectFrom('users')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirst();
      return Number(row?.n ?? 0);
    },
    /** Active admins other than `exceptId`: the last admin may not be demoted or disabled. */
    async countActiveAdmins(exceptId?: number): Promise<number> {
      let q = db
        .selectFrom('users')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('role', '=', 'admin')
        .where('disabled', '=', 0);
      if (exceptId !== undefined) q = q.where('id', '!=', exceptId);
      const row = await q.executeTakeFirst();
      return Number(row?.n ?? 0);
    },
  };
}
