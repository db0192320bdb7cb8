// 1,000 events against a server that fails a random third of requests (network errors, 500s,
// timeouts whose request did reach it), with the app killed mid-flight and relaunched halfway.
import { createTracker } from 'taro-udesk/core';
import type { QueuedEvent } from 'taro-udesk/core';
import { createFakePlatform } from '../../support/fakePlatform';
import type { Answer } from '../../support/fakePlatform';

/** A small seeded generator, so a failure can be replayed. */
const mulberry32 = (seed: number) => () => {
  seed |= 0;
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};

const config = { appId: 'wx1', companyToken: 't', companyDomain: 'demo.udesk.cn', endpoint: 'https://c.example.com/b' };

beforeEach(() => {
  jest.useFakeTimers();
  jest.spyOn(console, 'warn').mockImplementation(() => {});
});
afterEach(() => {
  jest.useRealTimers();
  jest.restoreAllMocks();
});

it.each([1, 2, 3])('delivers 1,000 events through faults and a relaunch: all, once by id, in order (seed %i)', async (seed) => {
  const random = mulberry32(seed);
  const faults: Answer[] = ['network', 500, 'timeout'];
  const answer = (): Answer => (random() < 1 / 3 ? faults[Math.floor(random() * 3)] : 200);
  const traced: string[] = [];
  const traceSome = async (tracker: ReturnType<typeof createTracker>, from: number, to: number) => {
    for (let i = from; i < to; i++) {
      const ok = i % 10 === 9
        ? tracker.trace('order', { order_no: String(i), name: 'o', price: 1, order_at: 0, status: 'paid' })
        : tracker.trace('product', { name: `p${i}` });
      expect(ok).toBe(true);
      traced.push(String(i));
      await jest.advanceTimersByTimeAsync(200); // a fast reader: five views a second
    }
  };
  const label = (e: QueuedEvent) => (e.type === 'order' ? (e.data.order_no as string) : (e.data.name as string).slice(1));

  const onError = jest.fn();
  const first = createFakePlatform(answer);
  const a = createTracker({ platform: first.api, random });
  a.init({ ...config, onError });
  await traceSome(a, 0, 500);
  first.hide(); // WeChat kills apps in the background: hide, then killed mid-flight
  await jest.advanceTimersByTimeAsync(1);
  first.kill();

  const second = createFakePlatform(answer, first.storage, first.server);
  const b = createTracker({ platform: second.api, random });
  b.init({ ...config, onError });
  await traceSome(b, 500, 1000);
  for (let i = 0; i < 100 && first.server.accepted.length < 1000; i++) {
    await jest.advanceTimersByTimeAsync(60_000);
  }

  const { accepted, requests, duplicates } = first.server;
  expect(accepted.map(label).sort()).toEqual(traced.slice().sort()); // every event, once
  expect(new Set(accepted.map((e) => e.id)).size).toBe(1000);
  for (const session of new Set(accepted.map((e) => e.session))) {
    const seqs = accepted.filter((e) => e.session === session).map((e) => e.seq);
    expect(seqs).toEqual(seqs.slice().sort((x, y) => x - y)); // in order per session
  }
  const failed = requests.filter((r) => r.answer !== 200).length;
  expect(failed).toBeGreaterThanOrEqual(5); // the faults really happened
  expect(onError.mock.calls.filter((c) => /queue is full/.test(c[0].message))).toEqual([]); // nothing dropped
  // Timeouts reached the server before failing, so their retries are duplicates it drops by id.
  const lost = traced.filter((l) => !accepted.some((e) => label(e) === l)).length;
  console.log(`seed ${seed}: ${traced.length} traced, ${accepted.length} delivered, ${duplicates} duplicate receipts dropped by id, ` +
    `${requests.length} requests (${failed} failed), ${lost} lost`);
});
