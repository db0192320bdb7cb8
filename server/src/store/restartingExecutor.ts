// The embedded engine, replaced when it fails (issue 17, finding 5). After ENOSPC in pg_wal PGlite
// aborts and spins for good; its worker is terminated (pgliteWorker.ts) and a new one opens the same
// folder, which replays the WAL: every committed batch is there again. Until it is open, calls fail
// at once with StoreUnavailableError (503, the tracker keeps its events); reopening is retried with
// backoff, 1 s doubling to 30 s, so a disk still full costs little. Restarting in the process keeps
// the folder's lock held and needs no supervisor; a supervisor still sees /healthz answer 503.
import type { SqlExecutor } from './sqlExecutor';
import { StoreUnavailableError } from './storeErrors';

/** Opens one engine; `onFailure` is called if it later fails for good. */
export type OpenEngine = (onFailure: (error: Error) => void, first: boolean) => Promise<SqlExecutor>;

const FIRST_DELAY_MS = 1000;
const MAX_DELAY_MS = 30_000;

/** Where the store tells what happened to its engine. */
export type StoreLog = (message: string, level: 'error' | 'info') => void;

export async function openRestartingExecutor(open: OpenEngine, log: StoreLog): Promise<SqlExecutor> {
  let generation = 0;
  let current: SqlExecutor | null = null;
  let closed = false;
  let delay = FIRST_DELAY_MS;
  let wake: NodeJS.Timeout | undefined;

  const failureOf = (engine: number) => (error: Error) => {
    if (engine !== generation || closed || current === null) return; // an older engine, or one still opening
    const broken = current;
    current = null;
    log(`the embedded store failed (${error.message}): opening it again`, 'error');
    // The old engine is gone (its thread terminated) before a new one opens the folder.
    void broken.close().catch(() => undefined).then(reopen);
  };

  const reopen = (): void => {
    if (closed) return;
    wake = setTimeout(async () => {
      generation += 1;
      try {
        const next = await open(failureOf(generation), false);
        if (closed) return void (await next.close());
        current = next;
        delay = FIRST_DELAY_MS;
        log('the embedded store is open again', 'info');
      } catch (error) {
        delay = Math.min(delay * 2, MAX_DELAY_MS);
        log(`opening the embedded store again failed (${(error as Error).message}): next try in ${delay / 1000} s`, 'error');
        reopen();
      }
    }, delay);
    wake.unref();
  };

  generation += 1;
  current = await open(failureOf(generation), true);
  const engine = (): SqlExecutor => {
    if (current === null) throw new StoreUnavailableError('the embedded store is being opened again after a failure');
    return current;
  };
  return {
    query: async (text, values) => engine().query(text, values),
    read: async (text, values) => engine().read(text, values),
    transaction: async (work) => engine().transaction(work),
    async close() {
      closed = true;
      clearTimeout(wake);
      await current?.close();
    },
  };
}
