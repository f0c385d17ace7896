import type { Kysely } from 'kysely';
import type { DialectAdapter } from '../dialect-adapter.ts';

/**
 * Discovery: hourly view buckets (most read) and anonymous co-visitation pair counts
 * ("readers of X also read Y"). Neither holds an IP address, a reader id or a per-reader row:
 * only aggregate counts, written in batches by the in-memory buffer, never per view.
 */
export async function up(db: Kysely<unknown>, _adapter: DialectAdapter): Promise<void> {
  await db.schema
    .createTable('article_views_hourly')
    .addColumn('article_id', 'integer', (c) => c.notNull())
    // UTC hour as `2026-11-27T14`: sorts as text in both databases.
    .addColumn('hour', 'varchar(13)', (c) => c.notNull())
    .addColumn('views', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('article_views_hourly_pk', ['article_id', 'hour'])
    .execute();
  await db.schema
    .createIndex('article_views_hourly_hour')
    .on('article_views_hourly')
    .column('hour')
    .execute();

  await db.schema
    .createTable('covisit_pairs')
    .addColumn('from_id', 'integer', (c) => c.notNull())
    .addColumn('to_id', 'integer', (c) => c.notNull())
    .addColumn('count', 'integer', (c) => c.notNull())
    .addColumn('updated_hour', 'varchar(13)', (c) => c.notNull())
    .addPrimaryKeyConstraint('covisit_pairs_pk', ['from_id', 'to_id'])
    .execute();
}
