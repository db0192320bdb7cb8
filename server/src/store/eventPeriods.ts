// PostgreSQL's events in partitions by period of receipt. A period is a range of ingestion keys,
// [period × 2^40, (period + 1) × 2^40): when a period ends, the next partition is attached and the
// key sequence jumps to its start, so every event received in a period is in its partition. So a
// lookup by key (every page's events, every cursor) goes to one partition, the keys keep their order,
// and a period whose events have all expired goes as one table. 2^40 keys (a trillion) per period:
// no period fills up, and 8,192 periods stay below 2^53.
//
// Only numbers computed here reach the DDL text below, never client data.

export const PERIOD_KEYS = '1099511627776';
const KEYS = BigInt(PERIOD_KEYS);

/** The table of a period's partition. */
export const partitionName = (period: bigint): string => `taro_udesk_events_${period}`;

export const firstKeyOf = (period: bigint): bigint => period * KEYS;

/**
 * Attaching a new, empty partition: created beside the table (no lock on it), a CHECK that matches
 * its bounds so ATTACH scans nothing, then ATTACH, which takes only a SHARE UPDATE EXCLUSIVE lock:
 * batches and reads go on meanwhile (CREATE TABLE … PARTITION OF would hold them up).
 */
export function attachPeriodSql(period: bigint): string[] {
  const name = partitionName(period);
  const from = firstKeyOf(period);
  const to = firstKeyOf(period + BigInt(1));
  return [
    `CREATE TABLE IF NOT EXISTS ${name} (LIKE taro_udesk_events)`,
    `ALTER TABLE ${name} ADD CONSTRAINT ${name}_bounds CHECK (ingest_order >= ${from} AND ingest_order < ${to})`,
    `ALTER TABLE taro_udesk_events ATTACH PARTITION ${name} FOR VALUES FROM (${from}) TO (${to})`,
    // The check did its work; ATTACH keeps the partition bound itself.
    `ALTER TABLE ${name} DROP CONSTRAINT ${name}_bounds`,
  ];
}

/** Keys from here on are drawn in `period` (never backwards: a sequence already past it stays). */
export const jumpToPeriodSql = (period: bigint): string =>
  `SELECT setval('taro_udesk_events_ingest_order', ${firstKeyOf(period)}, false)
   WHERE (SELECT last_value FROM taro_udesk_events_ingest_order) < ${firstKeyOf(period)}`;

/** Partitions whose detach was interrupted (DETACH … CONCURRENTLY runs in two transactions). */
export const PENDING_DETACH_SQL = `SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
  WHERE i.inhparent = 'taro_udesk_events'::regclass AND i.inhdetachpending`;

/** A partition's name, checked against what the bookkeeping holds before it reaches DDL. */
export function checkedPartitionName(name: string): string {
  if (!/^taro_udesk_events_(legacy|\d{1,19})$/.test(name)) throw new Error(`not a partition of taro_udesk_events: ${name}`);
  return name;
}
