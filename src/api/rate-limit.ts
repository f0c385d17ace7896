/**
 * Per-key token buckets in memory: `perMinute` requests a minute, bursts up to the same number.
 * One process's view only; behind several processes each allows the limit (documented).
 */
export interface RateLimiter {
  /** Takes a token; returns 0 when allowed, else the seconds to wait before retrying. */
  take(key: string, nowMs: number): number;
}

export function createRateLimiter(perMinute: number, maxKeys = 10_000): RateLimiter {
  const buckets = new Map<string, { tokens: number; at: number }>();
  const ratePerMs = perMinute / 60_000;
  return {
    take(key, nowMs) {
      let b = buckets.get(key);
      if (!b) {
        // Bounded memory: forget the oldest bucket (a forgotten key merely starts full again).
        if (buckets.size >= maxKeys) buckets.delete(buckets.keys().next().value!);
        b = { tokens: perMinute, at: nowMs };
        buckets.set(key, b);
      }
      b.tokens = Math.min(perMinute, b.tokens + (nowMs - b.at) * ratePerMs);
      b.at = nowMs;
      if (b.tokens >= 1) {
        b.tokens -= 1;
        return 0;
      }
      return Math.max(1, Math.ceil((1 - b.tokens) / ratePerMs / 1000));
    },
  };
}
