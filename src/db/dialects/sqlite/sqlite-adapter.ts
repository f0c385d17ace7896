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
  database.pragma('cache_size = -16000');
  database.pragma('temp_store = MEMORY');
  const db = new Kysely<DB>({ dialect: new SqliteDialect({ database: withStatementCache(database) }) });
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

const STATEMENT_CACHE_SIZE = 1000;

/**
 * Kysely prepares every query afresh; preparing costs as much as running a small indexed query.
 * Pages issue the same few dozen SQL texts over and over, so keep their prepared statements
 * (LRU-bounded). A statement still busy streaming rows is never handed out twice.
 */
function withStatementCache(database: SQLite.Database): SQLite.Database {
  const cache = new Map<string, SQLite.Statement>();
  const prepare = (source: string): SQLite.Statement => {
    const cached = cache.get(source);
    if (cached && !cached.busy) {
      cache.delete(source);
      cache.set(source, cached);
      return cached;
    }
    const statement = database.prepare(source);
    if (!cached) {
      cache.set(source, statement);
      if (cache.size > STATEMENT_CACHE_SIZE) cache.delete(cache.keys().next().value!);
    }
    return statement;
  };
  return new Proxy(database, {
    get(target, property, receiver) {
      if (property === 'prepare') return prepare;
      const value: unknown = Reflect.get(target, property, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}
