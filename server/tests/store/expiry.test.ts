// Retention's store steps (issue 19, item 2) on both stores, with the store's clock injected:
// PGlite deletes the oldest events in small batches; PostgreSQL starts a new partition each
// period and drops a whole partition once all of it is older than the cutoff. Either way the
// visitors' summaries count only what remains, and what remains is untouched.
import { Client } from 'pg';
import { createPgliteStore, createPostgresStore } from '../../src/store';
import type { IncomingEvent, TrajectoryStore } from '../../src/store/TrajectoryStore';
import { EXPIRY_BATCH } from '../../src/store/createSqlStore';
import { CLOSING_MARGIN_MS } from '../../src/store/expirePostgres';
import { makePgliteDataDir, type PgliteDataDir } from '../support/pgliteDataDir';
import { startPostgres, type PostgresCluster } from '../support/postgres';

jest.setTimeout(180_000);

const DAY = 86_400_000;
const OLD = 'Old-visitor-0123456789ab';
const BOTH = 'Both-visitor-0123456789a';
const YOUNG = 'Young-visitor-0123456789';

const events = (visitor: string, count: number, from = 0): IncomingEvent[] => Array.from({ length: count }, (_, index) =>
  ({ id: `${visitor}.${from + index}`, visitor, customer: null, type: 'product', at: 1_000 + from + index, event: { n: from + index } }));

async function expireAll(store: TrajectoryStore, receivedBefore: number): Promise<{ events: number; steps: number }> {
  let removed = 0;
  let steps = 0;
  for (let more = true; more;) {
    const step = await store.expire!({ receivedBefore, periodMs: DAY });
    removed += step.events;
    steps += 1;
    more = step.more;
  }
  return { events: removed, steps };
}

async function counts(store: TrajectoryStore): Promise<Record<string, number>> {
  const page = await store.visitors({ limit: 100 });
  return Object.fromEntries(page.visitors.map((v) => [v.visitor, v.events]));
}

const OLD_COUNT = EXPIRY_BATCH * 2 + 50;

describe('expiry on PGlite: the oldest, in batches', () => {
  let dataDir: PgliteDataDir;
  let store: TrajectoryStore;
  let clock = Date.now();
  beforeAll(async () => {
    dataDir = await makePgliteDataDir();
    store = await createPgliteStore({ dataDir: dataDir.dir, thread: 'main', now: () => clock });
  });
  afterAll(async () => {
    await store.close();
    dataDir.remove();
  });

  it('removes what was received before the cutoff, a batch a step, and keeps the rest', async () => {
    const start = clock;
    for (let from = 0; from < OLD_COUNT; from += 1000) await store.insert('app', events(OLD, Math.min(1000, OLD_COUNT - from), from));
    await store.insert('app', events(BOTH, 3));
    clock = start + 10 * DAY;
    await store.insert('app', [...events(BOTH, 2, 3), ...events(YOUNG, 4)]);
    expect(await expireAll(store, start + DAY)).toEqual({ events: OLD_COUNT + 3, steps: Math.ceil((OLD_COUNT + 3) / EXPIRY_BATCH) });
    expect(await counts(store)).toEqual({ [BOTH]: 2, [YOUNG]: 4 });
    expect((await store.events({ visitor: BOTH, limit: 10 })).events.map((e) => e.id)).toEqual([`${BOTH}.3`, `${BOTH}.4`]);
    // The summary's first time is that of its oldest remaining event.
    const both = (await store.visitors({ visitor: BOTH, limit: 10 })).visitors[0];
    expect(both.firstAt).toBe(1_003);
    // Nothing more is due.
    expect(await store.expire!({ receivedBefore: start + DAY, periodMs: DAY })).toEqual({ events: 0, more: false });
  });
});

describe('expiry on PostgreSQL: partitions by period, dropped whole', () => {
  let cluster: PostgresCluster;
  let store: TrajectoryStore;
  let connectionString: string;
  let clock = Date.now();
  const partitions = async (): Promise<string[]> => {
    const client = new Client({ connectionString });
    await client.connect();
    const { rows } = await client.query(`SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
      WHERE i.inhparent = 'taro_udesk_events'::regclass ORDER BY 1`);
    await client.end();
    return rows.map((row) => row.name as string);
  };
  beforeAll(async () => {
    cluster = await startPostgres();
    const admin = new Client({ connectionString: cluster.connectionString });
    await admin.connect();
    await admin.query('CREATE DATABASE expiry');
    await admin.end();
    connectionString = cluster.connectionString.replace(/\/postgres$/, '/expiry');
    store = await createPostgresStore({ connectionString, now: () => clock });
  });
  afterAll(async () => {
    await store.close();
    await cluster.stop();
  });

  it('starts a partition a period, and drops a partition whose events have all expired', async () => {
    // The first partition opened when the schema was made (the real clock).
    clock = Date.now();
    const start = clock;
    expect(await partitions()).toEqual(['taro_udesk_events_1']);
    for (let from = 0; from < OLD_COUNT; from += 1000) await store.insert('app', events(OLD, Math.min(1000, OLD_COUNT - from), from));
    await store.insert('app', events(BOTH, 3));
    // A period later, the next step opens the next partition: what comes now goes there.
    clock = start + DAY + 1;
    expect(await store.expire!({ receivedBefore: start - 10 * DAY, periodMs: DAY })).toEqual({ events: 0, more: true });
    expect(await partitions()).toEqual(['taro_udesk_events_1', 'taro_udesk_events_2']);
    await store.insert('app', [...events(BOTH, 2, 3), ...events(YOUNG, 4)]);
    // Nothing is old enough yet: nothing goes.
    expect(await expireAll(store, start)).toEqual({ events: 0, steps: 1 });
    // Once the first partition closed before the cutoff (with a margin), it goes whole.
    clock = start + 10 * DAY;
    const removed = await expireAll(store, clock - DAY - CLOSING_MARGIN_MS);
    expect(removed.events).toBe(OLD_COUNT + 3);
    expect(await partitions()).toEqual(['taro_udesk_events_2', 'taro_udesk_events_3']);
    expect(await counts(store)).toEqual({ [BOTH]: 2, [YOUNG]: 4 });
    expect((await store.events({ visitor: BOTH, limit: 10 })).events.map((e) => e.id)).toEqual([`${BOTH}.3`, `${BOTH}.4`]);
    expect((await store.visitors({ visitor: BOTH, limit: 10 })).visitors[0].firstAt).toBe(1_003);
    // The ids went with their events: the same event sent again is stored again (it is new to the store).
    expect((await store.insert('app', events(OLD, 1))).stored).toHaveLength(1);
  });
});
