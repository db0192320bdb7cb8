// Retention (`--retain-days`, issue 19 item 2): events the server received more than `retainDays`
// ago are removed, by the store's bounded steps (PGlite: the oldest 25 deleted; PostgreSQL:
// a partition walked a batch at a time, then dropped whole). Steps run one at a time with a pause
// between them, so batches never wait long behind expiry; a pass runs every `intervalMs`.
import type { Logger } from './ServerContext';
import type { TrajectoryStore } from './store/TrajectoryStore';

export const DEFAULT_RETAIN_DAYS = 180;
/**
 * Pause after a step, per ms the step took: expiry uses at most a fifth of the store's time.
 * Measured with 50 clients posting back to back while 1,000,000 events expired on PGlite: with a
 * fixed 20 ms pause, POST p99 went from 217 to 533 ms (+146 %).
 */
const PAUSE_PER_WORK = 4;
const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

export interface RetentionOptions {
  retainDays: number;
  /** Between passes, ms (default one minute). */
  intervalMs?: number;
  /** Between two steps of a pass, ms (default 20): what batches get to go first. */
  pauseMs?: number;
  now?: () => number;
}

/** How long a PostgreSQL partition collects events: a day, shorter for a short retention (at least an hour). */
export const periodFor = (retainDays: number): number => Math.min(DAY_MS, Math.max(HOUR_MS, (retainDays * DAY_MS) / 7));

/** Starts the passes; returns how to stop them (resolves once a step under way is done). */
export function startRetention(store: TrajectoryStore, logger: Logger, options: RetentionOptions): () => Promise<void> {
  const expire = store.expire?.bind(store);
  if (expire === undefined || options.retainDays <= 0) return async () => undefined;
  const now = options.now ?? Date.now;
  const intervalMs = options.intervalMs ?? 60_000;
  const pauseMs = options.pauseMs ?? 20;
  const periodMs = periodFor(options.retainDays);
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  let failing = false;

  const pass = async (): Promise<void> => {
    let removed = 0;
    try {
      for (let more = true; more && !stopped;) {
        const started = Date.now();
        const step = await expire({ receivedBefore: now() - options.retainDays * DAY_MS, periodMs });
        removed += step.events;
        more = step.more;
        // The store is given to batches PAUSE_PER_WORK times as long as the step took: on PGlite's one
        // connection a step is time every waiting batch spends in the queue.
        if (more) await new Promise((resolve) => setTimeout(resolve, Math.max(pauseMs, (Date.now() - started) * PAUSE_PER_WORK)));
      }
      if (failing) logger.info('retention works again');
      failing = false;
      if (removed > 0) logger.info(`retention: removed ${removed} events received over ${options.retainDays} days ago`);
    } catch (error) {
      // The store's trouble shows on /healthz; retention tries again next pass.
      if (!failing) logger.warn(`retention: ${(error as Error).message}; trying again in ${Math.round(intervalMs / 1000)} s`);
      failing = true;
    }
  };
  const schedule = (delay: number): void => {
    timer = setTimeout(() => {
      running = pass().then(() => {
        if (!stopped) schedule(intervalMs);
      });
    }, delay);
    timer.unref();
  };
  schedule(0);
  return async () => {
    stopped = true;
    clearTimeout(timer);
    await running;
  };
}
