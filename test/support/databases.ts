import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { DialectAdapter, DialectName } from '../../src/db/dialect-adapter.ts';
import { createPostgresAdapter } from '../../src/db/dialects/postgres/postgres-adapter.ts';
import { createSqliteAdapter } from '../../src/db/dialects/sqlite/sqlite-adapter.ts';

/** PostgreSQL used by tests; CI sets BROADSHEET_REQUIRE_PG=1 so these tests never skip there. */
export const TEST_PG_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const requirePg = process.env.BROADSHEET_REQUIRE_PG === '1';

async function postgresReachable(): Promise<boolean> {
  const client = new pg.Client({ connectionString: TEST_PG_URL, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.end();
    return true;
  } catch (error) {
    if (requirePg)
      throw new Error(`PostgreSQL is required (BROADSHEET_REQUIRE_PG=1) but unreachable: ${String(error)}`);
    return false;
  }
}

const pgAvailable = await postgresReachable();

/** Dialects to run data-layer tests on; `DIALECTS=sqlite` narrows locally. */
export const DIALECTS: DialectName[] = (process.env.DIALECTS?.split(',') as DialectName[] | undefined) ?? [
  'sqlite',
  ...(pgAvailable ? (['postgres'] as const) : []),
];

export interface TestDatabase {
  adapter: DialectAdapter;
  /** DATABASE_URL naming the same database (for code that connects by URL). */
  url: string;
  drop(): Promise<void>;
}

/** A fresh, empty database: SQLite in memory, or a private PostgreSQL schema dropped afterwards. */
export async function freshDatabase(dialect: DialectName): Promise<TestDatabase> {
  if (dialect === 'sqlite') {
    const adapter = createSqliteAdapter(':memory:');
    return { adapter, url: 'sqlite::memory:', drop: () => adapter.close() };
  }
  const schema = `t_${randomBytes(6).toString('hex')}`;
  const adapter = await createPostgresAdapter({ connectionString: TEST_PG_URL, schema, max: 4 });
  return {
    adapter,
    url: `${TEST_PG_URL}?schema=${schema}`,
    async drop() {
      await adapter.close();
      const client = new pg.Client({ connectionString: TEST_PG_URL });
      await client.connect();
      await client.query(`drop schema if exists ${schema} cascade`);
      await client.end();
    },
  };
}
