import type { Kysely } from 'kysely';
import type { DialectAdapter, DialectName } from '../db/dialect-adapter.ts';
import * as postgres from './postgres/postgres-migration.ts';
import * as sqlite from './sqlite/sqlite-migration.ts';

const UP: Record<DialectName, (db: Kysely<unknown>) => Promise<void>> = {
  sqlite: sqlite.up,
  postgres: postgres.up,
};

/** Migration 002: the search index tables, whose DDL each backend owns. */
export async function up(db: Kysely<unknown>, adapter: DialectAdapter): Promise<void> {
  await UP[adapter.name](db);
}

const UP_FACETS: Record<DialectName, (db: Kysely<unknown>) => Promise<void>> = {
  // FTS5 already has its facets column and time-ordered rowids.
  sqlite: async () => {},
  postgres: postgres.upFacets,
};

/** Migration 009: PostgreSQL filter and time-bucket tokens in the GIN index. */
export async function upFacets(db: Kysely<unknown>, adapter: DialectAdapter): Promise<void> {
  await UP_FACETS[adapter.name](db);
}
