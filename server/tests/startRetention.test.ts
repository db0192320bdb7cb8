// The retention loop: each pass calls the store's expiry step with the cutoff `retainDays` before
// now, again while it says more, and logs what went; 0 days, or a store without expiry, runs nothing.
import { startRetention, periodFor } from '../src/startRetention';
import type { ExpiryQuery, TrajectoryStore } from '../src/store/TrajectoryStore';
import { recordingLogger } from './support/trajectoryServer';

const DAY = 86_400_000;

function fakeStore(steps: Array<{ events: number; more: boolean }>): { store: TrajectoryStore; queries: ExpiryQuery[] } {
  const queries: ExpiryQuery[] = [];
  const store = {
    expire: async (query: ExpiryQuery) => {
      queries.push(query);
      return steps.shift() ?? { events: 0, more: false };
    },
  } as unknown as TrajectoryStore;
  return { store, queries };
}

const waitFor = async (condition: () => boolean) => {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 5));
};

describe('startRetention', () => {
  it('steps until nothing more is due, with the cutoff retainDays before now, and logs the total', async () => {
    const { store, queries } = fakeStore([{ events: 500, more: true }, { events: 0, more: true }, { events: 120, more: false }]);
    const logger = recordingLogger();
    const stop = startRetention(store, logger, { retainDays: 30, now: () => 100 * DAY, pauseMs: 1, intervalMs: 60_000 });
    await waitFor(() => logger.lines.length > 0);
    await stop();
    expect(queries).toHaveLength(3);
    expect(queries[0]).toEqual({ receivedBefore: 70 * DAY, periodMs: DAY });
    expect(logger.lines).toEqual(['retention: removed 620 events received over 30 days ago']);
  });

  it('runs nothing with 0 days', async () => {
    const { store, queries } = fakeStore([{ events: 1, more: false }]);
    await startRetention(store, recordingLogger(), { retainDays: 0 })();
    expect(queries).toHaveLength(0);
  });

  it('says once that a pass failed, and tries again', async () => {
    let calls = 0;
    const store = { expire: async () => {
      calls += 1;
      if (calls < 3) throw new Error('store down');
      return { events: 2, more: false };
    } } as unknown as TrajectoryStore;
    const logger = recordingLogger();
    const stop = startRetention(store, logger, { retainDays: 1, intervalMs: 5 });
    await waitFor(() => calls >= 3 && logger.lines.length >= 3);
    await stop();
    expect(logger.lines.slice(0, 3)).toEqual([
      'retention: store down; trying again in 0 s', 'retention works again', 'retention: removed 2 events received over 1 days ago',
    ]);
  });

  it('gives PostgreSQL partitions a day, shorter for a short retention but at least an hour', () => {
    expect(periodFor(180)).toBe(DAY);
    expect(periodFor(1)).toBe(DAY / 7);
    expect(periodFor(0.01)).toBe(3_600_000);
  });
});
