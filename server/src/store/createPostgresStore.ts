import { randomBytes } from 'crypto';
import { Pool, type ClientConfig, type PoolConfig } from 'pg';
import type { TrajectoryStore } from './TrajectoryStore';
import type { SqlExecutor, SqlQuery } from './sqlExecutor';
import type { StoreLog } from './restartingExecutor';
import { createSqlStore } from './createSqlStore';
import { migrate } from './migrate';
import { createStatementQueue } from './createStatementQueue';
import { insertEventsSql } from './schemaSql';
import { createPostgresExpiry } from './expirePostgres';
import { listenForEvents } from './listenForEvents';

export interface PostgresStoreOptions {
  /** `postgres://user:password@host:5432/database` (the CLI's `--database` or `DATABASE_URL`). */
  connectionString: string;
  /** Connections in the pool (default 4): up to `maxInFlight` group commits, and reads on the rest (at least one). */
  poolSize?: number;
  /** Group commits running at once (default 2). */
  maxInFlight?: number;
  /** Events per group commit at most (default 2000). */
  maxGroupEvents?: number;
  /**
   * How long connecting, and one statement, may take, ms (default 60,000): PostgreSQL ends a longer
   * statement (`statement_timeout`), and a database that does not answer fails the call instead of
   * holding it. Anything in `pool` wins.
   */
  timeoutMs?: number;
  /** Anything else `pg`'s Pool takes (ssl, timeouts). */
  pool?: Omit<PoolConfig, 'connectionString' | 'max'>;
  /** Where the store says what it did to the schema (default: nowhere). */
  log?: StoreLog;
  /** Server clock, ms (injected for tests). */
  now?: () => number;
}

/** See readTrajectoryPage: a transaction still open this long after its batch arrived is not expected. */
const POSTGRES_SETTLE_MS = 5000;

/** Connections of the pool writes keep for themselves: reads may hold the others, no more. */
const WRITE_CONNECTIONS = 2;

/**
 * An executor over a `pg` Pool. Reads hold at most `readConnections` of its connections at once
 * (default: all but two), so a batch never queues for a connection behind page reads.
 */
export function createPostgresExecutor(pool: Pool, readConnections = Math.max(1, (pool.options.max ?? 10) - WRITE_CONNECTIONS)): SqlExecutor {
  const query: SqlQuery = async <Row>(text: string, values?: unknown[]) =>
    (await pool.query(text, values)).rows as Row[];
  const reads = createStatementQueue(readConnections);
  return {
    query,
    read: <Row>(text: string, values?: unknown[]) => reads.run('read', () => query<Row>(text, values)),
    async transaction(work) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await work(async <Row>(text: string, values?: unknown[]) =>
          (await client.query(text, values)).rows as Row[]);
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}

/**
 * The PostgreSQL store, for a server that outgrows one machine: stateless, so any number of
 * server instances share one database. The same SQL as the embedded store, group-committed too.
 */
export async function createPostgresStore(options: PostgresStoreOptions): Promise<TrajectoryStore> {
  const timeoutMs = options.timeoutMs ?? 60_000;
  const pool = new Pool({
    connectionTimeoutMillis: timeoutMs,
    statement_timeout: timeoutMs,
    keepAlive: true,
    ...options.pool,
    connectionString: options.connectionString,
    max: options.poolSize ?? 4,
  });
  // An idle client's error (the server restarted) must not crash the process; the next query fails
  // or reconnects instead.
  pool.on('error', () => undefined);
  const executor = createPostgresExecutor(pool, Math.max(1, (options.poolSize ?? 4) - (options.maxInFlight ?? 2)));
  try {
    const applied = await migrate(executor, 'postgres');
    options.log?.(applied.length > 0 ? `schema: applied migrations ${applied.join(', ')}` : 'schema: up to date', 'info');
  } catch (error) {
    await executor.close();
    throw error;
  }
  const now = options.now ?? Date.now;
  // This instance's name in its notices: the others read what it stored, it does not.
  const instance = randomBytes(9).toString('base64url');
  const store = createSqlStore(executor, {
    maxInFlight: options.maxInFlight ?? 2,
    maxGroupEvents: options.maxGroupEvents,
    // Concurrent transactions (of this server and others) commit out of key order.
    settleMs: POSTGRES_SETTLE_MS,
    now,
    insertStatement: { text: insertEventsSql(true), values: [instance] },
    expire: createPostgresExpiry(pool, now),
  });
  const clientSettings: ClientConfig = { ...options.pool, connectionString: options.connectionString, connectionTimeoutMillis: timeoutMs, keepAlive: true };
  return {
    ...store,
    follow: (follower) => listenForEvents({ client: clientSettings, instance, read: executor.read }, follower),
  };
}
