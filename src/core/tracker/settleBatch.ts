import type { DeliveryResult } from './delivery';
import { idsOf } from './idsOf';
import type { PoisonIsolation } from './isolatePoison';
import type { PersistentQueue } from './persistentQueue';
import { classify } from './retryPolicy';
import type { BatchResponse, QueuedEvent } from './types';

/** What the scheduler does next: as `classify` says, or `next` when a held-back event lets the others go at once. */
export type BatchOutcome = 'ok' | 'retry' | 'split' | 'stop' | 'next';

/**
 * Applies an answer to the queue: delivered and refused events leave it (by id, never by
 * count), the server's per-event `rejected` list and any refusal are reported; events to be
 * retried stay. The scheduler acts on the outcome (timers, batch size, stopping).
 */
export function settleBatch(
  batch: QueuedEvent[],
  result: DeliveryResult,
  queue: PersistentQueue,
  poison: PoisonIsolation,
  report: (message: string) => void,
): BatchOutcome {
  const verdict = classify(result.status, result.error);
  if (verdict === 'stop') {
    report("the endpoint's domain is not in this mini program's request domain list" + (process.env.NODE_ENV !== 'production' ? ': add it in the mini program backend. Events stay queued and are sent on a later launch.' : ''));
    return verdict;
  }
  if (verdict === 'split' && batch.length > 1) return verdict;
  if (verdict === 'retry') return poison.failed(batch, result.status, queue.size() > batch.length) ? 'next' : 'retry';
  const confirmed = poison.settled(batch);
  if (confirmed) {
    report(`event ${confirmed} is held back` + (process.env.NODE_ENV !== 'production' ? ': it failed alone while the others were delivered; it is sent last, alone, with backoff' : ''));
  }
  queue.remove(idsOf(batch));
  queue.write();
  if (verdict === 'ok') {
    const rejected = ((result.body || {}) as Partial<BatchResponse>).rejected;
    if (Array.isArray(rejected) && rejected.length) {
      report(`the endpoint rejected ${rejected.length} events, dropped: ${rejected.map((r) => r && r.id + ' ' + r.reason).join('; ')}`);
    }
  } else {
    report(
      `the endpoint refused ${batch.length} events with HTTP ${result.status}; they were dropped` +
        (process.env.NODE_ENV !== 'production' ? ` (ids ${batch[0].id} to ${batch[batch.length - 1].id})` : ''),
    );
  }
  const dropped = queue.takeDropped();
  if (dropped) report(`dropped ${dropped} events while the queue was full`);
  return verdict === 'ok' ? 'ok' : 'next';
}
