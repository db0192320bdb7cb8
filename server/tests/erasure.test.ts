// Erasure and access over HTTP (issue 19, item 3), on both stores: a customer's or a visitor's data
// exported as NDJSON, then erased with a count, remembered so that a re-sent queue is acknowledged
// and nothing stored again; other people's data untouched.
import { Client } from 'pg';
import { ADMIN_TOKEN, adminGet, batch, event, postBatch, startServer, verified } from './support/trajectoryServer';
import { startPostgres, type PostgresCluster } from './support/postgres';
import type { StoredEvent, TrajectoryServerOptions, VisitorSummary } from '../src';

jest.setTimeout(180_000);

const A = 'Verified-A-0123456789abc';
const B = 'Verified-B-0123456789abc';
const CLAIMER = 'Claimer-C-0123456789abc';
const OTHER = 'Other-D-0123456789abcde';
/** More than one erasure step (2,000 events) holds. */
const OTHER_EVENTS = 2300;

const v2 = (visitor: string, seq: number, customer?: unknown) =>
  ({ ...event('s', seq), id: `${visitor}.${seq}`, visitor, ...(customer === undefined ? {} : { customer }) });

function describeErasure(name: string, options: () => Promise<TrajectoryServerOptions>): void {
  describe(name, () => {
    let server: Awaited<ReturnType<typeof startServer>>;
    const send = async (events: unknown[]) => (await postBatch(server.origin, { ...batch(events), v: 2 })).json();
    const admin = (path: string, method = 'GET') => fetch(`${server.origin}${path}`, { method, headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
    const ids = async (path: string): Promise<string[]> => ((await (await adminGet(server.origin, path)).json()).events as StoredEvent[]).map((e) => e.id);
    const exported = async (path: string) => {
      const response = await admin(path);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/application\/x-ndjson/);
      const text = await response.text();
      expect(text.endsWith('\n')).toBe(true);
      return text.trimEnd().split('\n').map((line) => JSON.parse(line) as { kind: string } & Record<string, unknown>);
    };

    const c1 = verified({ customer_token: 'c-1' });
    const aEvents = [v2(A, 1), v2(A, 2, c1), v2(A, 3, c1)];
    const bEvents = [v2(B, 1, c1)];
    beforeAll(async () => {
      server = await startServer({ ...(await options()), rateLimit: 10_000, appEventsPerMinute: 1_000_000 });
      expect((await send([...aEvents, ...bEvents, v2(CLAIMER, 1), v2(CLAIMER, 2, { customer_token: 'c-1' })])).accepted).toBe(6);
      for (let from = 0; from < OTHER_EVENTS; from += 500) {
        const events = Array.from({ length: Math.min(500, OTHER_EVENTS - from) }, (_, index) => v2(OTHER, from + index + 1));
        expect((await send(events)).accepted).toBe(events.length);
      }
    });
    afterAll(() => server.close());

    it('exports a customer’s data as NDJSON: its visitors, its events, and an end line that counts them', async () => {
      const lines = await exported('/v1/export?customer_token=c-1');
      const visitors = lines.filter((line) => line.kind === 'visitor') as unknown as VisitorSummary[];
      const events = lines.filter((line) => line.kind === 'event') as unknown as StoredEvent[];
      expect(visitors.map((v) => v.visitor).sort()).toEqual([A, B, CLAIMER].sort());
      // Every event of the verified visitors (A's anonymous one too) and the claim naming it.
      expect(events.map((e) => e.id).sort()).toEqual([`${A}.1`, `${A}.2`, `${A}.3`, `${B}.1`, `${CLAIMER}.2`].sort());
      expect(lines[lines.length - 1]).toEqual({ kind: 'end', visitors: 3, events: 5 });
      const other = await exported(`/v1/export?visitor=${OTHER}`);
      expect(other[other.length - 1]).toEqual({ kind: 'end', visitors: 1, events: OTHER_EVENTS });
    });

    it('erases a customer: every event and summary of its verified visitors and its claims, answering how many went', async () => {
      const response = await admin('/v1/customers?customer_token=c-1', 'DELETE');
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ events: 5, visitors: 2 });
      expect(await ids('/v1/events?customer_token=c-1')).toEqual([]);
      expect(await ids(`/v1/events?visitor=${A}`)).toEqual([]);
      // The claimer keeps its own anonymous event, not the claim.
      expect(await ids(`/v1/events?visitor=${CLAIMER}`)).toEqual([`${CLAIMER}.1`]);
      const summaries = (await (await adminGet(server.origin, '/v1/visitors?limit=100')).json()).visitors as VisitorSummary[];
      expect(summaries.map((v) => [v.visitor, v.customer, v.events]).sort()).toEqual([[CLAIMER, null, 1], [OTHER, null, OTHER_EVENTS]].sort());
      const exportedAfter = await exported('/v1/export?customer_token=c-1');
      expect(exportedAfter).toEqual([{ kind: 'end', visitors: 0, events: 0 }]);
    });

    it('acknowledges a re-sent queue of an erased customer or visitor and stores nothing of it', async () => {
      const again = await send([...aEvents, ...bEvents, v2(A, 4), v2('New-visitor-0123456789', 1, { customer_token: 'c-1' })]);
      expect(again).toEqual({ accepted: 0, duplicates: 6, rejected: [] });
      expect(await ids(`/v1/events?visitor=${A}`)).toEqual([]);
      expect(await ids('/v1/events?customer_token=c-1')).toEqual([]);
      // Someone else goes on being stored.
      expect((await send([v2(CLAIMER, 3)])).accepted).toBe(1);
    });

    it('erases a visitor in several steps and forgets it', async () => {
      const response = await admin(`/v1/visitors/${OTHER}`, 'DELETE');
      expect(await response.json()).toEqual({ events: OTHER_EVENTS, visitors: 1 });
      expect(await ids(`/v1/events?visitor=${OTHER}`)).toEqual([]);
      expect((await send([v2(OTHER, 1), v2(OTHER, OTHER_EVENTS + 1)])).duplicates).toBe(2);
      // Erasing what is already gone (or was never there) answers 0 and is remembered all the same.
      expect(await (await admin('/v1/visitors/Never-seen-0123456789ab', 'DELETE')).json()).toEqual({ events: 0, visitors: 0 });
      expect((await send([v2('Never-seen-0123456789ab', 1)])).duplicates).toBe(1);
    });

    it.each([
      ['no admin token', () => fetch(`${server.origin}/v1/customers?customer_token=x`, { method: 'DELETE' }), 401],
      ['a wrong method', () => admin('/v1/customers?customer_token=x', 'GET'), 405],
      ['no target', () => admin('/v1/customers', 'DELETE'), 400],
      ['a visitor where a customer goes', () => admin(`/v1/customers?visitor=${A}`, 'DELETE'), 400],
      ['two targets in an export', () => admin(`/v1/export?visitor=${A}&customer_token=c-1`), 400],
    ])('refuses %s', async (_name, ask, status) => {
      expect((await ask()).status).toBe(status);
    });
  });
}

describeErasure('the embedded store', async () => ({}));

let cluster: PostgresCluster | undefined;
afterAll(() => cluster?.stop());
describeErasure('PostgreSQL', async () => {
  cluster = await startPostgres();
  const admin = new Client({ connectionString: cluster.connectionString });
  await admin.connect();
  await admin.query('CREATE DATABASE erasure');
  await admin.end();
  return { databaseUrl: cluster.connectionString.replace(/\/postgres$/, '/erasure') };
});
