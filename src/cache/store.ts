/**
 * One cached response or fragment. The body is bytes (so the store can count them); `headers`
 * and `status` let the page cache replay an HTTP response exactly; `deps` are the dependency keys
 * (`article:42`, `section:7`, ...) whose invalidation removes the entry.
 */
export interface CacheEntry {
  body: Buffer;
  status: number;
  headers: Readonly<Record<string, string>>;
  deps: readonly string[];
  /** Strong validator of body + headers, used for ETag/304. */
  etag: string;
  /** Epoch ms: stored at; fresh until; served stale (while one refresh runs) until. */
  storedAt: number;
  freshUntil: number;
  staleUntil: number;
}

/** Where entries live: in this process (bounded LRU) or in Redis (shared by every app server). */
export interface CacheStore {
  readonly kind: 'memory' | 'redis';
  /** The entry, or undefined if absent or past `staleUntil` at `now`. */
  get(key: string, now: number): Promise<CacheEntry | undefined>;
  set(key: string, entry: CacheEntry, now: number): Promise<void>;
  delete(key: string): Promise<void>;
  /** Removes every entry that declared any of `deps`; returns how many were removed. */
  invalidate(deps: readonly string[]): Promise<number>;
  /** Entries and bytes held; null when the store cannot tell cheaply (Redis reports its own memory). */
  stats(): Promise<{ entries: number; bytes: number } | null>;
  close(): Promise<void>;
}

/** Bytes an entry costs in memory: body plus a fair estimate of its bookkeeping. */
export function entryCost(key: string, entry: CacheEntry): number {
  let cost = entry.body.length + key.length * 2 + entry.etag.length * 2 + 200;
  for (const [name, value] of Object.entries(entry.headers)) cost += (name.length + value.length) * 2;
  for (const dep of entry.deps) cost += dep.length * 2 + 48;
  return cost;
}
