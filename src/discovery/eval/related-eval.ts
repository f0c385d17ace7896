import { sql } from 'kysely';
import { createSqliteAdapter } from '../../db/dialects/sqlite/sqlite-adapter.ts';
import type { DialectAdapter } from '../../db/dialect-adapter.ts';
import { migrateToLatest } from '../../db/migrate.ts';
import { createRepos } from '../../db/repositories/index.ts';
import { normalizeForMatch } from '../../domain/persian-text.ts';
import { slugify } from '../../domain/slug.ts';
import { createArticle } from '../../publishing/create-article.ts';
import { noEvents } from '../../publishing/deps.ts';
import { htmlToText } from '../../domain/excerpt.ts';
import { buildRelatedModel } from '../related/loader.ts';
import type { RankWeights } from '../related/model.ts';
import type { LabelledDoc } from './corpus.ts';
import { ndcgAt, precisionAt } from './metrics.ts';

/**
 * Offline evaluation of "You might also like": the corpus goes into a scratch SQLite database
 * exactly as a newsroom would have it (one section for everything, so the label cannot leak;
 * tags only where the corpus has them), and each method's top K for every labelled article is
 * judged by label agreement.
 */
export const K = 5;

export interface MethodResult {
  method: string;
  precision: number;
  ndcg: number;
  /** Share of queries that got a full list of K. */
  coverage: number;
  msPerQuery: number;
}

export interface RelatedEvalReport {
  articles: number;
  queries: number;
  labels: number;
  results: MethodResult[];
}

export type Ranker = (articleId: number) => number[] | Promise<number[]>;

export interface Loaded {
  adapter: DialectAdapter;
  ids: number[];
  labelOf: Map<number, string>;
}

export async function loadScratch(docs: readonly LabelledDoc[]): Promise<Loaded> {
  const adapter = createSqliteAdapter(':memory:');
  await migrateToLatest(adapter);
  const repos = createRepos(adapter.db);
  const start = Date.parse('2026-01-01T00:00:00.000Z');
  const now = new Date(start + docs.length * 60_000 + 60_000).toISOString();
  const sections = new Map<string, number>();
  const tagIds = new Map<string, number>();
  const deps = { database: adapter, clock: () => new Date(now), indexers: [], events: noEvents };
  const ids: number[] = [];
  const labelOf = new Map<number, string>();
  for (let i = 0; i < docs.length; i++) {
    const doc = docs[i]!;
    let sectionId = sections.get(doc.language);
    if (sectionId === undefined) {
      const s = await repos.sections.create({ language: doc.language, slug: 'news', name: 'News' }, now);
      sections.set(doc.language, (sectionId = s.id));
    }
    const tags: number[] = [];
    for (const name of doc.tags) {
      const key = `${doc.language}\u0000${normalizeForMatch(name)}`;
      let id = tagIds.get(key);
      if (id === undefined) {
        const base = slugify(name);
        let slug = base;
        for (let n = 2; await repos.tags.bySlug(doc.language, slug); n++) slug = `${base}-${n}`;
        id = (await repos.tags.create({ language: doc.language, slug, name }, now)).id;
        tagIds.set(key, id);
      }
      tags.push(id);
    }
    const article = await createArticle(deps, {
      language: doc.language,
      headline: doc.title.slice(0, 300),
      standfirst: doc.standfirst.slice(0, 1000),
      bodySource: doc.paragraphs.join('\n\n'),
      bodyFormat: 'markdown',
      sectionId,
      tagIds: tags,
      status: 'published',
      publishedAt: new Date(start + i * 60_000).toISOString(),
    });
    ids.push(article.id);
    if (doc.label) labelOf.set(article.id, doc.label);
  }
  return { adapter, ids, labelOf };
}

/** Plain tf-idf cosine over the whole text: raw counts, log(N/df), no stemming or field weights. */
async function tfidfBaseline(l: Loaded): Promise<Ranker> {
  const rows = await l.adapter.db
    .selectFrom('articles')
    .select(['id', 'headline', 'standfirst', 'body_html'])
    .execute();
  const vectors = new Map<number, Map<string, number>>();
  const df = new Map<string, number>();
  for (const r of rows) {
    const tf = new Map<string, number>();
    for (const m of normalizeForMatch(`${r.headline} ${r.standfirst} ${htmlToText(r.body_html)}`).matchAll(
      /[\p{L}\p{N}]+/gu,
    )) {
      tf.set(m[0], (tf.get(m[0]) ?? 0) + 1);
    }
    for (const t of tf.keys()) df.set(t, (df.get(t) ?? 0) + 1);
    vectors.set(r.id, tf);
  }
  const n = rows.length;
  for (const tf of vectors.values()) {
    let norm = 0;
    for (const [t, f] of tf) {
      const w = f * Math.log(n / df.get(t)!);
      tf.set(t, w);
      norm += w * w;
    }
    norm = Math.sqrt(norm) || 1;
    for (const [t, w] of tf) tf.set(t, w / norm);
  }
  // Exhaustive cosine (every article that shares a term), through an inverted index for speed.
  const postings = new Map<string, [number, number][]>();
  for (const [id, v] of vectors)
    for (const [t, w] of v) (postings.get(t) ?? postings.set(t, []).get(t)!).push([id, w]);
  return (id) => {
    const acc = new Map<number, number>();
    for (const [t, wq] of vectors.get(id)!)
      for (const [other, w] of postings.get(t)!)
        if (other !== id) acc.set(other, (acc.get(other) ?? 0) + wq * w);
    return [...acc]
      .sort((a, b) => b[1] - a[1])
      .slice(0, K)
      .map((s) => s[0]);
  };
}

