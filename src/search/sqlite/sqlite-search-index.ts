import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { hasPositiveClause, parseSearchQuery, type ParsedQuery } from '../../domain/search-query.ts';
import {
  countPublished,
  loadSearchDocuments,
  loadSnippets,
  publishedIdsAfter,
  type SearchDocument,
} from '../documents.ts';
import {
  freshnessFactor,
  pageBounds,
  resolveRanking,
  type SearchIndex,
  type SearchIndexOptions,
  type SearchQuery,
  type SearchResults,
} from '../search-index.ts';

const SLOTS = 1024;
const COUNT_CAP = 10_000;
const CONTENT_COLUMNS = '{headline standfirst body tags section bylines}';

/** Time key: orders rowids by visibility time; the low bits keep same-millisecond articles apart. */
export function timeKey(iso: string, slot = 0): number {
  return Date.parse(iso) * SLOTS + slot;
}
const keyTime = (key: number): string => new Date(Math.floor(key / SLOTS)).toISOString();

const phrase = (words: readonly string[]): string => `"${words.join(' ')}"`;
const facet = (kind: string, value: string | number): string => `z${kind}${value}`;

function facetTokens(doc: SearchDocument): string {
  return [
    facet('l', doc.language),
    ...(doc.sectionId === null ? [] : [facet('s', doc.sectionId)]),
    ...doc.tagIds.map((id) => facet('t', id)),
    ...doc.authorIds.map((id) => facet('a', id)),
  ].join(' ');
}

/** FTS5 MATCH text from a parsed query: only quoted words of letters and digits, so never a syntax error. */
export function toFtsMatch(q: ParsedQuery, filters: SearchQuery, columns = CONTENT_COLUMNS): string {
  const positive = [...q.terms.map((t) => phrase([t])), ...q.phrases.map(phrase)].join(' AND ');
  const facets: string[] = [];
  if (filters.language) facets.push(facet('l', filters.language));
  if (filters.sectionIds && filters.sectionIds.length > 0)
    facets.push(`(${filters.sectionIds.map((id) => facet('s', id)).join(' OR ')})`);
  if (filters.tagId !== undefined) facets.push(facet('t', filters.tagId));
  if (filters.authorId !== undefined) facets.push(facet('a', filters.authorId));
  let expr = `${columns} : (${positive})`;
  if (facets.length > 0) expr = `facets : (${facets.join(' AND ')}) AND ${expr}`;
  for (const words of q.excluded) expr = `(${expr}) NOT ${CONTENT_COLUMNS} : (${phrase(words)})`;
  return expr;
}

