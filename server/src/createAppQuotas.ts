// Per-app quotas (issue 17, finding 6): events and stored bytes a minute, whatever address they
// come from, so no flood fills the store however it spreads its requests. Each is a token bucket
// holding one minute's worth: a quiet app may send a minute's quota at once, then at the
// quota's pace. A batch is admitted only when both have room, and only then charged.
import { createRateLimiter } from './createRateLimiter';

export interface AppQuotas {
  /** Charges a batch of `events` events in `bytes` bytes to `appId`: 0 when admitted, else the seconds to wait. */
  take(appId: string, events: number, bytes: number): number;
}

export interface AppQuotaLimits {
  eventsPerMinute: number;
  bytesPerMinute: number;
}

export function createAppQuotas(limits: AppQuotaLimits, now: () => number = Date.now): AppQuotas {
  const events = createRateLimiter(limits.eventsPerMinute / 60, now, limits.eventsPerMinute);
  const bytes = createRateLimiter(limits.bytesPerMinute / 60, now, limits.bytesPerMinute);
  return {
    take(appId, eventCount, byteCount) {
      const wait = Math.max(events.peek(appId, eventCount), bytes.peek(appId, byteCount));
      if (wait > 0) return wait;
      events.take(appId, eventCount);
      bytes.take(appId, byteCount);
      return 0;
    },
  };
}
