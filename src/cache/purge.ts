export interface PurgerOptions {
  /** Receives `POST {"keys": [...]}` with the keys also in a `Surrogate-Key` header (Fastly style). */
  url: string;
  /** Sent as `Authorization: Bearer ...` when set. */
  token?: string | undefined;
  /** Invalidations closer together than this go out as one call (default 50 ms). */
  batchMs?: number;
  timeoutMs?: number;
  onError?: (error: unknown) => void;
}

export interface Purger {
  purge(keys: readonly string[]): void;
  /** Sends what is batched and waits for calls in flight (graceful shutdown, tests). */
  flush(): Promise<void>;
}

/**
 * Tells the CDN in front which surrogate keys to drop, so it serves the change within a second
 * too. Calls are batched and never block publishing; a failed call is reported, not retried (the
 * CDN's short s-maxage bounds the damage).
 */
export function createPurger(options: PurgerOptions): Purger {
  const batchMs = options.batchMs ?? 50;
  const timeoutMs = options.timeoutMs ?? 5000;
  let batch = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  const inflight = new Set<Promise<void>>();

  function send(): void {
    timer = undefined;
    if (batch.size === 0) return;
    const keys = [...batch];
    batch = new Set();
    const call = fetch(options.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'surrogate-key': keys.join(' '),
        ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      },
      body: JSON.stringify({ keys }),
      signal: AbortSignal.timeout(timeoutMs),
    })
      .then(async (res) => {
        await res.arrayBuffer();
        if (!res.ok) throw new Error(`CDN purge answered ${res.status}`);
      })
      .catch((error: unknown) => options.onError?.(error))
      .finally(() => inflight.delete(call));
    inflight.add(call);
  }

  return {
    purge(keys) {
      for (const key of keys) batch.add(key);
      if (!timer) {
        timer = setTimeout(send, batchMs);
        timer.unref();
      }
    },
    async flush() {
      if (timer) clearTimeout(timer);
      send();
      await Promise.all([...inflight]);
    },
  };
}
