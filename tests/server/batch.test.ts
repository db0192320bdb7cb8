// POST /v1/batch against docs/protocol.md, on a real embedded store: partial batches, duplicates,
// per-event limits, whole-body refusals, and the attacks that broke the old collector.
import { APP_ID, ADMIN_TOKEN, COMPANY_TOKEN, adminGet, batch, event, postBatch, startServer } from '../support/trajectoryServer';
import { makePgliteDataDir } from '../support/pgliteDataDir';
import type { StoredEvent } from '../../src/server';

jest.setTimeout(60_000);

const deep = (levels: number): unknown => {
  let value: unknown = 'bottom';
  for (let i = 0; i < levels; i++) value = [value];
  return value;
};

describe('POST /v1/batch', () => {
  let server: Awaited<ReturnType<typeof startServer>>;
  let dataDir: string;
  beforeAll(async () => {
    dataDir = (await makePgliteDataDir()).dir;
    server = await startServer({ dataDir });
  });
  afterAll(() => server.close());

  const eventsOf = async (visitor: string): Promise<StoredEvent[]> =>
    (await (await adminGet(server.origin, `/v1/events?visitor=${encodeURIComponent(visitor)}`)).json()).events;

  it('stores a batch, counts repeats as duplicates and never stores them twice', async () => {
    const first = await postBatch(server.origin, batch([event('dup', 1), event('dup', 2)]));
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({ accepted: 2, duplicates: 0, rejected: [] });
    const again = await postBatch(server.origin, batch([event('dup', 2), event('dup', 3)]));
    expect(await again.json()).toEqual({ accepted: 1, duplicates: 1, rejected: [] });
    expect((await eventsOf('dup')).map((e) => e.id)).toEqual(['dup.1', 'dup.2', 'dup.3']);
  });

  it('keeps the good events of a batch and names the bad ones by id', async () => {
    const bad = [
      { ...event('partial', 2), type: 'visit' },
      { ...event('partial', 3), at: 'yesterday' },
      { ...event('partial', 4), session: '' },
      { ...event('partial', 5), data: { name: 'x'.repeat(40 * 1024) } },
      { ...event('partial', 6), data: { name: 'nul \u0000 inside' } },
      { ...event('partial', 7), id: '' },
      'not an event',
    ];
    const response = await postBatch(server.origin, batch([event('partial', 1), ...bad, event('partial', 8)]));
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body.accepted).toBe(2);
    expect(body.rejected.map((r: { id: string | null }) => r.id)).toEqual(['partial.2', 'partial.3', 'partial.4', 'partial.5', 'partial.6', null, null]);
    expect(body.rejected[0].reason).toMatch(/type must be product or order/);
    expect(body.rejected[3].reason).toMatch(/too large \(\d+ bytes > 32768\)/);
    expect((await eventsOf('partial')).map((e) => e.id)).toEqual(['partial.1', 'partial.8']);
  });

  it.each([500, 6000])('refuses a %i-deep event by id, stores the rest, no 5xx', async (levels) => {
    const visitor = `deep${levels}`;
    // Written by hand: JSON.stringify itself overflows the stack on a 6,000-deep value.
    const nest = `${'['.repeat(levels)}"bottom"${']'.repeat(levels)}`;
    const text = JSON.stringify(batch([event(visitor, 1), { ...event(visitor, 2), data: { nest: 'NEST' } }, event(visitor, 3)]));
    const response = await postBatch(server.origin, text.replace('"NEST"', nest));
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body.rejected).toEqual([{ id: `${visitor}.2`, reason: 'too deep (> 32 levels)' }]);
    expect((await eventsOf(visitor)).map((e) => e.id)).toEqual([`${visitor}.1`, `${visitor}.3`]);
  });

  it('takes an event at the limits: 32 levels deep', async () => {
    // event (1) > data (2) > nest: 30 arrays (3..32) holding a string
    const response = await postBatch(server.origin, batch([{ ...event('edge', 1), data: { nest: deep(30) } }]));
    expect(await response.json()).toEqual({ accepted: 1, duplicates: 0, rejected: [] });
    const tooDeep = await postBatch(server.origin, batch([{ ...event('edge', 2), data: { nest: deep(31) } }]));
    expect((await tooDeep.json()).rejected).toHaveLength(1);
  });

  it('reads v2 events: visitor and customer', async () => {
    const v2 = { ...event('ignored-session', 1), id: 'v2.1', visitor: 'visitor-v2', customer: { customer_token: 'cust-1' } };
    const response = await postBatch(server.origin, { ...batch([v2]), v: 2 });
    expect((await response.json()).accepted).toBe(1);
    const page = await (await adminGet(server.origin, '/v1/events?customer=cust-1')).json();
    expect(page.events.map((e: StoredEvent) => [e.id, e.visitor, e.customer])).toEqual([['v2.1', 'visitor-v2', 'cust-1']]);
  });

  it.each([
    ['not JSON', '{"v":1,', /not JSON/],
    ['not an object', '[1,2]', /JSON object/],
    ['a wrong version', { ...batch([]), v: 3 }, /v must be 1 or 2/],
    ['no appId', { ...batch([]), appId: '' }, /appId/],
    ['events not a list', { ...batch([]), events: {} }, /events must be an array/],
  ])('answers 400 for a body that is %s, and keeps serving', async (_, body, message) => {
    const response = await postBatch(server.origin, body);
    expect(response.status).toBe(400);
    expect((await response.json()).error).toMatch(message);
    expect((await postBatch(server.origin, batch([event('after400', 1)]))).status).toBe(200);
  });

  it('answers 401 for an unknown app, a wrong token or none, without echoing the token', async () => {
    const wrongToken = await postBatch(server.origin, batch([event('auth', 1)]), { 'x-udesk-company-token': 'wrong-token' });
    expect(wrongToken.status).toBe(401);
    expect(await wrongToken.text()).not.toContain('wrong-token');
    expect((await postBatch(server.origin, batch([event('auth', 1)], 'wx-other-app'))).status).toBe(401);
    const none = await fetch(`${server.origin}/v1/batch`, { method: 'POST', body: JSON.stringify(batch([event('auth', 1)])) });
    expect(none.status).toBe(401);
    expect(await eventsOf('auth')).toEqual([]);
  });

  it('keeps nedb-style and prototype field names as data, and restarts over them', async () => {
    const hostile = {
      ...event('nedb', 1),
      _id: null,
      $$indexCreated: { fieldName: 'session', unique: true },
      $$deleted: true,
      data: { name: 'x', 'a.b': 1, $set: { admin: true }, ['__proto__']: { polluted: true } },
    };
    const response = await postBatch(server.origin, batch([hostile, { ...event('nedb', 2), _id: 'same' }, { ...event('nedb', 3), _id: 'same' }]));
    expect((await response.json()).accepted).toBe(3);
    await server.close();
    server = await startServer({ dataDir });
    const stored = await eventsOf('nedb');
    expect(stored.map((e) => e.id)).toEqual(['nedb.1', 'nedb.2', 'nedb.3']);
    expect(stored[0].event).toMatchObject({ _id: null, $$indexCreated: { fieldName: 'session', unique: true }, $$deleted: true });
    expect(Object.keys(stored[0].event.data as object)).toEqual(expect.arrayContaining(['a.b', '$set', '__proto__']));
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect((await postBatch(server.origin, batch([event('nedb', 4)]))).status).toBe(200);
  });

  it('never logs a token or a visitor id', async () => {
    const log = server.logger.lines.join('\n');
    for (const secret of [ADMIN_TOKEN, COMPANY_TOKEN, 'partial', 'nedb']) expect(log).not.toContain(secret);
    expect(APP_ID).toBeTruthy();
  });
});
