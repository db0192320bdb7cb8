import { createRequire } from 'module';
import { Worker } from 'worker_threads';
import type { SqlExecutor, SqlQuery } from './sqlExecutor';
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
  (error) => parentPort.postMessage({ id, error: { message: String(error && error.message), code: error && error.code } }),
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
  error?: { message: string; code?: string };
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

/** An executor over PGlite in a worker thread; resolves once the database is open. */
export async function openPgliteWorkerExecutor(dataDir: string): Promise<SqlExecutor> {
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: { dataDir, pglitePath: createRequire(__filename).resolve('@electric-sql/pglite') },
  });
  const pending = new Map<number, { resolve: (rows: unknown[]) => void; reject: (error: Error) => void }>();
  let nextId = 0;
  let failure: Error | undefined;
  const failAll = (error: Error): void => {
    failure = error;
    pending.forEach((waiter) => waiter.reject(error));
    pending.clear();
  };
  worker.on('message', (answer: Answer) => {
    const waiter = pending.get(answer.id);
    pending.delete(answer.id);
    if (answer.error) waiter?.reject(new PgliteWorkerError(answer.error.message, answer.error.code));
    else waiter?.resolve(answer.rows ?? []);
  });
  worker.on('error', (error) => failAll(error));
  worker.on('exit', (code) => failAll(new Error(`the PGlite worker exited (${code})`)));
  const send = (kind: string, text?: string, values?: unknown[]): Promise<unknown[]> => {
    if (failure) return Promise.reject(failure);
    nextId += 1;
    const id = nextId;
    return new Promise((resolve, reject) => {
      pending.set(id, { resolve, reject });
      worker.postMessage({ id, kind, text, values });
    });
  };

  // One connection: one statement (or transaction) at a time, from a queue where writes go first
  // (a statement sent while a transaction runs would otherwise land inside it).
  const queue = createStatementQueue(1);
  const direct: SqlQuery = async <Row>(text: string, values?: unknown[]) => (await send('query', text, values)) as Row[];

  try {
    await send('open');
  } catch (error) {
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
      await send('close');
      await worker.terminate();
    }),
  };
}
