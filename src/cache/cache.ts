import { createHash } from 'node:crypto';
import type { CacheEntry, CacheStore } from './store.ts';

/** What a render produces; the cache turns it into an entry. */
export interface Rendered {
  body: string | Buffer;
  deps: readonly string[];
  /** Seconds the entry is fresh. */
  maxAge: number;
  /** Seconds after that during which it is served stale while one refresh runs. */
  staleWhileRevalidate?: number;
  status?: number;
  headers?: Record<string, string>;
}

/** The right to render a key and store the result; everyone else waits for it. */
export interface Lease {
  readonly key: string;
  /** Stores the entry (unless one of its keys was invalidated while it rendered) and wakes the waiters. */
  complete(entry: CacheEntry | null): Promise<void>;
}

export type Lookup =
  | { kind: 'fresh'; entry: CacheEntry }
  /** Serve `entry`; if `lease` is set this caller should refresh it in the background. */
  | { kind: 'stale'; entry: CacheEntry; lease: Lease | null }
  /** Absent: this caller renders and completes the lease. */
  | { kind: 'render'; lease: Lease }
  /** Someone else is rendering: wait; null means render yourself without caching. */
  | { kind: 'wait'; result: Promise<CacheEntry | null> };

export interface CacheCounters {
  hits: number;
  staleHits: number;
  misses: number;
  coalesced: number;
  stores: number;
  /** Renders thrown away because a key they depend on was invalidated while they ran. */
  discarded: number;
  invalidations: number;
  invalidatedEntries: number;
  errors: number;
}

export interface CacheOptions {
  store: CacheStore;
  /** Epoch ms; the app's clock, so tests that move time also age entries. */
  now: () => number;
  /** A render that has not completed after this long releases its waiters (default 15 s). */
  leaseTimeoutMs?: number;
  onError?: (error: unknown) => void;
}

interface InflightLease extends Lease {
  startSeq: number;
  done: boolean;
  result: Promise<CacheEntry | null>;
}

/**
 * The bytes of a string in a buffer of their own. `Buffer.from` puts short strings in a shared
 * 8 KB slab, and a kept entry would keep its whole slab alive: thousands of small fragments
 * then hold several times their size.
 */
function ownBuffer(text: string): Buffer {
  const length = Buffer.byteLength(text);
  if (length >= 4096) return Buffer.from(text);
  const out = Buffer.allocUnsafeSlow(length);
  out.write(text);
  return out;
}

/** A strong ETag of the bytes and the headers a client sees. */
export function computeEtag(body: Buffer, headers: Record<string, string> = {}): string {
  const hash = createHash('sha1').update(body);
  if (headers['content-type']) hash.update(headers['content-type']);
  return `"${hash.digest('base64url').slice(0, 22)}"`;
}

/**
 * The cache proper, over any CacheStore: request coalescing (one render per key however many
 * ask at once), stale-while-revalidate (a stale entry is served while exactly one refresh runs),
 * and a guard against the classic race where a render that began before an invalidation stores
 * the old content after it.
 */
export class Cache {
  readonly store: CacheStore;
  readonly counters: CacheCounters = {
    hits: 0,
    staleHits: 0,
    misses: 0,
    coalesced: 0,
    stores: 0,
    discarded: 0,
    invalidations: 0,
    invalidatedEntries: 0,
    errors: 0,
  };
  readonly now: () => number;
  readonly #inflight = new Map<string, InflightLease>();
  /** Dependency key -> sequence number of its latest invalidation, kept while renders are in flight. */
  readonly #invalidatedAt = new Map<string, number>();
  #seq = 0;
  readonly #leaseTimeoutMs: number;
  readonly #onError: (error: unknown) => void;
  readonly #peek: ((key: string, now: number) => CacheEntry | undefined) | undefined;
  readonly #listeners: ((deps: readonly string[]) => void)[] = [];

  constructor(options: CacheOptions) {
    this.store = options.store;
    this.now = options.now;
    this.#leaseTimeoutMs = options.leaseTimeoutMs ?? 15_000;
    this.#onError = options.onError ?? (() => {});
    const peek = (options.store as { peek?: (key: string, now: number) => CacheEntry | undefined }).peek;
    this.#peek = peek ? peek.bind(options.store) : undefined;
  }

