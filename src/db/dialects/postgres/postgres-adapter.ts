import pg from 'pg';
import { Kysely, PostgresDialect, sql } from 'kysely';
import type { DialectAdapter } from '../../dialect-adapter.ts';
import type { DB } from '../../schema.ts';

export interface PostgresOptions {
  connectionString: string;
  /** Schema to work in (created if missing); lets tests run side by side in one database. */
  schema?: string;
  max?: number;
}

// COUNT(*) and other int8 results come back as numbers, like SQLite's.
const types = {
  getTypeParser: (oid: number, format?: string) =>
    oid === 20 ? (value: string) => Number(value) : pg.types.getTypeParser(oid, format as 'text'),
};

export async function createPostgresAdapter(options: PostgresOptions): Promise<DialectAdapter> {
  const schema = options.schema;
  if (schema && !/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) throw new Error(`Invalid schema name: ${schema}`);
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    max: options.max ?? 10,
    types,
    ...(schema ? { options: `-c search_path=${schema},public` } : {}),
  });
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  if (schema) await sql`create schema if not exists ${sql.id(schema)}`.execute(db);
  return {
    name: 'postgres',
    db,
    migrationSchema: schema ?? 'public',
    addIdColumn: (table) => table.addColumn('id', 'serial', (c) => c.primaryKey()),
    poolStats: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }),
    // A session-level advisory lock held on one pooled connection while fn runs; keyed by schema too,
    // so sites (and test runs) sharing a database in different schemas do not block each other.
    withExclusiveLock: (name, fn) =>
      db.connection().execute(async (conn) => {
        const key = sql`hashtext(current_schema() || ':' || ${name})`;
        const got = await sql<{ ok: boolean }>`select pg_try_advisory_lock(${key}) as ok`.execute(conn);
        if (!got.rows[0]?.ok) return { acquired: false as const };
        try {
          return { acquired: true as const, value: await fn() };
        } finally {
          await sql`select pg_advisory_unlock(${key})`.execute(conn);
        }
      }),
    close: () => db.destroy(),
  };
}
