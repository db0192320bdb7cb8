import type { DeliveryResult } from './delivery';
import { retryAfterOf, retryDelay } from './retryPolicy';

export interface Backoff {
  /** A wait before the next try is running. */
  waiting(): boolean;
  /** Starts the wait after a failed try: as `retryDelay` says, or the server's `Retry-After`. */
  wait(result: DeliveryResult): void;
  /** Ends the wait now; `restart` also starts the next waits over from 1 s (the network is back). */
  skip(restart?: boolean): void;
  /** Ends the wait for app hide, at most once per wait; false when this wait was skipped already. */
  skipOnce(): boolean;
  /** A try succeeded: the next failure waits 1 s again. */
  reset(): void;
  stop(): void;
}

/** The wait between tries of the scheduler; `wake` is called when a wait is over. */
export function createBackoff(random: () => number, wake: () => void): Backoff {
  let attempt = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let skipped = false; // app hide ended a wait already, in this backoff step
  const skip = (restart?: boolean) => {
    clearTimeout(timer);
    timer = undefined;
    if (restart) attempt = 0;
  };
  return {
    waiting: () => !!timer,
    wait(result) {
      timer = setTimeout(() => {
        timer = undefined;
        skipped = false;
        wake();
      }, retryDelay(attempt++, random, retryAfterOf(result.status, result.headers, Date.now())));
    },
    skip,
    skipOnce() {
      if (timer && skipped) return false;
      skipped = !!timer;
      skip();
      return true;
    },
    reset() {
      attempt = 0;
    },
    stop: () => clearTimeout(timer),
  };
}
