/** What a loader returns: the value, the dependency keys it was read from, how long it may live. */
export interface Memoized<V> {
  value: V;
  deps: readonly string[];
  /** Milliseconds the value may be reused (capped by the memo's maxAgeMs). */
  maxAgeMs?: number;
  /** Rough bytes the value holds (default 1 KB): what the memo's bound counts. */
  bytes?: number;
}

export interface MemoOptions {
  /** Rough bytes held at most (values' `bytes`); least recently used go first. */
  maxBytes: number;
  /** False (FRAGMENT_CACHE=off): every get loads. Default true. */
  enabled?: boolean;
  /** Upper bound of any value's life, a backstop for changes no event announces (default 60 s). */
  maxAgeMs?: number;
  /** Epoch ms; the app's clock, so tests that move time also age values. */
  now: () => number;
}

interface Slot {
  value: unknown;
  deps: readonly string[];
  expiresAt: number;
  bytes: number;
}

const DEFAULT_BYTES = 1024;

export interface MemoCounters {
  hits: number;
  misses: number;
  coalesced: number;
  /** Loads not kept because one of their keys was invalidated while they ran. */
  discarded: number;
}

/**
 * The fragment cache under the page cache: values that pages are built from (an edition's
 * frame, an article with its bylines, the latest-news cards, a module's list), kept in this
 * process as objects and dropped by the same dependency keys that invalidate pages. A page the
 * page cache misses is then assembled from memory rather than from a dozen queries.
 *
 * Loads of one key coalesce, and a load that began before an invalidation of one of its keys is
 * returned to its callers but not kept (it may have read the old row).
 */
export class Memo {
  readonly counters: MemoCounters = { hits: 0, misses: 0, coalesced: 0, discarded: 0 };
  readonly #slots = new Map<string, Slot>();
  readonly #byDep = new Map<string, Set<string>>();
  readonly #inflight = new Map<string, Promise<unknown>>();
  /** Dependency key -> sequence of its latest invalidation, kept while loads are in flight. */
  readonly #invalidatedAt = new Map<string, number>();
  #seq = 0;
  readonly #maxBytes: number;
  readonly #maxAgeMs: number;
  readonly #now: () => number;
  readonly #enabled: boolean;
  #bytes = 0;

  constructor(options: MemoOptions) {
    if (!(options.maxBytes > 0)) throw new RangeError('maxBytes must be positive');
    this.#maxBytes = options.maxBytes;
    this.#maxAgeMs = options.maxAgeMs ?? 60_000;
    this.#now = options.now;
    this.#enabled = options.enabled ?? true;
  }

  get size(): number {
    return this.#slots.size;
  }

  /** Rough bytes held (for /metrics). */
  get bytes(): number {
    return this.#bytes;
  }

