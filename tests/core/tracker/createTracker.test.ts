import { createTracker, UdeskConfigError, UdeskError } from 'taro-udesk/core';
import type { TrackerConfig, Tracker } from 'taro-udesk/core';
import { createFakePlatform } from '../../support/fakePlatform';
import type { Answer, FakePlatform } from '../../support/fakePlatform';

const TOKEN = 'secret-company-token-0000';
const base = { appId: 'wx123', companyToken: TOKEN, companyDomain: 'demo.udesk.cn', endpoint: 'https://collector.example.com/batch' };
const order = (no: number) => ({ order_no: String(no), name: `Order ${no}`, price: 9.9, order_at: 0, status: 'paid' as const });
const product = (n: number) => ({ name: `Product ${n}` });

let warn: jest.SpyInstance;
beforeEach(() => {
  jest.useFakeTimers();
  warn = jest.spyOn(console, 'warn').mockImplementation(() => {});
});
afterEach(() => {
  jest.useRealTimers();
  warn.mockRestore();
});

const start = (p: FakePlatform, config: Partial<TrackerConfig> = {}): Tracker => {
  const t = createTracker({ platform: p.api });
  t.init({ ...base, ...config } as TrackerConfig);
  return t;
};
const settle = () => jest.advanceTimersByTimeAsync(0);

