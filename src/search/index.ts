import type { DialectAdapter, DialectName } from '../db/dialect-adapter.ts';
import type { SearchIndex, SearchIndexOptions } from './search-index.ts';
import { createPostgresSearchIndex } from './postgres/postgres-search-index.ts';
import { createSqliteSearchIndex } from './sqlite/sqlite-search-index.ts';

type Backend = Omit<SearchIndex, 'rebuildAll'>;

const BACKENDS: Record<DialectName, (adapter: DialectAdapter, options: SearchIndexOptions) => Backend> = {
  sqlite: (adapter, options) => createSqliteSearchIndex(adapter.db, options),
  postgres: (adapter, options) => createPostgresSearchIndex(adapter.db, options),
};

/** The one place that picks the search backend for a database. */
export function createSearchIndex(adapter: DialectAdapter, options: SearchIndexOptions): SearchIndex {
  const index = BACKENDS[adapter.name](adapter, options);
  // The index always reads through its own connection; the db argument is the seeding hook's shape.
  return { ...index, rebuildAll: async (_db, onProgress) => void (await index.rebuild(onProgress)) };
}

export type { SearchIndex, SearchQuery, SearchResults, SearchHit, RankingOptions } from './search-index.ts';
