import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { BODY_CHARS, RelatedModel, type ArticleText } from './model.ts';

/**
 * Fills a RelatedModel from the database and keeps it current.
 *
 * Why in memory and rebuilt at start rather than persisted term vectors: the vectors depend on
 * corpus-wide document frequencies, so persisted ones go stale as the archive grows, while a
 * rebuild reads bodies in keyset batches of BATCH rows (newest first), keeps only each article's
 * top terms and drops the text, so memory stays bounded (about 0.5 KB per article) and start-up
 * is never blocked: the build yields to the event loop between batches and the modules show
 * nothing until it is ready. `maxArticles` bounds the model at very large archives (the newest
 * articles are the ones worth recommending); older ones get their list from `relatedOnDemand`.
 */
export const BATCH = 2000;

export interface LoadProgress {
  loaded: number;
  ms: number;
}

interface Row {
  id: number;
  language: string;
  section_id: number | null;
  published_at: string | null;
  headline: string;
  standfirst: string;
  body_html: string;
}

async function tagsFor(
  db: Kysely<DB>,
  ids: readonly number[],
): Promise<Map<number, { id: number; name: string }[]>> {
  const out = new Map<number, { id: number; name: string }[]>();
  if (ids.length === 0) return out;
  const rows = await db
    .selectFrom('article_tags')
    .innerJoin('tags', 'tags.id', 'article_tags.tag_id')
    .select(['article_tags.article_id', 'tags.id', 'tags.name'])
    .where('article_tags.article_id', 'in', [...ids])
    .execute();
  for (const r of rows) {
    let list = out.get(r.article_id);
    if (!list) out.set(r.article_id, (list = []));
    list.push({ id: r.id, name: r.name });
  }
  return out;
}

function toText(row: Row, tags: { id: number; name: string }[]): ArticleText {
  return {
    articleId: row.id,
    language: row.language,
    sectionId: row.section_id,
    publishedAt: row.published_at ? Date.parse(row.published_at) : 0,
    headline: row.headline,
    standfirst: row.standfirst,
    // The model decodes the HTML itself, in one scan into its buffer (no text string).
    body: '',
    bodyHtml: row.body_html,
    tags,
  };
}

// Only the start of the body is read (the model reads its first BODY_CHARS characters of text);
// substr works the same in SQLite and PostgreSQL.
const COLUMNS = [
  'id',
  'language',
  'section_id',
  'published_at',
  'headline',
  'standfirst',
  sql<string>`substr(body_html, 1, ${BODY_CHARS * 3})`.as('body_html'),
] as const;

/**
 * Builds a fresh model from every published article (newest first, at most `maxArticles`).
 * Articles scheduled for later are included: queries filter on publication time.
 */
export async function buildRelatedModel(
  db: Kysely<DB>,
  options: {
    maxArticles?: number;
    onProgress?: (p: LoadProgress) => void;
    yieldBetweenBatches?: boolean;
    /** Rows per batch; a background build uses small ones so no request waits long behind it. */
    batchSize?: number;
  } = {},
): Promise<RelatedModel> {
  const batch = options.batchSize ?? BATCH;
  const started = performance.now();
  const model = new RelatedModel();
  model.beginBulk();
  const max = options.maxArticles ?? Number.POSITIVE_INFINITY;
  let loaded = 0;
  let before: { at: string; id: number } | undefined;
  while (loaded < max) {
    let q = db
      .selectFrom('articles')
      .select(COLUMNS)
      .where('status', '=', 'published')
      .where('published_at', 'is not', null);
    if (before) {
      const b = before;
      // The plain `<=` bound lets the index seek to the cursor; the OR only settles ties.
      q = q
        .where('published_at', '<=', b.at)
        .where((eb) =>
          eb.or([
            eb('published_at', '<', b.at),
            eb.and([eb('published_at', '=', b.at), eb('id', '<', b.id)]),
          ]),
        );
    }
    const rows = (await q
      .orderBy('published_at', 'desc')
      .orderBy('id', 'desc')
      .limit(Math.min(batch, max - loaded))
      .execute()) as Row[];
    if (rows.length === 0) break;
    const tags = await tagsFor(
      db,
      rows.map((r) => r.id),
    );
    model.addBatch(rows.map((r) => toText(r, tags.get(r.id) ?? [])));
    loaded += rows.length;
    const last = rows[rows.length - 1]!;
    before = { at: last.published_at!, id: last.id };
    options.onProgress?.({ loaded, ms: performance.now() - started });
    if (options.yieldBetweenBatches) await new Promise((r) => setImmediate(r));
    if (rows.length < batch) break;
  }
  model.finish();
  return model;
}

/** Reads one article as the model sees it, or undefined when it is not published. */
export async function loadArticleText(db: Kysely<DB>, articleId: number): Promise<ArticleText | undefined> {
  const row = (await db
    .selectFrom('articles')
    .select(COLUMNS)
    .where('id', '=', articleId)
    .where('status', '=', 'published')
    .where('published_at', 'is not', null)
    .executeTakeFirst()) as Row | undefined;
  if (!row) return undefined;
  const tags = await tagsFor(db, [row.id]);
  return toText(row, tags.get(row.id) ?? []);
}

/** Brings one article of the model in line with the database (after publish, update, unpublish). */
export async function syncModelArticle(
  db: Kysely<DB>,
  model: RelatedModel,
  articleId: number,
): Promise<void> {
  const text = await loadArticleText(db, articleId);
  if (text) model.add(text);
  else model.remove(articleId);
}
