// The migration for retention and erasure (issue 19, items 2 and 3), as its own file so the rest of
// schemaSql.ts stays the SQL both stores share word for word. What differs by engine:
// - PostgreSQL: the events table becomes partitioned by ranges of its ingestion key, one range per
//   period of receipt (eventPeriods.ts), so expiry drops whole partitions. The rows stored before
//   stay in one partition, `taro_udesk_events_legacy`, expired row by row until it can go whole.
// - PGlite: the table stays as it is; expiry deletes the oldest events in small batches.
// Both: a partitioned table cannot keep UNIQUE (app_id, id) (a unique index must include the
// partition key), so each event's (app_id, id) moves to `taro_udesk_event_ids`, the one place that
// refuses a repeat, on both stores alike; its rows go with their events.
import { PERIOD_KEYS } from './eventPeriods';

/** A migration whose statements differ by engine. */
export interface EngineMigration {
  readonly postgres: readonly string[];
  readonly pglite: readonly string[];
}

const SHARED = [
  `CREATE TABLE IF NOT EXISTS taro_udesk_event_ids (
    app_id text NOT NULL,
    id text NOT NULL,
    PRIMARY KEY (app_id, id)
  )`,
  'INSERT INTO taro_udesk_event_ids (app_id, id) SELECT app_id, id FROM taro_udesk_events ON CONFLICT DO NOTHING',
  'ALTER TABLE taro_udesk_events DROP CONSTRAINT IF EXISTS taro_udesk_events_app_id_id_key',
  // What was erased, as keyed hashes of `visitor:<id>` and `customer:<key>` (erasureDigest.ts):
  // a phone re-sending its queue is acknowledged, and nothing of it is stored again.
  `CREATE TABLE IF NOT EXISTS taro_udesk_erasures (
    digest text PRIMARY KEY,
    kind text NOT NULL,
    erased_at bigint NOT NULL,
    events bigint NOT NULL DEFAULT 0
  )`,
  `CREATE TABLE IF NOT EXISTS taro_udesk_settings (
    name text PRIMARY KEY,
    value text NOT NULL
  )`,
  // 244 random bits (gen_random_uuid draws from the operating system's strong random source).
  `INSERT INTO taro_udesk_settings (name, value)
    VALUES ('erasure_key', replace(gen_random_uuid()::text || gen_random_uuid()::text, '-', ''))
    ON CONFLICT DO NOTHING`,
  // One row per partition (PostgreSQL); empty on PGlite, whose queries still name it.
  `CREATE TABLE IF NOT EXISTS taro_udesk_event_partitions (
    period bigint PRIMARY KEY,
    name text NOT NULL,
    first_key bigint NOT NULL,
    end_key bigint NOT NULL,
    opened_at bigint,
    closed_at bigint,
    walked_through bigint
  )`,
];

const PARTITIONED = [
  'CREATE SEQUENCE IF NOT EXISTS taro_udesk_events_ingest_order AS bigint',
  'ALTER TABLE taro_udesk_events RENAME TO taro_udesk_events_legacy',
  'ALTER TABLE taro_udesk_events_legacy RENAME CONSTRAINT taro_udesk_events_pkey TO taro_udesk_events_legacy_pkey',
  'ALTER INDEX taro_udesk_events_by_visitor RENAME TO taro_udesk_events_legacy_by_visitor',
  'ALTER INDEX taro_udesk_events_by_customer RENAME TO taro_udesk_events_legacy_by_customer',
  'ALTER INDEX taro_udesk_events_by_app RENAME TO taro_udesk_events_legacy_by_app',
  'ALTER TABLE taro_udesk_events_legacy ALTER COLUMN ingest_order DROP IDENTITY',
  // The columns in the order the old table has them, so it attaches as it is.
  `CREATE TABLE taro_udesk_events (
    ingest_order bigint NOT NULL DEFAULT nextval('taro_udesk_events_ingest_order'),
    app_id text NOT NULL,
    id text NOT NULL,
    visitor text NOT NULL,
    customer text,
    type text NOT NULL,
    at bigint NOT NULL,
    received_at bigint NOT NULL,
    event jsonb NOT NULL,
    verified boolean NOT NULL DEFAULT false,
    PRIMARY KEY (ingest_order)
  ) PARTITION BY RANGE (ingest_order)`,
  'ALTER SEQUENCE taro_udesk_events_ingest_order OWNED BY taro_udesk_events.ingest_order',
  'CREATE INDEX taro_udesk_events_by_visitor ON taro_udesk_events (visitor, ingest_order)',
  'CREATE INDEX taro_udesk_events_by_customer ON taro_udesk_events (customer, ingest_order) WHERE customer IS NOT NULL',
  'CREATE INDEX taro_udesk_events_by_app ON taro_udesk_events (app_id, ingest_order)',
  // The old rows become the partition below the first period; new keys start in the period after.
  `DO $$
  DECLARE
    first_period bigint := (SELECT coalesce(max(ingest_order), 0) FROM taro_udesk_events_legacy) / ${PERIOD_KEYS} + 1;
    opened bigint := (extract(epoch FROM clock_timestamp()) * 1000)::bigint;
  BEGIN
    -- A database with no events yet (a new one) keeps no partition of old rows: nothing to scan.
    IF EXISTS (SELECT 1 FROM taro_udesk_events_legacy) THEN
      EXECUTE format('ALTER TABLE taro_udesk_events ATTACH PARTITION taro_udesk_events_legacy FOR VALUES FROM (MINVALUE) TO (%s)',
        first_period * ${PERIOD_KEYS});
      INSERT INTO taro_udesk_event_partitions (period, name, first_key, end_key, opened_at, closed_at) VALUES
        (first_period - 1, 'taro_udesk_events_legacy', -9223372036854775808, first_period * ${PERIOD_KEYS}, NULL, opened);
    ELSE
      DROP TABLE taro_udesk_events_legacy;
    END IF;
    EXECUTE format('CREATE TABLE taro_udesk_events_%s PARTITION OF taro_udesk_events FOR VALUES FROM (%s) TO (%s)',
      first_period, first_period * ${PERIOD_KEYS}, (first_period + 1) * ${PERIOD_KEYS});
    PERFORM setval('taro_udesk_events_ingest_order', first_period * ${PERIOD_KEYS}, false);
    INSERT INTO taro_udesk_event_partitions (period, name, first_key, end_key, opened_at, closed_at) VALUES
      (first_period, 'taro_udesk_events_' || first_period, first_period * ${PERIOD_KEYS}, (first_period + 1) * ${PERIOD_KEYS}, opened, NULL);
  END $$`,
];

export const RETENTION_MIGRATION: EngineMigration = {
  postgres: [...SHARED, ...PARTITIONED],
  pglite: SHARED,
};
