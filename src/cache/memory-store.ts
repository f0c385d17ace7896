import { entryCost, type CacheEntry, type CacheStore } from './store.ts';

export interface MemoryStoreOptions {
  /** Upper bound of the bytes held (bodies and bookkeeping); least recently used entries go first. */
  maxBytes: number;
  /** Entries larger than this are not kept (default: an eighth of maxBytes). */
  maxEntryBytes?: number;
}

interface Slot {
  entry: CacheEntry;
  cost: number;
}

/**
 * The in-process store: a Map kept in recency order (a hit moves the key to the end, eviction
 * takes from the front), bounded in bytes, with a dependency index so invalidation touches only
 * the entries that declared a key.
 */
export class MemoryCacheStore implements CacheStore {
  readonly kind = 'memory' as const;
  readonly #slots = new Map<string, Slot>();
  readonly #byDep = new Map<string, Set<string>>();
  readonly #maxBytes: number;
  readonly #maxEntryBytes: number;
  #bytes = 0;
  evictions = 0;

  constructor(options: MemoryStoreOptions) {
    if (!(options.maxBytes > 0)) throw new RangeError('maxBytes must be positive');
    this.#maxBytes = options.maxBytes;
    this.#maxEntryBytes = options.maxEntryBytes ?? Math.floor(options.maxBytes / 8);
  }

  /** Synchronous lookup for the hot path (the page cache's hit costs no promise). */
  peek(key: string, now: number): CacheEntry | undefined {
    const slot = this.#slots.get(key);
    if (!slot) return undefined;
    if (slot.entry.staleUntil <= now) {
      this.#remove(key, slot);
      return undefined;
    }
    this.#slots.delete(key);
    this.#slots.set(key, slot);
    return slot.entry;
  }

  async get(key: string, now: number): Promise<CacheEntry | undefined> {
    return this.peek(key, now);
  }

  async set(key: string, entry: CacheEntry, now: number): Promise<void> {
    const old = this.#slots.get(key);
    if (old) this.#remove(key, old);
    const cost = entryCost(key, entry);
    if (cost > this.#maxEntryBytes || entry.staleUntil <= now) return;
    this.#slots.set(key, { entry, cost });
    this.#bytes += cost;
    for (const dep of entry.deps) {
      let keys = this.#byDep.get(dep);
      if (!keys) this.#byDep.set(dep, (keys = new Set()));
      keys.add(key);
    }
    for (const [oldest, slot] of this.#slots) {
      if (this.#bytes <= this.#maxBytes) break;
      this.#remove(oldest, slot);
      this.evictions++;
    }
  }

  async delete(key: string): Promise<void> {
    const slot = this.#slots.get(key);
    if (slot) this.#remove(key, slot);
  }

  async invalidate(deps: readonly string[]): Promise<number> {
    let removed = 0;
    for (const dep of deps) {
      const keys = this.#byDep.get(dep);
      if (!keys) continue;
      for (const key of [...keys]) {
        const slot = this.#slots.get(key);
        if (slot) {
          this.#remove(key, slot);
          removed++;
        }
      }
      this.#byDep.delete(dep);
    }
    return removed;
  }

  async stats(): Promise<{ entries: number; bytes: number }> {
    return { entries: this.#slots.size, bytes: this.#bytes };
  }

  async close(): Promise<void> {
    this.#slots.clear();
    this.#byDep.clear();
    this.#bytes = 0;
  }

  #remove(key: string, slot: Slot): void {
    this.#slots.delete(key);
    this.#bytes -= slot.cost;
    for (const dep of slot.entry.deps) {
      const keys = this.#byDep.get(dep);
      if (!keys) continue;
      keys.delete(key);
      if (keys.size === 0) this.#byDep.delete(dep);
    }
  }
}
