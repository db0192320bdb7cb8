import type { TrajectoryPage, TrajectoryQuery } from './TrajectoryStore';
import type { SqlQuery } from './sqlExecutor';
import { decodeCursor, encodeCursor } from './cursor';
import { selectTrajectoryPageSql, type TrajectoryPageKind } from './schemaSql';
import { eventFromRow, parseJsonRow, summaryFromRow, type EventRow, type JsonRow, type SummaryRow } from './rows';
import { SELECT_TRAJECTORY_SUMMARY_SQL } from './summarySql';
import { InvalidStoreInputError } from './storeErrors';

export interface PageClock {
  /** Server clock, ms. */
  now: number;
  /**
   * How long after it was received an event may still become visible below a later one: 0 where
   * one connection commits in key order (PGlite); on PostgreSQL concurrent transactions commit out
   * of key order, so `newer` stays behind events younger than this and a poll reads them again.
   */
  settleMs: number;
}

function pageKind(query: TrajectoryQuery): TrajectoryPageKind {
  if (query.before !== undefined && query.after !== undefined) throw new InvalidStoreInputError('after', 'cannot be given with before');
  if (query.before !== undefined) return { kind: 'before', key: decodeCursor('events', query.before) };
  if (query.after !== undefined) return { kind: 'after', key: decodeCursor('events', query.after) };
  return { kind: 'newest' };
}

/** Rows in order while they fit `limit` and `maxBytes` (the first always): how many. */
function fitting(rows: JsonRow[], limit: number, maxBytes: number): number {
  let bytes = 0;
  let count = 0;
  for (const { row } of rows) {
    if (count === limit) break;
    bytes += Buffer.byteLength(row);
    if (count > 0 && bytes > maxBytes) break;
    count += 1;
  }
  return count;
}

/** One page of a visitor's trajectory (see TrajectoryStore.trajectory), with its summary. The caller checks `limit`. */
export async function readTrajectoryPage(read: SqlQuery, query: TrajectoryQuery, clock: PageClock): Promise<TrajectoryPage> {
  const page = await readEvents(read, query, clock);
  // The first screen: with the newest page, and again whenever a poll brings something new.
  if (page.events.length === 0 || query.before !== undefined) return page;
  const [summary] = await read<JsonRow>(SELECT_TRAJECTORY_SUMMARY_SQL, [query.visitor]);
  return summary === undefined ? page : { ...page, summary: summaryFromRow(parseJsonRow<SummaryRow>(summary)) };
}

async function readEvents(read: SqlQuery, query: TrajectoryQuery, clock: PageClock): Promise<TrajectoryPage> {
  const page = pageKind(query);
  const statement = selectTrajectoryPageSql(query.visitor, page, query.limit, query.maxBytes);
  const wrapped = await read<JsonRow>(statement.text, statement.values);
  const count = fitting(wrapped, query.limit, query.maxBytes);
  const truncated = wrapped.length > count;
  // Parsed only once they fit: a page cut at 256 KB does not parse the rest.
  const rows = wrapped.slice(0, count).map(parseJsonRow<EventRow>);
  if (page.kind === 'after') rows.reverse();
  const events = rows.map(eventFromRow);
  const result: TrajectoryPage = { events };
  if (page.kind !== 'after' && truncated) result.older = encodeCursor('events', rows[rows.length - 1].order_key);
  if (page.kind === 'before') return result;
  if (page.kind === 'after' && truncated) {
    // Catching up: the next page starts after this one.
    result.newer = encodeCursor('events', rows[0].order_key);
    result.more = true;
    return result;
  }
  const settled = rows.find((row) => row.received_at <= clock.now - clock.settleMs);
  if (settled !== undefined) result.newer = encodeCursor('events', settled.order_key);
  else if (page.kind === 'after') result.newer = encodeCursor('events', page.key);
  return result;
}
