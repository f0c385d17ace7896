import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import pg from 'pg';
import { connectDatabase } from '../../db/connect.ts';
import type { DialectAdapter } from '../../db/dialect-adapter.ts';
import { migrateToLatest } from '../../db/migrate.ts';
import type { LabelledDoc } from '../../discovery/eval/corpus.ts';
import { BroadsheetError } from '../../domain/errors.ts';
import { searchWords } from '../../domain/search-query.ts';
import { createSearchIndex } from '../index.ts';
import {
  DEFAULT_RANKING,
  PLAIN_DEFAULT_RANKING,
  type RankingOptions,
  type SearchIndex,
} from '../search-index.ts';

export interface SearchEvalOptions {
  /** `sqlite::memory:` (default) or a PostgreSQL URL (a scratch schema is made and dropped). */
  databaseUrl?: string;
  queries?: number;
  /** Words per query. */
  words?: number;
  seed?: number;
  /**
   * How query words are drawn from the target: 'uniform' over its distinctive words, or
   * 'discriminative' in proportion to tf x idf (Azzopardi et al., 2007), which is closer to what
   * a reader remembers of an article.
   */
  model?: 'uniform' | 'discriminative';
  ranking?: Partial<RankingOptions>;
}

export interface MethodScore {
  method: string;
  mrr: number;
  recall: number;
}

export interface SearchEvalReport {
  backend: string;
  articles: number;
  queries: number;
  words: number;
  model: string;
  methods: MethodScore[];
}

/** Small deterministic PRNG (mulberry32): the same seed gives the same queries. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const escapeText = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

async function scratch(url: string): Promise<{ adapter: DialectAdapter; drop(): Promise<void> }> {
  if (!url.startsWith('postgres')) {
    const adapter = await connectDatabase(url);
    return { adapter, drop: () => adapter.close() };
  }
  const schema = `eval_search_${randomBytes(5).toString('hex')}`;
  const u = new URL(url);
  u.searchParams.set('schema', schema);
  const adapter = await connectDatabase(u.toString());
  return {
    adapter,
    async drop() {
      await adapter.close();
      u.searchParams.delete('schema');
      const client = new pg.Client({ connectionString: u.toString() });
      await client.connect();
      await client.query(`drop schema if exists ${schema} cascade`);
      await client.end();
    },
  };
}

/**
 * Known-item search: the query is a few distinctive words of one article (words found in 2 to 5%
 * of the corpus, never unique ones), the target is that article. Every query matches its target
 * under both rankings, so the scores compare ranking alone.
 */
