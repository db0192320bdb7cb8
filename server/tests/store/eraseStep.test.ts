// Erasure reaches every per-visitor table through one list (perVisitorTables.ts): a table added to
// the list loses the erased visitor's rows (in every app), or those of each visitor verified as an
// erased customer (in its app only), and nobody else's.
import { openPgliteExecutor } from '../../src/store/createPgliteStore';
import { createSqlStore } from '../../src/store/createSqlStore';
import { migrate } from '../../src/store/migrate';
import { eraseStep } from '../../src/store/eraseStep';
import { digestWith } from '../../src/store/erasureDigest';
import type { SqlExecutor } from '../../src/store/sqlExecutor';
import { makePgliteDataDir, type PgliteDataDir } from '../support/pgliteDataDir';

jest.setTimeout(60_000);

const TABLE = { table: 'test_per_visitor', visitorColumn: 'visitor', appColumn: 'app_id' };
const NO_APP = { table: 'test_per_visitor_any_app', visitorColumn: 'who', appColumn: null };

describe('eraseStep with a list of per-visitor tables', () => {
  let dataDir: PgliteDataDir;
  let executor: SqlExecutor;
  const rows = async (table: string, column: string) =>
    (await executor.read<{ v: string }>(`SELECT ${column} AS v FROM ${table} ORDER BY 1`)).map((row) => row.v);
  const erase = (target: { visitor: string } | { customer: string }) =>
    executor.transaction((query) => eraseStep(query, target, digestWith('key'), 100, Date.now(), [TABLE, NO_APP]));

  beforeAll(async () => {
    dataDir = await makePgliteDataDir();
    executor = await openPgliteExecutor(dataDir.dir);
    await migrate(executor);
    const store = createSqlStore(executor, { maxInFlight: 1 });
    const stored = (visitor: string, customer: string | null, verified: boolean) =>
      ({ id: `${visitor}.1`, visitor, customer, verified, type: 'product' as const, at: 1, event: {} });
    await store.insert('app-1', [stored('v-erased', null, false), stored('v-verified', 'token:c-1', true), stored('v-kept', null, false)]);
    await executor.query('CREATE TABLE test_per_visitor (app_id text, visitor text)');
    await executor.query('CREATE TABLE test_per_visitor_any_app (who text)');
    await executor.query(`INSERT INTO test_per_visitor VALUES ('app-1', 'v-erased'), ('app-2', 'v-erased'), ('app-1', 'v-verified'),
      ('app-2', 'v-verified'), ('app-1', 'v-kept')`);
    await executor.query(`INSERT INTO test_per_visitor_any_app VALUES ('v-erased'), ('v-verified'), ('v-kept')`);
  });
  afterAll(async () => {
    await executor.close();
    dataDir.remove();
  });

  it('removes a visitor’s rows in every app, and a verified visitor’s in its app', async () => {
    expect(await erase({ visitor: 'v-erased' })).toEqual({ events: 1, visitors: 1, more: false });
    expect(await rows('test_per_visitor', "app_id || '/' || visitor")).toEqual(['app-1/v-kept', 'app-1/v-verified', 'app-2/v-verified']);
    expect(await rows('test_per_visitor_any_app', 'who')).toEqual(['v-kept', 'v-verified']);
    expect(await erase({ customer: 'token:c-1' })).toEqual({ events: 1, visitors: 1, more: false });
    // v-verified is the customer's in app-1 only: its app-2 rows are not known to be theirs.
    expect(await rows('test_per_visitor', "app_id || '/' || visitor")).toEqual(['app-1/v-kept', 'app-2/v-verified']);
    expect(await rows('test_per_visitor_any_app', 'who')).toEqual(['v-kept']);
  });
});

// The real list: the first screen's keys (issue 18) and delivery loss's sequences (issue 19 item 6)
// are rows of a visitor's too, and an erasure through the store leaves none of them.
describe('the store’s erasure and the per-visitor tables of later features', () => {
  let dataDir: PgliteDataDir;
  let executor: SqlExecutor;
  const count = async (table: string, visitor: string) =>
    Number((await executor.read<{ n: number }>(`SELECT count(*)::int AS n FROM ${table} WHERE visitor = $1`, [visitor]))[0].n);

  beforeAll(async () => {
    dataDir = await makePgliteDataDir();
    executor = await openPgliteExecutor(dataDir.dir);
    await migrate(executor);
  });
  afterAll(async () => {
    await executor.close();
    dataDir.remove();
  });

  it('removes the erased visitor’s keys and sequence, and keeps another’s', async () => {
    const store = createSqlStore(executor, { maxInFlight: 1 });
    const numbered = (visitor: string, seq: number, type: 'product' | 'order') => ({
      id: `${visitor}.${seq}`, visitor, customer: null, verified: false, type, at: seq, visitorSeq: seq,
      event: { session: `${visitor}-s`, ...(type === 'order' ? { data: { order_no: `${visitor}-o` } } : {}) },
    });
    for (const visitor of ['v-gone', 'v-stays']) await store.insert('app-1', [numbered(visitor, 1, 'product'), numbered(visitor, 2, 'order')]);
    for (const table of ['taro_udesk_visitor_keys', 'taro_udesk_sequences']) expect(await count(table, 'v-gone')).toBeGreaterThan(0);
    expect(await store.erase!({ visitor: 'v-gone' })).toEqual({ events: 2, visitors: 1, more: false });
    for (const table of ['taro_udesk_visitor_keys', 'taro_udesk_sequences']) {
      expect(await count(table, 'v-gone')).toBe(0);
      expect(await count(table, 'v-stays')).toBeGreaterThan(0);
    }
  });
});
