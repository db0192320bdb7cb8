// What /healthz reads: a store is healthy until a call fails for its own reasons, then probed once
// a second until a write goes through; refused input never counts; a hung call is cut off.
import { watchStore } from '../src/watchStore';
import { InvalidStoreInputError, StoreUnavailableError } from '../src/store/storeErrors';
import type { TrajectoryStore } from '../src/store/TrajectoryStore';
import { recordingLogger } from './support/trajectoryServer';

function fakeStore(behaviour: { insert?: () => Promise<unknown>; probe?: () => Promise<void> }): TrajectoryStore {
  return {
    insert: async () => ((await behaviour.insert?.()) ?? { stored: [], duplicates: 0 }) as never,
    events: async () => ({ events: [] }),
    visitors: async () => ({ visitors: [] }),
    trajectory: async () => ({ events: [] }),
    probe: () => behaviour.probe?.() ?? Promise.resolve(),
    close: async () => undefined,
  };
}

describe('watchStore', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('turns unhealthy on a failed write, probes, and turns healthy once a probe commits', async () => {
    let down = true;
    let probes = 0;
    const store = fakeStore({
      insert: () => Promise.reject(new Error('No space left on device')),
      probe: () => {
        probes += 1;
        return down ? Promise.reject(new Error('still full')) : Promise.resolve();
      },
    });
    const logger = recordingLogger();
    const watch = watchStore(store, 10_000, logger);
    expect(watch.healthy()).toBe(true);
    await expect(watch.store.insert('app', [])).rejects.toThrow('No space');
    expect(watch.healthy()).toBe(false);
    await jest.advanceTimersByTimeAsync(3000);
    expect(probes).toBe(3);
    expect(watch.healthy()).toBe(false);
    down = false;
    await jest.advanceTimersByTimeAsync(1000);
    expect(watch.healthy()).toBe(true);
    await jest.advanceTimersByTimeAsync(5000);
    expect(probes).toBe(4); // no probing while healthy
    expect(logger.lines).toEqual(['the store cannot write: No space left on device', 'the store writes again']);
    watch.stop();
  });

  it('never counts refused input against the store', async () => {
    const watch = watchStore(fakeStore({ insert: () => Promise.reject(new InvalidStoreInputError('events[0].id', 'must be a string')) }), 10_000, recordingLogger());
    await expect(watch.store.insert('app', [])).rejects.toThrow(InvalidStoreInputError);
    expect(watch.healthy()).toBe(true);
  });

  it('cuts off a call that does not answer, with StoreUnavailableError', async () => {
    const watch = watchStore(fakeStore({ insert: () => new Promise(() => undefined) }), 10_000, recordingLogger());
    const call = watch.store.insert('app', []);
    const settled = expect(call).rejects.toThrow(StoreUnavailableError);
    await jest.advanceTimersByTimeAsync(10_000);
    await settled;
    expect(watch.healthy()).toBe(false);
    watch.stop();
  });
});