export async function evaluateSearch(
  docs: readonly LabelledDoc[],
  options: SearchEvalOptions = {},
): Promise<SearchEvalReport> {
  const { adapter, drop } = await scratch(options.databaseUrl ?? 'sqlite::memory:');
  try {
    await migrateToLatest(adapter);
    // Publication times spread over two years, deterministic, newest a day before "now".
    const random = rng(options.seed ?? 1);
    const nowMs = Date.parse('2026-01-01T00:00:00.000Z');
    const ids: number[] = [];
    await adapter.db.transaction().execute(async (trx) => {
      for (let i = 0; i < docs.length; i++) {
        const d = docs[i]!;
        const at = new Date(nowMs - 86_400_000 - Math.floor(random() * 730 * 86_400_000)).toISOString();
        const body = d.paragraphs.map((p) => `<p>${escapeText(p)}</p>`).join('');
        const r = await sql<{
          id: number;
        }>`insert into articles (language, slug, headline, standfirst, excerpt, body_format, body_source, body_html,
            word_count, status, created_at, updated_at, published_at, version)
          values (${d.language}, ${`doc-${i}`}, ${d.title}, ${d.standfirst}, '', 'html', ${body}, ${body}, 0, 'published', ${at}, ${at}, ${at}, 1)
          returning id`.execute(trx);
        ids.push(r.rows[0]!.id);
      }
    });
    const clock = () => new Date(nowMs);
    const tuned = createSearchIndex(adapter, { clock, ranking: { ...DEFAULT_RANKING, ...options.ranking } });
    const baseline = createSearchIndex(adapter, { clock, ranking: PLAIN_DEFAULT_RANKING });
    await tuned.rebuild();

    // Document frequencies over the same normalised words the index sees.
    const tfOf = docs.map((d) => {
      const tf = new Map<string, number>();
      for (const w of searchWords([d.title, d.standfirst, ...d.paragraphs].join(' '))) {
        if (w.length >= 3 && !/^\d+$/.test(w)) tf.set(w, (tf.get(w) ?? 0) + 1);
      }
      return tf;
    });
    const df = new Map<string, number>();
    for (const tf of tfOf) for (const w of tf.keys()) df.set(w, (df.get(w) ?? 0) + 1);
    const model = options.model ?? 'discriminative';
    const maxDf = Math.max(3, Math.floor(docs.length * 0.05));
    const perQuery = options.words ?? 2;
    const wanted = Math.min(options.queries ?? 500, docs.length);
    const order = docs.map((_, i) => i).sort(() => random() - 0.5);
    const queries: { target: number; text: string; language: LabelledDoc['language'] }[] = [];
    for (const i of order) {
      if (queries.length >= wanted) break;
      const tf = tfOf[i]!;
      const pool = [...tf.keys()].filter((w) => {
        const n = df.get(w)!;
        return n >= 2 && n <= maxDf;
      });
      if (pool.length < perQuery) continue;
      const weight = (w: string) =>
        model === 'uniform' ? 1 : tf.get(w)! * Math.log(docs.length / df.get(w)!);
      const picked: string[] = [];
      while (picked.length < perQuery) {
        const left = pool.filter((w) => !picked.includes(w));
        const sum = left.reduce((a, w) => a + weight(w), 0);
        let x = random() * sum;
        const w = left.find((c) => (x -= weight(c)) <= 0) ?? left[left.length - 1]!;
        picked.push(w);
      }
      queries.push({ target: ids[i]!, text: picked.join(' '), language: docs[i]!.language });
    }

    if (queries.length === 0)
      throw new BroadsheetError(
        'BAD_REQUEST',
        'The corpus has too few distinctive words to draw known-item queries from',
      );
    const score = async (method: string, index: SearchIndex): Promise<MethodScore> => {
      let rr = 0;
      let found = 0;
      for (const q of queries) {
        const r = await index.search({ text: q.text, language: q.language, limit: 10 });
        const rank = r.hits.findIndex((h) => h.articleId === q.target);
        if (rank >= 0) {
          rr += 1 / (rank + 1);
          found++;
        }
      }
      return { method, mrr: rr / queries.length, recall: found / queries.length };
    };
    const plainName = adapter.name === 'sqlite' ? 'baseline: plain FTS5 bm25()' : 'baseline: plain ts_rank()';
    const tunedName =
      adapter.name === 'sqlite'
        ? 'broadsheet: weighted bm25 + freshness'
        : 'broadsheet: weighted ts_rank_cd + freshness';
    return {
      backend: adapter.name,
      articles: docs.length,
      queries: queries.length,
      words: perQuery,
      model,
      methods: [await score(tunedName, tuned), await score(plainName, baseline)],
    };
  } finally {
    await drop();
  }
}

export function formatSearchReport(r: SearchEvalReport): string {
  const width = Math.max(...r.methods.map((m) => m.method.length), 6);
  return [
    `known-item search on ${r.articles.toLocaleString('en-US')} articles, ${r.queries} queries of ${r.words} words, ${r.model} (${r.backend})`,
    `${'method'.padEnd(width)}  MRR@10  recall@10`,
    ...r.methods.map(
      (m) => `${m.method.padEnd(width)}  ${m.mrr.toFixed(3).padStart(6)}  ${m.recall.toFixed(3).padStart(9)}`,
    ),
  ].join('\n');
}
