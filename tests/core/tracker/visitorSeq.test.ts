// The visitor's sequence (protocol v2, `visitorSeq`): 1, 2, 3 … per visitor, kept with the queue
// across launches, so the server can count the numbers that never arrived. A number is never
// given twice to one visitor, and never skipped, whatever the launches, answers and logouts.
import fc from 'fast-check';
import { createTracker } from 'taro-udesk/core';
import type { QueuedEvent, Tracker, TrackerConfig } from 'taro-udesk/core';
import { createFakePlatform } from '../../support/fakePlatform';
import type { Answer, FakePlatform } from '../../support/fakePlatform';

const base = {
  appId: 'wx123',
  companyToken: 'secret-company-token-0000',
  companyDomain: 'demo.udesk.cn',
  endpoint: 'https://collector.example.com/batch',
};
const product = (n: number) => ({ name: `Product ${n}` });
const order = (no: number) => ({ order_no: String(no), name: `Order ${no}`, price: 9.9, order_at: 0, status: 'paid' as const });

beforeEach(() => {
  jest.useFakeTimers();
  jest.spyOn(console, 'warn').mockImplementation(() => {});
});
afterEach(() => {
  jest.useRealTimers();
  jest.restoreAllMocks();
});

const settle = () => jest.advanceTimersByTimeAsync(0);
const start = (p: FakePlatform, config: Partial<TrackerConfig> = {}): Tracker => {
  const t = createTracker({ platform: p.api });
  t.init({ ...base, ...config } as TrackerConfig);
  return t;
};
const stored = (p: FakePlatform) => JSON.parse(p.storage.get('taro-udesk:queue') as string);
const numbers = (events: QueuedEvent[]) => events.map((e) => e.visitorSeq);

