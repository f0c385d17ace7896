import type { CreateTableBuilder, Kysely } from 'kysely';
import type { DB } from './schema.ts';

export type DialectName = 'sqlite' | 'postgres';

/**
 * What differs between the two databases lives behind this interface, never in services.
 * Each backend implements it in `dialects/<name>/`.
 */
export interface DialectAdapter {
  readonly name: DialectName;
  readonly db: Kysely<DB>;
  /** Adds an auto-incrementing integer primary key column `id`. */
  addIdColumn<T extends string>(table: CreateTableBuilder<T, never>): CreateTableBuilder<T, 'id'>;
  /** Size of the connection pool (1 for SQLite), reported by /metrics. */
  poolStats(): { total: number; idle: number; waiting: number };
  /**
   * Runs `fn` only if no other holder (another app server on PostgreSQL, another caller in this
   * process on SQLite) has the named lock; otherwise returns `{ acquired: false }` at once.
   * Lets periodic jobs such as the scheduler run exactly once across servers.
   */
  /**
   * Schema holding Kysely's migration tables (PostgreSQL). Kysely otherwise looks for them in every
   * schema, so another schema's tables (a parallel test run) would hide a missing one here.
   */
  readonly migrationSchema?: string;
  withExclusiveLock<T>(
    name: string,
    fn: () => Promise<T>,
  ): Promise<{ acquired: true; value: T } | { acquired: false }>;
  close(): Promise<void>;
}
