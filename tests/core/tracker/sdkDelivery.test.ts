// `sdk` delivery when Udesk's own module throws from trace: the event it threw on is kept and
// forwarded once the module works again, before every later event; held events are bounded
// like the queue; nothing throws into the page.
import { createTracker } from 'taro-udesk/core';
import type { UdeskError } from 'taro-udesk/core';

const ids = { appId: 'wx1', companyToken: 't', companyDomain: 'demo.udesk.cn' };
const product = (n: number) => ({ name: `Product ${n}` });
const order = (no: number) => ({ order_no: String(no), name: `Order ${no}`, price: 1, order_at: 0, status: 'paid' as const });

/** Udesk's module, broken while `broken` is true: it throws before recording anything. */
function officialModule() {
  const module = {
    broken: false,
    received: [] as string[],
    attempts: 0,
    init: jest.fn(),
    trace(type: string, data: { name: string }) {
      module.attempts++;
      if (module.broken) throw new Error('ud-sdk is not ready');
      module.received.push(`${type}:${data.name}`);
    },
  };
  return module;
}

let warn: jest.SpyInstance;
beforeEach(() => {
  jest.useFakeTimers();
  warn = jest.spyOn(console, 'warn').mockImplementation(() => {});
});
afterEach(() => {
  jest.useRealTimers();
  warn.mockRestore();
});

describe('sdk delivery: an event the module threw on', () => {
  it('is kept and forwarded once the module works again, before the later events, and reported once', async () => {
    const sdk = officialModule();
    const errors: UdeskError[] = [];
    const t = createTracker();
    t.init({ ...ids, sdk, onError: (e) => errors.push(e) });
    t.trace('product', product(1));
    sdk.broken = true;
    expect(() => t.trace('product', product(2))).not.toThrow(); // thrown on: kept
    expect(t.trace('order', order(3))).toBe(true); // must not overtake product 2
    expect(sdk.received).toEqual(['product:Product 1']);
    await jest.advanceTimersByTimeAsync(5000); // retried while broken: still kept
    sdk.broken = false;
    await jest.advanceTimersByTimeAsync(60_000);
    expect(sdk.received).toEqual(['product:Product 1', 'product:Product 2', 'order:Order 3']);
    expect(errors.map((e) => e.message)).toEqual([expect.stringMatching(/ud-sdk's trace threw: ud-sdk is not ready/)]);
    t.trace('product', product(4));
    expect(sdk.received).toHaveLength(4); // working again: at once
    t.destroy();
  });

  it('goes with the next trace, in order, without waiting for the retry', () => {
    const sdk = officialModule();
    const t = createTracker();
    t.init({ ...ids, sdk });
    sdk.broken = true;
    t.trace('product', product(1));
    sdk.broken = false;
    t.trace('product', product(2));
    expect(sdk.received).toEqual(['product:Product 1', 'product:Product 2']);
    t.destroy();
  });

  it('holds the events traced before init the same way', async () => {
    const sdk = officialModule();
    sdk.broken = true;
    const t = createTracker();
    t.trace('product', product(1));
    t.trace('order', order(2));
    t.init({ ...ids, sdk });
    expect(sdk.received).toEqual([]);
    sdk.broken = false;
    await jest.advanceTimersByTimeAsync(60_000);
    expect(sdk.received).toEqual(['product:Product 1', 'order:Order 2']);
    t.destroy();
  });

  it('flush() tries the held events at once and resolves with how many are still held', async () => {
    const sdk = officialModule();
    const t = createTracker();
    t.init({ ...ids, sdk });
    sdk.broken = true;
    t.trace('product', product(1));
    t.trace('product', product(2));
    await expect(t.flush()).resolves.toEqual({ pending: 2 });
    sdk.broken = false;
    await expect(t.flush()).resolves.toEqual({ pending: 0 });
    expect(sdk.received).toEqual(['product:Product 1', 'product:Product 2']);
    t.destroy();
  });

  it('holds at most maxQueue events: past it the oldest product views go first, orders last, reported', async () => {
    const sdk = officialModule();
    const errors: UdeskError[] = [];
    const t = createTracker();
    t.init({ ...ids, sdk, maxQueue: 3, onError: (e) => errors.push(e) });
    sdk.broken = true;
    t.trace('order', order(1));
    t.trace('product', product(2));
    t.trace('product', product(3));
    t.trace('order', order(4)); // over: product 2 goes
    t.trace('order', order(5)); // over: product 3 goes
    t.trace('order', order(6)); // over: only orders left, the oldest goes
    sdk.broken = false;
    await jest.advanceTimersByTimeAsync(60_000);
    expect(sdk.received).toEqual(['order:Order 4', 'order:Order 5', 'order:Order 6']);
    expect(errors.map((e) => e.message).join('\n')).toMatch(/dropping the oldest/);
    t.destroy();
  });

  it('retries with backoff, not in a loop, and stops at destroy', async () => {
    const sdk = officialModule();
    const t = createTracker();
    t.init({ ...ids, sdk });
    sdk.broken = true;
    t.trace('product', product(1));
    await jest.advanceTimersByTimeAsync(10 * 60_000);
    // 1 s doubling to 60 s, each 50-100 % of it: 10 minutes hold 15 to 25 tries after the first.
    expect(sdk.attempts).toBeGreaterThan(10);
    expect(sdk.attempts).toBeLessThanOrEqual(26);
    t.destroy();
    const before = sdk.attempts;
    await jest.advanceTimersByTimeAsync(10 * 60_000);
    expect(sdk.attempts).toBe(before);
  });

  it('never throws into the page, whatever the module throws and whatever onError does', async () => {
    const t = createTracker();
    const sdk = {
      init: () => {
        throw null;
      },
      trace: () => {
        throw 'a string';
      },
    };
    t.init({ ...ids, sdk, onError: () => { throw new Error('onError broke'); } });
    expect(() => t.trace('product', product(1))).not.toThrow();
    await expect(jest.advanceTimersByTimeAsync(120_000)).resolves.toBeUndefined();
    await expect(t.flush()).resolves.toEqual({ pending: 1 });
    t.destroy();
  });
});
