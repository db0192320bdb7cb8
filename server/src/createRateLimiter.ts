// Token buckets per client: `ratePerSecond` batches a second on average, bursts up to one
// second's worth. Idle clients' buckets are forgotten, so memory stays bounded by the clients
// active in the last few seconds.

export interface RateLimiter {
  /** Takes one token for `key`: 0 when allowed, else the seconds to wait (for Retry-After). */
  take(key: string): number;
}

const MAX_KEYS = 100_000;

export function createRateLimiter(ratePerSecond: number, now: () => number = Date.now): RateLimiter {
  const capacity = Math.max(1, ratePerSecond);
  const buckets = new Map<string, { tokens: number; updatedAt: number }>();

  /** Drops buckets that have refilled completely: such a client is the same as a new one. */
  function sweep(time: number) {
    for (const [key, bucket] of buckets) {
      if (bucket.tokens + ((time - bucket.updatedAt) / 1000) * ratePerSecond >= capacity) buckets.delete(key);
    }
  }
  let lastSweep = now();

  return {
    take(key) {
      const time = now();
      if (time - lastSweep > 10_000 || buckets.size >= MAX_KEYS) {
        sweep(time);
        lastSweep = time;
        // Still full: that many active clients at once is a flood; forgetting them all fails open
        // for a moment rather than letting every request pay for a sweep.
        if (buckets.size >= MAX_KEYS) buckets.clear();
      }
      const bucket = buckets.get(key) ?? { tokens: capacity, updatedAt: time };
      bucket.tokens = Math.min(capacity, bucket.tokens + ((time - bucket.updatedAt) / 1000) * ratePerSecond);
      bucket.updatedAt = time;
      buckets.set(key, bucket);
      if (bucket.tokens >= 1) {
        bucket.tokens -= 1;
        return 0;
      }
      return Math.max(1, Math.ceil((1 - bucket.tokens) / ratePerSecond));
    },
  };
}
