import type {
  EventPage, EventQuery, ExpiryQuery, ExpiryStep, InsertResult, TrajectoryPage, TrajectoryQuery, TrajectoryStore, VisitorPage, VisitorQuery,
} from './TrajectoryStore';
import type { SqlExecutor } from './sqlExecutor';
import { createGroupCommitter } from './groupCommit';
import { insertGroup, type InsertRequest, type InsertStatement } from './insertGroup';
import { decodeCursor, encodeCursor } from './cursor';
import { INSERT_EVENTS_SQL, SELECT_VISITORS_AFTER_SQL, SELECT_VISITORS_SQL, selectEventsSql, selectVisitorsOfSql } from './schemaSql';
import { lazyDigest } from './erasureDigest';
import { eraseStep } from './eraseStep';
import { expireOldest } from './expireOldest';
import { MAX_KEY, MIN_KEY } from './removalSql';
import { readDelivery, readUsage } from './readFigures';
import { InvalidStoreInputError, StoreClosedError } from './storeErrors';
import { validateInsert } from './validateInsert';
import { unstorableStringReason } from './storableText';
import { eventFromRow, parseJsonRow, visitorFromRow, type EventRow, type JsonRow, type VisitorRow } from './rows';
import { retryTransient } from './retryTransient';
import { readTrajectoryPage } from './readTrajectoryPage';

export interface SqlStoreOptions {
  /** Group commits running at once: 1 for PGlite's single connection. */
  maxInFlight: number;
  /** Events per group commit at most. */
  maxGroupEvents?: number;
  /** Server clock, ms (injected for tests). */
  now?: () => number;
  /**
   * How long after its receipt an event may still become visible below a later one (0 when
   * transactions commit in key order, as on one connection); see readTrajectoryPage. Default 0.
   */
  settleMs?: number;
  /** The statement that stores a group (default INSERT_EVENTS_SQL; PostgreSQL's also notifies). */
  insertStatement?: InsertStatement;
  /** Retention's step (default: PGlite's, the oldest events deleted in a batch). */
  expire?: (query: ExpiryQuery) => Promise<ExpiryStep>;
}

/**
 * Events one step of expiry (PGlite) removes at most: a batch arriving during a step waits for it.
 * Measured with 1,000,000 to expire under 50 posting clients (bench:expiry): 100 a step raised POST
 * p99 by 38.7 %, 25 by 13.9 % (issue 19's floor is 20 %), still expiring ~150 events a second.
 */
export const EXPIRY_BATCH = 25;
export const ERASURE_BATCH = 2000;

function checkLimit(limit: unknown): number {
  if (!Number.isInteger(limit) || (limit as number) < 1 || (limit as number) > 1000) {
    throw new InvalidStoreInputError('limit', 'must be an integer from 1 to 1000');
  }
  return limit as number;
}

function checkFilter(value: unknown, path: string): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw new InvalidStoreInputError(path, 'must be a string');
  // `?visitor=%00` must be a 400, not a database error: nothing stored can contain it anyway.
  const unstorable = unstorableStringReason(value);
  if (unstorable !== null) throw new InvalidStoreInputError(path, unstorable);
  return value;
}

async function readVisitors(executor: SqlExecutor, query: VisitorQuery, limit: number): Promise<VisitorPage> {
  const after = query.after === undefined ? undefined : decodeCursor('visitors', query.after);
  let filter: 'visitor' | 'customer' | null = null;
  if (query.visitor !== undefined) filter = 'visitor';
  else if (query.customer !== undefined) filter = 'customer';
  let wrapped: JsonRow[];
  if (filter === null) {
    wrapped = after === undefined
      ? await executor.read<JsonRow>(SELECT_VISITORS_SQL, [limit + 1])
      : await executor.read<JsonRow>(SELECT_VISITORS_AFTER_SQL, [after, limit + 1]);
  } else {
    const who = checkFilter(filter === 'visitor' ? query.visitor : query.customer, filter);
    wrapped = await executor.read<JsonRow>(selectVisitorsOfSql(filter, after !== undefined), after === undefined ? [who, limit + 1] : [who, after, limit + 1]);
  }
  const rows = wrapped.map(parseJsonRow<VisitorRow>);
  const page = rows.slice(0, limit);
  const more = rows.length > limit;
  return {
    visitors: page.map(visitorFromRow),
    ...(more ? { next: encodeCursor('visitors', page[page.length - 1].order_key) } : {}),
  };
}

