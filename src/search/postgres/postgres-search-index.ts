import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { LANGUAGES } from '../../domain/language.ts';
import { formatParsedQuery, hasPositiveClause, parseSearchQuery } from '../../domain/search-query.ts';
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

const COUNT_CAP = 10_000;

/** Text search configuration per edition: English stems; Persian (already normalised) does not. */
const CONFIGS: Record<string, string> = { en: 'english', fa: 'simple' };
const configOf = (language: string): string => CONFIGS[language] ?? 'simple';

/** Facet tokens of a document; the same as migration 009 computes in SQL. */
export function facetTokens(doc: SearchDocument): string[] {
  const month = `${doc.visibleFrom.slice(0, 4)}${doc.visibleFrom.slice(5, 7)}`;
  return [
    `zl${doc.language}`,
    `zy${doc.visibleFrom.slice(0, 4)}`,
    `zm${month}`,
    ...(doc.sectionId === null ? [] : [`zs${doc.sectionId}`]),
    ...doc.tagIds.map((id) => `zt${id}`),
    ...doc.authorIds.map((id) => `za${id}`),
  ];
}

function documentValues(doc: SearchDocument): RawBuilder<unknown> {
  const cfg = sql.lit(configOf(doc.language));
  const meta = `${doc.tags} ${doc.section} ${doc.bylines}`;
  return sql`(${doc.articleId}, ${doc.language}, ${doc.sectionId}, ${doc.authorIds}::integer[], ${doc.tagIds}::integer[], ${doc.visibleFrom},
    setweight(to_tsvector(${cfg}::regconfig, ${doc.headline}), 'A') ||
    setweight(to_tsvector(${cfg}::regconfig, ${doc.standfirst}), 'B') ||
    setweight(to_tsvector(${cfg}::regconfig, ${meta}), 'C') ||
    setweight(to_tsvector(${cfg}::regconfig, ${doc.body}), 'D'),
    array_to_tsvector(${facetTokens(doc)}::text[]))`;
}

async function insertDocuments(trx: Kysely<DB>, docs: SearchDocument[]): Promise<void> {
  if (docs.length === 0) return;
  await sql`insert into search_documents (article_id, language, section_id, author_ids, tag_ids, visible_from, document, facets)
    values ${sql.join(docs.map(documentValues))}`.execute(trx);
}

/** Months since year 0 of an ISO time (UTC), and back. */
const monthIndex = (iso: string): number => Number(iso.slice(0, 4)) * 12 + Number(iso.slice(5, 7)) - 1;
const pad = (n: number, width: number): string => String(n).padStart(width, '0');

/** Facet tokens covering the months first..last (inclusive, month indexes): whole years as `zy`. */
export function bucketTokens(first: number, last: number): string[] {
  const out: string[] = [];
  let m = first;
  while (m <= last) {
    const year = Math.floor(m / 12);
    if (m % 12 === 0 && m + 11 <= last) {
      out.push(`zy${pad(year, 4)}`);
      m += 12;
    } else {
      out.push(`zm${pad(year, 4)}${pad((m % 12) + 1, 2)}`);
      m++;
    }
  }
  return out;
}

/**
 * Time slices searched newest first, as month counts back from the newest month: this month, the
 * three before it, then 12, 48 and 192 more; the last slice is everything older.
 */
const SLICE_MONTHS = [1, 3, 12, 48, 192];

