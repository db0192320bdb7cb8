// Retention on PostgreSQL, one bounded step at a time (eventPeriods.ts for the partitions). A step
// is, in this order, the first of: finishing an interrupted detach; starting the next period once
// the open one is `periodMs` old; for the oldest partition whose events have all expired, walking a
// batch of it (its ids and its summaries' counts go) and, once walked, detaching and dropping it
// whole; deleting a batch of expired rows from the partition of rows stored before partitioning.
// Instances share one database: a session advisory lock lets one of them maintain it at a time.
import type { Pool, PoolClient } from 'pg';
import type { ExpiryQuery, ExpiryStep } from './TrajectoryStore';
import type { SqlQuery } from './sqlExecutor';
import { PENDING_DETACH_SQL, attachPeriodSql, checkedPartitionName, firstKeyOf, jumpToPeriodSql, partitionName } from './eventPeriods';
import { MIN_KEY, REMOVAL_LOCK_KEY, WALK_PARTITION_SQL, settleSummaries, type RemovedRow } from './removalSql';
import { expireOldest } from './expireOldest';

/** Held by the instance maintaining partitions. An arbitrary constant, unique to taro-udesk. */
const MAINTENANCE_LOCK_KEY = '7407031541210906114';

/**
 * A partition goes only once its period closed this long before the cutoff: a batch that drew its
 * keys just before the period closed, or an instance whose clock runs a little behind, may still
 * have written into it with a later time.
 */
export const CLOSING_MARGIN_MS = 5 * 60_000;

/** Events one walk or deletion batch takes at most. */
const WALK_BATCH = 2000;
const DELETE_BATCH = 500;

interface PartitionRow {
  period: string;
  name: string;
  first_key: string;
  end_key: string;
  opened_at: string | null;
  closed_at: string | null;
  walked_through: string | null;
}

const clientQuery = (client: PoolClient): SqlQuery => async <Row>(text: string, values?: unknown[]) =>
  (await client.query(text, values)).rows as Row[];

async function inTransaction<T>(client: PoolClient, work: (query: SqlQuery) => Promise<T>): Promise<T> {
  await client.query('BEGIN');
  try {
    // DDL and row locks wait a little, never long: batches and reads go first.
    await client.query("SET LOCAL lock_timeout = '5s'");
    const result = await work(clientQuery(client));
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}

async function detachAndDrop(client: PoolClient, name: string, finalize: boolean): Promise<void> {
  const table = checkedPartitionName(name);
  await client.query("SET lock_timeout = '10s'");
  try {
    await client.query(`ALTER TABLE taro_udesk_events DETACH PARTITION ${table} ${finalize ? 'FINALIZE' : 'CONCURRENTLY'}`);
  } finally {
    await client.query('RESET lock_timeout');
  }
  await client.query(`DROP TABLE IF EXISTS ${table}`);
  await client.query('DELETE FROM taro_udesk_event_partitions WHERE name = $1', [table]);
}

async function openNextPeriod(client: PoolClient, current: PartitionRow, now: number): Promise<void> {
  const next = BigInt(current.period) + BigInt(1);
  await inTransaction(client, async (query) => {
    for (const statement of attachPeriodSql(next)) await query(statement);
    await query(jumpToPeriodSql(next));
    await query('UPDATE taro_udesk_event_partitions SET closed_at = $2 WHERE period = $1', [current.period, now]);
    await query(`INSERT INTO taro_udesk_event_partitions (period, name, first_key, end_key, opened_at) VALUES ($1, $2, $3, $4, $5)`,
      [next.toString(), partitionName(next), firstKeyOf(next).toString(), firstKeyOf(next + BigInt(1)).toString(), now]);
  });
}

/** A batch of an expired partition: its ids and counts go; `walked_through` records how far. */
async function walk(client: PoolClient, partition: PartitionRow): Promise<number> {
  return inTransaction(client, async (query) => {
    await query(`SELECT pg_advisory_xact_lock(${REMOVAL_LOCK_KEY})`);
    const firstKey = BigInt(partition.first_key);
    const from = partition.walked_through ?? (firstKey > BigInt(MIN_KEY) ? (firstKey - BigInt(1)).toString() : MIN_KEY);
    const [removed] = await query<RemovedRow>(WALK_PARTITION_SQL, [from, partition.end_key, WALK_BATCH]);
    // Its other events remain only in later partitions.
    await settleSummaries(query, removed, partition.end_key);
    const through = removed.events < WALK_BATCH || removed.last_key === null ? (BigInt(partition.end_key) - BigInt(1)).toString() : removed.last_key;
    await query('UPDATE taro_udesk_event_partitions SET walked_through = $2 WHERE period = $1', [partition.period, through]);
    return removed.events;
  });
}

async function stepLocked(client: PoolClient, query: ExpiryQuery, now: number): Promise<ExpiryStep> {
  const pending = (await client.query<{ name: string }>(PENDING_DETACH_SQL)).rows;
  if (pending.length > 0) {
    await detachAndDrop(client, pending[0].name, true);
    return { events: 0, more: true };
  }
  const partitions = (await client.query<PartitionRow>('SELECT * FROM taro_udesk_event_partitions ORDER BY period')).rows;
  const open = partitions.find((row) => row.closed_at === null);
  if (open !== undefined && open.opened_at !== null && now - Number(open.opened_at) >= query.periodMs) {
    await openNextPeriod(client, open, now);
    return { events: 0, more: true };
  }
  const expired = partitions.find((row) => row.closed_at !== null && Number(row.closed_at) < query.receivedBefore - CLOSING_MARGIN_MS);
  if (expired !== undefined) {
    if (expired.walked_through === null || BigInt(expired.walked_through) < BigInt(expired.end_key) - BigInt(1)) {
      return { events: await walk(client, expired), more: true };
    }
    await detachAndDrop(client, expired.name, false);
    return { events: 0, more: true };
  }
  // Rows from before partitioning share one partition whatever their age: deleted as PGlite's are.
  const legacy = partitions.find((row) => row.opened_at === null);
  if (legacy !== undefined && legacy.walked_through === null) {
    return inTransaction(client, (run) => expireOldest(run, { from: legacy.first_key, to: legacy.end_key }, query.receivedBefore, DELETE_BATCH));
  }
  return { events: 0, more: false };
}

/** PostgreSQL's expiry step (TrajectoryStore.expire). */
export function createPostgresExpiry(pool: Pool, now: () => number): (query: ExpiryQuery) => Promise<ExpiryStep> {
  return async (query) => {
    const client = await pool.connect();
    let broken: Error | undefined;
    try {
      const [{ locked }] = (await client.query<{ locked: boolean }>(`SELECT pg_try_advisory_lock(${MAINTENANCE_LOCK_KEY}) AS locked`)).rows;
      // Another instance is at it.
      if (!locked) return { events: 0, more: false };
      try {
        return await stepLocked(client, query, now());
      } finally {
        await client.query(`SELECT pg_advisory_unlock(${MAINTENANCE_LOCK_KEY})`);
      }
    } catch (error) {
      broken = error as Error;
      throw error;
    } finally {
      // A connection that failed is not given back to the pool (its session lock goes with it).
      client.release(broken);
    }
  };
}
