import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { ContentEvent } from '../../publishing/deps.ts';
import { buildRelatedModel, syncModelArticle, type LoadProgress } from './loader.ts';
import type { RelatedModel, RelatedOptions, Scored } from './model.ts';

/**
 * How the live model is built: in small batches with the event loop free between them, so a
 * request never waits long behind the build (the analysis itself runs in a worker thread from
 * WORKER_MIN_ARTICLES on; this thread reads the batches). The benchmark builds the same way.
 */
export const BACKGROUND_BUILD = { yieldBetweenBatches: true, batchSize: 100 } as const;

/**
 * Length of an article's shared top list: the related module's six after the page's other
 * modules are taken out, and the recommender's candidates when the article is a recent read.
 */
export const TOP_LIST_SIZE = 20;
/** Top lists kept (about 200 bytes each); the map starts over when full. */
const TOP_LISTS_KEPT = 20_000;

export interface RelatedIndexOptions {
  /** Newest articles held in memory; older ones join on demand when their page is read. */
  maxArticles?: number;
  onError?: (error: unknown) => void;
  onProgress?: (p: LoadProgress) => void;
}

/**
 * Owns the live related model: builds it in the background (the site serves meanwhile, with
 * no related list), applies content events incrementally after they commit, and rebuilds from
 * scratch when incremental changes have drifted the document frequencies (a fifth of the
 * model changed since the last build).
 */
export class RelatedIndex {
  private model: RelatedModel | null = null;
  private building: Promise<void> | null = null;
  private changedDuringBuild = new Set<number>();
  private changesSinceBuild = 0;
  private queue: Promise<void> = Promise.resolve();
  /** Article id -> its top list under the current model; emptied by every change to the model. */
  private readonly topLists = new Map<number, number[]>();

  constructor(
    private readonly db: Kysely<DB>,
    private readonly options: RelatedIndexOptions = {},
  ) {}

  get ready(): boolean {
    return this.model !== null;
  }

  get size(): number {
    return this.model?.size ?? 0;
  }

  /** The current model (null until the first build finishes). */
  get current(): RelatedModel | null {
    return this.model;
  }

  /** Starts (or joins) a full build; resolves when the new model is live. */
  rebuild(): Promise<void> {
    if (this.building) return this.building;
    this.changedDuringBuild.clear();
    this.building = (async () => {
      try {
        const model = await buildRelatedModel(this.db, {
          ...BACKGROUND_BUILD,
          onWorkerError: (e) => this.options.onError?.(e),
          ...(this.options.maxArticles !== undefined ? { maxArticles: this.options.maxArticles } : {}),
          ...(this.options.onProgress ? { onProgress: this.options.onProgress } : {}),
        });
        // Articles that changed while the build read past them are brought up to date.
        for (const id of this.changedDuringBuild) await syncModelArticle(this.db, model, id);
        this.model = model;
        this.topLists.clear();
        this.changesSinceBuild = 0;
      } finally {
        this.building = null;
      }
    })();
    return this.building;
  }

  /** Applies a committed content change. Serialised so updates land in order. */
  onEvent(event: ContentEvent): Promise<void> {
    if (!('articleId' in event)) return Promise.resolve();
    const id = event.articleId;
    this.queue = this.queue.then(() => this.sync(id)).catch((error) => this.options.onError?.(error));
    return this.queue;
  }

  /** Waits for queued incremental updates (tests, shutdown). */
  settled(): Promise<void> {
    return this.queue;
  }

  private async sync(id: number): Promise<void> {
    if (this.building) this.changedDuringBuild.add(id);
    const model = this.model;
    if (!model) return;
    await syncModelArticle(this.db, model, id);
    this.topLists.clear();
    this.changesSinceBuild++;
    if (this.changesSinceBuild > Math.max(500, model.size * 0.2))
      void this.rebuild().catch((e) => this.options.onError?.(e));
  }

  /**
   * The related list of an article. An article outside the model (beyond `maxArticles`, or
   * published before an event arrived) is read and added on demand.
   */
  async related(articleId: number, options: RelatedOptions): Promise<Scored[]> {
    const model = this.model;
    if (!model) return [];
    if (!model.has(articleId)) await syncModelArticle(this.db, model, articleId);
    return model.related(articleId, options);
  }

  /**
   * An article's related list of TOP_LIST_SIZE ids, nothing left out but the article itself,
   * ranked once for every page render and reader until the model changes: an uncached article
   * page needs it twice (its related module, and the recommender seeded by the article just
   * read), and ranking costs far more than this lookup. Articles whose publication time is
   * after `now` are left out; a scheduled article going live is a change to the model.
   */
  async topList(articleId: number, now: number): Promise<readonly number[]> {
    const known = this.topLists.get(articleId);
    if (known) return known;
    const model = this.model;
    const list = (await this.related(articleId, { limit: TOP_LIST_SIZE, now })).map((s) => s.articleId);
    // Kept only if the model did not change while the article was being added to it.
    if (model && model === this.model) {
      if (this.topLists.size >= TOP_LISTS_KEPT) this.topLists.clear();
      this.topLists.set(articleId, list);
    }
    return list;
  }
}
