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
  freshnessAt,
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
/*
 * FTS5's bm25() counts every row of every phrase in its MATCH to get the phrase's IDF, on every
 * query (about 50 ns a row): a word in 700,000 articles costs 35 ms before one row is ranked.
 * Phrases in more rows than `RankingOptions.rankDfLimit` (20,000) are left out of the bm25
 * MATCH: they still must match (the candidates come from the full query), they just do not
 * weigh in the ranking, as their IDF is low anyway (bm25 floors it at 1e-6 past half the table).
 */
/** How long a phrase's counted document frequency is reused. */
const DF_TTL_MS = 10 * 60_000;
const DF_CACHE_LIMIT = 10_000;
/**
 * The ranking query reads the affordable phrases' matches in the candidates' rowid range, which
 * may include non-candidates (other editions, the words left out): it stops after this many rows
 * per candidate; candidates beyond that are ranked by freshness alone.
 */
const RANK_ROWS_PER_CANDIDATE = 4;
/** Older headline matches ranked besides a full window (when the query is cheap to rank). */
const olderWindow = (window: number): number => Math.ceil(window / 4);

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

/** The filters as facet tokens (each an FTS5 phrase or an OR group of them). */
function facetClauses(filters: SearchQuery): string[] {
  const facets: string[] = [];
  if (filters.language) facets.push(facet('l', filters.language));
  if (filters.sectionIds && filters.sectionIds.length > 0)
    facets.push(`(${filters.sectionIds.map((id) => facet('s', id)).join(' OR ')})`);
  if (filters.tagId !== undefined) facets.push(facet('t', filters.tagId));
  if (filters.authorId !== undefined) facets.push(facet('a', filters.authorId));
  return facets;
}

