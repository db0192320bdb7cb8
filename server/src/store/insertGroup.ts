import type { IncomingEvent, InsertResult, StoredEvent } from './TrajectoryStore';
import type { SqlQuery } from './sqlExecutor';
import type { Digest } from './erasureDigest';

/** One caller's `insert(appId, events)`, waiting for a group commit. */
export interface InsertRequest {
  appId: string;
  events: IncomingEvent[];
}

/** The statement that stores a group (insertEventsSql) and what it binds after $1 and $2. */
export interface InsertStatement {
  text: string;
  values: unknown[];
}

/** insertEventsSql's one row: a JSON array of the `[app_id, id]` pairs it stored. */
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
export async function insertGroup(
  query: SqlQuery, requests: InsertRequest[], now: number, statement: InsertStatement, digest: Digest,
): Promise<InsertResult[]> {
  const firstSeen = new Set<string>();
  // A batch's events mostly share one visitor and customer: each is hashed once per group.
  const digests = new Map<string, string>();
  const digestOnce = (kind: 'visitor' | 'customer', id: string): string => {
    const name = `${kind}\u0000${id}`;
    let value = digests.get(name);
    if (value === undefined) {
      value = digest(kind, id);
      digests.set(name, value);
    }
    return value;
  };
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
        visitor_digest: digestOnce('visitor', event.visitor),
        customer_digest: event.customer === null ? null : digestOnce('customer', event.customer),
      });
      return key;
    }),
  );
  const [inserted] = await query<InsertedKeys>(statement.text, [JSON.stringify(rows), now, ...statement.values]);
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