/** The store both implementations are: shared SQL, group commit and cursors over an executor. */
export function createSqlStore(executor: SqlExecutor, options: SqlStoreOptions): TrajectoryStore {
  const now = options.now ?? Date.now;
  let closing: Promise<void> | undefined;
  const digest = lazyDigest(executor.read);
  const statement = options.insertStatement ?? { text: INSERT_EVENTS_SQL, values: [] };
  const committer = createGroupCommitter<InsertRequest, InsertResult>({
    commitGroup: async (requests) => {
      const digestOf = await digest();
      return retryTransient(() => insertGroup(executor.query, requests, now(), statement, digestOf));
    },
    weightOf: (request) => request.events.length,
    maxGroupWeight: options.maxGroupEvents ?? 2000,
    maxInFlight: options.maxInFlight,
  });

  return {
    async insert(appId, events) {
      if (closing) throw new StoreClosedError();
      validateInsert(appId, events);
      if (events.length === 0) return { stored: [], duplicates: 0 };
      return committer.submit({ appId, events });
    },

    async events(query: EventQuery): Promise<EventPage> {
      const limit = checkLimit(query.limit);
      const afterOrder = query.after === undefined ? undefined : decodeCursor('events', query.after);
      const statement = selectEventsSql(
        {
          appId: checkFilter(query.appId, 'appId'),
          visitor: checkFilter(query.visitor, 'visitor'),
          customer: checkFilter(query.customer, 'customer'),
          trajectoryOf: checkFilter(query.trajectoryOf, 'trajectoryOf'),
          afterOrder,
        },
        limit,
      );
      const rows = (await executor.read<JsonRow>(statement.text, statement.values)).map(parseJsonRow<EventRow>);
      const page = rows.slice(0, limit);
      const more = rows.length > limit;
      return {
        events: page.map(eventFromRow),
        ...(more ? { next: encodeCursor('events', page[page.length - 1].order_key) } : {}),
      };
    },

    async trajectory(query: TrajectoryQuery): Promise<TrajectoryPage> {
      const limit = checkLimit(query.limit);
      if (!Number.isInteger(query.maxBytes) || query.maxBytes < 1) throw new InvalidStoreInputError('maxBytes', 'must be a positive integer');
      const visitor = checkFilter(query.visitor, 'visitor') as string;
      return readTrajectoryPage(executor.read, { ...query, visitor, limit }, { now: now(), settleMs: options.settleMs ?? 0 });
    },

    visitors(query) {
      return readVisitors(executor, query, checkLimit(query.limit));
    },

    async erase(target) {
      if (closing) throw new StoreClosedError();
      const which = 'visitor' in target ? checkFilter(target.visitor, 'visitor') : checkFilter(target.customer, 'customer');
      if (which === undefined || which === '') throw new InvalidStoreInputError('visitor' in target ? 'visitor' : 'customer', 'must be a non-empty string');
      const digestOf = await digest();
      return executor.transaction((query) => eraseStep(query, target, digestOf, ERASURE_BATCH, now()));
    },

    async expire(query) {
      if (closing) throw new StoreClosedError();
      if (options.expire) return options.expire(query);
      return executor.transaction((run) => expireOldest(run, { from: MIN_KEY, to: MAX_KEY }, query.receivedBefore, EXPIRY_BATCH));
    },

    async delivery(settledBefore) {
      if (!Number.isSafeInteger(settledBefore)) throw new InvalidStoreInputError('settledBefore', 'must be an integer (ms)');
      return readDelivery(executor.read, settledBefore);
    },

    usage: () => readUsage(executor.read),

    async probe() {
      if (closing) throw new StoreClosedError();
      await executor.query('SELECT txid_current()');
    },

    close() {
      if (!closing) closing = committer.drain().then(() => executor.close());
      return closing;
    },
  };
}
