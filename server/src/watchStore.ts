// Whether the store can write, as /healthz tells a supervisor or a load balancer (issue 17, finding
// 5: a disk full, or PostgreSQL stopped, used to leave /healthz at 200). Every store call is timed
// out, so no request waits on a hung store; a call that fails for the store's own reasons (not a
// refused input) makes the store unhealthy, and from then on the store is probed once a second
// with a write that stores nothing (`probe()`), until a probe or a batch goes through again.
import type { TrajectoryStore } from './store/TrajectoryStore';
import type { Logger } from './ServerContext';
import { InvalidCursorError, InvalidStoreInputError, StoreClosedError, StoreUnavailableError } from './store/storeErrors';

export interface StoreWatch {
  /** The store, each call bounded by the timeout and watched. */
  store: TrajectoryStore;
  /** Whether its latest write went through. */
  healthy(): boolean;
  stop(): void;
}

const PROBE_INTERVAL_MS = 1000;

const isInputError = (error: unknown) =>
  error instanceof InvalidStoreInputError || error instanceof InvalidCursorError || error instanceof StoreClosedError;

export function watchStore(store: TrajectoryStore, timeoutMs: number, logger: Logger): StoreWatch {
  let healthy = true;
  let probing: NodeJS.Timeout | undefined;
  let stopped = false;

  function bounded<T>(work: Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new StoreUnavailableError(`the store did not answer within ${timeoutMs} ms`)), timeoutMs);
    });
    return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
  }

  const recovered = () => {
    if (!healthy) logger.info('the store writes again');
    healthy = true;
    clearTimeout(probing);
    probing = undefined;
  };
  const probe = (check: () => Promise<void>) => {
    probing = setTimeout(async () => {
      if (stopped || healthy) return;
      try {
        await bounded(check());
        return recovered();
      } catch {
        probe(check); // still failing
      }
    }, PROBE_INTERVAL_MS);
    probing.unref();
  };
  const failed = (error: unknown) => {
    if (isInputError(error) || stopped) return;
    if (healthy) logger.error(`the store cannot write: ${(error as Error).message}`);
    healthy = false;
    // A store without probe() (one of your own) is known to write again by its next batch.
    if (probing === undefined && store.probe) probe(() => store.probe!());
  };

  async function watched<T>(work: () => Promise<T>, isWrite: boolean): Promise<T> {
    try {
      const result = await bounded(work());
      if (isWrite) recovered();
      return result;
    } catch (error) {
      failed(error);
      throw error;
    }
  }

  // Every method but close() is watched, those the store has now and any it gains later: a write
  // (insert, probe) that goes through makes the store healthy again.
  const watchedStore = new Proxy(store, {
    get(target, name, receiver) {
      const value: unknown = Reflect.get(target, name, receiver);
      if (typeof value !== 'function' || name === 'close') return value;
      return (...args: unknown[]) => watched(() => value.apply(target, args), name === 'insert' || name === 'probe');
    },
  });

  return {
    store: watchedStore,
    healthy: () => healthy,
    stop() {
      stopped = true;
      clearTimeout(probing);
    },
  };
}
