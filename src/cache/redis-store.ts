import type { Redis } from 'ioredis';
import type { CacheEntry, CacheStore } from './store.ts';

export interface RedisStoreOptions {
  /** An ioredis client (the store does not own it unless `ownsClient`). */
  client: Redis;
  ownsClient?: boolean;
  /** Namespaces this site's keys, so several sites (or test runs) can share one Redis. */
  prefix: string;
  /** Longest an entry may live; dependency sets live this long after their last use. */
  maxTtlMs?: number;
}

// Removes every entry named in the dependency sets KEYS, then the sets; returns entries removed.
// Entry keys are stored in full in the sets, so no key is built inside the script.
const INVALIDATE = `
local removed = 0
for _, dep in ipairs(KEYS) do
  local members = redis.call('SMEMBERS', dep)
  for i = 1, #members, 500 do
    removed = removed + redis.call('DEL', unpack(members, i, math.min(i + 499, #members)))
  end
  redis.call('DEL', dep)
end
return removed
`;

interface Meta {
  s: number;
  h: Record<string, string>;
  d: string[];
  e: string;
  t: [number, number, number];
}

/** Entry bytes: 4-byte big-endian length of the JSON metadata, the metadata, then the body. */
export function encodeEntry(entry: CacheEntry): Buffer {
  const meta: Meta = {
    s: entry.status,
    h: { ...entry.headers },
    d: [...entry.deps],
    e: entry.etag,
    t: [entry.storedAt, entry.freshUntil, entry.staleUntil],
  };
  const json = Buffer.from(JSON.stringify(meta));
  const head = Buffer.allocUnsafe(4);
  head.writeUInt32BE(json.length, 0);
  return Buffer.concat([head, json, entry.body]);
}

export function decodeEntry(bytes: Buffer): CacheEntry {
  const length = bytes.readUInt32BE(0);
  const meta = JSON.parse(bytes.subarray(4, 4 + length).toString('utf8')) as Meta;
  return {
    body: bytes.subarray(4 + length),
    status: meta.s,
    headers: meta.h,
    deps: meta.d,
    etag: meta.e,
    storedAt: meta.t[0],
    freshUntil: meta.t[1],
    staleUntil: meta.t[2],
  };
}

/**
 * The shared store: every app server reads the same entries. An entry is one binary string with a
 * TTL; each dependency key is a set of the entries that declared it, so invalidation is one script
 * that deletes exactly those entries (no SCAN, no FLUSH).
 */
export class RedisCacheStore implements CacheStore {
  readonly kind = 'redis' as const;
  readonly #client: Redis;
  readonly #owns: boolean;
  readonly #prefix: string;
  readonly #maxTtlMs: number;

  constructor(options: RedisStoreOptions) {
    this.#client = options.client;
    this.#owns = options.ownsClient ?? false;
    this.#prefix = options.prefix;
    this.#maxTtlMs = options.maxTtlMs ?? 86_400_000;
    if (!('bsInvalidate' in this.#client)) this.#client.defineCommand('bsInvalidate', { lua: INVALIDATE });
  }

  #entryKey(key: string): string {
    return `${this.#prefix}e:${key}`;
  }

  #depKey(dep: string): string {
    return `${this.#prefix}d:${dep}`;
  }

  async get(key: string, now: number): Promise<CacheEntry | undefined> {
    const bytes = await this.#client.getBuffer(this.#entryKey(key));
    if (!bytes) return undefined;
    const entry = decodeEntry(bytes);
    return entry.staleUntil > now ? entry : undefined;
  }

  async set(key: string, entry: CacheEntry, now: number): Promise<void> {
    const ttl = Math.min(entry.staleUntil - now, this.#maxTtlMs);
    if (ttl <= 0) return;
    const entryKey = this.#entryKey(key);
    const multi = this.#client.multi().set(entryKey, encodeEntry(entry), 'PX', Math.ceil(ttl));
    // Dependency sets outlive every entry that is in them, so an entry never loses its link.
    for (const dep of entry.deps)
      multi.sadd(this.#depKey(dep), entryKey).pexpire(this.#depKey(dep), this.#maxTtlMs);
    await multi.exec();
  }

  async delete(key: string): Promise<void> {
    await this.#client.del(this.#entryKey(key));
  }

  async invalidate(deps: readonly string[]): Promise<number> {
    if (deps.length === 0) return 0;
    const run = (this.#client as unknown as { bsInvalidate(n: number, ...keys: string[]): Promise<number> })
      .bsInvalidate;
    return run.call(this.#client, deps.length, ...deps.map((d) => this.#depKey(d)));
  }

  async stats(): Promise<null> {
    return null;
  }

  async close(): Promise<void> {
    if (this.#owns) await this.#client.quit();
  }
}
