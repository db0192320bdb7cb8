// Delivery loss in the store (docs/protocol.md, "Delivery loss"), on PGlite and a real PostgreSQL:
// each visitor's numbers, stored in any order, resent, from several servers at once, and the
// numbers never stored counted exactly, per app, once the visitor has settled.
import fc from 'fast-check';
import type { IncomingEvent, TrajectoryStore } from '../../src/store';
import { createPgliteStore, createPostgresStore } from '../../src/store';
import { MAX_SEQUENCE_JUMP } from '../../src/store/sequenceSql';
import { makePgliteDataDir, type PgliteDataDir } from '../support/pgliteDataDir';
import { startPostgres, type PostgresCluster } from '../support/postgres';

jest.setTimeout(180_000);

let unique = 0;
const fresh = (prefix: string): string => `${prefix}-${Date.now().toString(36)}-${(unique += 1)}`;

/** Event `seq` of `visitor`; `id` as the tracker makes it, distinct per number. */
const numbered = (visitor: string, seq: number, session = 's'): IncomingEvent => ({
  id: `${visitor}.${session}.${seq}`, visitor, customer: null, type: 'product', at: 1_700_000_000_000 + seq,
  event: { id: `${visitor}.${session}.${seq}`, visitor, visitorSeq: seq, data: { name: `p${seq}` } }, visitorSeq: seq,
});

/** Every visitor has settled: all gaps are counted as lost. */
const ALL_SETTLED = () => Date.now() + 60_000;
/** No visitor has settled: all gaps are pending. */
const NONE_SETTLED = 0;

const figuresOf = async (store: TrajectoryStore, appId: string, settledBefore = ALL_SETTLED()) =>
  (await store.delivery!(settledBefore)).find((row) => row.appId === appId);

