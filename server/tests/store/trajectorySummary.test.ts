// Issue 18, point 2: the agent's first screen. A page's `summary` says who the visitor is (and
// whether verified), when they were last active, how many visits, product views and orders, and
// the latest order, over every event of the page's visitors (not only the page's): kept in the
// visitors summary as events arrive, on both stores, a resent batch counting nothing twice; and
// filled by the migration for what was stored before it.
import { PGlite } from '@electric-sql/pglite';
import fc from 'fast-check';
import { Client } from 'pg';
import { createPgliteStore, createPostgresStore, type IncomingEvent, type TrajectoryStore } from '../../src/store';
import { MIGRATIONS, MIGRATION_RECORD_SQL, MIGRATION_SETUP_SQL } from '../../src/store/schemaSql';
import { makePgliteDataDir, type PgliteDataDir } from '../support/pgliteDataDir';
import { startPostgres, type PostgresCluster } from '../support/postgres';

jest.setTimeout(180_000);

const PAGE = { limit: 100, maxBytes: 256 * 1024 };
let unique = 0;
const fresh = (prefix: string) => `${prefix}${Date.now().toString(36)}x${(unique += 1)}`.padEnd(20, '0');

type EventSpec = { session: string; type: 'product' | 'order' | 'contact'; orderNo?: string; status?: string; customer?: string | null; verified?: boolean; nick?: string };

/** An event as validateEvent hands it to the store. */
function eventOf(visitor: string, index: number, spec: EventSpec, at: number): IncomingEvent {
  const id = `${spec.session}.${index}`;
  const data = spec.type === 'order' ? { order_no: spec.orderNo, name: `订单 ${spec.orderNo}`, price: 1, status: spec.status ?? 'wait_pay' }
    : spec.type === 'contact' ? { route: 'pages/order/index' } : { name: `商品 ${index}` };
  const customer = spec.customer ?? null;
  const event: Record<string, unknown> = { id, visitor, session: spec.session, seq: index, type: spec.type, at, data };
  if (customer !== null || spec.nick) event.customer = { ...(customer ? { customer_token: customer.replace(/^token:/, '') } : {}), ...(spec.nick ? { nick_name: spec.nick } : {}) };
  return { id, visitor, customer, verified: spec.verified === true, type: spec.type, at, event };
}

