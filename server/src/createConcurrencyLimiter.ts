// Requests in progress per key (an address): a client that opens many connections and reads
// none of its answers holds at most `max` of them; the others are refused at once. A request's
// place is held until its answer has reached the socket (or the connection is gone).

export interface ConcurrencyLimiter {
  /** Takes a place for `key`: a release to call when done (safe to call twice), or null when `key` holds all of them. */
  enter(key: string): (() => void) | null;
}

export function createConcurrencyLimiter(max: number): ConcurrencyLimiter {
  // Only keys with requests in progress: bounded by the open connections.
  const active = new Map<string, number>();
  return {
    enter(key) {
      const count = active.get(key) ?? 0;
      if (count >= max) return null;
      active.set(key, count + 1);
      let released = false;
      return () => {
        if (released) return;
        released = true;
        const left = (active.get(key) ?? 1) - 1;
        if (left <= 0) active.delete(key);
        else active.set(key, left);
      };
    },
  };
}
