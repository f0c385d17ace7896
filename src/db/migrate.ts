import { Migrator, type Migration, type MigrationProvider } from 'kysely';
import type { DialectAdapter } from './dialect-adapter.ts';
import * as core from './migrations/001-core.ts';
import * as search from './migrations/002-search.ts';
import * as discovery from './migrations/004-discovery.ts';
import * as accounts from './migrations/003-accounts.ts';
import * as revisions from './migrations/005-revisions.ts';
import * as distribution from './migrations/006-distribution.ts';
import * as api from './migrations/007-api.ts';
import * as schedulerIndex from './migrations/008-scheduler-index.ts';
import * as searchFacets from './migrations/009-search-facets.ts';
import * as authorListingLanguage from './migrations/010-author-listing-language.ts';

type AdapterMigration = {
  up: (db: Parameters<Migration['up']>[0], adapter: DialectAdapter) => Promise<void>;
};

/** Ordered list of migrations. Names sort in the order they must run. */
const MIGRATIONS: Record<string, AdapterMigration> = {
  '001-core': core,
  '002-search': search,
  '004-discovery': discovery,
  '003-accounts': accounts,
  '005-revisions': revisions,
  '006-distribution': distribution,
  '007-api': api,
  '008-scheduler-index': schedulerIndex,
  '009-search-facets': searchFacets,
  '010-author-listing-language': authorListingLanguage,
};

/**
 * Registers extra migrations from adapters that own their tables (the search index, for one).
 * Call before `migrateToLatest`.
 */
export function migrationProvider(
  adapter: DialectAdapter,
  extra: Record<string, AdapterMigration> = {},
): MigrationProvider {
  return {
    getMigrations: async () => {
      const all: Record<string, Migration> = {};
      for (const [name, m] of Object.entries({ ...MIGRATIONS, ...extra })) {
        all[name] = { up: (db) => m.up(db, adapter) };
      }
      return all;
    },
  };
}

export async function migrateToLatest(
  adapter: DialectAdapter,
  extra: Record<string, AdapterMigration> = {},
): Promise<void> {
  const migrator = new Migrator({
    db: adapter.db,
    provider: migrationProvider(adapter, extra),
    ...(adapter.migrationSchema ? { migrationTableSchema: adapter.migrationSchema } : {}),
  });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw new Error(`Migration ${failed?.migrationName ?? ''} failed: ${detail}`);
  }
}

export type { AdapterMigration };
