import { statSync } from 'node:fs';
import { sql } from 'kysely';
import type { DialectAdapter, DialectName } from '../db/dialect-adapter.ts';

/**
 * Size on disk of the database, per backend. (A candidate for DialectAdapter itself; kept here as a
 * lookup by dialect so the CLI holds no `if (postgres)`.)
 */
const SIZERS: Record<DialectName, (adapter: DialectAdapter, url: string) => Promise<number | undefined>> = {
  sqlite: async (_adapter, url) => {
    const path = url.slice('sqlite:'.length).replace(/^\/\/(?=\/)/, '');
    if (path === ':memory:') return undefined;
    let total = 0;
    for (const suffix of ['', '-wal']) {
      try {
        total += statSync(path + suffix).size;
      } catch {
        // No WAL file is fine.
      }
    }
    return total;
  },
  postgres: async (adapter) => {
    // The schema in use (tests run in private ones), else the database.
    const row = await sql<{ bytes: number | string }>`
      select coalesce(sum(pg_total_relation_size(c.oid)), 0) as bytes
      from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = current_schema() and c.relkind in ('r', 'm')`.execute(adapter.db);
    return Number(row.rows[0]?.bytes ?? 0);
  },
};

export async function databaseSize(adapter: DialectAdapter, url: string): Promise<number | undefined> {
  return SIZERS[adapter.name](adapter, url);
}
