import { PGlite } from '@electric-sql/pglite';
import type { TrajectoryStore } from './TrajectoryStore';
import type { SqlExecutor, SqlQuery } from './sqlExecutor';
import { createSqlStore } from './createSqlStore';
import { migrate } from './migrate';
import { openPgliteWorkerExecutor } from './pgliteWorker';
import { openRestartingExecutor, type StoreLog } from './restartingExecutor';
import { checkDataFolder, openFailure } from './checkDataFolder';
import { lockDataFolder } from './lockDataFolder';
import { createStatementQueue } from './createStatementQueue';

export interface PgliteStoreOptions {
  /** The directory the database lives in (created when missing); the CLI's default is `.taro-udesk-data/`. */
  dataDir: string;
  /** Events per group commit at most (default 2000). */
  maxGroupEvents?: number;
  /**
   * Where PGlite runs: `'worker'` (default), a worker thread, so the server's event loop stays free
   * while PostgreSQL works; `'main'`, the calling thread (one thread fewer, blocks while it works).
   */
  thread?: 'worker' | 'main';
  /** How long one statement may take before the engine is taken for hung and replaced, ms (default 60,000; worker only). */
  timeoutMs?: number;
  /** Where the store says its engine failed and was opened again, and what it did to the schema (default: nowhere). */
  log?: StoreLog;
  /** Server clock, ms (injected for tests). */
  now?: () => number;
}

/** An executor over PGlite on the calling thread: one connection, so one transaction at a time. */
export async function openPgliteExecutor(dataDir: string): Promise<SqlExecutor> {
  // PGlite mounts the directory through Emscripten's NODEFS: every write PostgreSQL makes is a
  // write(2) to the real file, and a COMMIT has written its WAL before the query resolves, so a
  // committed batch survives the process being killed (server/tests/store/durability.test.ts).
  const db = await PGlite.create({ dataDir });
  // PGlite queues statements in arrival order; this queue lets writes go first.
  const queue = createStatementQueue(1);
  const direct: SqlQuery = async <Row>(text: string, values?: unknown[]) => (await db.query<Row>(text, values)).rows;
  return {
    query: <Row>(text: string, values?: unknown[]) => queue.run('write', () => direct<Row>(text, values)),
    read: <Row>(text: string, values?: unknown[]) => queue.run('read', () => direct<Row>(text, values)),
    transaction: (work) => queue.run('write', () => db.transaction((tx) => work(async <Row>(text: string, values?: unknown[]) =>
      (await tx.query<Row>(text, values)).rows))),
    close: () => queue.run('write', () => db.close()),
  };
}

function openExecutor(options: PgliteStoreOptions): Promise<SqlExecutor> {
  const { dataDir } = options;
  if (options.thread === 'main') return openPgliteExecutor(dataDir);
  const timeoutMs = options.timeoutMs ?? 60_000;
  return openRestartingExecutor(
    (onFailure, first) => openPgliteWorkerExecutor(dataDir, { timeoutMs, openTimeoutMs: first ? 300_000 : 60_000, onFailure }),
    options.log ?? (() => undefined),
  );
}

/**
 * The embedded store: PostgreSQL compiled to WASM (PGlite), persisted to `dataDir`, no server to
 * run. Writes go through one group-commit queue, since PGlite has a single connection. The folder
 * is locked while the store is open (one store per folder); a damaged folder is refused with a
 * DataFolderDamagedError that says what is wrong; an engine that fails is replaced (worker only).
 */
export async function createPgliteStore(options: PgliteStoreOptions): Promise<TrajectoryStore> {
  checkDataFolder(options.dataDir);
  const lock = lockDataFolder(options.dataDir);
  let executor: SqlExecutor;
  try {
    executor = await openExecutor(options);
  } catch (error) {
    lock.release();
    throw openFailure(options.dataDir, error);
  }
  try {
    const applied = await migrate(executor, 'pglite');
    if (applied.length > 0) options.log?.(`schema: applied migrations ${applied.join(', ')}`, 'info');
  } catch (error) {
    await executor.close().catch(() => undefined);
    lock.release();
    throw error;
  }
  const store = createSqlStore(executor, { maxInFlight: 1, maxGroupEvents: options.maxGroupEvents, now: options.now });
  return { ...store, close: () => store.close().finally(() => lock.release()) };
}
