// The tracker at its edges (issue 13, defects 1-7): storage that fails or answers late, events
// too large or of an older shape, a poisonous event, a byte-heavy queue, throwing getters and
// official modules, errors before init, odd statuses, lifecycle storms, a clock set back.
import { createTracker } from 'taro-udesk/core';
import type { MiniProgramApi, Tracker, TrackerConfig } from 'taro-udesk/core';
import { createFakePlatform } from '../../support/fakePlatform';
import type { Answer, FakePlatform } from '../../support/fakePlatform';

const base = { appId: 'wx1', companyToken: 't', companyDomain: 'demo.udesk.cn', endpoint: 'https://c.example.com/b' };
const order = (no: number) => ({ order_no: String(no), name: `Order ${no}`, price: 1, order_at: 0, status: 'paid' as const });
const product = (n: number | string) => ({ name: `Product ${n}` });
// Declared before jest's fake timers replace Date, as an app's own class would be.
class OddDate extends Date {
  toJSON(): string {
    throw new Error('no JSON for you');
  }
}
const names = (p: FakePlatform) => p.server.accepted.map((e) => (e.type === 'order' ? `o${e.data.order_no}` : (e.data.name as string)));

beforeEach(() => {
  jest.useFakeTimers();
  jest.spyOn(console, 'warn').mockImplementation(() => {});
});
afterEach(() => {
  jest.useRealTimers();
  jest.restoreAllMocks();
});

const start = (api: MiniProgramApi, config: Partial<TrackerConfig> = {}): Tracker => {
  const t = createTracker({ platform: api });
  t.init({ ...base, ...config } as TrackerConfig);
  return t;
};

/** A launch that leaves `n` product views stored, unsent (the network is down). */
async function previousLaunch(n: number): Promise<FakePlatform> {
  const p = createFakePlatform(() => 'network');
  const t = start(p.api);
  for (let i = 0; i < n; i++) t.trace('product', product(`old ${i}`));
  await jest.advanceTimersByTimeAsync(1000);
  p.hide();
  await jest.advanceTimersByTimeAsync(10);
  p.kill();
  t.destroy();
  return p;
}

describe('defect 1: a failed or late read never overwrites the stored queue', () => {
  it('keeps the previous launch\'s events when getStorage fails with something else than "not found"', async () => {
    const first = await previousLaunch(20);
    const second = createFakePlatform(() => 'network', first.storage);
    let reads = 0;
    const api = {
      ...second.api,
      getStorage(o: Parameters<MiniProgramApi['getStorage']>[0]) {
        reads++;
        Promise.resolve().then(() => o.fail({ errMsg: 'getStorage:fail internal error' }));
      },
    };
    const b = start(api);
    for (let i = 0; i < 5; i++) b.trace('product', product(`new ${i}`));
    await jest.advanceTimersByTimeAsync(20_000);
    second.hide();
    await jest.advanceTimersByTimeAsync(10);
    second.kill();
    expect(reads).toBeGreaterThan(0);

    const third = createFakePlatform(() => 200, first.storage, first.server);
    const c = start(third.api);
    await jest.advanceTimersByTimeAsync(100);
    await c.flush();
    const got = names(third);
    for (let i = 0; i < 20; i++) expect(got).toContain(`Product old ${i}`);
  });

  it('keeps them when the read answers after the 3 s guard and the app is killed in between', async () => {
    const first = await previousLaunch(20);
    const second = createFakePlatform(() => 'network', first.storage);
    const api = { ...second.api, getStorage: () => undefined }; // answers never (or after the kill)
    const b = start(api);
    b.trace('order', order(1));
    await jest.advanceTimersByTimeAsync(5000);
    second.hide();
    await jest.advanceTimersByTimeAsync(10);
    second.kill();

    const third = createFakePlatform(() => 200, first.storage, first.server);
    const c = start(third.api);
    await jest.advanceTimersByTimeAsync(100);
    await c.flush();
    const got = names(third);
    for (let i = 0; i < 20; i++) expect(got).toContain(`Product old ${i}`);
  });
});

