import type { IncomingEvent, InsertResult, StoredEvent } from './TrajectoryStore';
import type { SqlQuery } from './sqlExecutor';
import { INSERT_EVENTS_SQL } from './schemaSql';

/** One caller's `insert(appId, events)`, waiting for a group commit. */
export interface InsertRequest {
  appId: string;
  events: IncomingEvent[];
}

/** INSERT_EVENTS_SQL's one row: a JSON array of the `[app_id, id]` pairs it stored. */
interface InsertedKeys {
  keys: string;
}

// An app id and an event id cannot contain U+0000 (validateInsert refuses it), so it separates them.
const keyOf = (appId: string, id: string): string => `${appId}\u0000${id}`;

/**
 * Stores several callers' batches in one statement (one transaction) and splits the outcome back
 * per caller. A repeat of `(appId, id)` inside the group is counted as a duplicate here, before
 * the database sees it, so every row the database returns belongs to exactly one caller.
 */
export async function insertGroup(query: SqlQuery, requests: InsertRequest[], now: number): Promise<InsertResult[]> {
  const firstSeen = new Set<string>();
  const rows: Record<string, unknown>[] = [];
  const sentKeys: string[][] = requests.map((request) =>
    request.events.map((event) => {
      const key = keyOf(request.appId, event.id);
      if (firstSeen.has(key)) return '';
      firstSeen.add(key);
      rows.push({
        n: rows.length,
        app_id: request.appId,
        id: event.id,
        visitor: event.visitor,
        customer: event.customer,
        verified: event.verified === true,
        type: event.type,
        at: event.at,
        event: event.event,
        visitor_seq: event.visitorSeq ?? null,
      });
      return key;
    }),
  );
  const [inserted] = await query<InsertedKeys>(INSERT_EVENTS_SQL, [JSON.stringify(rows), now]);
  const pairs = JSON.parse(inserted.keys) as [string, string][];
  const storedKeys = new Set(pairs.map(([appId, id]) => keyOf(appId, id)));
  return requests.map((request, requestIndex) => {
    const stored: StoredEvent[] = [];
    request.events.forEach((event, eventIndex) => {
      const key = sentKeys[requestIndex][eventIndex];
      if (key !== '' && storedKeys.has(key)) stored.push({ ...event, verified: event.verified === true, appId: request.appId, receivedAt: now });
    });
    return { stored, duplicates: request.events.length - stored.length };
  });
}
