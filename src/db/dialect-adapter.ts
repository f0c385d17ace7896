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
  close(): Promise<void>;
}
