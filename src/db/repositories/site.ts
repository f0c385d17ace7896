import type { Kysely } from 'kysely';
import type { DB } from '../schema.ts';

export function createRedirectsRepo(db: Kysely<DB>) {
  return {
    async find(path: string): Promise<{ to: string; status: number } | undefined> {
      const row = await db
        .selectFrom('redirects')
        .select(['to_path', 'status_code'])
        .where('from_path', '=', path)
        .executeTakeFirst();
      return row ? { to: row.to_path, status: row.status_code } : undefined;
    },
    /**
     * Records a permanent redirect. Chains are collapsed: anything that pointed at `from` now
     * points straight at `to`, and a redirect from the new path is dropped.
     */
    async add(from: string, to: string, now: string, status = 301): Promise<void> {
      if (from === to) return;
      await db.deleteFrom('redirects').where('from_path', '=', to).execute();
      await db.updateTable('redirects').set({ to_path: to }).where('to_path', '=', from).execute();
      await db
        .insertInto('redirects')
        .values({ from_path: from, to_path: to, status_code: status, created_at: now })
        .onConflict((oc) => oc.column('from_path').doUpdateSet({ to_path: to, status_code: status }))
        .execute();
    },
  };
}

export function createSettingsRepo(db: Kysely<DB>) {
  return {
    async get(key: string): Promise<string | undefined> {
      const row = await db.selectFrom('settings').select('value').where('key', '=', key).executeTakeFirst();
      return row?.value;
    },
    /** Several keys in one read (absent keys are absent from the map). */
    async getMany(keys: readonly string[]): Promise<Map<string, string>> {
      if (keys.length === 0) return new Map();
      const rows = await db
        .selectFrom('settings')
        .select(['key', 'value'])
        .where('key', 'in', [...keys])
        .execute();
      return new Map(rows.map((r) => [r.key, r.value]));
    },
    async set(key: string, value: string): Promise<void> {
      await db
        .insertInto('settings')
        .values({ key, value })
        .onConflict((oc) => oc.column('key').doUpdateSet({ value }))
        .execute();
    },
  };
}
