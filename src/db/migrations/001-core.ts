import type { Kysely } from 'kysely';
import type { DialectAdapter } from '../dialect-adapter.ts';

/** Content model: sections, tags, bylines, media, articles, notes, redirects, curation, settings. */
export async function up(db: Kysely<unknown>, adapter: DialectAdapter): Promise<void> {
  await adapter
    .addIdColumn(db.schema.createTable('sections'))
    .addColumn('language', 'varchar(8)', (c) => c.notNull())
    .addColumn('slug', 'varchar(160)', (c) => c.notNull())
    .addColumn('name', 'varchar(200)', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('parent_id', 'integer', (c) => c.references('sections.id').onDelete('set null'))
    .addColumn('position', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(30)', (c) => c.notNull())
    .addUniqueConstraint('sections_language_slug', ['language', 'slug'])
    .execute();

  await adapter
    .addIdColumn(db.schema.createTable('tags'))
    .addColumn('language', 'varchar(8)', (c) => c.notNull())
    .addColumn('slug', 'varchar(160)', (c) => c.notNull())
    .addColumn('name', 'varchar(200)', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .addUniqueConstraint('tags_language_slug', ['language', 'slug'])
    .execute();

  await adapter
    .addIdColumn(db.schema.createTable('media'))
    .addColumn('storage_key', 'varchar(200)', (c) => c.notNull().unique())
    .addColumn('original_name', 'varchar(300)', (c) => c.notNull().defaultTo(''))
    .addColumn('mime', 'varchar(60)', (c) => c.notNull())
    .addColumn('width', 'integer', (c) => c.notNull())
    .addColumn('height', 'integer', (c) => c.notNull())
    .addColumn('bytes', 'integer', (c) => c.notNull())
    .addColumn('alt', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('caption', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('credit', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('variants', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .execute();

  await adapter
    .addIdColumn(db.schema.createTable('authors'))
    .addColumn('slug', 'varchar(160)', (c) => c.notNull().unique())
    .addColumn('name', 'varchar(200)', (c) => c.notNull())
    .addColumn('bio', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('photo_media_id', 'integer', (c) => c.references('media.id').onDelete('set null'))
    .addColumn('links', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('email', 'varchar(320)')
    .addColumn('user_id', 'integer')
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(30)', (c) => c.notNull())
    .execute();

  await adapter
    .addIdColumn(db.schema.createTable('articles'))
    .addColumn('language', 'varchar(8)', (c) => c.notNull())
    .addColumn('slug', 'varchar(160)', (c) => c.notNull())
    .addColumn('headline', 'text', (c) => c.notNull())
    .addColumn('standfirst', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('excerpt', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('body_format', 'varchar(20)', (c) => c.notNull().defaultTo('markdown'))
    .addColumn('body_source', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('body_html', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('word_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('status', 'varchar(20)', (c) => c.notNull())
    .addColumn('section_id', 'integer', (c) => c.references('sections.id').onDelete('set null'))
    .addColumn('featured_media_id', 'integer', (c) => c.references('media.id').onDelete('set null'))
    .addColumn('featured_alt', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('featured_caption', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('featured_credit', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('canonical_url', 'text')
    .addColumn('seo_title', 'text')
    .addColumn('seo_description', 'text')
    .addColumn('translation_group', 'varchar(64)')
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('published_at', 'varchar(30)')
    .addColumn('embargo_until', 'varchar(30)')
    .addColumn('unpublish_at', 'varchar(30)')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addUniqueConstraint('articles_language_slug', ['language', 'slug'])
    .execute();
  // Public lists: newest first per edition, per section; keyset pagination on (published_at, id).
  await db.schema
    .createIndex('articles_public')
    .on('articles')
    .columns(['language', 'status', 'published_at', 'id'])
    .execute();
  await db.schema
    .createIndex('articles_section_public')
    .on('articles')
    .columns(['section_id', 'status', 'published_at', 'id'])
    .execute();
  await db.schema.createIndex('articles_translation').on('articles').column('translation_group').execute();
  await db.schema
    .createIndex('articles_status_times')
    .on('articles')
    .columns(['status', 'published_at'])
    .execute();

  await db.schema
    .createTable('article_tags')
    .addColumn('article_id', 'integer', (c) => c.notNull().references('articles.id').onDelete('cascade'))
    .addColumn('tag_id', 'integer', (c) => c.notNull().references('tags.id').onDelete('cascade'))
    .addColumn('position', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('listed_at', 'varchar(30)')
    .addPrimaryKeyConstraint('article_tags_pk', ['article_id', 'tag_id'])
    .execute();
  await db.schema
    .createIndex('article_tags_list')
    .on('article_tags')
    .columns(['tag_id', 'listed_at', 'article_id'])
    .execute();

  await db.schema
    .createTable('article_authors')
    .addColumn('article_id', 'integer', (c) => c.notNull().references('articles.id').onDelete('cascade'))
    .addColumn('author_id', 'integer', (c) => c.notNull().references('authors.id').onDelete('cascade'))
    .addColumn('position', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('listed_at', 'varchar(30)')
    .addPrimaryKeyConstraint('article_authors_pk', ['article_id', 'author_id'])
    .execute();
  await db.schema
    .createIndex('article_authors_list')
    .on('article_authors')
    .columns(['author_id', 'listed_at', 'article_id'])
    .execute();

  await adapter
    .addIdColumn(db.schema.createTable('article_notes'))
    .addColumn('article_id', 'integer', (c) => c.notNull().references('articles.id').onDelete('cascade'))
    .addColumn('kind', 'varchar(20)', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('article_notes_article').on('article_notes').column('article_id').execute();

  await db.schema
    .createTable('redirects')
    .addColumn('from_path', 'varchar(600)', (c) => c.primaryKey())
    .addColumn('to_path', 'varchar(600)', (c) => c.notNull())
    .addColumn('status_code', 'integer', (c) => c.notNull().defaultTo(301))
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .execute();

  await adapter
    .addIdColumn(db.schema.createTable('must_read'))
    .addColumn('language', 'varchar(8)', (c) => c.notNull())
    .addColumn('article_id', 'integer', (c) => c.notNull().references('articles.id').onDelete('cascade'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('expires_at', 'varchar(30)')
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .addUniqueConstraint('must_read_language_article', ['language', 'article_id'])
    .execute();

  await db.schema
    .createTable('settings')
    .addColumn('key', 'varchar(100)', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .execute();
}
