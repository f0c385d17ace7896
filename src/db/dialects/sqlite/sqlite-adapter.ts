import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import type { DialectAdapter } from '../../dialect-adapter.ts';
import type { DB } from '../../schema.ts';

/** Opens (creating if needed) an SQLite database file, or `:memory:`, in WAL mode. */
export function createSqliteAdapter(filename: string): DialectAdapter {
  if (filename !== ':memory:') mkdirSync(dirname(filename), { recursive: true });
  const database = new SQLite(filename);
  database.pragma('journal_mode = WAL');
  database.pragma('synchronous = NORMAL');
  database.pragma('foreign_keys = ON');
  database.pragma('busy_timeout = 5000');
  database.pragma('cache_size = -64000');
  database.pragma('temp_store = MEMORY');
  const db = new Kysely<DB>({ dialect: new SqliteDialect({ database }) });
  // One process owns an SQLite file, so an in-process set of held names is the whole lock.
  const held = new Set<string>();
  return {
    name: 'sqlite',
    db,
    addIdColumn: (table) => table.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement()),
    poolStats: () => ({ total: 1, idle: 1, waiting: 0 }),
    async withExclusiveLock(name, fn) {
      if (held.has(name)) return { acquired: false as const };
      held.add(name);
      try {
        return { acquired: true as const, value: await fn() };
      } finally {
        held.delete(name);
      }
    },
    close: () => db.destroy(),
  };
}