describe("the visitor's sequence", () => {
  it('numbers events 1, 2, 3 … in trace order, those traced before the visitor was read included, and stores the count', async () => {
    const p = createFakePlatform();
    const t = createTracker({ platform: p.api });
    t.trace('product', product(1)); // before init
    t.init(base as TrackerConfig);
    t.trace('product', product(2)); // before the stored queue answered
    await settle();
    t.trace('product', product(3));
    t.trace('order', order(4));
    await settle();
    expect(numbers(p.server.accepted)).toEqual([1, 2, 3, 4]);
    expect(stored(p)).toMatchObject({ visitor: p.server.accepted[0].visitor, visitorSeq: 4 });
    t.destroy();
  });

  it('goes on from the stored count after a relaunch, after the events the last launch left', async () => {
    const first = createFakePlatform((n) => (n === 0 ? 200 : 'network'));
    const a = start(first);
    await settle();
    a.trace('order', order(1)); // delivered
    await settle();
    a.trace('order', order(2)); // the network fails: left in the queue
    a.trace('order', order(3));
    await settle();
    a.destroy();
    const relaunch = createFakePlatform(undefined, first.storage, first.server);
    const b = createTracker({ platform: relaunch.api });
    b.trace('product', product(4)); // before init: numbered once the stored count is read
    b.init(base as TrackerConfig);
    await settle();
    b.trace('order', order(5));
    await settle();
    const accepted = first.server.accepted;
    expect(new Set(accepted.map((e) => e.visitor)).size).toBe(1);
    expect(numbers(accepted)).toEqual([1, 2, 3, 4, 5]);
    b.destroy();
  });

  it('starts again at 1 for the visitor identify(null) makes; events queued before keep their numbers', async () => {
    const p = createFakePlatform((n) => (n === 0 ? 'hold' : 200));
    const t = start(p);
    await settle();
    t.trace('order', order(1)); // held in flight
    await settle();
    t.identify(null);
    t.trace('order', order(2)); // traced while the new id is made
    await settle();
    t.trace('order', order(3));
    p.server.release(200);
    await jest.advanceTimersByTimeAsync(100);
    const [before, ...after] = p.server.accepted;
    expect(before.visitorSeq).toBe(1);
    expect(after.map((e) => [e.visitor, e.visitorSeq])).toEqual([[after[0].visitor, 1], [after[0].visitor, 2]]);
    expect(after[0].visitor).not.toBe(before.visitor);
    expect(stored(p)).toMatchObject({ visitor: after[0].visitor, visitorSeq: 2 });
    t.destroy();
  });

  it('stores the count before a batch leaves: an app killed right after a delivery never gives those numbers again', async () => {
    const p = createFakePlatform();
    const t = start(p, { flushAt: 3 });
    await settle();
    // Three views at once: the batch leaves at once, before the queue's 500 ms quiet write.
    t.trace('product', product(1));
    t.trace('product', product(2));
    t.trace('product', product(3));
    await settle();
    expect(p.server.accepted).toHaveLength(3);
    p.kill(); // killed in the foreground: no app hide, the quiet write never happens
    const relaunch = createFakePlatform(undefined, p.storage, p.server);
    const again = start(relaunch);
    await settle();
    again.trace('order', order(4));
    await settle();
    expect(numbers(p.server.accepted)).toEqual([1, 2, 3, 4]);
    again.destroy();
    t.destroy();
  });

  it('skips the numbers of events the queue cap dropped before the visitor was read: the server sees them missing', async () => {
    const p = createFakePlatform();
    const t = createTracker({ platform: p.api });
    t.init({ ...base, maxQueue: 3 } as TrackerConfig);
    for (let n = 1; n <= 5; n++) t.trace('product', product(n)); // before the stored queue answered: 1 and 2 dropped
    await settle();
    expect(p.server.accepted.map((e) => (e.data as { name: string }).name)).toEqual(['Product 3', 'Product 4', 'Product 5']);
    expect(numbers(p.server.accepted)).toEqual([3, 4, 5]);
    t.destroy();
  });

  it('has no number in a v1 batch (no visitor id: no cryptographic source)', async () => {
    const p = createFakePlatform();
    const original = globalThis.crypto;
    Object.defineProperty(globalThis, 'crypto', { value: undefined, configurable: true });
    try {
      const t = start(p);
      await settle();
      t.trace('order', order(1));
      await settle();
      expect(p.server.requests[0].body.v).toBe(1);
      expect(p.server.accepted[0]).not.toHaveProperty('visitorSeq');
      t.destroy();
    } finally {
      Object.defineProperty(globalThis, 'crypto', { value: original, configurable: true });
    }
  });

  it('never gives a number twice nor skips one, through failures, relaunches and logouts (property)', async () => {
    const step = fc.oneof(
      fc.record({ kind: fc.constant('trace' as const), order: fc.boolean() }),
      fc.record({ kind: fc.constant('wait' as const), ms: fc.integer({ min: 0, max: 70_000 }) }),
      fc.constant({ kind: 'relaunch' as const }),
      fc.constant({ kind: 'logout' as const }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 40 }), fc.integer({ min: 0, max: 1000 }), async (steps, seed) => {
        let n = seed;
        const faults: Answer[] = ['network', 500, 'timeout', 200, 200];
        const answer = (): Answer => faults[(n = (n * 7 + 3) % 1009) % faults.length];
        let platform = createFakePlatform(answer);
        let tracker = start(platform, { flushAt: 3 });
        let traced = 0;
        for (const s of steps) {
          if (s.kind === 'trace') {
            traced += 1;
            tracker.trace(s.order ? 'order' : 'product', s.order ? order(traced) : product(traced));
            await settle();
          } else if (s.kind === 'wait') {
            await jest.advanceTimersByTimeAsync(s.ms);
          } else if (s.kind === 'logout') {
            tracker.identify(null);
            await settle();
          } else {
            // WeChat hides an app before it kills it in the background: the queue is written then.
            platform.hide();
            await settle();
            platform.kill();
            tracker.destroy();
            platform = createFakePlatform(answer, platform.storage, platform.server);
            tracker = start(platform, { flushAt: 3 });
            await settle();
          }
        }
        // Then a launch where the network is fine: everything queued goes.
        const server = platform.server;
        const final = createFakePlatform(() => 200, platform.storage, server);
        platform.hide();
        await settle();
        platform.kill();
        tracker.destroy();
        const last = start(final);
        for (let i = 0; i < 5; i++) await jest.advanceTimersByTimeAsync(60_000);
        last.destroy();
        expect(server.accepted).toHaveLength(traced);
        const byVisitor = new Map<string, number[]>();
        for (const e of server.accepted) byVisitor.set(e.visitor as string, [...(byVisitor.get(e.visitor as string) ?? []), e.visitorSeq as number]);
        for (const seqs of byVisitor.values()) {
          expect(seqs.slice().sort((a, b) => a - b)).toEqual(seqs.map((_, i) => i + 1));
        }
      }),
      { numRuns: 60 },
    );
  });
});