  /** Entry-in-hand lookup: synchronous when the store is in memory (the hot path allocates no promise). */
  lookup(key: string): Lookup | Promise<Lookup> {
    const now = this.now();
    if (this.#peek) return this.#decide(key, this.#peek(key, now), now);
    return this.store.get(key, now).then(
      (entry) => this.#decide(key, entry, now),
      (error: unknown) => {
        this.counters.errors++;
        this.#onError(error);
        return this.#decide(key, undefined, now);
      },
    );
  }

  #decide(key: string, entry: CacheEntry | undefined, now: number): Lookup {
    if (entry) {
      if (now < entry.freshUntil) {
        this.counters.hits++;
        return { kind: 'fresh', entry };
      }
      this.counters.staleHits++;
      return { kind: 'stale', entry, lease: this.#inflight.has(key) ? null : this.#lease(key) };
    }
    const running = this.#inflight.get(key);
    if (running) {
      this.counters.coalesced++;
      return { kind: 'wait', result: running.result };
    }
    this.counters.misses++;
    return { kind: 'render', lease: this.#lease(key) };
  }

  /** Turns a render into an entry stamped with the cache's clock. */
  entryFrom(rendered: Rendered): CacheEntry {
    const now = this.now();
    const body = typeof rendered.body === 'string' ? ownBuffer(rendered.body) : rendered.body;
    const headers = rendered.headers ?? {};
    const freshUntil = now + Math.max(0, rendered.maxAge) * 1000;
    return {
      body,
      status: rendered.status ?? 200,
      headers,
      deps: [...new Set(rendered.deps)],
      etag: computeEtag(body, headers),
      storedAt: now,
      freshUntil,
      staleUntil: freshUntil + Math.max(0, rendered.staleWhileRevalidate ?? 0) * 1000,
    };
  }

  /**
   * Fragment caching: the cached value of `key`, rendering it (once, however many callers) when
   * absent, and refreshing it in the background when stale.
   */
  async fetch(key: string, render: () => Promise<Rendered>): Promise<CacheEntry> {
    const found = await this.lookup(key);
    switch (found.kind) {
      case 'fresh':
        return found.entry;
      case 'stale':
        if (found.lease) {
          const lease = found.lease;
          render().then(
            (r) => lease.complete(this.entryFrom(r)),
            (error: unknown) => {
              this.#onError(error);
              return lease.complete(null);
            },
          );
        }
        return found.entry;
      case 'wait': {
        const entry = await found.result;
        return entry ?? this.entryFrom(await render());
      }
      case 'render': {
        let entry: CacheEntry;
        try {
          entry = this.entryFrom(await render());
        } catch (error) {
          await found.lease.complete(null);
          throw error;
        }
        await found.lease.complete(entry);
        return entry;
      }
    }
  }

  /** Calls `listener` (synchronously) with the keys of every invalidation: for caches layered on this one. */
  onInvalidate(listener: (deps: readonly string[]) => void): void {
    this.#listeners.push(listener);
  }

  /** Removes every entry that declared one of `deps` (here; other servers hear it on the bus). */
  async invalidate(deps: readonly string[]): Promise<number> {
    if (deps.length === 0) return 0;
    for (const listener of this.#listeners) listener(deps);
    const seq = ++this.#seq;
    if (this.#inflight.size > 0) {
      for (const dep of deps) this.#invalidatedAt.set(dep, seq);
      if (this.#invalidatedAt.size > 10_000) this.#prune();
    }
    this.counters.invalidations++;
    try {
      const removed = await this.store.invalidate(deps);
      this.counters.invalidatedEntries += removed;
      return removed;
    } catch (error) {
      this.counters.errors++;
      this.#onError(error);
      return 0;
    }
  }

  /** Renders in flight (for metrics and tests). */
  get inflight(): number {
    return this.#inflight.size;
  }

  #lease(key: string): InflightLease {
    let wake!: (entry: CacheEntry | null) => void;
    const result = new Promise<CacheEntry | null>((resolve) => (wake = resolve));
    const timer = setTimeout(() => void lease.complete(null), this.#leaseTimeoutMs);
    timer.unref();
    const lease: InflightLease = {
      key,
      startSeq: this.#seq,
      done: false,
      result,
      complete: async (entry) => {
        if (lease.done) return;
        lease.done = true;
        clearTimeout(timer);
        let stored: CacheEntry | null = null;
        if (entry) {
          if (this.#invalidatedSince(entry.deps, lease.startSeq)) this.counters.discarded++;
          else {
            try {
              await this.store.set(key, entry, this.now());
              this.counters.stores++;
              stored = entry;
            } catch (error) {
              this.counters.errors++;
              this.#onError(error);
            }
          }
        }
        if (this.#inflight.get(key) === lease) this.#inflight.delete(key);
        if (this.#inflight.size === 0) this.#invalidatedAt.clear();
        wake(stored);
      },
    };
    this.#inflight.set(key, lease);
    return lease;
  }

  /** Under constant load renders are always in flight: forget invalidations older than all of them. */
  #prune(): void {
    let oldest = this.#seq;
    for (const lease of this.#inflight.values()) oldest = Math.min(oldest, lease.startSeq);
    for (const [dep, seq] of this.#invalidatedAt) if (seq <= oldest) this.#invalidatedAt.delete(dep);
  }

  #invalidatedSince(deps: readonly string[], startSeq: number): boolean {
    if (this.#seq === startSeq) return false;
    for (const dep of deps) if ((this.#invalidatedAt.get(dep) ?? 0) > startSeq) return true;
    return false;
  }
}
