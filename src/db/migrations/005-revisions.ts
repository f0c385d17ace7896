import type { Kysely } from 'kysely';
import type { DialectAdapter } from '../dialect-adapter.ts';

/**
 * Article revisions: every save keeps a full copy of the article's fields (JSON), who made it and
 * when. The breaking-news banner and each edition's home lead story live in `settings`
 * (keys `breaking_news` and `home_lead:<language>`), so they need no table.
 */
export async function up(db: Kysely<unknown>, adapter: DialectAdapter): Promise<void> {
  await adapter
    .addIdColumn(db.schema.createTable('article_revisions'))
    .addColumn('article_id', 'integer', (c) => c.notNull().references('articles.id').onDelete('cascade'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('user_id', 'integer')
    .addColumn('user_name', 'varchar(200)', (c) => c.notNull().defaultTo(''))
    .addColumn('reason', 'varchar(40)', (c) => c.notNull().defaultTo('save'))
    .addColumn('fields', 'text', (c) => c.notNull())
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('article_revisions_article')
    .on('article_revisions')
    .columns(['article_id', 'id'])
    .execute();
}
