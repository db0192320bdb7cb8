// The SQL of delivery loss (docs/protocol.md, "Delivery loss"): each visitor's highest `visitorSeq`
// stored and how many stored events carried one, kept in the statement that stores the events
// (INSERT_EVENTS_SQL), and the figures per app read from them. A repeat of an event is never
// stored, so it is never counted twice; the numbers below the highest that were never stored are
// the visitor's gaps: `seq_max - seq_count`.

/**
 * A number this far above a visitor's highest (0 for a new visitor) is not believed: stored with
 * its event, left out of the count. A client loses that many only by a forged number, and one
 * forged event would otherwise count as billions lost.
 */
export const MAX_SEQUENCE_JUMP = 100_000;

export const SEQUENCES_TABLE_SQL = `CREATE TABLE IF NOT EXISTS taro_udesk_sequences (
  app_id text NOT NULL,
  visitor text NOT NULL,
  seq_max bigint NOT NULL,
  seq_count bigint NOT NULL,
  received_at bigint NOT NULL,
  PRIMARY KEY (app_id, visitor)
)`;

/**
 * The CTEs INSERT_EVENTS_SQL ends with (after `inserted` and `input`): the numbered events it
 * stored, per visitor, added to the visitor's sequence row, rows upserted in key order as the
 * summary's are. `$2` is the server clock.
 */
export const SEQUENCES_UPSERT_CTE = `numbered AS (
  SELECT i.app_id, i.visitor, input.visitor_seq AS seq
  FROM inserted i JOIN input ON input.app_id = i.app_id AND input.id = i.id
  WHERE input.visitor_seq IS NOT NULL
), sequences AS (
  INSERT INTO taro_udesk_sequences AS s (app_id, visitor, seq_max, seq_count, received_at)
  SELECT n.app_id, n.visitor, max(n.seq), count(*), $2::bigint
  FROM numbered n LEFT JOIN taro_udesk_sequences prior ON prior.app_id = n.app_id AND prior.visitor = n.visitor
  WHERE n.seq <= coalesce(prior.seq_max, 0) + ${MAX_SEQUENCE_JUMP}
  GROUP BY n.app_id, n.visitor ORDER BY n.app_id, n.visitor
  ON CONFLICT (app_id, visitor) DO UPDATE SET
    seq_max = greatest(s.seq_max, EXCLUDED.seq_max),
    seq_count = s.seq_count + EXCLUDED.seq_count,
    received_at = greatest(s.received_at, EXCLUDED.received_at)
)`;

/**
 * The figures per app. $1: the settling time (ms): a visitor whose latest numbered event was
 * stored at or before it has settled, and its gaps count as lost; a later one's gaps are pending
 * (a held-back event or a resent queue may still fill them). Sums are float8: exact to 2^53.
 */
export const DELIVERY_SQL = `SELECT app_id,
  count(*) FILTER (WHERE received_at <= $1)::float8 AS settled_visitors,
  coalesce(sum(seq_max) FILTER (WHERE received_at <= $1), 0)::float8 AS expected,
  coalesce(sum(greatest(seq_max - seq_count, 0)) FILTER (WHERE received_at <= $1), 0)::float8 AS missing,
  count(*) FILTER (WHERE received_at > $1)::float8 AS active_visitors,
  coalesce(sum(greatest(seq_max - seq_count, 0)) FILTER (WHERE received_at > $1), 0)::float8 AS pending
FROM taro_udesk_sequences GROUP BY app_id ORDER BY app_id`;

/** Events stored per app, from the visitors summary (one row per visitor, not per event). */
export const STORED_EVENTS_SQL = `SELECT app_id, sum(events)::float8 AS events FROM taro_udesk_visitors GROUP BY app_id ORDER BY app_id`;

/**
 * Bytes the store's tables take on disk, their indexes and TOAST included: every taro_udesk_ table
 * of the schema, so a table split into partitions counts each partition.
 */
export const STORED_BYTES_SQL = `SELECT coalesce(sum(pg_total_relation_size(c.oid)), 0)::float8 AS bytes
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind = 'r' AND c.relname LIKE 'taro\\_udesk\\_%' AND n.nspname = current_schema()`;
