import type { Kysely } from 'kysely';
import { fillAuthorListingLanguage } from '../repositories/articles.ts';

/**
 * An author page lists one edition. Filtering the author's rows by the article's language walked
 * every byline of the author to find a few in the other edition (25 ms for an English-only
 * author's Persian page at 100,000 articles, growing with the archive); the byline rows now carry
 * the language, and one index serves the page in order.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('article_authors').addColumn('language', 'varchar(8)').execute();
  await fillAuthorListingLanguage(db as never);
  await db.schema
    .createIndex('article_authors_edition')
    .on('article_authors')
    .columns(['author_id', 'language', 'listed_at', 'article_id'])
    .execute();
}
