// Where a poll of the agent's page resumes (`newer`) when transactions may commit out of key
// order (PostgreSQL): never past an event younger than `settleMs`, so an event of a transaction
// that commits late is read by the next poll; with settleMs 0 (PGlite) at the newest event.
import { createSqlStore } from '../../src/store/createSqlStore';
import { openPgliteExecutor } from '../../src/store/createPgliteStore';
import { migrate } from '../../src/store/migrate';
import type { TrajectoryStore } from '../../src/store';
import { makePgliteDataDir, type PgliteDataDir } from '../support/pgliteDataDir';
import { makeEvent } from './storeContract';

jest.setTimeout(60_000);

describe('readTrajectoryPage’s newer', () => {
  let dataDir: PgliteDataDir;
  let store: TrajectoryStore;
  let clock = 1_000_000;
  beforeAll(async () => {
    dataDir = await makePgliteDataDir();
    const executor = await openPgliteExecutor(dataDir.dir);
    await migrate(executor);
    store = createSqlStore(executor, { maxInFlight: 1, settleMs: 5000, now: () => clock });
  });
  afterAll(async () => {
    await store?.close();
    dataDir?.remove();
  });

  it('stays behind events younger than settleMs, and moves once they are older', async () => {
    const visitor = 'SettleVisitor_0123456789abcdef';
    await store.insert('app', [makeEvent('a.1', visitor)]);
    const settledPage = await store.trajectory({ visitor, limit: 10, maxBytes: 1e6 });
    // a.1 was received at `clock`, read at the same instant: too young to poll after.
    expect(settledPage.newer).toBeUndefined();
    clock += 6000;
    const first = await store.trajectory({ visitor, limit: 10, maxBytes: 1e6 });
    expect(first.newer).toBeDefined();
    await store.insert('app', [makeEvent('a.2', visitor)]);
    clock += 1000;
    // a.2 is young: it comes, and the poll resumes from the same place (a.2 comes again, deduplicated by the page).
    const young = await store.trajectory({ visitor, after: first.newer, limit: 10, maxBytes: 1e6 });
    expect(young.events.map((event) => event.id)).toEqual(['a.2']);
    expect(young.newer).toBe(first.newer);
    clock += 5000;
    const settled = await store.trajectory({ visitor, after: first.newer, limit: 10, maxBytes: 1e6 });
    expect(settled.events.map((event) => event.id)).toEqual(['a.2']);
    expect(settled.newer).not.toBe(first.newer);
    expect(await store.trajectory({ visitor, after: settled.newer, limit: 10, maxBytes: 1e6 })).toEqual({ events: [], newer: settled.newer });
  });
});
