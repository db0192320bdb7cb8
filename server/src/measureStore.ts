// Every store call timed and its failures counted for /metrics (createMetrics.ts), the way
// watchStore watches them: a refused input (a bad cursor, a closed store) is not the store's trouble.
import type { TrajectoryStore } from './store/TrajectoryStore';
import type { ServerMetrics, StoreOperation } from './createMetrics';
import { InvalidCursorError, InvalidStoreInputError, StoreClosedError } from './store/storeErrors';

const OPERATIONS: ReadonlySet<string> = new Set<StoreOperation>(['insert', 'events', 'visitors', 'trajectory', 'delivery', 'usage', 'probe']);

const isInputError = (error: unknown) =>
  error instanceof InvalidStoreInputError || error instanceof InvalidCursorError || error instanceof StoreClosedError;

export function measureStore(store: TrajectoryStore, metrics: Pick<ServerMetrics, 'store'>): TrajectoryStore {
  return new Proxy(store, {
    get(target, name, receiver) {
      const value: unknown = Reflect.get(target, name, receiver);
      if (typeof value !== 'function' || typeof name !== 'string' || !OPERATIONS.has(name)) return value;
      const operation = name as StoreOperation;
      return async (...args: unknown[]) => {
        const started = process.hrtime.bigint();
        const seconds = () => Number(process.hrtime.bigint() - started) / 1e9;
        try {
          const result: unknown = await value.apply(target, args);
          metrics.store(operation, seconds(), false);
          return result;
        } catch (error) {
          metrics.store(operation, seconds(), !isInputError(error));
          throw error;
        }
      };
    },
  });
}
