import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { Worker } from 'node:worker_threads';
import type { BuildMessage, BuildReply } from './build-worker.ts';
import { BODY_CHARS, RelatedModel, type ArticleText } from './model.ts';

/**
 * Fills a RelatedModel from the database and keeps it current.
 *
 * Why in memory and rebuilt at start rather than persisted term vectors: the vectors depend on
 * corpus-wide document frequencies, so persisted ones go stale as the archive grows, while a
 * rebuild reads bodies in keyset batches of BATCH rows (newest first), keeps only each article's
 * top terms and drops the text, so memory stays bounded (about 1 KB per article) and start-up
 * is never blocked: the build yields to the event loop between batches (and analyses in a worker
 * thread at scale) and the modules show nothing until it is ready. `maxArticles` bounds the
 * model at very large archives (the newest articles are the ones worth recommending); an older
 * one joins on demand (`RelatedIndex.related`).
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

/** Where a build sends its batches: a model on this thread, or one in a worker thread. */
interface Sink {
  add(texts: ArticleText[]): Promise<void>;
  finish(): Promise<RelatedModel>;
  close(): Promise<void>;
}

function localSink(): Sink {
  const model = new RelatedModel();
  model.beginBulk();
  return {
    add: async (texts) => model.addBatch(texts),
    finish: async () => {
      model.finish();
      return model;
    },
    close: async () => {},
  };
}

/** The worker thread failed (not the database): the build can be redone on this thread. */
class BuildWorkerError extends Error {}

/** Messages posted to the worker and not yet analysed: reading stays at most this far ahead. */
const IN_FLIGHT = 4;
/** Rows per message to the worker. */
const POST_ROWS = 500;

const WORKER_ENTRY = new URL('./build-worker.mjs', import.meta.url);

function workerSink(entry: URL): Sink {
  let worker: Worker;
  try {
    worker = new Worker(entry);
  } catch (error) {
    throw new BuildWorkerError(`related build worker did not start: ${String(error)}`, { cause: error });
  }
  let inFlight = 0;
  let failure: Error | null = null;
  let waiting: { resolve: (reply: BuildReply) => void; reject: (error: Error) => void }[] = [];
  const fail = (error: Error) => {
    failure ??=
      error instanceof BuildWorkerError ? error : new BuildWorkerError(error.message, { cause: error });
    for (const w of waiting) w.reject(failure);
    waiting = [];
  };
  worker.on('message', (reply: BuildReply) => {
    if (reply.type === 'error') return fail(new BuildWorkerError(`related build worker: ${reply.message}`));
    if (reply.type === 'ack') inFlight--;
    waiting.shift()?.resolve(reply);
  });
  worker.on('error', fail);
  worker.on('exit', (code) => fail(new Error(`related build worker exited (${code})`)));
  const next = () =>
    failure
      ? Promise.reject(failure)
      : new Promise<BuildReply>((resolve, reject) => waiting.push({ resolve, reject }));
  // Batches go over in groups of about POST_ROWS rows: one message (and one wait for a core
  // on a busy machine) per hundred rows made the hand-offs cost more than they saved. The
  // worker still adds them batch by batch, so the model is the one this thread would build.
  let group: ArticleText[][] = [];
  let groupRows = 0;
  const post = async () => {
    if (groupRows === 0) return;
    worker.postMessage({ type: 'batches', batches: group } satisfies BuildMessage);
    group = [];
    groupRows = 0;
    inFlight++;
    while (inFlight >= IN_FLIGHT) await next();
  };
  return {
    async add(texts) {
      if (failure) throw failure;
      group.push(texts);
      groupRows += texts.length;
      if (groupRows >= POST_ROWS) await post();
    },
    async finish() {
      await post();
      while (inFlight > 0) await next();
      worker.postMessage({ type: 'finish' } satisfies BuildMessage);
      const reply = await next();
      if (reply.type !== 'model') throw new BuildWorkerError('related build worker: no model');
      return RelatedModel.fromState(reply.state);
    },
    async close() {
      worker.removeAllListeners('exit');
      await worker.terminate();
    },
  };
}

/**
 * Below this many articles a build stays on the calling thread: starting a worker (and its
 * TypeScript loader) costs more than analysing a small archive.
 */
export const WORKER_MIN_ARTICLES = 5_000;

/**
 * Builds a fresh model from every published article (newest first, at most `maxArticles`).
 * Articles scheduled for later are included: queries filter on publication time.
 *
 * From WORKER_MIN_ARTICLES published articles on (and unless `worker` is false) the analysis
 * runs in a worker thread while this thread reads the next batches, and the finished model
 * comes back without a copy; if the worker fails, the build is redone on this thread.
 */
export async function buildRelatedModel(
  db: Kysely<DB>,
  options: {
    maxArticles?: number;
    onProgress?: (p: LoadProgress) => void;
    yieldBetweenBatches?: boolean;
    /** Rows per batch; a background build uses small ones so no request waits long behind it. */
    batchSize?: number;
    /** Analyse in a worker thread: true, false, or by archive size (the default). */
    worker?: boolean;
    /** Told when the worker failed and the build was redone on this thread. */
    onWorkerError?: (error: unknown) => void;
    /** The worker's entry module (tests point it at one that fails). */
    workerEntry?: URL;
  } = {},
): Promise<RelatedModel> {
  let useWorker = options.worker;
  if (useWorker === undefined) {
    const row = await db
      .selectFrom('articles')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('status', '=', 'published')
      .where('published_at', 'is not', null)
      .executeTakeFirst();
    useWorker = Math.min(Number(row?.n ?? 0), options.maxArticles ?? Infinity) >= WORKER_MIN_ARTICLES;
  }
  if (!useWorker) return load(db, localSink(), options);
  try {
    return await load(db, workerSink(options.workerEntry ?? WORKER_ENTRY), options);
  } catch (error) {
    // A database error would fail again on this thread: only the worker's own failures retry.
    if (!(error instanceof BuildWorkerError)) throw error;
    options.onWorkerError?.(error);
    return load(db, localSink(), options);
  }
}

async function load(
  db: Kysely<DB>,
  sink: Sink,
  options: {
    maxArticles?: number;
    onProgress?: (p: LoadProgress) => void;
    yieldBetweenBatches?: boolean;
    batchSize?: number;
  },
): Promise<RelatedModel> {
  const batch = options.batchSize ?? BATCH;
  const started = performance.now();
  const max = options.maxArticles ?? Number.POSITIVE_INFINITY;
  let loaded = 0;
  let before: { at: string; id: number } | undefined;
  try {
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
      await sink.add(rows.map((r) => toText(r, tags.get(r.id) ?? [])));
      loaded += rows.length;
      const last = rows[rows.length - 1]!;
      before = { at: last.published_at!, id: last.id };
      options.onProgress?.({ loaded, ms: performance.now() - started });
      if (options.yieldBetweenBatches) await new Promise((r) => setImmediate(r));
      if (rows.length < batch) break;
    }
    return await sink.finish();
  } finally {
    await sink.close();
  }
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
