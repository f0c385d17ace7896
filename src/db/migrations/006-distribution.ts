import type { Kysely } from 'kysely';
import type { DialectAdapter } from '../dialect-adapter.ts';

/**
 * Distribution and migration (issue 5):
 * - `media.remote_url`: imported featured images stay where they were (WordPress/Ghost hosts) until
 *   someone fetches them; a media row with a remote URL and no variants stands for such an image.
 * - `import_keys`: which source record (WordPress post 123 of site X) made which row, so importing
 *   the same file again updates nothing twice and creates no duplicates.
 * - `articles_sitemap`: covering index so the sitemap index counts and dates a month of articles
 *   without touching the table.
 */
export async function up(db: Kysely<unknown>, _adapter: DialectAdapter): Promise<void> {
  await db.schema.alterTable('media').addColumn('remote_url', 'text').execute();

  await db.schema
    .createTable('import_keys')
    .addColumn('source', 'varchar(300)', (c) => c.notNull())
    .addColumn('entity', 'varchar(20)', (c) => c.notNull())
    .addColumn('source_key', 'varchar(300)', (c) => c.notNull())
    .addColumn('entity_id', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .addPrimaryKeyConstraint('import_keys_pk', ['source', 'entity', 'source_key'])
    .execute();

  await db.schema
    .createIndex('articles_sitemap')
    .on('articles')
    .columns(['status', 'published_at', 'updated_at'])
    .execute();
}