  /** The value of `key`, loading it (once, however many callers) when absent or expired. */
  async get<V>(key: string, load: () => Promise<Memoized<V>>): Promise<V> {
    if (!this.#enabled) return (await load()).value;
    const slot = this.#hit(key);
    if (slot) return slot.value as V;
    const running = this.#inflight.get(key);
    if (running) {
      this.counters.coalesced++;
      return running as Promise<V>;
    }
    this.counters.misses++;
    const startSeq = this.#seq;
    const promise = load().then(
      (loaded) => {
        // Stored before the in-flight bookkeeping is cleared: it holds the invalidations to check.
        this.#store(key, loaded, startSeq);
        this.#finish(key);
        return loaded.value;
      },
      (error: unknown) => {
        this.#finish(key);
        throw error;
      },
    );
    this.#inflight.set(key, promise);
    return promise;
  }

  /** The kept value of `key`, or undefined; never loads (for batch lookups that load misses together). */
  peek<V>(key: string): V | undefined {
    if (!this.#enabled) return undefined;
    return this.#hit(key)?.value as V | undefined;
  }

  /** The live slot of `key`, counted as a hit and moved to the recent end; an expired one is dropped. */
  #hit(key: string): Slot | undefined {
    const slot = this.#slots.get(key);
    if (!slot) return undefined;
    if (slot.expiresAt <= this.#now()) {
      this.#remove(key, slot);
      return undefined;
    }
    this.counters.hits++;
    // Recency order: a hit moves the key to the end, eviction takes from the front.
    this.#slots.delete(key);
    this.#slots.set(key, slot);
    return slot;
  }

  /** Changes with every invalidation: read it before a batch read, hand it to `put` after. */
  get generation(): number {
    return this.#seq;
  }

  /**
   * Keeps a value read outside `get` (a batch read that began at `generation`); not kept when
   * anything was invalidated meanwhile, since the read may predate that change.
   */
  put<V>(key: string, loaded: Memoized<V>, generation: number): void {
    if (!this.#enabled) return;
    this.counters.misses++;
    if (generation !== this.#seq) {
      this.counters.discarded++;
      return;
    }
    this.#store(key, loaded, generation);
  }

  /** Drops every value read from one of `deps`. */
  invalidate(deps: readonly string[]): void {
    if (deps.length === 0) return;
    const seq = ++this.#seq;
    if (this.#inflight.size > 0) for (const dep of deps) this.#invalidatedAt.set(dep, seq);
    for (const dep of deps) {
      const keys = this.#byDep.get(dep);
      if (!keys) continue;
      for (const key of [...keys]) {
        const slot = this.#slots.get(key);
        if (slot) this.#remove(key, slot);
      }
      this.#byDep.delete(dep);
    }
  }

  clear(): void {
    this.#seq++;
    this.#slots.clear();
    this.#byDep.clear();
    this.#bytes = 0;
  }

  #finish(key: string): void {
    this.#inflight.delete(key);
    if (this.#inflight.size === 0) this.#invalidatedAt.clear();
  }

  #store(key: string, loaded: Memoized<unknown>, startSeq: number): void {
    if (startSeq !== this.#seq) {
      for (const dep of loaded.deps) {
        if ((this.#invalidatedAt.get(dep) ?? 0) > startSeq) {
          this.counters.discarded++;
          return;
        }
      }
    }
    const ttl = Math.min(this.#maxAgeMs, loaded.maxAgeMs ?? this.#maxAgeMs);
    if (!(ttl > 0)) return;
    const old = this.#slots.get(key);
    if (old) this.#remove(key, old);
    const deps = [...new Set(loaded.deps)];
    const bytes = Math.max(DEFAULT_BYTES, loaded.bytes ?? 0);
    if (bytes > this.#maxBytes / 8) return;
    this.#slots.set(key, { value: loaded.value, deps, expiresAt: this.#now() + ttl, bytes });
    this.#bytes += bytes;
    for (const dep of deps) {
      let keys = this.#byDep.get(dep);
      if (!keys) this.#byDep.set(dep, (keys = new Set()));
      keys.add(key);
    }
    for (const [oldest, slot] of this.#slots) {
      if (this.#bytes <= this.#maxBytes) break;
      this.#remove(oldest, slot);
    }
  }

  #remove(key: string, slot: Slot): void {
    this.#slots.delete(key);
    this.#bytes -= slot.bytes;
    for (const dep of slot.deps) {
      const keys = this.#byDep.get(dep);
      if (!keys) continue;
      keys.delete(key);
      if (keys.size === 0) this.#byDep.delete(dep);
    }
  }
}

/** The process's fragment cache as configured: FRAGMENT_CACHE=off, FRAGMENT_CACHE_MAX_MB (16). */
export function memoFromEnv(clock: () => Date, env: NodeJS.ProcessEnv = process.env): Memo {
  const mb = Number(env.FRAGMENT_CACHE_MAX_MB ?? 16);
  return new Memo({
    maxBytes: (Number.isFinite(mb) && mb > 0 ? mb : 16) * 1024 * 1024,
    now: () => clock().getTime(),
    enabled: env.FRAGMENT_CACHE !== 'off',
  });
}