describe('defect 2: one bad event never takes its batch with it', () => {
  it('refuses an event over 32 KB serialised at trace(), reported, and sends the others', async () => {
    const onError = jest.fn();
    // A server that refuses a batch holding an event over its limit.
    const p = createFakePlatform((_, body) => (body.events.some((e) => JSON.stringify(e).length > 32768) ? 400 : 200));
    const t = start(p.api, { onError, flushAt: 10 });
    await jest.advanceTimersByTimeAsync(10);
    for (let i = 0; i < 9; i++) t.trace('product', product(i));
    expect(t.trace('product', { name: 'x'.repeat(70_000) })).toBe(false);
    t.trace('product', product(9));
    await jest.advanceTimersByTimeAsync(100);
    expect(p.server.accepted).toHaveLength(10);
    expect(onError.mock.calls.map((c) => c[0].message).join('\n')).toMatch(/32 ?KB|32768/);
  });

  it('drops malformed stored events at load, reported once with a count, and sends the rest', async () => {
    const onError = jest.fn();
    const storage = new Map<string, unknown>();
    const good = { id: 'old.1', session: 'old', seq: 1, type: 'product', at: 1, data: { name: 'kept' } };
    storage.set('taro-udesk:queue', JSON.stringify({ v: 1, events: [{ id: 'old.0' }, good, { id: 'old.2', type: 'visit' }] }));
    // A server that refuses a batch holding an event of the wrong shape.
    const p = createFakePlatform((_, body) => (body.events.some((e) => !e.data) ? 400 : 200), storage);
    const t = start(p.api, { onError });
    await jest.advanceTimersByTimeAsync(100);
    await t.flush();
    expect(names(p)).toEqual(['kept']);
    const reports = onError.mock.calls.map((c) => c[0].message).filter((m: string) => /stored/.test(m));
    expect(reports).toHaveLength(1);
    expect(reports[0]).toMatch(/\b2\b/);
  });

  it('drops only the events a 200 lists as rejected, never resends them, and reports them', async () => {
    const onError = jest.fn();
    const p = createFakePlatform((n, body) =>
      n === 0
        ? { status: 200, body: { accepted: body.events.length - 1, duplicates: 0, rejected: [{ id: body.events[1].id, reason: 'too deep (> 32 levels)' }] } }
        : 200,
    );
    const t = start(p.api, { onError, flushAt: 3 });
    for (let i = 0; i < 3; i++) t.trace('product', product(i));
    await jest.advanceTimersByTimeAsync(60_000);
    expect(names(p)).toEqual(['Product 0', 'Product 2']);
    expect(p.server.requests).toHaveLength(1);
    expect(onError.mock.calls.map((c) => c[0].message).join('\n')).toMatch(/too deep/);
  });

  it('isolates an event the server always fails, after 3 failures, and lets the others go', async () => {
    const onError = jest.fn();
    const p = createFakePlatform((_, body) => (body.events.some((e) => e.data.name === 'Product poison') ? 500 : 200));
    const t = start(p.api, { onError });
    t.trace('product', product('poison'));
    for (let i = 0; i < 5; i++) t.trace('order', order(i));
    await jest.advanceTimersByTimeAsync(5 * 60_000);
    expect(names(p)).toEqual(['o0', 'o1', 'o2', 'o3', 'o4']);
    t.trace('order', order(5));
    await jest.advanceTimersByTimeAsync(1000);
    expect(names(p)).toContain('o5');
  });
});

describe('defect 3: the stored queue is capped by bytes, so that every write fits', () => {
  it('keeps the stored copy current with 500 views of 2.2 KB (WeChat refuses over 1 MB per key)', async () => {
    const onError = jest.fn();
    const p = createFakePlatform(() => 'network');
    let failedWrites = 0;
    const api = {
      ...p.api,
      setStorage(o: Parameters<MiniProgramApi['setStorage']>[0]) {
        if (String(o.data).length > 1024 * 1024) {
          failedWrites++;
          Promise.resolve().then(() => o.fail && o.fail({ errMsg: 'setStorage:fail exceed storage max size 1MB' }));
        } else p.api.setStorage(o);
      },
    };
    const t = start(api, { onError });
    for (let i = 0; i < 500; i++) t.trace('product', { name: `View ${i} ` + 'x'.repeat(2200) });
    await jest.advanceTimersByTimeAsync(1000);
    p.hide();
    await jest.advanceTimersByTimeAsync(10);
    expect(failedWrites).toBe(0);
    const stored = String(p.storage.get('taro-udesk:queue'));
    expect(Buffer.byteLength(stored)).toBeLessThanOrEqual(512 * 1024);
    const events = JSON.parse(stored).events;
    expect(events[events.length - 1].data.name).toMatch(/^View 499 /); // the newest is stored
    expect(onError.mock.calls.map((c) => c[0].message).join('\n')).toMatch(/queue is full/);
    t.destroy();
  });
});