describe('createTracker: delivery by endpoint', () => {
  it('batches product views by count and by time, and sends orders at once', async () => {
    const p = createFakePlatform();
    const t = start(p, { flushAt: 10, flushInterval: 5000 });
    await settle();
    for (let i = 0; i < 9; i++) t.trace('product', product(i));
    await jest.advanceTimersByTimeAsync(4000);
    expect(p.server.requests).toHaveLength(0);
    t.trace('product', product(9));
    await settle();
    expect(p.server.requests).toHaveLength(1);
    expect(p.server.requests[0].body.events).toHaveLength(10);

    t.trace('product', product(10));
    await jest.advanceTimersByTimeAsync(4999);
    expect(p.server.requests).toHaveLength(1);
    await jest.advanceTimersByTimeAsync(1);
    expect(p.server.requests).toHaveLength(2);

    t.trace('order', order(1));
    await settle();
    expect(p.server.requests).toHaveLength(3);
    expect(p.server.requests[2].body.events.map((e) => e.type)).toEqual(['order']);
  });

  it('sends the wire format of docs/protocol.md, the token in a header only', async () => {
    const p = createFakePlatform();
    const t = start(p);
    t.trace('order', order(1));
    await settle();
    const [req] = p.server.requests;
    expect(req.header['x-udesk-company-token']).toBe(TOKEN);
    expect(req.header['content-type']).toBe('application/json');
    expect(JSON.stringify(req.body)).not.toContain(TOKEN);
    expect(req.body).toMatchObject({ v: 2, appId: 'wx123', companyDomain: 'demo.udesk.cn', sentAt: expect.any(Number) });
    const [event] = req.body.events;
    expect(event).toEqual({
      id: `${event.session}.1`, session: event.session, seq: 1, type: 'order', at: expect.any(Number),
      data: { ...order(1), order_at: new Date(0).toISOString() },
      visitor: expect.stringMatching(/^[0-9a-f]{32}$/), visitorSeq: 1,
    });
  });

  it('keeps the order of events, per session', async () => {
    const p = createFakePlatform();
    const t = start(p, { flushAt: 3 });
    for (let i = 0; i < 7; i++) t.trace('product', product(i));
    t.trace('order', order(1));
    await jest.advanceTimersByTimeAsync(100);
    expect(p.server.accepted.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });

  it('has one request in flight at a time', async () => {
    const p = createFakePlatform((n) => (n === 0 ? 'hold' : 200));
    const t = start(p);
    t.trace('order', order(1));
    await settle();
    t.trace('order', order(2));
    t.trace('order', order(3));
    await jest.advanceTimersByTimeAsync(1000);
    expect(p.server.requests).toHaveLength(1);
    p.server.release(200);
    await settle();
    expect(p.server.requests).toHaveLength(2);
    expect(p.server.requests[1].body.events.map((e) => e.data.order_no)).toEqual(['2', '3']);
  });

  it('retries a 500, never counting it as delivered', async () => {
    const p = createFakePlatform((n) => (n < 2 ? 500 : 200));
    const t = start(p);
    t.trace('order', order(1));
    await settle();
    expect(p.server.accepted).toHaveLength(0);
    expect(await t.flush()).toEqual({ pending: 1 }); // the second try fails too
    await jest.advanceTimersByTimeAsync(60_000);
    expect(p.server.requests).toHaveLength(3);
    expect(p.server.accepted.map((e) => e.data.order_no)).toEqual(['1']);
    expect(await t.flush()).toEqual({ pending: 0 });
  });

  it.each([408, 429, 503, 'network', 'timeout'] as Answer[])('retries after %s', async (answer) => {
    const p = createFakePlatform((n) => (n === 0 ? answer : 200));
    const t = start(p);
    t.trace('order', order(1));
    await jest.advanceTimersByTimeAsync(10_000);
    expect(p.server.requests.length).toBe(2);
    expect(p.server.accepted).toHaveLength(1);
    expect(await t.flush()).toEqual({ pending: 0 });
  });

  it('times out a request at 5 s at most', async () => {
    const p = createFakePlatform((n) => (n === 0 ? 'hold' : 200));
    const t = start(p);
    t.trace('order', order(1));
    await jest.advanceTimersByTimeAsync(5099);
    expect(p.server.requests).toHaveLength(1);
    await jest.advanceTimersByTimeAsync(1 + 1000);
    expect(p.server.requests).toHaveLength(2);
    expect(() => createTracker({ platform: p.api }).init({ ...base, timeout: 6000 })).toThrow(/at most 5000 ms/);
  });

  it('backs off exponentially with jitter, capped at 60 s', async () => {
    const p = createFakePlatform(() => 'network');
    const t = start(p);
    t.trace('order', order(1));
    const times: number[] = [];
    const sent = () => p.server.requests.length;
    let last = sent();
    for (let ms = 0; ms < 20 * 60_000; ms += 100) {
      await jest.advanceTimersByTimeAsync(100);
      if (sent() !== last) {
        times.push(Date.now());
        last = sent();
      }
    }
    const gaps = times.slice(1).map((x, i) => x - times[i]);
    expect(gaps.length).toBeGreaterThan(15);
    expect(Math.max(...gaps)).toBeLessThanOrEqual(60_000 + 100);
    expect(gaps[0]).toBeLessThan(gaps[4]); // it grows
    expect(gaps.slice(-5).every((g) => g >= 30_000)).toBe(true); // capped, with 50-100 % jitter
    t.destroy();
  });

  it('stops on "url not in domain list" and says so once', async () => {
    const onError = jest.fn();
    const p = createFakePlatform(() => 'domain');
    const t = start(p, { onError });
    t.trace('order', order(1));
    t.trace('order', order(2));
    await jest.advanceTimersByTimeAsync(10 * 60_000);
    expect(p.server.requests).toHaveLength(1);
    expect(onError).toHaveBeenCalledTimes(1);
    expect(onError.mock.calls[0][0].message).toMatch(/not in this mini program's request domain list/);
    expect(await t.flush()).toEqual({ pending: 2 });
  });

  it('drops a batch the endpoint refuses with a 4xx, and reports it', async () => {
    const onError = jest.fn();
    const p = createFakePlatform((n) => (n === 0 ? 400 : 200));
    const t = start(p, { onError });
    t.trace('order', order(1));
    await settle();
    t.trace('order', order(2));
    await settle();
    expect(onError.mock.calls[0][0].message).toMatch(/refused 1 events with HTTP 400; they were dropped/);
    expect(p.server.accepted.map((e) => e.data.order_no)).toEqual(['2']);
  });

  it('splits a batch the endpoint finds too large (413) instead of losing it', async () => {
    const p = createFakePlatform((_, body) => (body.events.length > 2 ? 413 : 200));
    const t = start(p, { flushAt: 8 });
    for (let i = 0; i < 8; i++) t.trace('product', product(i));
    await jest.advanceTimersByTimeAsync(100);
    expect(p.server.accepted.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });

  it('keeps traces made before init, and sends them after', async () => {
    const p = createFakePlatform();
    const t = createTracker({ platform: p.api });
    expect(t.trace('product', product(1))).toBe(true);
    expect(t.trace('order', order(1))).toBe(true);
    await jest.advanceTimersByTimeAsync(10_000);
    expect(p.server.requests).toHaveLength(0);
    t.init(base);
    await settle();
    expect(p.server.accepted.map((e) => e.type)).toEqual(['product', 'order']);
  });

  it('caps the queue, dropping the oldest product views before any order, and reports it', async () => {
    const onError = jest.fn();
    const p = createFakePlatform();
    const t = start(p, { maxQueue: 5, onError });
    p.network(false);
    t.trace('order', order(1));
    for (let i = 0; i < 6; i++) t.trace('product', product(i));
    t.trace('order', order(2));
    expect(onError.mock.calls[0][0].message).toMatch(/the queue is full \(5 events\): dropping the oldest product views/);
    p.network(true);
    await jest.advanceTimersByTimeAsync(100);
    expect(p.server.accepted.map((e) => (e.type === 'order' ? `o${e.data.order_no}` : e.data.name))).toEqual([
      'o1', 'Product 3', 'Product 4', 'Product 5', 'o2',
    ]);
    expect(onError.mock.calls.map((c) => c[0].message)).toContain('dropped 3 events while the queue was full');
  });

  it('persists the queue in one key, asynchronously, with no synchronous storage call', async () => {
    const p = createFakePlatform(() => 'network');
    const t = start(p, { storageKey: 'q' });
    expect(p.syncStorageCalls).toBe(0);
    await settle(); // read, then written once (empty)
    expect(JSON.parse(p.storage.get('q') as string).events).toHaveLength(0);
    t.trace('product', product(1));
    await jest.advanceTimersByTimeAsync(499);
    expect(JSON.parse(p.storage.get('q') as string).events).toHaveLength(0);
    await jest.advanceTimersByTimeAsync(1);
    expect(JSON.parse(p.storage.get('q') as string).events).toHaveLength(1);
    expect([...p.storage.keys()]).toEqual(['q']);
    expect(p.syncStorageCalls).toBe(0);
    t.destroy();
  });

  it('delivers everything exactly once by id after a kill mid-flight and a relaunch', async () => {
    const first = createFakePlatform(() => 'hold');
    const a = start(first);
    a.trace('product', product(1));
    a.trace('order', order(1)); // sent at once; the app is killed before the answer
    await jest.advanceTimersByTimeAsync(600);
    a.trace('product', product(2));
    await jest.advanceTimersByTimeAsync(600); // persisted (debounced)
    expect(first.server.requests).toHaveLength(1);

    const second = createFakePlatform(() => 200, first.storage); // same storage: a relaunch
    const b = start(second);
    b.trace('order', order(2));
    await jest.advanceTimersByTimeAsync(100);
    expect(await b.flush()).toEqual({ pending: 0 });
    const got = second.server.accepted.map((e) => (e.type === 'order' ? `o${e.data.order_no}` : e.data.name));
    expect(got).toEqual(['Product 1', 'o1', 'Product 2', 'o2']);
    expect(second.server.duplicates).toBe(0);
    expect(new Set(second.server.accepted.map((e) => e.session)).size).toBe(2);
    await jest.advanceTimersByTimeAsync(500);
    expect(JSON.parse(second.storage.get('taro-udesk:queue') as string).events).toEqual([]);
  });

  it('flushes on app hide, and at once when the network comes back', async () => {
    const p = createFakePlatform();
    const t = start(p, { flushInterval: 60_000 });
    await settle(); // the stored queue is read
    t.trace('product', product(1));
    await settle();
    expect(p.server.requests).toHaveLength(0);
    p.hide();
    await settle();
    expect(p.server.requests).toHaveLength(1);

    p.network(false);
    t.trace('order', order(1));
    await jest.advanceTimersByTimeAsync(5000);
    expect(p.server.requests).toHaveLength(1);
    p.network(true);
    await settle();
    expect(p.server.requests).toHaveLength(2);
  });

  it('reports invalid data to onError and a development warning, and never sends it', async () => {
    const onError = jest.fn();
    const p = createFakePlatform();
    const t = start(p, { onError });
    expect(t.trace('order', { ...order(1), status: 'shipped' } as never)).toBe(false);
    expect(t.trace('visit' as 'order', {} as never)).toBe(false);
    await jest.advanceTimersByTimeAsync(10_000);
    expect(p.server.requests).toHaveLength(0);
    expect(onError.mock.calls.map((c) => c[0].path)).toEqual(['order.status', 'type']);
    expect(warn).toHaveBeenCalledWith(expect.stringMatching(/^\[taro-udesk\] order.status: must be one of/));
  });

  it('hands errors from before init to onError at init', () => {
    const onError = jest.fn();
    const t = createTracker({ platform: createFakePlatform().api });
    t.trace('product', {} as never);
    t.init({ ...base, onError });
    expect(onError.mock.calls[0][0].path).toBe('product.name');
  });

  it('never writes the token to a log', async () => {
    const onError = jest.fn();
    const p = createFakePlatform((n) => [500, 400, 'domain'][n] as Answer);
    const t = start(p, { onError });
    for (let i = 0; i < 3; i++) t.trace('order', order(i));
    t.trace('order', {} as never);
    await jest.advanceTimersByTimeAsync(120_000);
    const logged = JSON.stringify([warn.mock.calls, onError.mock.calls.map((c) => [c[0].message, c[0].stack])]);
    expect(onError).toHaveBeenCalled();
    expect(logged).not.toContain(TOKEN);
  });

  it('passes page show and hide on, without Taro\'s $taroTimestamp, also to a late init', () => {
    const onPageShow = jest.fn();
    const onPageHide = jest.fn();
    const t = createTracker({ platform: createFakePlatform().api });
    t.pageShow('/pages/item/index', { id: '7', $taroTimestamp: '123' });
    t.init({ ...base, onPageShow, onPageHide });
    expect(onPageShow).toHaveBeenCalledWith({ route: 'pages/item/index', query: { id: '7' } });
    t.pageHide('pages/item/index', { id: '7', $taroTimestamp: '123' });
    expect(onPageHide).toHaveBeenCalledWith({ route: 'pages/item/index', query: { id: '7' } });
  });
});

describe('createTracker: delivery through Udesk\'s ud-sdk module', () => {
  it('forwards init and every trace, including those made before init, validated and normalised', () => {
    const sdk = { init: jest.fn(), trace: jest.fn() };
    const t = createTracker();
    t.trace('product', { name: 'A', params: [{ text: 'x' }] });
    t.trace('product', { url: 'no name' } as never);
    expect(sdk.trace).not.toHaveBeenCalled();
    t.init({ appId: 'wx1', companyToken: TOKEN, companyDomain: 'demo.udesk.cn', sdk });
    t.trace('order', order(1));
    expect(sdk.init).toHaveBeenCalledWith({ appId: 'wx1', companyToken: TOKEN, companyDomain: 'demo.udesk.cn' });
    expect(sdk.trace.mock.calls).toEqual([
      ['product', { name: 'A', params: [{ text: 'x', size: 12 }] }],
      ['order', { ...order(1), order_at: new Date(0) }],
    ]);
  });
});

describe('createTracker: configuration', () => {
  const init = (c: Partial<TrackerConfig>, platform = true) => () =>
    createTracker(platform ? { platform: createFakePlatform().api } : {}).init({ ...base, endpoint: undefined, ...c } as TrackerConfig);

  it('explains both delivery choices when given neither', () => {
    expect(init({})).toThrow(UdeskConfigError);
    expect(init({})).toThrow(/delivery is explicit: give sdk or endpoint \(sdk: the ud-sdk module .* endpoint: an HTTPS URL of yours/);
  });

  it.each([
    [{ endpoint: 'http://collector.example.com' }, /https:\/\/ URL \(http:\/\/ only on loopback/],
    [{ endpoint: 'https://x.cn', sdk: { init() {}, trace() {} } }, /not both/],
    [{ sdk: {} as never }, /init\(\) and trace\(\)/],
    [{ endpoint: 'https://x.cn', appId: '' }, /appId: is required/],
    [{ endpoint: 'https://x.cn', companyToken: undefined }, /companyToken: is required/],
    [{ endpoint: 'https://x.cn', companyDomain: 'https://demo.udesk.cn' }, /companyDomain: .*without https/],
    [{ endpoint: 'https://x.cn', flushAt: 0 }, /flushAt: must be a whole number/],
    [{ endpoint: 'https://x.cn', timeout: '3000' }, /timeout: must be a whole number/],
  ])('rejects %j', (c, message) => {
    expect(init(c as Partial<TrackerConfig>)).toThrow(message);
  });

  it('accepts http on loopback for development', () => {
    expect(init({ endpoint: 'http://127.0.0.1:4318/batch' })).not.toThrow();
    expect(init({ endpoint: 'http://localhost:4318/batch' })).not.toThrow();
  });

  it('needs a platform for endpoint delivery', () => {
    expect(init({ endpoint: 'https://x.cn' }, false)).toThrow(/needs a platform/);
  });

  it('reports a second init instead of re-initialising', () => {
    const onError = jest.fn();
    const t = createTracker({ platform: createFakePlatform().api });
    t.init({ ...base, onError });
    t.init({ ...base, onError });
    expect(onError.mock.calls[0][0]).toBeInstanceOf(UdeskError);
    expect(onError.mock.calls[0][0].message).toMatch(/init was called twice/);
  });
});
