// One step of an erasure (PIPL art. 47: deletion on request), in one transaction: the erasure is
// remembered first, then at most `limit` events go, with their ids and their summaries' counts.
// The caller repeats steps until `more` is false, so no statement runs long whatever the data.
import type { ErasureStep, ErasureTarget } from './TrajectoryStore';
import type { SqlQuery } from './sqlExecutor';
import type { Digest } from './erasureDigest';
import { PER_VISITOR_TABLES, deleteAppVisitorRowsSql, deleteVisitorRowsSql, type PerVisitorTable } from './perVisitorTables';
import { REMOVAL_LOCK_KEY, eraseMatchingSql, settleSummaries, MIN_KEY, type RemovedRow } from './removalSql';

interface VisitorOfApp {
  app_id: string;
  visitor: string;
}

interface Condition {
  sql: string;
  values: unknown[];
}

const VERIFIED_VISITORS_SQL = 'SELECT app_id, visitor FROM taro_udesk_visitors WHERE verified_customer = $1 ORDER BY app_id, visitor';

/** Whose events a target's erasure removes: the conditions, in order, and the visitors it forgets. */
async function scopeOf(query: SqlQuery, target: ErasureTarget): Promise<{ conditions: Condition[]; visitors: string[]; verified: VisitorOfApp[] }> {
  if ('visitor' in target) {
    const known = await query('SELECT 1 FROM taro_udesk_visitors WHERE visitor = $1 LIMIT 1', [target.visitor]);
    return { conditions: [{ sql: 'visitor = $1', values: [target.visitor] }], visitors: known.length > 0 ? [target.visitor] : [], verified: [] };
  }
  // Every event naming the customer (verified or not), then every event of each visitor verified as
  // it, but for those verified as someone else (a shared phone: they are that customer's).
  const verified = await query<VisitorOfApp>(VERIFIED_VISITORS_SQL, [target.customer]);
  return {
    verified,
    conditions: [
      { sql: 'customer = $1', values: [target.customer] },
      ...verified.map((row) => ({ sql: 'visitor = $1 AND app_id = $2 AND NOT (verified AND customer IS NOT NULL)', values: [row.visitor, row.app_id] })),
    ],
    visitors: [...new Set(verified.map((row) => row.visitor))],
  };
}

/**
 * Every listed per-visitor table's rows of the visitor, or of each visitor verified as the
 * customer (in its app): at every step, since a verified visitor's summary (by which the next step
 * finds it) goes as soon as its last event does.
 */
async function forgetVisitorRows(query: SqlQuery, target: ErasureTarget, verified: VisitorOfApp[], tables: readonly PerVisitorTable[]): Promise<void> {
  for (const table of tables) {
    if ('visitor' in target) await query(deleteVisitorRowsSql(table), [target.visitor]);
    else for (const row of verified) await query(deleteAppVisitorRowsSql(table), [row.visitor, row.app_id]);
  }
}

/** The summaries left once every event went (they name the customer), and other visitors' claims of it. */
async function forgetSummaries(query: SqlQuery, target: ErasureTarget): Promise<void> {
  if ('visitor' in target) {
    await query('DELETE FROM taro_udesk_visitors WHERE visitor = $1', [target.visitor]);
    return;
  }
  await query('DELETE FROM taro_udesk_visitors WHERE verified_customer = $1', [target.customer]);
  // A visitor that only claimed the customer keeps its other events, not the claim.
  await query('UPDATE taro_udesk_visitors SET customer = NULL WHERE customer = $1', [target.customer]);
}

export async function eraseStep(
  query: SqlQuery, target: ErasureTarget, digest: Digest, limit: number, now: number, tables: readonly PerVisitorTable[] = PER_VISITOR_TABLES,
): Promise<ErasureStep> {
  await query(`SELECT pg_advisory_xact_lock(${REMOVAL_LOCK_KEY})`);
  // Batches read this table FOR SHARE: from here on none is half-way, and none stores the target again.
  await query('LOCK TABLE taro_udesk_erasures IN EXCLUSIVE MODE');
  const scope = await scopeOf(query, target);
  const primary = 'visitor' in target ? digest('visitor', target.visitor) : digest('customer', target.customer);
  // The target, known or not (its phone may still hold a queue), and each visitor verified as it.
  const remembered = [
    { digest: primary, kind: 'visitor' in target ? 'visitor' : 'customer' },
    ...('visitor' in target ? [] : scope.visitors.map((visitor) => ({ digest: digest('visitor', visitor), kind: 'visitor' }))),
  ];
  await query(`INSERT INTO taro_udesk_erasures (digest, kind, erased_at)
    SELECT digest, kind, $2::bigint FROM jsonb_to_recordset($1::jsonb) AS r(digest text, kind text) ON CONFLICT DO NOTHING`,
  [JSON.stringify(remembered), now]);

  await forgetVisitorRows(query, target, scope.verified, tables);

  let events = 0;
  for (const condition of scope.conditions) {
    const wanted = limit - events;
    if (wanted <= 0) break;
    const limitParam = `$${condition.values.length + 1}`;
    const [removed] = await query<RemovedRow>(eraseMatchingSql(condition.sql, limitParam), [...condition.values, wanted]);
    await settleSummaries(query, removed, MIN_KEY);
    events += removed.events;
  }
  const more = events >= limit;
  if (!more) await forgetSummaries(query, target);
  await query('UPDATE taro_udesk_erasures SET events = events + $2 WHERE digest = $1', [primary, events]);
  return { events, visitors: scope.visitors.length, more };
}
