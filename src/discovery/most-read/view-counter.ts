import { hourOf, type DiscoveryRepo } from './views-repo.ts';

export type Window = '24h' | '7d';

const HOUR = 3_600_000;
const WINDOW_HOURS: Record<Window, number> = { '24h': 24, '7d': 168 };
/** Buckets older than this are deleted; they no longer feed any window. */
const KEEP_HOURS = 8 * 24;
const TOP_CACHE_MS = 15_000;

/**
 * First-party view counting with no database write per view: views add to in-memory hourly
 * buckets (which answer "Most read" at once) and to a pending buffer that `flush` writes in one
 * batch of upserts; the composition root flushes every few seconds and on shutdown, and `load`
 * brings the last week back after a restart. Only article ids and counts: no address, no reader.
 */
export class ViewCounter {
  private hours = new Map<string, Map<number, number>>();
  private pending = new Map<string, number>();
  private pendingViews = 0;
  private topCache = new Map<
    Window,
    { at: number; hour: string; list: { articleId: number; views: number }[] }
  >();
  private totalsCache = new Map<Window, { at: number; hour: string; sums: Map<number, number> }>();
  private lastPrune = '';
  private flushing: Promise<void> | null = null;

  constructor(
    private readonly repo: DiscoveryRepo,
    private readonly clock: () => Date,
  ) {}

  /** Reads the last week of buckets (after a restart). */
  async load(): Promise<void> {
    const since = hourOf(new Date(this.clock().getTime() - WINDOW_HOURS['7d'] * HOUR));
    for (const row of await this.repo.viewsSince(since)) this.bump(row.hour, row.article_id, row.views);
    this.topCache.clear();
  }

  /** Counts one view now. Callers have already ruled out robots and prefetches. */
  record(articleId: number): void {
    const hour = hourOf(this.clock());
    this.bump(hour, articleId, 1);
    const key = `${articleId}|${hour}`;
    this.pending.set(key, (this.pending.get(key) ?? 0) + 1);
    this.pendingViews++;
  }

  /** Views not yet written to the database. */
  get pendingCount(): number {
    return this.pendingViews;
  }

  /** Writes buffered views in one batch; on failure they stay buffered for the next flush. */
  async flush(): Promise<void> {
    while (this.flushing) await this.flushing;
    if (this.pending.size === 0) return;
    const batch = this.pending;
    const count = this.pendingViews;
    this.pending = new Map();
    this.pendingViews = 0;
    this.flushing = (async () => {
      try {
        await this.repo.addViews(
          [...batch].map(([key, views]) => {
            const [id, hour] = key.split('|') as [string, string];
            return { articleId: Number(id), hour, views };
          }),
        );
        const cutoff = hourOf(new Date(this.clock().getTime() - KEEP_HOURS * HOUR));
        if (cutoff !== this.lastPrune) {
          await this.repo.pruneViews(cutoff);
          this.lastPrune = cutoff;
        }
      } catch (error) {
        for (const [key, views] of batch) this.pending.set(key, (this.pending.get(key) ?? 0) + views);
        this.pendingViews += count;
        throw error;
      } finally {
        this.flushing = null;
      }
    })();
    await this.flushing;
  }

  /** Views per article over a window ending now, most viewed first (ties: higher id first). */
  top(window: Window, limit: number): { articleId: number; views: number }[] {
    const now = this.clock();
    const hour = hourOf(now);
    const cached = this.topCache.get(window);
    let list: { articleId: number; views: number }[];
    if (cached && cached.hour === hour && now.getTime() - cached.at < TOP_CACHE_MS) list = cached.list;
    else {
      list = [...this.totals(window)].map(([articleId, views]) => ({ articleId, views }));
      list.sort((a, b) => b.views - a.views || b.articleId - a.articleId);
      list = list.slice(0, 200);
      this.topCache.set(window, { at: now.getTime(), hour, list });
    }
    return list.slice(0, limit);
  }

  /**
   * Views of every article seen in the window (read-only: shared by the callers of the next few
   * seconds, since every new reader's recommendations read it).
   */
  totals(window: Window): ReadonlyMap<number, number> {
    const nowDate = this.clock();
    const hour = hourOf(nowDate);
    const cached = this.totalsCache.get(window);
    if (cached && cached.hour === hour && nowDate.getTime() - cached.at < TOP_CACHE_MS) return cached.sums;
    const sums = this.sumWindow(window, nowDate.getTime());
    this.totalsCache.set(window, { at: nowDate.getTime(), hour, sums });
    return sums;
  }

  private sumWindow(window: Window, now: number): Map<number, number> {
    const from = hourOf(new Date(now - (WINDOW_HOURS[window] - 1) * HOUR));
    const to = hourOf(new Date(now));
    const sums = new Map<number, number>();
    for (const [hour, counts] of this.hours) {
      if (hour < from || hour > to) continue;
      for (const [id, n] of counts) sums.set(id, (sums.get(id) ?? 0) + n);
    }
    return sums;
  }

  private bump(hour: string, articleId: number, n: number): void {
    let bucket = this.hours.get(hour);
    if (!bucket) {
      this.hours.set(hour, (bucket = new Map()));
      this.dropOldBuckets();
    }
    bucket.set(articleId, (bucket.get(articleId) ?? 0) + n);
  }

  private dropOldBuckets(): void {
    const oldest = hourOf(new Date(this.clock().getTime() - WINDOW_HOURS['7d'] * HOUR));
    for (const hour of this.hours.keys()) if (hour < oldest) this.hours.delete(hour);
  }
}
