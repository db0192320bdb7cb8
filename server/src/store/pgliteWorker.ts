import { createRequire } from 'module';
import { Worker } from 'worker_threads';
import type { SqlExecutor, SqlQuery } from './sqlExecutor';
import { StoreUnavailableError } from './storeErrors';
import { createStatementQueue } from './createStatementQueue';

// PGlite runs PostgreSQL synchronously on the thread that calls it: a 500-event group commit would
// hold the HTTP server's event loop for its whole duration. In a worker thread it runs beside the
// server instead (on a 2-core machine: on the other core). The worker is a short script passed as
// text, so it needs no build step; it loads PGlite by the path the main thread resolved.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('worker_threads');
const { PGlite } = require(workerData.pglitePath);
const opening = PGlite.create({ dataDir: workerData.dataDir });
const answer = (id, work) => work.then(
  (rows) => parentPort.postMessage({ id, rows }),
  (error) => parentPort.postMessage({ id, error: { message: String(error && error.message), code: error && error.code, name: error && error.name } }),
);
parentPort.on('message', ({ id, kind, text, values }) => {
  if (kind === 'open') answer(id, opening.then(() => []));
  else if (kind === 'close') answer(id, opening.then((db) => db.close()).then(() => []));
  else answer(id, opening.then((db) => db.query(text, values)).then((result) => result.rows));
});
`;

interface Answer {
  id: number;
  rows?: unknown[];
  error?: { message: string; code?: string; name?: string };
}

/** A database error from the worker, keeping PostgreSQL's SQLSTATE `code`. */
class PgliteWorkerError extends Error {
  readonly code?: string;
  constructor(message: string, code?: string) {
    super(message);
    this.name = 'PgliteWorkerError';
    this.code = code;
  }
}

export interface PgliteWorkerOptions {
  /** How long one statement may take before the engine is taken for hung, ms. */
  timeoutMs: number;
  /** How long opening may take, ms (a new folder runs initdb: 6–20 s, more on a loaded machine). */
  openTimeoutMs?: number;
  /**
   * Called once when the engine is gone for good: no answer within `timeoutMs`, the thread died, or
   * an error that leaves PostgreSQL unusable (ENOSPC in pg_wal made PGlite abort and spin). The
   * worker is terminated; every call then fails with StoreUnavailableError.
   */
  onFailure?: (error: Error) => void;
}

/**
 * SQLSTATE classes after which PGlite is not trusted to go on: 53 insufficient resources (disk
 * full), 58 system error (I/O), XX internal error (a PANIC); and WASM's own abort.
 */
export function isEngineFailure(error: { name?: string; message?: string; code?: string }): boolean {
  return /^(53|58|XX)/.test(error.code ?? '') || error.name === 'RuntimeError' || /Aborted\(\)/.test(error.message ?? '');
}

/** An executor over PGlite in a worker thread; resolves once the database is open. */
export async function openPgliteWorkerExecutor(dataDir: string, options: PgliteWorkerOptions = { timeoutMs: 60_000 }): Promise<SqlExecutor> {
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: { dataDir, pglitePath: createRequire(__filename).resolve('@electric-sql/pglite') },
  });
  const pending = new Map<number, { resolve: (rows: unknown[]) => void; reject: (error: Error) => void; timer: NodeJS.Timeout }>();
  let nextId = 0;
  let failure: Error | undefined;
  let closing = false;
  const failAll = (error: Error): void => {
    if (failure) return;
    failure = new StoreUnavailableError(`the embedded store failed: ${error.message}`);
    pending.forEach((waiter) => {
      clearTimeout(waiter.timer);
      waiter.reject(error);
    });
    pending.clear();
    // A spinning engine would hold a core and its memory: the thread goes now.
    void worker.terminate();
    if (!closing) options.onFailure?.(error);
  };
  worker.on('message', (answer: Answer) => {
    const waiter = pending.get(answer.id);
    pending.delete(answer.id);
    if (waiter) clearTimeout(waiter.timer);
    if (!answer.error) return waiter?.resolve(answer.rows ?? []);
    const error = new PgliteWorkerError(answer.error.message, answer.error.code);
    waiter?.reject(error);
    if (isEngineFailure({ ...answer.error })) failAll(error);
  });
  worker.on('error', (error) => failAll(error));
  worker.on('exit', (code) => failAll(new Error(`the PGlite worker exited (${code})`)));
  const send = (kind: string, text?: string, values?: unknown[], timeoutMs = options.timeoutMs): Promise<unknown[]> => {
    if (failure) return Promise.reject(failure);
    nextId += 1;
    const id = nextId;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => failAll(new StoreUnavailableError(`no answer within ${timeoutMs} ms`)), timeoutMs);
      pending.set(id, { resolve, reject, timer });
      worker.postMessage({ id, kind, text, values });
    });
  };

  // One connection: one statement (or transaction) at a time, from a queue where writes go first
  // (a statement sent while a transaction runs would otherwise land inside it).
  const queue = createStatementQueue(1);
  const direct: SqlQuery = async <Row>(text: string, values?: unknown[]) => (await send('query', text, values)) as Row[];

  try {
    await send('open', undefined, undefined, options.openTimeoutMs ?? 300_000);
  } catch (error) {
    closing = true;
    await worker.terminate();
    throw error;
  }
  return {
    query: <Row>(text: string, values?: unknown[]) => queue.run('write', () => direct<Row>(text, values)),
    read: <Row>(text: string, values?: unknown[]) => queue.run('read', () => direct<Row>(text, values)),
    transaction: (work) => queue.run('write', async () => {
      await direct('BEGIN');
      try {
        const result = await work(direct);
        await direct('COMMIT');
        return result;
      } catch (error) {
        await direct('ROLLBACK').catch(() => undefined);
        throw error;
      }
    }),
    close: () => queue.run('write', async () => {
      // Every call is bounded by the timer above, so this ends; a failed engine is only terminated.
      closing = true;
      if (!failure) await send('close').catch(() => undefined);
      await worker.terminate();
    }),
  };
}