function describeSummary(name: string, open: () => Promise<TrajectoryStore>) {
  describe(name, () => {
    let store: TrajectoryStore;
    beforeAll(async () => {
      store = await open();
    });
    afterAll(() => store?.close());

    it('sums a verified customer’s two devices: visits, views, distinct orders, the latest order and nick_name', async () => {
      const app = fresh('app');
      const phone = fresh('Phone');
      const laptop = fresh('Laptop');
      const customer = `token:${fresh('c')}`;
      const phoneEvents = [
        eventOf(phone, 1, { session: 'phoneA', type: 'product' }, 1000),
        eventOf(phone, 2, { session: 'phoneA', type: 'product' }, 2000),
        eventOf(phone, 3, { session: 'phoneB', type: 'product', customer, verified: true, nick: '小明' }, 3000),
        eventOf(phone, 4, { session: 'phoneB', type: 'order', orderNo: 'O1', customer, verified: true, nick: '小明' }, 4000),
        eventOf(phone, 5, { session: 'phoneB', type: 'order', orderNo: 'O1', status: 'paid', customer, verified: true, nick: '小明' }, 5000),
        eventOf(phone, 6, { session: 'phoneB', type: 'contact', customer, verified: true, nick: '小明' }, 6000),
      ];
      await store.insert(app, phoneEvents.slice(0, 3));
      await store.insert(app, phoneEvents.slice(2)); // the third again: a resent batch
      await store.insert(app, [
        eventOf(laptop, 1, { session: 'laptopA', type: 'product', customer, verified: true, nick: '明明' }, 7000),
        eventOf(laptop, 2, { session: 'laptopA', type: 'order', orderNo: 'O2', customer, verified: true, nick: '明明' }, 8000),
      ]);
      for (const visitor of [phone, laptop]) {
        const page = await store.trajectory({ visitor, ...PAGE });
        expect(page.summary).toMatchObject({
          identity: { state: 'verified', customer, nickName: '明明' },
          lastActiveAt: 8000, visits: 3, views: 4, orders: 2, devices: 2,
          latestOrder: { id: 'laptopA.2', type: 'order', event: { data: { order_no: 'O2' } } },
        });
      }
    });

    it('names an unverified claim as such, an anonymous visitor as anonymous, and an unknown one not at all', async () => {
      const app = fresh('app');
      const claimed = fresh('Claim');
      const anonymous = fresh('Anon');
      await store.insert(app, [
        eventOf(claimed, 1, { session: 's1', type: 'product', customer: 'token:someone', nick: '冒名' }, 1000),
        eventOf(anonymous, 1, { session: 's2', type: 'product' }, 2000),
      ]);
      expect((await store.trajectory({ visitor: claimed, ...PAGE })).summary)
        .toEqual({ identity: { state: 'unverified', customer: 'token:someone', nickName: '冒名' }, lastActiveAt: 1000, visits: 1, views: 1, orders: 0, devices: 1 });
      expect((await store.trajectory({ visitor: anonymous, ...PAGE })).summary?.identity).toEqual({ state: 'anonymous' });
      expect(await store.trajectory({ visitor: fresh('Unknown'), ...PAGE })).toEqual({ events: [] });
    });

    it('comes with the newest page and with a poll that brought events, not with older pages or an empty poll', async () => {
      const app = fresh('app');
      const visitor = fresh('Paged');
      await store.insert(app, [1, 2, 3, 4].map((index) => eventOf(visitor, index, { session: 's', type: 'product' }, index * 1000)));
      const newest = await store.trajectory({ visitor, limit: 2, maxBytes: PAGE.maxBytes });
      expect(newest.summary?.views).toBe(4);
      expect((await store.trajectory({ visitor, limit: 2, maxBytes: PAGE.maxBytes, before: newest.older })).summary).toBeUndefined();
      // A poll from `newer` (PostgreSQL gives none for events this young: the next read is a newest page again).
      if (newest.newer !== undefined) expect((await store.trajectory({ visitor, ...PAGE, after: newest.newer })).summary).toBeUndefined();
      await store.insert(app, [eventOf(visitor, 5, { session: 't', type: 'order', orderNo: 'N' }, 5000)]);
      const poll = await store.trajectory({ visitor, ...PAGE, after: newest.newer });
      expect(poll.summary).toMatchObject({ visits: 2, views: 4, orders: 1, latestOrder: { id: 't.5' } });
    });

    it('counts what a naive recount of the stored events says, whatever the batches and repeats (property)', async () => {
      const spec = fc.record({
        session: fc.constantFrom('s1', 's2', 's3'),
        type: fc.constantFrom('product' as const, 'order' as const, 'contact' as const),
        orderNo: fc.constantFrom('A', 'B', 'C'),
      });
      await fc.assert(fc.asyncProperty(fc.array(spec, { minLength: 1, maxLength: 25 }), fc.array(fc.nat(24), { maxLength: 8 }), fc.nat(4),
        async (specs, repeats, split) => {
          const app = fresh('app');
          const visitor = fresh('Prop');
          const events = specs.map((event, index) => eventOf(visitor, index + 1, event, 1000 + index));
          const cut = Math.min(split, events.length);
          await store.insert(app, events.slice(0, cut));
          await store.insert(app, [...events.slice(cut), ...repeats.filter((index) => index < events.length).map((index) => events[index])]);
          const summary = (await store.trajectory({ visitor, ...PAGE })).summary;
          const orders = events.filter((event) => event.type === 'order');
          expect(summary).toMatchObject({
            visits: new Set(specs.map((event) => event.session)).size,
            views: events.filter((event) => event.type === 'product').length,
            orders: new Set(orders.map((event) => (event.event.data as { order_no: string }).order_no)).size,
            lastActiveAt: 1000 + events.length - 1,
            devices: 1,
          });
          expect(summary?.latestOrder?.id).toBe(orders.length ? orders[orders.length - 1].id : undefined);
        }), { numRuns: 25 });
    });
  });
}

let pgliteDir: PgliteDataDir;
let cluster: PostgresCluster | undefined;
beforeAll(async () => {
  pgliteDir = await makePgliteDataDir();
});
afterAll(async () => {
  pgliteDir?.remove();
  await cluster?.stop();
});

describeSummary('PGlite (worker thread)', () => createPgliteStore({ dataDir: pgliteDir.dir }));
describeSummary('PostgreSQL', async () => {
  cluster = await startPostgres();
  return createPostgresStore({ connectionString: cluster.connectionString });
});