export function createPostgresSearchIndex(
  db: Kysely<DB>,
  options: SearchIndexOptions,
): Omit<SearchIndex, 'rebuildAll'> {
  const ranking = resolveRanking(options);
  const w = ranking.weights;
  const max = Math.max(w.body, w.meta, w.standfirst, w.headline);
  // ts_rank_cd takes weights {D, C, B, A} in [0, 1].
  const weights = `{${[w.body, w.meta, w.standfirst, w.headline].map((x) => (x / max).toFixed(4)).join(',')}}`;

  return {
    name: 'search',

    async syncArticle(trx, articleId) {
      await sql`delete from search_documents where article_id = ${articleId}`.execute(trx);
      await insertDocuments(trx, await loadSearchDocuments(trx, [articleId]));
    },

    async rebuild(onProgress) {
      const total = await countPublished(db);
      await sql`truncate search_documents`.execute(db);
      // Building the GIN index once at the end is many times faster than growing it row by row.
      await sql`drop index if exists search_documents_match`.execute(db);
      let done = 0;
      let after = 0;
      for (;;) {
        const { ids, last } = await publishedIdsAfter(db, after, 500);
        if (last === undefined) break;
        after = last;
        if (ids.length === 0) continue;
        await db
          .transaction()
          .execute(async (trx) => insertDocuments(trx, await loadSearchDocuments(trx, ids)));
        done += ids.length;
        onProgress?.(done, total);
      }
      await sql`create index search_documents_match on search_documents using gin (document, facets)
        with (fastupdate = off)`.execute(db);
      await sql`analyze search_documents`.execute(db);
      return done;
    },

    async search(query: SearchQuery): Promise<SearchResults> {
      const parsed = parseSearchQuery(query.text);
      if (!hasPositiveClause(parsed)) return { hits: [], total: 0, totalIsEstimate: false, query: parsed };
      const { limit, offset } = pageBounds(query);
      const now = options.clock();
      const nowMs = now.getTime();
      const text = formatParsedQuery(parsed);
      const languages = query.language ? [query.language] : [...LANGUAGES];
      const tsq = (language: string) =>
        sql`websearch_to_tsquery(${sql.lit(configOf(language))}::regconfig, ${text})`;

      // Filters are facet tokens matched in the GIN index together with the words.
      const facets: string[] = [];
      if (query.sectionIds && query.sectionIds.length > 0)
        facets.push(`(${query.sectionIds.map((id) => `zs${id}`).join(' | ')})`);
      if (query.tagId !== undefined) facets.push(`zt${query.tagId}`);
      if (query.authorId !== undefined) facets.push(`za${query.authorId}`);
      const upper = query.to && query.to < now.toISOString() ? query.to : now.toISOString();
      const timeConditions = [
        sql`visible_from <= ${upper}`,
        ...(query.from ? [sql`visible_from >= ${query.from}`] : []),
      ];
      /** Rows matching the words and filters, with extra facet tokens (a time slice) if given. */
      // Only stop words besides the exclusions ("the -opinion"): the tsquery would be a bare NOT,
      // which matches nearly everything by a full index scan. Like "the" alone, it finds
      // nothing; PostgreSQL folds this test into a constant when planning.
      const positive = formatParsedQuery({ ...parsed, excluded: [] });
      const hasWords = (language: string) =>
        sql`numnode(websearch_to_tsquery(${sql.lit(configOf(language))}::regconfig, ${positive})) > 0`;
      const matching = (extra: string[]) =>
        sql`(${sql.join(
          languages.map(
            (l) =>
              sql`(${hasWords(l)} and document @@ ${tsq(l)} and facets @@ ${[`zl${l}`, ...facets, ...extra].join(' & ')}::tsquery)`,
          ),
          sql` or `,
        )})`;
      const rankOf = (fn: RawBuilder<unknown>) =>
        sql`case language ${sql.join(
          languages.map((l) => sql`when ${l} then ${fn}${tsq(l)})`),
          sql` `,
        )} end`;

      let candidates: { article_id: number; visible_from: string; r: number }[];
      let exhaustive: boolean;
      if (ranking.plainDefault) {
        const rank = rankOf(sql`ts_rank(document, `);
        const r = await sql<{
          article_id: number;
          visible_from: string;
          r: number;
        }>`select article_id, visible_from, ${rank} as r
          from search_documents where ${matching([])} and ${sql.join(timeConditions, sql` and `)}
          order by r desc, article_id desc limit ${offset + limit}`.execute(db);
        candidates = r.rows;
        exhaustive = false;
      } else {
        // The newest `window` matches, found slice by slice (newest first): each slice is one GIN
        // scan of words, filters and time-bucket tokens together, so only matching rows of that
        // slice are read, and PostgreSQL stops running slices once the window is full. Slices
        // sort narrow rows, bytewise (ISO times; the database collation compares ten times
        // slower); the documents are read (and ranked) for the window only.
        const window = ranking.candidateWindow > 0 ? Math.max(ranking.candidateWindow, offset + limit) : null;
        const newestMonth = monthIndex(upper);
        const oldestMonth = query.from ? monthIndex(query.from) : -Infinity;
        const slices: RawBuilder<unknown>[] = [];
        let end = newestMonth;
        for (const months of window === null ? [] : SLICE_MONTHS) {
          if (end < oldestMonth) break;
          const start = end - months + 1;
          slices.push(matching([`(${bucketTokens(start, end).join(' | ')})`]));
          end = start - 1;
        }
        if (end >= oldestMonth) {
          const before = `${pad(Math.floor((end + 1) / 12), 4)}-${pad(((end + 1) % 12) + 1, 2)}-01`;
          slices.push(window === null ? matching([]) : sql`${matching([])} and visible_from < ${before}`);
        }
        const where = sql.join(timeConditions, sql` and `);
        const limitClause = window === null ? sql`` : sql`limit ${window}`;
        const union = sql.join(
          slices.map(
            (slice) => sql`(select article_id, visible_from from search_documents
              where ${slice} and ${where} order by visible_from collate "C" desc ${limitClause})`,
          ),
          sql` union all `,
        );
        const rank = rankOf(sql`ts_rank_cd(${weights}::float4[], document, `);
        const r = await sql<{
          article_id: number;
          visible_from: string;
          r: number;
        }>`select c.article_id, c.visible_from, ${rank} as r
          from (select * from (${union}) u ${limitClause}) c join search_documents using (article_id)`.execute(
          db,
        );
        candidates = r.rows;
        exhaustive = window === null || candidates.length < window;
      }
      const scored = candidates.map((c) => ({
        articleId: c.article_id,
        publishedAt: c.visible_from,
        score: Number(c.r) * freshnessAt(ranking, Date.parse(c.visible_from), nowMs),
      }));
      if (!ranking.plainDefault) {
        scored.sort(
          (a, b) =>
            b.score - a.score ||
            (b.publishedAt < a.publishedAt
              ? -1
              : b.publishedAt > a.publishedAt
                ? 1
                : b.articleId - a.articleId),
        );
      }
      const page = scored.slice(offset, offset + limit);

      // Past the window the count is a lower bound ("more than"): counting every match of a
      // common word would read every matching row.
      let total = scored.length;
      let totalIsEstimate = !exhaustive;
      if (ranking.plainDefault) {
        const r = await sql<{
          n: number;
        }>`select count(*) as n from (select 1 from search_documents where ${matching([])} and ${sql.join(timeConditions, sql` and `)} limit ${COUNT_CAP}) x`.execute(
          db,
        );
        total = Number(r.rows[0]?.n ?? 0);
        totalIsEstimate = total >= COUNT_CAP;
      }
      const snippets = await loadSnippets(
        db,
        page.map((p) => p.articleId),
        parsed,
      );
      const hits = page.map((p) => ({ ...p, snippet: snippets.get(p.articleId) ?? [] }));
      return { hits, total, totalIsEstimate, query: parsed };
    },
  };
}
