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

/**
 * Facet tokens beside the text, in the same GIN index: the edition (`zl`), section (`zs`), tags
 * (`zt`), bylines (`za`) and the visibility year (`zy`) and month (`zm`). Filters and "the newest
 * matches first" then become one GIN scan instead of reading every matching row to sort it by
 * time (`postgres-search-index.ts`). The pending list is off so queries never scan a backlog.
 */
export async function upFacets(db: Kysely<unknown>): Promise<void> {
  await sql`alter table search_documents add column facets tsvector not null default ''`.execute(db);
  await sql`update search_documents set facets = array_to_tsvector(
      array['zl' || language, 'zy' || left(visible_from, 4), 'zm' || left(visible_from, 4) || substr(visible_from, 6, 2)]
      || case when section_id is null then '{}'::text[] else array['zs' || section_id] end
      || array(select 'zt' || t from unnest(tag_ids) t)
      || array(select 'za' || a from unnest(author_ids) a))`.execute(db);
  await sql`drop index search_documents_document`.execute(db);
  await sql`drop index search_documents_language_visible`.execute(db);
  await sql`drop index search_documents_tags`.execute(db);
  await sql`drop index search_documents_authors`.execute(db);
  await sql`create index search_documents_match on search_documents using gin (document, facets)
    with (fastupdate = off)`.execute(db);
  await sql`analyze search_documents`.execute(db);
}
