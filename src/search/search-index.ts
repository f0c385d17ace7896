import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { ParsedQuery } from '../domain/search-query.ts';
import type { Language } from '../domain/language.ts';
import type { ArticleIndexer } from '../publishing/deps.ts';
import type { SnippetSegment } from './snippet.ts';

export interface SearchQuery {
  /** What the reader typed: words, "phrases", -exclusions. */
  text: string;
  language?: Language;
  /** Any of these sections (pass a section with its descendants). */
  sectionIds?: readonly number[];
  authorId?: number;
  tagId?: number;
  /** Inclusive bounds on the publication time, ISO-8601 UTC. */
  from?: string;
  to?: string;
  limit?: number;
  offset?: number;
}

export interface SearchHit {
  articleId: number;
  /** Final score (relevance x freshness); higher is better. */
  score: number;
  publishedAt: string;
  /** A passage of the article with the matched words flagged; render with `snippetHtml`. */
  snippet: SnippetSegment[];
}

export interface SearchResults {
  hits: SearchHit[];
  /** Number of matching articles; a lower bound when `totalIsEstimate`. */
  total: number;
  totalIsEstimate: boolean;
  query: ParsedQuery;
}

export type RebuildProgress = (done: number, total: number) => void;

/**
 * Full-text search over public articles. One interface, one implementation per database
 * (src/search/sqlite, src/search/postgres), one shared test suite (search.case.ts).
 * As an ArticleIndexer it is kept in step inside the article's own transaction.
 */
export interface SearchIndex extends ArticleIndexer {
  search(query: SearchQuery): Promise<SearchResults>;
  /** Re-reads every article; returns how many are indexed. */
  rebuild(onProgress?: RebuildProgress): Promise<number>;
  syncArticle(trx: Kysely<DB>, articleId: number): Promise<void>;
  /** Bulk hook used by `broadsheet seed` and importers after they bypass per-article indexing. */
  rebuildAll(db: Kysely<DB>, onProgress?: RebuildProgress): Promise<void>;
}

/**
 * Ranking knobs. Relevance is BM25-style per backend (FTS5 bm25 with column weights; PostgreSQL
 * ts_rank_cd with A-D weights); the final score multiplies it by `1 + freshness * 0.5^(age/halfLife)`.
 */
export interface RankingOptions {
  /** Column weights: the title boost is `headline` relative to `body`. */
  weights: { headline: number; standfirst: number; body: number; meta: number };
  /** How much a brand-new article gains over an old one (0 = none; 1 = up to double). */
  freshness: number;
  freshnessHalfLifeDays: number;
  /**
   * Only the newest N matches are ranked (0 = all), plus (SQLite) the newest N/4 older ones with
   * the words in their headline. Keeps common-word queries fast on huge archives; queries with
   * fewer matches are ranked exactly.
   */
  candidateWindow: number;
  /**
   * SQLite: phrases and filters matching more rows than this are left out of bm25(), which counts
   * every row of each phrase on every query (src/search/sqlite/sqlite-search-index.ts). Tests set
   * it low to run those paths on small data.
   */
  rankDfLimit: number;
  /** Use the database's plain default ranking (eval baseline): bm25() unweighted / ts_rank. */
  plainDefault?: boolean;
}

export const DEFAULT_RANKING: RankingOptions = {
  // Tuned with `broadsheet eval search` (docs/search.md); stronger title boosts or freshness cost
  // known-item accuracy on the Fars News corpus without helping elsewhere.
  weights: { headline: 3, standfirst: 2, body: 1, meta: 1 },
  freshness: 0.1,
  freshnessHalfLifeDays: 30,
  candidateWindow: 300,
  rankDfLimit: 20_000,
};

/** The plain FTS5 bm25 / PostgreSQL ts_rank default: the baseline `broadsheet eval search` reports. */
export const PLAIN_DEFAULT_RANKING: RankingOptions = {
  weights: { headline: 1, standfirst: 1, body: 1, meta: 1 },
  freshness: 0,
  freshnessHalfLifeDays: 30,
  candidateWindow: 0,
  rankDfLimit: 20_000,
  plainDefault: true,
};

export const MAX_RESULTS_PER_PAGE = 50;
/** Deepest result a reader can page to: ranking stays exact and cheap within it. */
export const MAX_OFFSET = 500;

export interface SearchIndexOptions {
  clock: () => Date;
  ranking?: Partial<RankingOptions>;
}

export function resolveRanking(options: SearchIndexOptions): RankingOptions {
  return {
    ...DEFAULT_RANKING,
    ...options.ranking,
    weights: { ...DEFAULT_RANKING.weights, ...options.ranking?.weights },
  };
}

/** Clamps paging to sane bounds instead of failing. */
export function pageBounds(query: SearchQuery): { limit: number; offset: number } {
  const limit =
    Number.isInteger(query.limit) && query.limit! > 0 ? Math.min(query.limit!, MAX_RESULTS_PER_PAGE) : 10;
  const offset =
    Number.isInteger(query.offset) && query.offset! > 0 ? Math.min(query.offset!, MAX_OFFSET) : 0;
  return { limit, offset };
}

/** Freshness multiplier shared by both backends. */
export function freshnessFactor(ranking: RankingOptions, publishedAt: string, now: Date): number {
  return freshnessAt(ranking, Date.parse(publishedAt), now.getTime());
}

/** The same from epoch milliseconds (no date parsing per candidate). */
export function freshnessAt(ranking: RankingOptions, publishedMs: number, nowMs: number): number {
  if (ranking.freshness <= 0) return 1;
  const ageDays = Math.max(0, (nowMs - publishedMs) / 86_400_000);
  return 1 + ranking.freshness * 0.5 ** (ageDays / ranking.freshnessHalfLifeDays);
}
