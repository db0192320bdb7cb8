// What an answer to a batch means, and how long to wait before the next try: pure functions,
// apart from the scheduler that acts on them (as TanStack Query keeps `retryer.ts` apart).

/**
 * `ok`: delivered (per-event refusals aside); `retry`: keep the events and try again later;
 * `drop`: the endpoint will never take this batch; `split`: too large, send it in halves;
 * `stop`: nothing can be sent in this launch.
 */
export type Verdict = 'ok' | 'retry' | 'drop' | 'split' | 'stop';

/** The longest wait between two tries, and the cap on a server's `Retry-After`. */
export const MAX_RETRY_DELAY = 60000;

/**
 * The verdict on one answer: `status` is the HTTP status (0 when there was none), `error` the
 * platform's failure message (network, timeout, WeChat's domain list). Only a 4xx other than
 * 408 and 429 gives up on the events; a 1xx or 3xx is not a delivery, so it is retried.
 */
export function classify(status: number, error?: string): Verdict {
  if (error) return /url not in domain list/i.test(error) ? 'stop' : 'retry';
  if (status >= 200 && status < 300) return 'ok';
  if (status === 413) return 'split';
  if (status >= 400 && status < 500 && status !== 408 && status !== 429) return 'drop';
  return 'retry';
}

/**
 * Milliseconds before try `attempt + 1`: the server's `retryAfter` when it gave one, else 1 s,
 * 2 s, 4 s … each 50–100 % of that (jitter, so many clients do not come back at once); both
 * capped at 60 s.
 */
export function retryDelay(attempt: number, random: () => number, retryAfter?: number): number {
  if (retryAfter !== undefined) return Math.min(MAX_RETRY_DELAY, retryAfter);
  return Math.min(MAX_RETRY_DELAY, 1000 * Math.pow(2, attempt)) * (0.5 + random() / 2);
}

/**
 * The `Retry-After` of a 429 or 503 in ms, from its seconds or its HTTP date; undefined for
 * other statuses or a header that cannot be read. Header names are matched in any case.
 */
export function retryAfterOf(status: number, headers: Record<string, unknown> | undefined, now: number): number | undefined {
  if ((status !== 429 && status !== 503) || !headers) return;
  for (const name of Object.keys(headers)) {
    if (name.toLowerCase() !== 'retry-after') continue;
    const text = String(headers[name]).trim();
    if (/^\d+$/.test(text)) return Number(text) * 1000;
    const at = Date.parse(text);
    return isNaN(at) ? undefined : Math.max(0, at - now);
  }
}