function describeDelivery(name: string, open: () => Promise<TrajectoryStore>, openAnother?: () => Promise<TrajectoryStore>): void {
  describe(`${name}: delivery loss`, () => {
    let store: TrajectoryStore;
    beforeAll(async () => {
      store = await open();
    });
    afterAll(() => store.close());

    test('numbers stored out of order and across batches leave no gap; a hole counts once settled, pending before', async () => {
      const app = fresh('app');
      await store.insert(app, [numbered('va', 3), numbered('va', 1)]);
      await store.insert(app, [numbered('va', 2), numbered('vb', 1), numbered('vb', 2), numbered('vb', 4), numbered('vb', 5)]);
      expect(await figuresOf(store, app)).toEqual({ appId: app, settledVisitors: 2, expected: 8, missing: 1, activeVisitors: 0, pending: 0 });
      expect(await figuresOf(store, app, NONE_SETTLED)).toEqual({ appId: app, settledVisitors: 0, expected: 0, missing: 0, activeVisitors: 2, pending: 1 });
      // The missing number arrives after all (a held-back event, a queue resent on a later launch).
      await store.insert(app, [numbered('vb', 3)]);
      expect(await figuresOf(store, app)).toMatchObject({ expected: 8, missing: 0, pending: 0 });
    });

    test('a resent batch is not counted twice; events without a number are not counted at all', async () => {
      const app = fresh('app');
      await store.insert(app, [numbered('v', 1), numbered('v', 2)]);
      await store.insert(app, [numbered('v', 1), numbered('v', 2), numbered('v', 4)]);
      await store.insert(app, [{ ...numbered('old', 9), visitorSeq: undefined }, { ...numbered('v', 5), visitorSeq: undefined }]);
      expect(await figuresOf(store, app)).toMatchObject({ settledVisitors: 1, expected: 4, missing: 1 });
    });

    test('apps are counted apart, the same visitor id in two apps included', async () => {
      const [appA, appB] = [fresh('app'), fresh('app')];
      await store.insert(appA, [numbered('v', 1), numbered('v', 3)]);
      await store.insert(appB, [numbered('v', 2)]);
      expect(await figuresOf(store, appA)).toMatchObject({ expected: 3, missing: 1 });
      expect(await figuresOf(store, appB)).toMatchObject({ expected: 2, missing: 1 });
    });

    test(`a number more than ${MAX_SEQUENCE_JUMP} above the visitor's highest is stored but not counted`, async () => {
      const app = fresh('app');
      const result = await store.insert(app, [numbered('v', 1), numbered('v', 2)]);
      expect(result.stored).toHaveLength(2);
      const forged = await store.insert(app, [numbered('v', 2 + MAX_SEQUENCE_JUMP + 1), numbered('w', MAX_SEQUENCE_JUMP + 1)]);
      expect(forged.stored).toHaveLength(2);
      expect(await figuresOf(store, app)).toMatchObject({ settledVisitors: 1, expected: 2, missing: 0 });
      // Within the bound, a big gap is believed.
      await store.insert(app, [numbered('v', 2 + MAX_SEQUENCE_JUMP)]);
      expect(await figuresOf(store, app)).toMatchObject({ expected: 2 + MAX_SEQUENCE_JUMP, missing: MAX_SEQUENCE_JUMP - 1 });
    });

    test('concurrent batches of one visitor, resends among them, are counted exactly', async () => {
      const app = fresh('app');
      const batches = Array.from({ length: 20 }, (_, index) => [numbered('v', 2 * index + 1), numbered('v', 2 * index + 2)]);
      await Promise.all([...batches, ...batches.slice(0, 10)].map((events) => store.insert(app, events)));
      expect(await figuresOf(store, app)).toMatchObject({ settledVisitors: 1, expected: 40, missing: 0 });
    });

    test('any order, any resends, any batches: missing is exactly the numbers below the highest never sent (property)', async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.integer({ min: 1, max: 60 }),
          fc.func(fc.boolean()),
          fc.array(fc.nat(), { maxLength: 30 }),
          fc.integer({ min: 1, max: 12 }),
          fc.nat(),
          async (count, dropped, resends, batchSize, seed) => {
            const app = fresh('prop');
            const sent = Array.from({ length: count }, (_, index) => index + 1).filter((seq) => seq === count || !dropped(seq));
            const arrivals = [...sent, ...resends.map((index) => sent[index % sent.length])];
            // A seeded shuffle: batches arrive out of order.
            let state = seed;
            for (let index = arrivals.length - 1; index > 0; index -= 1) {
              state = (state * 1103515245 + 12345) % 2147483648;
              const other = state % (index + 1);
              [arrivals[index], arrivals[other]] = [arrivals[other], arrivals[index]];
            }
            const groups: number[][] = [];
            for (let index = 0; index < arrivals.length; index += batchSize) groups.push(arrivals.slice(index, index + batchSize));
            await Promise.all(groups.map((group) => store.insert(app, group.map((seq) => numbered('v', seq)))));
            const figures = await figuresOf(store, app);
            expect(figures).toMatchObject({ expected: count, missing: count - sent.length });
          },
        ),
        { numRuns: 25 },
      );
    });

    test('usage: events stored per app and the bytes of the tables', async () => {
      const app = fresh('app');
      await store.insert(app, [numbered('v', 1), numbered('v', 2), numbered('w', 1)]);
      const usage = await store.usage!();
      expect(usage.apps.find((row) => row.appId === app)).toEqual({ appId: app, events: 3 });
      expect(usage.bytes).toBeGreaterThan(0);
    });

    if (openAnother) {
      test('several servers on one database count one visitor together', async () => {
        const others = await Promise.all([openAnother(), openAnother()]);
        const app = fresh('app');
        const all = [store, ...others];
        await Promise.all(Array.from({ length: 30 }, (_, index) => all[index % 3].insert(app, [numbered('v', index + 1), numbered('v', ((index + 7) % 30) + 1)])));
        await Promise.all(others.map((other) => other.close()));
        expect(await figuresOf(store, app)).toMatchObject({ settledVisitors: 1, expected: 30, missing: 0 });
      });
    }
  });
}

describe('PGlite', () => {
  let dataDir: PgliteDataDir;
  beforeAll(async () => {
    dataDir = await makePgliteDataDir();
  });
  afterAll(() => dataDir.remove());
  describeDelivery('the embedded store', () => createPgliteStore({ dataDir: dataDir.dir }));
});

describe('PostgreSQL', () => {
  let cluster: PostgresCluster;
  beforeAll(async () => {
    cluster = await startPostgres();
  });
  afterAll(() => cluster.stop());
  const open = () => createPostgresStore({ connectionString: cluster.connectionString });
  describeDelivery('the PostgreSQL store', open, open);
});
