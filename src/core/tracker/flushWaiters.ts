import { idsOf } from './idsOf';
import type { QueuedEvent } from './types';

export interface FlushResult {
  /** Of the events queued when flush() was called, how many are still waiting. */
  pending: number;
}

export interface FlushWaiters {
  wait(ids: string[], resolve: (result: FlushResult) => void): void;
  /** Settles those whose events are all delivered; all of them when `finished` (an attempt failed, or delivery ended). */
  settle(queued: () => QueuedEvent[], finished: boolean): void;
}

/** The `flush()` promises waiting for their events. */
export function createFlushWaiters(): FlushWaiters {
  let waiters: Array<{ ids: string[]; resolve(result: FlushResult): void }> = [];
  return {
    wait: (ids, resolve) => {
      waiters.push({ ids, resolve });
    },
    settle(queued, finished) {
      if (!waiters.length) return; // the common case: nobody waits, so no pass over the queue
      const left = idsOf(queued());
      waiters = waiters.filter((waiter) => {
        const pending = waiter.ids.filter((id) => left[id]).length;
        if (pending && !finished) return true;
        waiter.resolve({ pending });
      });
    },
  };
}