/** Most shared tags, newest first among equals: what Ghost themes' "related posts" do. */
async function sharedTagsBaseline(l: Loaded): Promise<Ranker> {
  const rows = await l.adapter.db.selectFrom('article_tags').select(['article_id', 'tag_id']).execute();
  const tagsOf = new Map<number, number[]>();
  const byTag = new Map<number, number[]>();
  for (const r of rows) {
    (tagsOf.get(r.article_id) ?? tagsOf.set(r.article_id, []).get(r.article_id)!).push(r.tag_id);
    (byTag.get(r.tag_id) ?? byTag.set(r.tag_id, []).get(r.tag_id)!).push(r.article_id);
  }
  return (id) => {
    const counts = new Map<number, number>();
    for (const t of tagsOf.get(id) ?? [])
      for (const other of byTag.get(t) ?? [])
        if (other !== id) counts.set(other, (counts.get(other) ?? 0) + 1);
    return [...counts]
      .sort((a, b) => b[1] - a[1] || b[0] - a[0])
      .slice(0, K)
      .map((c) => c[0]);
  };
}

/** Full-text match on the headline's words, ranked by the engine's bm25: what MySQL FULLTEXT plugins do. */
async function ftsTitleBaseline(l: Loaded): Promise<Ranker> {
  const db = l.adapter.db;
  await sql`create virtual table eval_fts using fts5(title, body, tokenize = 'unicode61 remove_diacritics 2')`.execute(
    db,
  );
  const rows = await db
    .selectFrom('articles')
    .select(['id', 'headline', 'standfirst', 'body_html'])
    .execute();
  const titles = new Map<number, string>();
  for (const r of rows) {
    titles.set(r.id, r.headline);
    await sql`insert into eval_fts(rowid, title, body) values (${r.id}, ${normalizeForMatch(r.headline)}, ${normalizeForMatch(`${r.standfirst} ${htmlToText(r.body_html)}`)})`.execute(
      db,
    );
  }
  return async (id) => {
    const words = [...new Set(normalizeForMatch(titles.get(id) ?? '').match(/[\p{L}\p{N}]+/gu) ?? [])];
    if (words.length === 0) return [];
    const match = words.map((w) => `"${w}"`).join(' OR ');
    const found = await sql<{
      rowid: number;
    }>`select rowid from eval_fts where eval_fts match ${match} and rowid != ${id} order by bm25(eval_fts, 10.0, 1.0) limit ${K}`.execute(
      db,
    );
    return found.rows.map((r) => Number(r.rowid));
  };
}

export async function judge(method: string, l: Loaded, rank: Ranker): Promise<MethodResult> {
  const labelCount = new Map<string, number>();
  for (const label of l.labelOf.values()) labelCount.set(label, (labelCount.get(label) ?? 0) + 1);
  let p = 0;
  let g = 0;
  let full = 0;
  let queries = 0;
  let elapsed = 0;
  for (const id of l.ids) {
    const label = l.labelOf.get(id);
    if (!label) continue;
    const t0 = performance.now();
    const list = await rank(id);
    elapsed += performance.now() - t0;
    const relevant = list.map((other) => l.labelOf.get(other) === label);
    p += precisionAt(relevant, K);
    g += ndcgAt(relevant, K, labelCount.get(label)! - 1);
    if (list.length >= K) full++;
    queries++;
  }
  return {
    method,
    precision: p / queries,
    ndcg: g / queries,
    coverage: full / queries,
    msPerQuery: elapsed / queries,
  };
}

/** Runs Broadsheet's related list and the three baselines on one corpus. */
export async function evaluateRelated(
  docs: readonly LabelledDoc[],
  options: { weights?: RankWeights } = {},
): Promise<RelatedEvalReport> {
  const loaded = await loadScratch(docs);
  try {
    const model = await buildRelatedModel(loaded.adapter.db);
    const broadsheet: Ranker = (id) =>
      model
        .related(id, { limit: K, ...(options.weights ? { weights: options.weights } : {}) })
        .map((s) => s.articleId);
    const results = [
      await judge('broadsheet', loaded, broadsheet),
      await judge('tfidf-cosine', loaded, await tfidfBaseline(loaded)),
      await judge('shared-tags', loaded, await sharedTagsBaseline(loaded)),
      await judge('fts-title', loaded, await ftsTitleBaseline(loaded)),
    ];
    return {
      articles: loaded.ids.length,
      queries: loaded.labelOf.size,
      labels: new Set(loaded.labelOf.values()).size,
      results,
    };
  } finally {
    await loaded.adapter.close();
  }
}

/** The report as a plain-text table. */
export function formatRelatedReport(report: RelatedEvalReport): string {
  const lines = [
    `articles ${report.articles}, labelled queries ${report.queries}, labels ${report.labels}`,
    `method          P@${K}    nDCG@${K}  full-list  ms/query`,
  ];
  for (const r of report.results) {
    lines.push(
      `${r.method.padEnd(14)}  ${r.precision.toFixed(3)}  ${r.ndcg.toFixed(3)}    ${(r.coverage * 100).toFixed(0).padStart(3)}%     ${r.msPerQuery.toFixed(2)}`,
    );
  }
  return lines.join('\n');
}