describe('defect 4: trimming an oversized stored queue is one linear pass', () => {
  it('reads each stored event a bounded number of times when cutting 5,000 orders to 100', async () => {
    let reads = 0;
    const events = Array.from({ length: 5000 }, (_, i) => {
      const e = { id: `old.${i}`, session: 'old', seq: i, at: 1, data: { order_no: String(i), name: 'o', price: 1, order_at: 'x', status: 'paid' } };
      Object.defineProperty(e, 'type', { enumerable: true, get: () => (reads++, 'order') });
      return e;
    });
    const storage = new Map<string, unknown>([['taro-udesk:queue', { v: 1, events }]]);
    const p = createFakePlatform(() => 'network', storage);
    const t = start(p.api, { maxQueue: 100 });
    await jest.advanceTimersByTimeAsync(10);
    expect(reads).toBeLessThan(10 * 5000);
    t.destroy();
  });
});

describe('defect 5: trace() and init() never throw into the page, and lose nothing', () => {
  it.each([null, undefined, 'text'])('reports a getter throwing %p', (thrown) => {
    const onError = jest.fn();
    const t = start(createFakePlatform().api, { onError });
    const data = Object.defineProperty({}, 'name', { enumerable: true, get: () => { throw thrown; } });
    expect(() => t.trace('product', data as never)).not.toThrow();
    expect(t.trace('product', data as never)).toBe(false);
    expect(onError).toHaveBeenCalled();
  });

  it('contains a throwing official trace, in trace() and for the events init forwards', () => {
    const onError = jest.fn();
    const calls: string[] = [];
    const sdk = {
      init: () => undefined,
      trace: (_: string, data: { name: string }) => {
        calls.push(data.name);
        if (data.name === 'Product 1') throw new Error('official trace broke');
      },
    };
    const t = createTracker();
    for (let i = 0; i < 3; i++) t.trace('product', product(i));
    expect(() => t.init({ appId: 'wx1', companyToken: 't', companyDomain: 'demo.udesk.cn', sdk, onError })).not.toThrow();
    // Product 2 waits behind the event the module threw on (tests/core/tracker/sdkDelivery.test.ts).
    expect(calls).toEqual(['Product 0', 'Product 1']);
    expect(() => t.trace('product', product(1))).not.toThrow();
    expect(onError.mock.calls.map((c) => c[0].message).join('\n')).toMatch(/official trace broke/);
  });
});

describe('defect 6: errors before init are bounded', () => {
  it('keeps 20 of 100,000 invalid traces before init, and a count', () => {
    const onError = jest.fn();
    const t = createTracker({ platform: createFakePlatform().api });
    for (let i = 0; i < 100_000; i++) t.trace('product', {} as never);
    t.init({ ...base, onError });
    expect(onError.mock.calls.length).toBeLessThanOrEqual(21);
    expect(onError.mock.calls.map((c) => c[0].message).join('\n')).toMatch(/99,?980/);
  });
});

