import type { ExpiryStep } from './TrajectoryStore';
import type { SqlQuery } from './sqlExecutor';
import { EXPIRE_OLDEST_SQL, REMOVAL_LOCK_KEY, settleSummaries, type RemovedRow } from './removalSql';

/**
 * Expiry by deletion, one transaction: at most `limit` of the oldest events of the key range
 * [from, to) that were received before `receivedBefore`. PGlite expires this way (its whole key
 * range); PostgreSQL its partition of rows stored before partitioning.
 */
export async function expireOldest(
  query: SqlQuery, range: { from: string; to: string }, receivedBefore: number, limit: number,
): Promise<ExpiryStep> {
  await query(`SELECT pg_advisory_xact_lock(${REMOVAL_LOCK_KEY})`);
  const [removed] = await query<RemovedRow>(EXPIRE_OLDEST_SQL, [range.from, range.to, receivedBefore, limit]);
  if (removed.events === 0 || removed.last_key === null) return { events: 0, more: false };
  // What went is a prefix of the range: what remains starts after its last key.
  await settleSummaries(query, removed, (BigInt(removed.last_key) + BigInt(1)).toString());
  return { events: removed.events, more: removed.events === limit };
}
