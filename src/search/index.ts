import type { DialectAdapter, DialectName } from '../db/dialect-adapter.ts';
import type { SearchIndex, SearchIndexOptions } from './search-index.ts';
import { createPostgresSearchIndex } from './postgres/postgres-search-index.ts';
import { createSqliteSearchIndex } from './sqlite/sqlite-search-index.ts';

const BACKENDS: Record<DialectName, (adapter: DialectAdapter, options: SearchIndexOptions) => SearchIndex> = {
  sqlite: (adapter, options) => createSqliteSearchIndex(adapter.db, options),
  postgres: (adapter, options) => createPostgresSearchIndex(adapter.db, options),
};

/** The one place that picks the search backend for a database. */
export function createSearchIndex(adapter: DialectAdapter, options: SearchIndexOptions): SearchIndex {
  return BACKENDS[adapter.name](adapter, options);
}

export type { SearchIndex, SearchQuery, SearchResults, SearchHit, RankingOptions } from './search-index.ts';
