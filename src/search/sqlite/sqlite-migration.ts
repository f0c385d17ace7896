import { sql, type Kysely } from 'kysely';

/**
 * FTS5 index, contentless (the text lives in `articles`; snippets are cut from it) with deletes.
 * The rowid is a time key, `visible_ms * 1024 + slot`, so "newest first", "published by now" and
 * date ranges are rowid ranges the FTS5 doclists answer directly. `facets` holds filter tokens
 * (language, section, tags, bylines) so filters join the MATCH instead of scanning rows.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create virtual table search_fts using fts5(
    headline, standfirst, body, tags, section, bylines, facets,
    content = '', contentless_delete = 1,
    tokenize = 'porter unicode61 remove_diacritics 2'
  )`.execute(db);
  await sql`create table search_docs (
    doc_key integer primary key,
    article_id integer not null unique references articles(id) on delete cascade
  )`.execute(db);
}
