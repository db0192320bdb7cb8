// Removing events, for expiry and for erasure alike: the events go (or, in a partition about to be
// dropped, are walked), their ids go with them, and each visitor's summary loses what it counted;
// a summary left with no event goes too (it names its customer: personal data).
import type { SqlQuery } from './sqlExecutor';

/** Ingestion keys bound every range: below and above any key a sequence draws. */
export const MIN_KEY = '-9223372036854775808';
export const MAX_KEY = '9223372036854775807';

/**
 * Taken (transaction-scoped) by each step of expiry and erasure, so they never interleave: a
 * summary is never decremented twice for one event. An arbitrary constant, unique to taro-udesk.
 */
export const REMOVAL_LOCK_KEY = '7407031541210906113';

/** What a removal statement answers: how many went, the last key, and per visitor how many. */
export interface RemovedRow {
  events: number;
  last_key: string | null;
  counts: string;
}

/**
 * The tail of every removal: `gone` (ingest_order, app_id, id, visitor) loses its ids, and is
 * counted per visitor. `countedWhere` leaves out rows a summary no longer counts.
 */
const removalTail = (countedWhere = 'true'): string => `, ids_gone AS (
  DELETE FROM taro_udesk_event_ids i USING gone g WHERE i.app_id = g.app_id AND i.id = g.id
), counted AS (
  SELECT app_id, visitor, count(*) AS n FROM gone WHERE ${countedWhere} GROUP BY app_id, visitor
)
SELECT (SELECT count(*) FROM gone)::integer AS events, (SELECT max(ingest_order) FROM gone)::text AS last_key,
  (SELECT coalesce(json_agg(counted), '[]') FROM counted)::text AS counts`;

/**
 * Expiry by deletion (PGlite, and PostgreSQL's partition of rows from before partitioning): the
 * oldest events of the key range [$1, $2), at most $4, and only the run of them received before
 * $3: keys follow receipt, so the first one still young ends the run, and what went is always a
 * prefix of the range (events after `last_key` remain). No index on received_at is needed.
 */
export const EXPIRE_OLDEST_SQL = `WITH head AS (
  SELECT ingest_order, received_at < $3::bigint AS old FROM taro_udesk_events
  WHERE ingest_order >= $1::bigint AND ingest_order < $2::bigint ORDER BY ingest_order LIMIT $4
), run AS (
  SELECT ingest_order FROM (SELECT ingest_order, bool_and(old) OVER (ORDER BY ingest_order) AS all_old FROM head) h WHERE all_old
), gone AS (
  DELETE FROM taro_udesk_events WHERE ingest_order >= $1::bigint AND ingest_order < $2::bigint
    AND ingest_order IN (SELECT ingest_order FROM run)
  RETURNING ingest_order, app_id, id, visitor
)${removalTail()}`;

/**
 * A PostgreSQL partition about to be dropped, walked: the next $3 events of the key range ($1, $2)
 * lose their ids and their summaries' counts; the rows themselves go with the partition.
 */
export const WALK_PARTITION_SQL = `WITH gone AS (
  SELECT ingest_order, app_id, id, visitor FROM taro_udesk_events
  WHERE ingest_order > $1::bigint AND ingest_order < $2::bigint ORDER BY ingest_order LIMIT $3
)${removalTail()}`;

/**
 * Erasure: at most $n events matching `condition` (whose parameters come first), oldest first.
 * Rows of a partition already walked by expiry are no longer counted by their summaries.
 */
export function eraseMatchingSql(condition: string, limitParam: string): string {
  return `WITH edge AS (
  SELECT ingest_order FROM taro_udesk_events WHERE ${condition} ORDER BY ingest_order OFFSET ${limitParam}::integer - 1 LIMIT 1
), gone AS (
  DELETE FROM taro_udesk_events WHERE ${condition}
    AND ingest_order <= coalesce((SELECT ingest_order FROM edge), ${MAX_KEY})
  RETURNING ingest_order, app_id, id, visitor
)${removalTail(`NOT EXISTS (SELECT 1 FROM taro_udesk_event_partitions p
  WHERE gone.ingest_order >= p.first_key AND gone.ingest_order <= p.walked_through)`)}`;
}

const COUNTS = 'jsonb_to_recordset($1::jsonb) AS g(app_id text, visitor text, n bigint)';

/**
 * Each summary loses what it counted; its first_at becomes the earliest time of its remaining
 * events (keys from $2 on), as the insert keeps it (least). The rows are locked in the order
 * batches lock them, so the two never deadlock.
 * The remaining events are found by the visitor's index only: `app_id || ''` keeps the planner
 * from the app's index, and an aggregate (no ORDER BY … LIMIT 1) from walking the key index hoping
 * for an early match. Both plans read every event of the app (measured: 2,000 summaries over an
 * unanalysed partition of 500,000 events took over 60 s; by the visitor's index, 0.2 s).
 */
const DECREMENT_SQL = `WITH locked AS (
  SELECT v.app_id, v.visitor, g.n FROM taro_udesk_visitors v JOIN ${COUNTS} ON v.app_id = g.app_id AND v.visitor = g.visitor
  ORDER BY v.app_id, v.visitor FOR UPDATE OF v
)
UPDATE taro_udesk_visitors v SET events = v.events - locked.n,
  first_at = coalesce((SELECT min(e.at) FROM taro_udesk_events e
    WHERE e.visitor = v.visitor AND e.app_id || '' = v.app_id AND e.ingest_order >= $2::bigint), v.first_at)
FROM locked WHERE v.app_id = locked.app_id AND v.visitor = locked.visitor`;

const EMPTIED_SQL = `DELETE FROM taro_udesk_visitors v USING ${COUNTS}
  WHERE v.app_id = g.app_id AND v.visitor = g.visitor AND v.events <= 0`;

/**
 * The first-screen keys (sessions, order numbers) of the visitors whose summary just went: kept,
 * they would outlive retention, and a returning visitor's known session or order number would
 * count as nothing (ON CONFLICT DO NOTHING). Sequences stay: a visitor's numbering goes on.
 */
const EMPTIED_KEYS_SQL = `DELETE FROM taro_udesk_visitor_keys k USING ${COUNTS}
  WHERE k.app_id = g.app_id AND k.visitor = g.visitor
    AND NOT EXISTS (SELECT 1 FROM taro_udesk_visitors v WHERE v.app_id = g.app_id AND v.visitor = g.visitor)`;

/** Brings the summaries in line with a removal (inside its transaction); `remainFrom`: the first key that may remain. */
export async function settleSummaries(query: SqlQuery, removed: RemovedRow, remainFrom: string): Promise<void> {
  if (removed.counts === '[]') return;
  await query(DECREMENT_SQL, [removed.counts, remainFrom]);
  await query(EMPTIED_SQL, [removed.counts]);
  await query(EMPTIED_KEYS_SQL, [removed.counts]);
}
