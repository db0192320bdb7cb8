import type { QueuedEvent } from './types';

/** The events' ids as a set (`ids[id] === true`): how the queue removes and looks up events, never by count. */
export function idsOf(events: QueuedEvent[]): Record<string, boolean> {
  const ids: Record<string, boolean> = {};
  for (const event of events) ids[event.id] = true;
  return ids;
}