export function createSqliteSearchIndex(
  db: Kysely<DB>,
  options: SearchIndexOptions,
): Omit<SearchIndex, 'rebuildAll'> {
  const ranking = resolveRanking(options);
  const w = ranking.weights;

  async function remove(trx: Kysely<DB>, articleId: number): Promise<void> {
    const row = await sql<{
      doc_key: number;
    }>`select doc_key from search_docs where article_id = ${articleId}`.execute(trx);
    const key = row.rows[0]?.doc_key;
    if (key === undefined) return;
    await sql`delete from search_fts where rowid = ${key}`.execute(trx);
    await sql`delete from search_docs where doc_key = ${key}`.execute(trx);
  }

  async function insert(trx: Kysely<DB>, doc: SearchDocument): Promise<void> {
    // Probe for a free slot: two articles may share a millisecond.
    let key = timeKey(doc.visibleFrom, doc.articleId % SLOTS);
    for (;;) {
      const taken = await sql<{
        doc_key: number;
      }>`insert into search_docs (doc_key, article_id) values (${key}, ${doc.articleId})
        on conflict (doc_key) do nothing returning doc_key`.execute(trx);
      if (taken.rows.length > 0) break;
      key++;
    }
    await sql`insert into search_fts (rowid, headline, standfirst, body, tags, section, bylines, facets)
      values (${key}, ${doc.headline}, ${doc.standfirst}, ${doc.body}, ${doc.tags}, ${doc.section}, ${doc.bylines}, ${facetTokens(doc)})`.execute(
      trx,
    );
  }

  return {
    name: 'search',

    async syncArticle(trx, articleId) {
      await remove(trx, articleId);
      const [doc] = await loadSearchDocuments(trx, [articleId]);
      if (doc) await insert(trx, doc);
    },

    async rebuild(onProgress) {
      const total = await countPublished(db);
      await db.transaction().execute(async (trx) => {
        await sql`insert into search_fts (search_fts) values ('delete-all')`.execute(trx);
        await sql`delete from search_docs`.execute(trx);
      });
      let done = 0;
      let after = 0;
      for (;;) {
        const ids = await publishedIdsAfter(db, after, 500);
        if (ids.length === 0) break;
        after = ids[ids.length - 1]!;
        await db.transaction().execute(async (trx) => {
          for (const doc of await loadSearchDocuments(trx, ids)) await insert(trx, doc);
        });
        done += ids.length;
        onProgress?.(done, total);
      }
      await sql`insert into search_fts (search_fts) values ('optimize')`.execute(db);
      return done;
    },

    async search(query: SearchQuery): Promise<SearchResults> {
      const parsed = parseSearchQuery(query.text);
      if (!hasPositiveClause(parsed)) return { hits: [], total: 0, totalIsEstimate: false, query: parsed };
      const { limit, offset } = pageBounds(query);
      const now = options.clock();
      const match = toFtsMatch(parsed, query);
      const upper = Math.min(
        timeKey(now.toISOString(), SLOTS - 1),
        query.to ? timeKey(query.to, SLOTS - 1) : Infinity,
      );
      const lower = query.from ? timeKey(query.from) : Number.MIN_SAFE_INTEGER;

      let candidates: { k: number; b: number }[];
      if (ranking.plainDefault) {
        const r = await sql<{ k: number; b: number }>`select rowid as k, rank as b from search_fts
          where search_fts match ${match} and rowid between ${lower} and ${upper}
          order by rank limit ${offset + limit}`.execute(db);
        candidates = r.rows;
      } else {
        const window = ranking.candidateWindow > 0 ? ranking.candidateWindow : -1;
        const ranked = (m: string, hi: number, n: number) =>
          sql<{ k: number; b: number }>`select rowid as k,
            bm25(search_fts, ${w.headline}, ${w.standfirst}, ${w.body}, ${w.meta}, ${w.meta}, ${w.meta}, 0) as b
          from search_fts where search_fts match ${m} and rowid between ${lower} and ${hi}
          order by rowid desc limit ${n}`.execute(db);
        candidates = (await ranked(match, upper, window)).rows;
        if (window > 0 && candidates.length >= window) {
          // Beyond the window, older articles with the words in their headline are the likeliest
          // to outrank recent body-only matches: rank the newest of those too.
          const oldest = candidates[candidates.length - 1]!.k;
          const older = await ranked(
            toFtsMatch(parsed, query, '{headline}'),
            oldest - 1,
            Math.ceil(window / 4),
          );
          candidates = candidates.concat(older.rows);
        }
      }
      const scored = candidates.map((c) => {
        const publishedAt = keyTime(c.k);
        return { k: c.k, publishedAt, score: -c.b * freshnessFactor(ranking, publishedAt, now) };
      });
      if (!ranking.plainDefault) scored.sort((a, b) => b.score - a.score || b.k - a.k);
      const page = scored.slice(offset, offset + limit);

      let total = scored.length;
      let totalIsEstimate = false;
      if (
        ranking.plainDefault ||
        (ranking.candidateWindow > 0 && candidates.length >= ranking.candidateWindow)
      ) {
        const r = await sql<{ n: number }>`select count(*) as n from (select rowid from search_fts
          where search_fts match ${match} and rowid between ${lower} and ${upper} limit ${COUNT_CAP})`.execute(
          db,
        );
        total = r.rows[0]?.n ?? 0;
        totalIsEstimate = total >= COUNT_CAP;
      }

      if (page.length === 0) return { hits: [], total, totalIsEstimate, query: parsed };
      const keys = page.map((p) => p.k);
      const idRows = await sql<{
        doc_key: number;
        article_id: number;
      }>`select doc_key, article_id from search_docs
        where doc_key in (${sql.join(keys)})`.execute(db);
      const idOf = new Map(idRows.rows.map((r) => [r.doc_key, r.article_id]));
      const snippets = await loadSnippets(db, [...idOf.values()], parsed);
      const hits = page
        .filter((p) => idOf.has(p.k))
        .map((p) => {
          const articleId = idOf.get(p.k)!;
          return {
            articleId,
            score: p.score,
            publishedAt: p.publishedAt,
            snippet: snippets.get(articleId) ?? [],
          };
        });
      return { hits, total, totalIsEstimate, query: parsed };
    },
  };
}
