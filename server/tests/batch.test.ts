// POST /v1/batch against docs/protocol.md, on a real embedded store: partial batches, duplicates,
// per-event limits, whole-body refusals, and the attacks that broke the old collector.
import { APP_ID, ADMIN_TOKEN, COMPANY_TOKEN, adminGet, batch, event, postBatch, startServer, verified } from './support/trajectoryServer';
import { makePgliteDataDir } from './support/pgliteDataDir';
import type { StoredEvent } from '../src';

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
    expect(body.rejected[0].reason).toMatch(/type must be product, order or contact/);
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

  it('reads v2 events: the visitor, and the customer keyed by its kind (token, else unionid, else openid)', async () => {
    const visitor = 'Vq5u8nA1b2C3d4E5f6G7h8';
    const v2 = (seq: number, customer?: unknown) =>
      ({ ...event('a-session', seq), id: `${visitor}.${seq}`, visitor, ...(customer === undefined ? {} : { customer }) });
    const response = await postBatch(server.origin, { ...batch([
      v2(1),
      v2(2, { nick_name: 'only a nick' }),
      v2(3, { customer_token: 'cust-1', unionid: 'u-1', openid: 'o-1' }),
      v2(4, { unionid: 'u-1', openid: 'o-1' }),
      v2(5, { openid: 'cust-1' }),
    ]), v: 2 });
    expect(await response.json()).toEqual({ accepted: 5, duplicates: 0, rejected: [] });
    const page = await (await adminGet(server.origin, `/v1/events?visitor=${visitor}`)).json();
    expect(page.events.map((e: StoredEvent) => [e.id, e.visitor, e.customer])).toEqual([
      [`${visitor}.1`, visitor, null],
      [`${visitor}.2`, visitor, null],
      [`${visitor}.3`, visitor, 'token:cust-1'],
      [`${visitor}.4`, visitor, 'unionid:u-1'],
      [`${visitor}.5`, visitor, 'openid:cust-1'],
    ]);
  });

  it('refuses, one by one, a v2 event whose visitor is not a capability id or whose customer is unusable', async () => {
    const good = 'Good-visitor_0123456789';
    const v2 = (id: string, fields: Record<string, unknown>) => ({ ...event('s', 1), id, visitor: good, ...fields });
    const response = await postBatch(server.origin, { ...batch([
      v2('short', { visitor: 'abc123' }),
      v2('long', { visitor: 'a'.repeat(65) }),
      v2('charset', { visitor: 'visitor with spaces 0123' }),
      v2('none', { visitor: undefined }),
      v2('customer-string', { customer: 'cust-1' }),
      v2('customer-number', { customer: { customer_token: 42 } }),
      v2('kept', {}),
    ]), v: 2 });
    const body = await response.json();
    expect(body.accepted).toBe(1);
    expect(body.rejected.map((r: { id: string }) => r.id)).toEqual(['short', 'long', 'charset', 'none', 'customer-string', 'customer-number']);
    expect(body.rejected[0].reason).toMatch(/visitor must be 16 to 64 characters/);
    expect(body.rejected[4].reason).toMatch(/customer must be an object/);
  });

  it('links a visitor’s earlier anonymous events to the customer once a verified event arrives; v1 still accepted', async () => {
    const visitor = 'Link-visitor-0123456789abcdef';
    const v2 = (seq: number, customer?: unknown) => ({ ...event('s', seq), id: `${visitor}.${seq}`, visitor, ...(customer ? { customer } : {}) });
    expect((await postBatch(server.origin, { ...batch([v2(1), v2(2)]), v: 2 })).status).toBe(200);
    const byCustomer = async () =>
      ((await (await adminGet(server.origin, '/v1/events?customer_token=linked-1')).json()).events as StoredEvent[]).map((e) => e.id);
    expect(await byCustomer()).toEqual([]);
    expect((await postBatch(server.origin, batch([event('v1-session-alongside', 1)]))).status).toBe(200);
    expect((await postBatch(server.origin, { ...batch([v2(3, verified({ customer_token: 'linked-1', nick_name: '小明' }))]), v: 2 })).status).toBe(200);
    expect(await byCustomer()).toEqual([`${visitor}.1`, `${visitor}.2`, `${visitor}.3`]);
    const v1 = await (await adminGet(server.origin, '/v1/events?visitor=v1-session-alongside')).json();
    expect(v1.events.map((e: StoredEvent) => [e.id, e.customer])).toEqual([['v1-session-alongside.1', null]]);
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
