import { hourOf, type DiscoveryRepo } from '../most-read/views-repo.ts';

/** Neighbours kept in memory per article: enough to recommend from, bounded at any scale. */
const NEIGHBOURS = 40;
/** Pairs read back at start (strongest first). */
const LOAD_LIMIT = 500_000;

/**
 * "Readers of X also read Y": counts of consecutive views (X then Y within one reading session),
 * aggregated over all readers. Nothing identifies a reader: a pair is two article ids and a
 * count. Pairs buffer in memory and are written in batches like views.
 */
export class Covisitation {
  private next = new Map<number, Map<number, number>>();
  private totals = new Map<number, number>();
  private pending = new Map<string, number>();
  private flushing: Promise<void> | null = null;

  constructor(
    private readonly repo: DiscoveryRepo,
    private readonly clock: () => Date,
  ) {}

  async load(): Promise<void> {
    for (const row of await this.repo.topPairs(LOAD_LIMIT)) this.bump(row.from_id, row.to_id, row.count);
  }

  /** A reader went from `from` straight to `to`. */
  record(from: number, to: number): void {
    if (from === to) return;
    this.bump(from, to, 1);
    const key = `${from}|${to}`;
    this.pending.set(key, (this.pending.get(key) ?? 0) + 1);
  }

  /** Articles read after `from`, with their counts. */
  neighbours(from: number): ReadonlyMap<number, number> | undefined {
    return this.next.get(from);
  }

  /** P(to | from), smoothed so one stray pair does not look like a strong signal. */
  probability(from: number, to: number): number {
    const count = this.next.get(from)?.get(to) ?? 0;
    return count === 0 ? 0 : count / ((this.totals.get(from) ?? 0) + 3);
  }

  get pendingCount(): number {
    return this.pending.size;
  }

  async flush(): Promise<void> {
    while (this.flushing) await this.flushing;
    if (this.pending.size === 0) return;
    const batch = this.pending;
    this.pending = new Map();
    const hour = hourOf(this.clock());
    this.flushing = (async () => {
      try {
        await this.repo.addPairs(
          [...batch].map(([key, count]) => {
            const [from, to] = key.split('|').map(Number) as [number, number];
            return { from, to, count, hour };
          }),
        );
      } catch (error) {
        for (const [key, n] of batch) this.pending.set(key, (this.pending.get(key) ?? 0) + n);
        throw error;
      } finally {
        this.flushing = null;
      }
    })();
    await this.flushing;
  }

  private bump(from: number, to: number, n: number): void {
    let map = this.next.get(from);
    if (!map) this.next.set(from, (map = new Map()));
    map.set(to, (map.get(to) ?? 0) + n);
    this.totals.set(from, (this.totals.get(from) ?? 0) + n);
    if (map.size > NEIGHBOURS * 2) {
      // Keep the strongest; the weakest are noise and would grow without bound.
      const kept = [...map].sort((a, b) => b[1] - a[1]).slice(0, NEIGHBOURS);
      this.next.set(from, new Map(kept));
    }
  }
}