type Run = (text: string, values?: unknown[]) => Promise<unknown>;
/** The migration that added the summary's counts. */
const SUMMARY_MIGRATION = MIGRATIONS.findIndex((statements) => Array.isArray(statements) && statements.some((statement) => statement.includes('taro_udesk_visitor_keys')));
/** The migrations before it: each one list of statements for both engines. */
const sharedStatements = (migration: (typeof MIGRATIONS)[number]): readonly string[] => {
  if (!Array.isArray(migration)) throw new Error('a migration with one list per engine comes before the summary counts');
  return migration;
};

/** A store of the schema before that migration, with what its INSERT wrote: two visitors of one verified customer. */
async function writeBeforeSummary(run: Run): Promise<void> {
  await run(MIGRATION_SETUP_SQL);
  for (const [index, statements] of MIGRATIONS.slice(0, SUMMARY_MIGRATION).entries()) {
    for (const statement of sharedStatements(statements)) await run(statement);
    await run(MIGRATION_RECORD_SQL, [index + 1]);
  }
  const rows: Array<[string, string, string, string, string | null, boolean, Record<string, unknown>]> = [
    ['a.1', 'OldPhoneVisitor0123456789', 'a', 'product', null, false, { name: 'x' }],
    ['b.2', 'OldPhoneVisitor0123456789', 'b', 'order', 'token:old', true, { order_no: 'O1', status: 'wait_pay' }],
    ['b.3', 'OldPhoneVisitor0123456789', 'b', 'order', 'token:old', true, { order_no: 'O1', status: 'paid' }],
    ['c.1', 'OldLaptopVisitor012345678', 'c', 'product', 'token:old', true, { name: 'y' }],
  ];
  for (const [index, [id, visitor, session, type, customer, verified, data]] of rows.entries()) {
    const event = { id, visitor, session, type, data, ...(customer ? { customer: { customer_token: 'old', nick_name: `nick ${index}` } } : {}) };
    await run(`INSERT INTO taro_udesk_events (app_id, id, visitor, customer, verified, type, at, received_at, event)
      VALUES ('old-app', $1, $2, $3, $4, $5, $6, $6, $7::jsonb)`, [id, visitor, customer, verified, type, 1000 * (index + 1), JSON.stringify(event)]);
  }
  await run(`INSERT INTO taro_udesk_visitors (app_id, visitor, customer, verified_customer, events, first_at, last_at, last_order) VALUES
    ('old-app', 'OldPhoneVisitor0123456789', 'token:old', 'token:old', 3, 1000, 3000, 3),
    ('old-app', 'OldLaptopVisitor012345678', 'token:old', 'token:old', 1, 4000, 4000, 4)`);
}

async function expectFilledSummary(store: TrajectoryStore): Promise<void> {
  const page = await store.trajectory({ visitor: 'OldPhoneVisitor0123456789', ...PAGE });
  expect(page.summary).toMatchObject({
    identity: { state: 'verified', customer: 'token:old', nickName: 'nick 3' },
    lastActiveAt: 4000, visits: 3, views: 2, orders: 1, devices: 2, latestOrder: { id: 'b.3' },
  });
  // And counted on from there: a new session's order.
  await store.insert('old-app', [eventOf('OldPhoneVisitor0123456789', 9, { session: 'd', type: 'order', orderNo: 'O2' }, 9000)]);
  expect((await store.trajectory({ visitor: 'OldLaptopVisitor012345678', ...PAGE })).summary).toMatchObject({ visits: 4, orders: 2, latestOrder: { id: 'd.9' } });
}

test('the migration fills the summary of what was stored before it (PGlite)', async () => {
  expect(SUMMARY_MIGRATION).toBeGreaterThan(0);
  const dataDir = await makePgliteDataDir();
  try {
    const db = await PGlite.create({ dataDir: dataDir.dir });
    await writeBeforeSummary((text, values) => db.query(text, values));
    await db.close();
    const store = await createPgliteStore({ dataDir: dataDir.dir });
    try {
      await expectFilledSummary(store);
    } finally {
      await store.close();
    }
  } finally {
    dataDir.remove();
  }
});

test('the migration fills the summary of what was stored before it (PostgreSQL)', async () => {
  cluster ??= await startPostgres();
  const admin = new Client({ connectionString: cluster.connectionString });
  await admin.connect();
  await admin.query('CREATE DATABASE before_summary');
  await admin.end();
  const connectionString = cluster.connectionString.replace(/\/postgres$/, '/before_summary');
  const client = new Client({ connectionString });
  await client.connect();
  await writeBeforeSummary((text, values) => client.query(text, values));
  await client.end();
  const store = await createPostgresStore({ connectionString });
  try {
    await expectFilledSummary(store);
  } finally {
    await store.close();
  }
});
