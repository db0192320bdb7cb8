import { retryDelay } from './retryPolicy';
import type { QueuedEvent } from './types';

/** HTTP 5xx answers in a row with the same first event before it is sent alone, to see whether it is at fault. */
const POISON_FAILURES = 3;

export interface PoisonIsolation {
  /** The next batch: at most `limit` events, without those held back; empty when only held ones wait and none is due. */
  pick(events: QueuedEvent[], limit: number): QueuedEvent[];
  /** After a batch failed and will be retried: true when the others may go at once (the batch's event is held back). */
  failed(batch: QueuedEvent[], status: number, othersWaiting: boolean): boolean;
  /** After a batch was delivered or dropped: the id of an event now known to be at fault, if any. */
  settled(batch: QueuedEvent[]): string | undefined;
  stop(): void;
}

/**
 * One event the server fails on (a 5xx, every time) must not block the queue: after three such
 * failures of the same first event it is sent alone; if that fails too it is held back and the
 * others go. When they get through, the event is at fault: it stays queued and is sent alone,
 * last, with its own backoff. When they fail as well, the server is down: nothing is held.
 */
export function createPoisonIsolation(random: () => number, wake: () => void): PoisonIsolation {
  let streak = { id: '', failures: 0 };
  let held: Record<string, boolean> = {};
  let suspect = '';
  let heldDue = false;
  let heldAttempt = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const waitForHeld = () => {
    heldDue = false;
    clearTimeout(timer);
    timer = setTimeout(() => {
      heldDue = true;
      wake();
    }, retryDelay(heldAttempt++, random));
  };
  return {
    pick(events, limit) {
      const free = suspect || events.some((e) => held[e.id]) ? events.filter((e) => !held[e.id]) : events;
      if (!free.length) return heldDue ? events.slice(0, 1) : [];
      return free.slice(0, streak.failures >= POISON_FAILURES && free[0].id === streak.id ? 1 : limit);
    },
    failed(batch, status, othersWaiting) {
      const first = batch[0].id;
      if (held[first]) {
        waitForHeld(); // a held event failed again: it waits, the others do not
        return true;
      }
      if (status >= 500) streak = { id: first, failures: streak.id === first ? streak.failures + 1 : 1 };
      if (batch.length === 1 && streak.failures > POISON_FAILURES && othersWaiting) {
        held[first] = true;
        suspect = first;
        waitForHeld();
        return true;
      }
      if (suspect) {
        held = {}; // the others failed too: the server is down, not the event at fault
        suspect = '';
        streak = { id: '', failures: 0 };
      }
      return false;
    },
    settled(batch) {
      streak = { id: '', failures: 0 };
      for (const e of batch) delete held[e.id];
      const confirmed = suspect;
      suspect = '';
      return confirmed || undefined;
    },
    stop: () => clearTimeout(timer),
  };
}
