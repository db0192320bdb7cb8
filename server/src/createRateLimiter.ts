// Token buckets per key: `ratePerSecond` on average, bursts up to `capacity` (default one second's
// worth). A take may cost more than one (events, bytes). Idle keys' buckets are forgotten, so
// memory stays bounded by the keys active in the last few seconds.

export interface RateLimiter {
  /** Takes `cost` (default 1) for `key`: 0 when allowed, else the seconds to wait (for Retry-After). */
  take(key: string, cost?: number): number;
  /** What `take` would answer, without taking. */
  peek(key: string, cost?: number): number;
}

const MAX_KEYS = 100_000;

interface Bucket {
  tokens: number;
  updatedAt: number;
}

export function createRateLimiter(ratePerSecond: number, now: () => number = Date.now, capacity = Math.max(1, ratePerSecond)): RateLimiter {
  const buckets = new Map<string, Bucket>();

  /** Drops buckets that have refilled completely: such a client is the same as a new one. */
  function sweep(time: number) {
    for (const [key, bucket] of buckets) {
      if (bucket.tokens + ((time - bucket.updatedAt) / 1000) * ratePerSecond >= capacity) buckets.delete(key);
    }
  }
  let lastSweep = now();

  function refilled(key: string, time: number): Bucket {
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
    return bucket;
  }

  /** Seconds until `bucket` holds `cost` (a cost over the capacity waits for a full bucket). */
  const waitFor = (bucket: Bucket, cost: number) =>
    bucket.tokens >= cost ? 0 : Math.max(1, Math.ceil((cost - bucket.tokens) / ratePerSecond));

  return {
    take(key, cost = 1) {
      const bucket = refilled(key, now());
      buckets.set(key, bucket);
      const wait = waitFor(bucket, Math.min(cost, capacity));
      if (wait === 0) bucket.tokens -= cost;
      return wait;
    },
    peek(key, cost = 1) {
      return waitFor(refilled(key, now()), Math.min(cost, capacity));
    },
  };
}
