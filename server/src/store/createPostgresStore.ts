import { Pool, type PoolConfig } from 'pg';
import type { TrajectoryStore } from './TrajectoryStore';
import type { SqlExecutor, SqlQuery } from './sqlExecutor';
import { createSqlStore } from './createSqlStore';
import { migrate } from './migrate';

export interface PostgresStoreOptions {
  /** `postgres://user:password@host:5432/database` (the CLI's `--database` or `DATABASE_URL`). */
  connectionString: string;
  /** Connections in the pool (default 4): reads and up to `maxInFlight` group commits share them. */
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
}

/** An executor over a `pg` Pool. */
export function createPostgresExecutor(pool: Pool): SqlExecutor {
  const query: SqlQuery = async <Row>(text: string, values?: unknown[]) =>
    (await pool.query(text, values)).rows as Row[];
  return {
    query,
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
  const executor = createPostgresExecutor(pool);
  try {
    await migrate(executor);
  } catch (error) {
    await executor.close();
    throw error;
  }
  return createSqlStore(executor, {
    maxInFlight: options.maxInFlight ?? 2,
    maxGroupEvents: options.maxGroupEvents,
  });
}
