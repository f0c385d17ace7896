import { resolve } from 'node:path';
import { BroadsheetError } from '../domain/errors.ts';
import type { DialectAdapter } from './dialect-adapter.ts';
import { createPostgresAdapter } from './dialects/postgres/postgres-adapter.ts';
import { createSqliteAdapter } from './dialects/sqlite/sqlite-adapter.ts';

/**
 * Picks the backend from DATABASE_URL: `sqlite:PATH` (or `sqlite::memory:`) or `postgres://...`.
 * A `?schema=NAME` parameter on a PostgreSQL URL selects (and creates) a schema.
 */
export async function connectDatabase(url: string): Promise<DialectAdapter> {
  if (url.startsWith('sqlite:')) {
    const path = url.slice('sqlite:'.length).replace(/^\/\/(?=\/)/, '');
    if (!path) throw new BroadsheetError('CONFIG', 'DATABASE_URL sqlite: needs a file path');
    return createSqliteAdapter(path === ':memory:' ? path : resolve(path));
  }
  if (url.startsWith('postgres://') || url.startsWith('postgresql://')) {
    const parsed = new URL(url);
    const schema = parsed.searchParams.get('schema') ?? undefined;
    parsed.searchParams.delete('schema');
    return createPostgresAdapter({ connectionString: parsed.toString(), ...(schema ? { schema } : {}) });
  }
  throw new BroadsheetError('CONFIG', `DATABASE_URL must start with sqlite: or postgres:// (got "${url}")`);
}