/** FTS5 MATCH text from a parsed query: only quoted words of letters and digits, so never a syntax error. */
export function toFtsMatch(q: ParsedQuery, filters: SearchQuery, columns = CONTENT_COLUMNS): string {
  const positive = [...q.terms.map((t) => phrase([t])), ...q.phrases.map(phrase)].join(' AND ');
  const facets = facetClauses(filters);
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
  const dfCache = new Map<string, { df: number; at: number }>();

  /** Rows matching one phrase, counted up to just past rankDfLimit, and remembered a while. */
  async function documentFrequency(m: string): Promise<number> {
    const hit = dfCache.get(m);
    if (hit && performance.now() - hit.at < DF_TTL_MS) return hit.df;
    const r = await sql<{ n: number }>`select count(*) as n from (select rowid from search_fts
      where search_fts match ${m} limit ${ranking.rankDfLimit + 1})`.execute(db);
    if (dfCache.size >= DF_CACHE_LIMIT) dfCache.clear();
    const df = r.rows[0]?.n ?? 0;
    dfCache.set(m, { df, at: performance.now() });
    return df;
  }

  /**
   * What bm25 can afford to count (see rankDfLimit): the query's phrases, and its filters as
   * facet clauses, which keep the ranking query to the candidates (their weight is 0). `all`:
   * everything in the query is affordable, excluded phrases included (bm25 counts those too).
   */
  async function rankableClauses(
    q: ParsedQuery,
    filters: SearchQuery,
  ): Promise<{ text: string[]; facets: string[]; all: boolean }> {
    // Counting a phrase walks the doclists of all its words: its cost is theirs together.
    const affordable = async (words: string[]) => {
      let rows = 0;
      // (Counted without a column filter, which would decode every position list: no facet
      // token looks like a word.)
      for (const word of words) rows += await documentFrequency(phrase([word]));
      return rows <= ranking.rankDfLimit;
    };
    const text: string[] = [];
    for (const t of q.terms) if (await affordable([t])) text.push(phrase([t]));
    for (const p of q.phrases) if (await affordable(p)) text.push(phrase(p));
    const facets: string[] = [];
    const clauses = facetClauses(filters);
    for (const f of clauses)
      if ((await documentFrequency(`facets : ${f}`)) <= ranking.rankDfLimit) facets.push(`facets : ${f}`);
    let all = text.length === q.terms.length + q.phrases.length && facets.length === clauses.length;
    for (const words of q.excluded) if (all && !(await affordable(words))) all = false;
    return { text, facets, all };
  }

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
        const { ids, last } = await publishedIdsAfter(db, after, 500);
        if (last === undefined) break;
        after = last;
        if (ids.length === 0) continue;
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

      let scored: { k: number; score: number }[];
      let exhaustive: boolean;
      if (ranking.plainDefault) {
        const r = await sql<{ k: number; b: number }>`select rowid as k, rank as b from search_fts
          where search_fts match ${match} and rowid between ${lower} and ${upper}
          order by rank limit ${offset + limit}`.execute(db);
        scored = r.rows.map((c) => ({ k: c.k, score: -c.b }));
        exhaustive = false;
      } else {
        // Candidates: the newest matches (FTS5 walks its doclists newest first and stops at the
        // window, whatever the number of matches).
        const window = ranking.candidateWindow > 0 ? Math.max(ranking.candidateWindow, offset + limit) : -1;
        const bm25 = sql`bm25(search_fts, ${w.headline}, ${w.standfirst}, ${w.body}, ${w.meta}, ${w.meta}, ${w.meta}, 0)`;
        // FTS5 is fast walking a doclist newest first from an upper bound and stopping at a LIMIT,
        // but slow to stop at a lower bound (it then walks to the far end of the doclist: 40 ms
        // for "the" at a million articles). So queries never give it one: rows older than a
        // `from` date are dropped here (newest first, they come after every row in range), and
        // ranges are walked in chunks below their upper bound until past their lower end.
        const below = (m: string, hi: number, n: number, score: boolean) =>
          sql<{ k: number; b: number }>`select rowid as k, ${score ? bm25 : sql`0`} as b from search_fts
            where search_fts match ${m} and rowid <= ${hi}
            order by rowid desc limit ${n}`.execute(db);
        /** Rows of `m` from `hi` down to `lo` (or `max` rows, whichever comes first). */
        const walk = async (
          m: string,
          lo: number,
          hi: number,
          first: number,
          max: number,
          score: boolean,
        ) => {
          const out: { k: number; b: number }[] = [];
          for (let chunk = first; out.length < max; chunk *= 2) {
            const rows = (await below(m, hi, chunk, score)).rows;
            for (const r of rows) if (r.k >= lo) out.push(r);
            if (rows.length < chunk || rows.at(-1)!.k < lo) break;
            hi = rows.at(-1)!.k - 1;
          }
          return out;
        };
        const relevance = new Map<number, number>();
        const rankable = await rankableClauses(parsed, query);
        let main: number[];
        let older: number[] = [];
        if (rankable.all) {
          // Every phrase and filter is cheap to count: bm25 straight in the candidate queries,
          // and when the window is full, older matches with the words in their headline too:
          // those are the likeliest to outrank recent body-only matches.
          const rows = (await below(match, upper, window, true)).rows.filter((r) => r.k >= lower);
          main = rows.map((r) => r.k);
          for (const r of rows) relevance.set(r.k, -r.b);
          if (window > 0 && main.length >= window) {
            const headlines = toFtsMatch(parsed, query, '{headline}');
            const more = (await below(headlines, main.at(-1)! - 1, olderWindow(window), true)).rows.filter(
              (r) => r.k >= lower,
            );
            older = more.map((r) => r.k);
            for (const r of more) relevance.set(r.k, -r.b);
          }
        } else {
          main = (await below(match, upper, window, false)).rows.filter((r) => r.k >= lower).map((r) => r.k);
          // bm25 over the candidates' rowid range, with only what it can afford to count; the
          // range may hold non-candidates (other editions, rows without the words left out).
          const overMain = (m: string, score: boolean) =>
            main.length === 0
              ? Promise.resolve([])
              : walk(
                  m,
                  main.at(-1)!,
                  main[0]!,
                  main.length + 20,
                  main.length * RANK_ROWS_PER_CANDIDATE,
                  score,
                );
          if (rankable.text.length > 0) {
            const m = [`${CONTENT_COLUMNS} : (${rankable.text.join(' AND ')})`, ...rankable.facets].join(
              ' AND ',
            );
            for (const row of await overMain(m, true)) relevance.set(row.k, -row.b);
          } else {
            // Every word is in a large part of the archive ("the", "new", "budget" at a million
            // articles): BM25 would weigh them all alike, so what is left of it is the title
            // boost. Candidates with the words in their headline get the headline weight, the
            // rest the body weight, and freshness orders each group (ties: newest first).
            const all = [...parsed.terms.map((t) => phrase([t])), ...parsed.phrases.map(phrase)];
            for (const k of main) relevance.set(k, w.body);
            for (const row of await overMain(`{headline} : (${all.join(' AND ')})`, false))
              if (relevance.has(row.k)) relevance.set(row.k, w.headline);
          }
        }
        exhaustive = !(window > 0 && main.length >= window);
        const nowMs = now.getTime();
        scored = [...main, ...older].map((k) => ({
          k,
          score: (relevance.get(k) ?? 0) * freshnessAt(ranking, Math.floor(k / SLOTS), nowMs),
        }));
        scored.sort((a, b) => b.score - a.score || b.k - a.k);
      }
      const page = scored.slice(offset, offset + limit).map((p) => ({ ...p, publishedAt: keyTime(p.k) }));

      // Past a full window the total is a lower bound ("more than"): counting every match of a
      // common word, or checking every position of a common phrase, costs more than the search.
      let total = scored.length;
      let totalIsEstimate = !exhaustive;
      if (ranking.plainDefault) {
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
