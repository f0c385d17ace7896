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
  freshnessFactor,
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

function documentValues(doc: SearchDocument): RawBuilder<unknown> {
  const cfg = sql.lit(configOf(doc.language));
  const meta = `${doc.tags} ${doc.section} ${doc.bylines}`;
  return sql`(${doc.articleId}, ${doc.language}, ${doc.sectionId}, ${doc.authorIds}::integer[], ${doc.tagIds}::integer[], ${doc.visibleFrom},
    setweight(to_tsvector(${cfg}::regconfig, ${doc.headline}), 'A') ||
    setweight(to_tsvector(${cfg}::regconfig, ${doc.standfirst}), 'B') ||
    setweight(to_tsvector(${cfg}::regconfig, ${meta}), 'C') ||
    setweight(to_tsvector(${cfg}::regconfig, ${doc.body}), 'D'))`;
}

async function insertDocuments(trx: Kysely<DB>, docs: SearchDocument[]): Promise<void> {
  if (docs.length === 0) return;
  await sql`insert into search_documents (article_id, language, section_id, author_ids, tag_ids, visible_from, document)
    values ${sql.join(docs.map(documentValues))}`.execute(trx);
}

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
      let done = 0;
      let after = 0;
      for (;;) {
        const ids = await publishedIdsAfter(db, after, 500);
        if (ids.length === 0) break;
        after = ids[ids.length - 1]!;
        await db
          .transaction()
          .execute(async (trx) => insertDocuments(trx, await loadSearchDocuments(trx, ids)));
        done += ids.length;
        onProgress?.(done, total);
      }
      await sql`analyze search_documents`.execute(db);
      return done;
    },

    async search(query: SearchQuery): Promise<SearchResults> {
      const parsed = parseSearchQuery(query.text);
      if (!hasPositiveClause(parsed)) return { hits: [], total: 0, totalIsEstimate: false, query: parsed };
      const { limit, offset } = pageBounds(query);
      const now = options.clock();
      const text = formatParsedQuery(parsed);
      const languages = query.language ? [query.language] : [...LANGUAGES];
      const tsq = (language: string) =>
        sql`websearch_to_tsquery(${sql.lit(configOf(language))}::regconfig, ${text})`;

      const conditions: RawBuilder<unknown>[] = [
        sql`(${sql.join(
          languages.map((l) => sql`(language = ${l} and document @@ ${tsq(l)})`),
          sql` or `,
        )})`,
        sql`visible_from <= ${now.toISOString()}`,
      ];
      if (query.from) conditions.push(sql`visible_from >= ${query.from}`);
      if (query.to) conditions.push(sql`visible_from <= ${query.to}`);
      if (query.sectionIds && query.sectionIds.length > 0)
        conditions.push(sql`section_id in (${sql.join([...query.sectionIds])})`);
      if (query.tagId !== undefined) conditions.push(sql`tag_ids @> ${[query.tagId]}::integer[]`);
      if (query.authorId !== undefined) conditions.push(sql`author_ids @> ${[query.authorId]}::integer[]`);
      const where = sql.join(conditions, sql` and `);
      const rankOf = (fn: RawBuilder<unknown>) =>
        sql`case language ${sql.join(
          languages.map((l) => sql`when ${l} then ${fn}${tsq(l)})`),
          sql` `,
        )} end`;

      let candidates: { article_id: number; visible_from: string; r: number }[];
      if (ranking.plainDefault) {
        const rank = rankOf(sql`ts_rank(document, `);
        const r = await sql<{
          article_id: number;
          visible_from: string;
          r: number;
        }>`select article_id, visible_from, ${rank} as r
          from search_documents where ${where} order by r desc, article_id desc limit ${offset + limit}`.execute(
          db,
        );
        candidates = r.rows;
      } else {
        const rank = rankOf(sql`ts_rank_cd(${weights}::float4[], document, `);
        const window = ranking.candidateWindow > 0 ? sql`limit ${ranking.candidateWindow}` : sql``;
        const r = await sql<{
          article_id: number;
          visible_from: string;
          r: number;
        }>`select article_id, visible_from, ${rank} as r
          from (select article_id, visible_from, language, document from search_documents where ${where}
                order by visible_from desc ${window}) c`.execute(db);
        candidates = r.rows;
      }
      const scored = candidates.map((c) => ({
        articleId: c.article_id,
        publishedAt: c.visible_from,
        score: Number(c.r) * freshnessFactor(ranking, c.visible_from, now),
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

      let total = scored.length;
      let totalIsEstimate = false;
      if (ranking.plainDefault || (ranking.candidateWindow > 0 && scored.length >= ranking.candidateWindow)) {
        const r = await sql<{
          n: number;
        }>`select count(*) as n from (select 1 from search_documents where ${where} limit ${COUNT_CAP}) x`.execute(
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
