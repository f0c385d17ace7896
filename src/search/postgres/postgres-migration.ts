import { sql, type Kysely } from 'kysely';

/**
 * One row per public article with a weighted tsvector (A headline, B standfirst, C tags/section/
 * bylines, D body) under a GIN index, and the filter keys beside it. The text is normalised
 * (Persian variants folded) before `to_tsvector`, with 'english' for English and 'simple' otherwise.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create table search_documents (
    article_id integer primary key references articles(id) on delete cascade,
    language varchar(8) not null,
    section_id integer,
    author_ids integer[] not null default '{}',
    tag_ids integer[] not null default '{}',
    visible_from varchar(30) not null,
    document tsvector not null
  )`.execute(db);
  await sql`create index search_documents_document on search_documents using gin (document)`.execute(db);
  await sql`create index search_documents_language_visible on search_documents (language, visible_from)`.execute(
    db,
  );
  await sql`create index search_documents_visible on search_documents (visible_from)`.execute(db);
  await sql`create index search_documents_tags on search_documents using gin (tag_ids)`.execute(db);
  await sql`create index search_documents_authors on search_documents using gin (author_ids)`.execute(db);
}
