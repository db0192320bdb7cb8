// The local collector against docs/protocol.md: shape checks, limits, duplicates, restarts.
import { mkdtempSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
const { createCollector, MAX_BODY_BYTES } = require('../../scripts/collector/createCollector.cjs');

type Collector = Awaited<ReturnType<typeof createCollector>>;
const event = (seq: number, session = 's1') => ({ id: `${session}.${seq}`, session, seq, type: 'product', at: 1000 + seq, data: { name: `p${seq}` } });
const batch = (events: unknown[]) => ({ v: 1, appId: 'wx1', companyDomain: 'demo.udesk.cn', sentAt: 2000, events });
const post = (c: Collector, body: unknown, headers: Record<string, string> = {}) =>
  fetch(c.endpoint, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body) });

describe('the local collector', () => {
  let dir: string;
  let c: Collector;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'collector-'));
    c = await createCollector({ dataDir: dir });
  });
  afterEach(() => c.close());

  it('accepts protocol v2 batches (visitor, customer) and refuses a v2 event without its visitor', async () => {
    const v2 = { ...event(1), visitor: '0123456789abcdef0123456789abcdef', customer: { customer_token: 'c-1' } };
    const ok = await post(c, { ...batch([v2]), v: 2 });
    expect(ok.status).toBe(200);
    expect((await c.events())[0]).toMatchObject({ visitor: v2.visitor, customer: { customer_token: 'c-1' } });
    const bad = await post(c, { ...batch([event(2)]), v: 2 });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toMatch(/visitor/);
  });

  it('stores a batch and drops ids it already has', async () => {
    const r1 = await post(c, batch([event(1), event(2)]));
    expect(r1.status).toBe(200);
    expect(await r1.json()).toEqual({ stored: 2, duplicates: 0 });
    const r2 = await post(c, batch([event(2), event(3)]));
    expect(await r2.json()).toEqual({ stored: 1, duplicates: 1 });
    expect((await c.events()).map((e: { id: string }) => e.id)).toEqual(['s1.1', 's1.2', 's1.3']);
  });

  it.each([
    ['malformed JSON', '{"v":1,', /malformed JSON/],
    ['a wrong version', { ...batch([]), v: 3 }, /v must be 1 or 2/],
    ['events not a list', { ...batch([]), events: {} }, /events must be an array/],
    ['an event without id', batch([{ ...event(1), id: '' }]), /events\[0\].id must be a non-empty string/],
    ['an unknown type', batch([{ ...event(1), type: 'visit' }]), /events\[0\].type must be product or order/],
    ['a bad seq', batch([{ ...event(1), seq: 0 }]), /events\[0\].seq must be a whole number from 1/],
    ['data not an object', batch([{ ...event(1), data: 'x' }]), /events\[0\].data must be an object/],
  ])('answers 400 with a message for %s, and keeps serving', async (_, body, message) => {
    const r = await post(c, body);
    expect(r.status).toBe(400);
    expect((await r.json()).error).toMatch(message);
    expect((await post(c, batch([event(1)]))).status).toBe(200);
  });

  it('answers 413 past its documented body limit', async () => {
    const big = batch([{ ...event(1), data: { name: 'x'.repeat(MAX_BODY_BYTES) } }]);
    const r = await post(c, big);
    expect(r.status).toBe(413);
    expect((await r.json()).error).toMatch(/over 1048576 bytes/);
  });

  it('keeps events across a restart', async () => {
    await post(c, batch([event(1), event(2)]));
    await c.close();
    c = await createCollector({ dataDir: dir });
    const r = await post(c, batch([event(2), event(3)]));
    expect(await r.json()).toEqual({ stored: 1, duplicates: 1 });
    expect((await c.events()).length).toBe(3);
  });

  it('checks the company token when given one, without echoing it', async () => {
    await c.close();
    c = await createCollector({ dataDir: dir, token: 'right-token' });
    const wrong = await post(c, batch([event(1)]), { 'x-udesk-company-token': 'wrong-token' });
    expect(wrong.status).toBe(401);
    expect(await wrong.text()).not.toContain('token"');
    expect((await post(c, batch([event(1)]), { 'x-udesk-company-token': 'right-token' })).status).toBe(200);
  });

  it('serves the console and the core it decodes with', async () => {
    expect((await fetch(c.consoleUrl)).status).toBe(200);
    const core = await (await fetch(`${c.origin}/lib/core.js`)).text();
    expect(core).toMatch(/inspectSessionFrom/);
  });
});