describe('defect 7: statuses, storms, clocks, destroy, repeated answers, dates', () => {
  it.each([302, 304, 100])('retries after HTTP %i instead of dropping or counting it delivered', async (status) => {
    const p = createFakePlatform((n) => (n === 0 ? status : 200));
    const t = start(p.api);
    t.trace('order', order(1));
    await jest.advanceTimersByTimeAsync(10_000);
    expect(names(p)).toEqual(['o1']);
    expect(p.server.requests).toHaveLength(2);
    t.destroy();
  });

  it('makes at most one extra attempt per backoff step under app hide/show storms', async () => {
    const p = createFakePlatform(() => 500);
    const t = start(p.api);
    t.trace('order', order(1));
    await jest.advanceTimersByTimeAsync(10); // first attempt failed; backing off (>= 500 ms)
    for (let i = 0; i < 1000; i++) {
      p.hide();
      p.show();
      await jest.advanceTimersByTimeAsync(0);
    }
    expect(p.server.requests.length).toBeLessThanOrEqual(3);
    t.destroy();
  });

  it('passes a page show on after the clock was set back an hour', () => {
    const onPageShow = jest.fn();
    const t = start(createFakePlatform().api, { onPageShow });
    t.pageShow('pages/a/index');
    jest.advanceTimersByTime(1000); // back to the same page without a hide (app hidden and shown)
    jest.setSystemTime(Date.now() - 3_600_000);
    t.pageShow('pages/a/index');
    expect(onPageShow).toHaveBeenCalledTimes(2);
  });

  it('leaves no timer behind once destroyed, even while storage has not answered its first read', () => {
    // A getStorage that never answers: the 3 s start-up guard is pending when the app destroys.
    const api = { ...createFakePlatform().api, getStorage: () => undefined };
    const t = start(api);
    t.trace('product', product(1));
    t.destroy();
    expect(jest.getTimerCount()).toBe(0);
  });

  it('writes nothing to storage once destroyed', async () => {
    const p = createFakePlatform(() => 'network');
    const t = start(p.api);
    await jest.advanceTimersByTimeAsync(10);
    t.destroy();
    const before = p.storage.get('taro-udesk:queue');
    t.trace('order', order(1));
    t.trace('product', product(1));
    await jest.advanceTimersByTimeAsync(2000);
    expect(p.storage.get('taro-udesk:queue')).toBe(before);
  });

  it('merges a getStorage success delivered twice only once', async () => {
    const storage = new Map<string, unknown>();
    storage.set('taro-udesk:queue', JSON.stringify({ v: 1, events: [{ id: 'old.1', session: 'old', seq: 1, type: 'product', at: 1, data: { name: 'old' } }] }));
    const p = createFakePlatform(() => 200, storage);
    let again: (() => void) | undefined;
    const api = {
      ...p.api,
      getStorage(o: Parameters<MiniProgramApi['getStorage']>[0]) {
        const data = storage.get(o.key);
        Promise.resolve().then(() => (data === undefined ? o.fail({ errMsg: 'getStorage:fail data not found' }) : o.success({ data })));
        again = () => data !== undefined && o.success({ data });
      },
    };
    const t = start(api);
    await jest.advanceTimersByTimeAsync(100);
    expect(names(p)).toEqual(['old']);
    again!();
    await jest.advanceTimersByTimeAsync(10_000);
    expect(p.server.requests).toHaveLength(1);
    expect(p.server.duplicates).toBe(0);
    t.destroy();
  });

  it('snapshots a Date passed to trace', async () => {
    const p = createFakePlatform(() => 'hold');
    const t = start(p.api, { flushInterval: 1000 });
    await jest.advanceTimersByTimeAsync(10);
    p.network(false);
    const at = new Date(0);
    t.trace('order', { ...order(1), order_at: at });
    at.setTime(86_400_000);
    p.network(true);
    await jest.advanceTimersByTimeAsync(10);
    expect(p.server.requests[0].body.events[0].data.order_at).toBe(new Date(0).toISOString());
    t.destroy();
  });

  it('keeps sending after a Date subclass whose toJSON throws', async () => {
    const p = createFakePlatform();
    const t = start(p.api);
    t.trace('order', { ...order(1), order_at: new OddDate(0) });
    t.trace('order', order(2));
    await jest.advanceTimersByTimeAsync(10_000);
    expect(names(p)).toContain('o2');
    t.destroy();
  });

  it.each([
    [429, '30', 30_000],
    [503, '45', 45_000],
    [429, '3600', 60_000],
  ])('honours Retry-After on %i (%s s), capped at 60 s', async (status, after, wait) => {
    const answer = (n: number): Answer => (n === 0 ? { status, header: { 'Retry-After': after } } : 200);
    const p = createFakePlatform(answer);
    const t = start(p.api);
    t.trace('order', order(1));
    await jest.advanceTimersByTimeAsync(wait - 1000);
    expect(p.server.requests).toHaveLength(1);
    await jest.advanceTimersByTimeAsync(1100);
    expect(p.server.requests).toHaveLength(2);
    t.destroy();
  });
});
