// Defects an outsider's attack on the built server found (attack/http.cjs, attack/README.md), held
// here through the store on PGlite, with the store's clock injected:
// - a device verified as one customer, then as another who sends no nick_name, shows the second
//   customer under the first one's name ("Alice · 已验证身份" for bob);
// - retention removes a visitor's events and summary but leaves its first-screen keys (sessions
//   and order numbers) forever: the table grows past --retain-days, and a visitor who comes back
//   with a session or order number seen before shows 0 visits and 0 orders beside those events.
import { openPgliteExecutor } from '../../src/store/createPgliteStore';
import { createSqlStore } from '../../src/store/createSqlStore';
import { migrate } from '../../src/store/migrate';
import type { SqlExecutor } from '../../src/store/sqlExecutor';
import type { IncomingEvent, TrajectoryStore } from '../../src/store/TrajectoryStore';
import { makePgliteDataDir, type PgliteDataDir } from '../support/pgliteDataDir';

jest.setTimeout(60_000);

const DAY = 86_400_000;
const PAGE = { limit: 100, maxBytes: 256 * 1024 };

function eventOf(visitor: string, id: string, options: { session: string; orderNo?: string; customer?: string; verified?: boolean; nick?: string }): IncomingEvent {
  const type = options.orderNo === undefined ? 'product' : 'order';
  const customer = options.customer ?? null;
  const event: Record<string, unknown> = { id, visitor, session: options.session, type, at: 1_000, data: type === 'order' ? { order_no: options.orderNo } : { name: 'p' } };
  if (customer !== null) event.customer = { customer_token: customer.replace(/^token:/, ''), ...(options.nick ? { nick_name: options.nick } : {}) };
  return { id, visitor, customer, verified: options.verified === true, type, at: 1_000, event };
}

describe('what the attack found, through the store (PGlite)', () => {
  let dataDir: PgliteDataDir;
  let executor: SqlExecutor;
  let store: TrajectoryStore;
  let clock = Date.now();
  const keyRows = async (visitor: string) =>
    Number((await executor.read<{ n: number }>('SELECT count(*)::int AS n FROM taro_udesk_visitor_keys WHERE visitor = $1', [visitor]))[0].n);

  beforeAll(async () => {
    dataDir = await makePgliteDataDir();
    executor = await openPgliteExecutor(dataDir.dir);
    await migrate(executor);
    store = createSqlStore(executor, { maxInFlight: 1, now: () => clock });
  });
  afterAll(async () => {
    await store.close();
    dataDir.remove();
  });

  it('names a device verified as a second customer by that customer’s nick_name, never the first one’s', async () => {
    const shared = 'Shared-device-0123456789';
    await store.insert('app', [eventOf(shared, 's.1', { session: 'a', customer: 'token:alice', verified: true, nick: 'Alice' })]);
    await store.insert('app', [eventOf(shared, 's.2', { session: 'b', customer: 'token:bob', verified: true })]);
    const identity = (await store.trajectory({ visitor: shared, ...PAGE })).summary?.identity;
    expect(identity?.customer).toBe('token:bob');
    expect(identity?.nickName).not.toBe('Alice');
  });

  it('does the same when both logins arrive in one batch, and keeps a customer’s own earlier nick_name', async () => {
    const shared = 'Shared-device-one-batch0';
    await store.insert('app', [
      eventOf(shared, 'o.1', { session: 'a', customer: 'token:alice', verified: true, nick: 'Alice' }),
      eventOf(shared, 'o.2', { session: 'b', customer: 'token:bob', verified: true }),
    ]);
    expect((await store.trajectory({ visitor: shared, ...PAGE })).summary?.identity).toEqual({ state: 'verified', customer: 'token:bob' });
    await store.insert('app', [eventOf(shared, 'o.3', { session: 'b', customer: 'token:bob', verified: true, nick: 'Bob' })]);
    await store.insert('app', [eventOf(shared, 'o.4', { session: 'b', customer: 'token:bob', verified: true })]);
    expect((await store.trajectory({ visitor: shared, ...PAGE })).summary?.identity).toEqual({ state: 'verified', customer: 'token:bob', nickName: 'Bob' });
  });

  // A phone shared by two verified customers (Alice logs out, Bob logs in): Bob's access request
  // (GET /v1/export, store.events by customer) handed him Alice's order with her consignee name,
  // phone and address, and Bob's erasure deleted Alice's events (attack/sharedDevice.cjs, built server).
  it('keeps an event verified as another customer out of a customer’s data and erasure', async () => {
    const phone = 'Shared-phone-0123456789a';
    await store.insert('app', [eventOf(phone, 'p.1', { session: 'a', orderNo: 'A-1', customer: 'token:alice', verified: true, nick: 'Alice' })]);
    await store.insert('app', [eventOf(phone, 'p.2', { session: 'b', customer: 'token:bob', verified: true })]);
    const bobs = (await store.events({ customer: 'token:bob', limit: 100 })).events.map((event) => event.id);
    expect(bobs).not.toContain('p.1');
    await store.erase!({ customer: 'token:bob' });
    // Earlier tests in this file stored other events of Alice's: hers from the shared phone is what counts here.
    expect((await store.events({ customer: 'token:alice', limit: 100 })).events.map((event) => event.id)).toContain('p.1');
    expect((await store.events({ visitor: phone, limit: 100 })).events.map((event) => event.id)).toEqual(['p.1']);
  });

  it('removes an expired visitor’s first-screen keys with its events, and counts its return afresh', async () => {
    const gone = 'Expired-visitor-01234567';
    const start = clock;
    await store.insert('app', [eventOf(gone, 'g.1', { session: 'launch-1' }), eventOf(gone, 'g.2', { session: 'launch-1', orderNo: 'O-1' })]);
    expect(await keyRows(gone)).toBe(2);
    clock = start + 10 * DAY;
    for (let more = true; more;) more = (await store.expire!({ receivedBefore: start + DAY, periodMs: DAY })).more;
    expect((await store.visitors({ visitor: gone, limit: 10 })).visitors).toEqual([]);
    const leftKeys = await keyRows(gone);
    // Back after its data expired, in a session and with an order number seen before.
    await store.insert('app', [eventOf(gone, 'g.3', { session: 'launch-1', orderNo: 'O-1' })]);
    expect((await store.trajectory({ visitor: gone, ...PAGE })).summary).toMatchObject({ visits: 1, orders: 1 });
    expect(leftKeys).toBe(0);
  });
});
