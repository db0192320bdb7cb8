// Delivery loss measured end to end (docs/protocol.md, "Delivery loss"): the real tracker numbers
// each visitor's events across launches, the real server counts the numbers that never arrived,
// and GET /v1/delivery and /metrics tell the share. Events are lost here the way the library loses
// them: a phone offline long enough that its queue cap drops the oldest (reported to onError).
import { randomBytes } from 'crypto';
import { request } from 'http';
import { createTracker, type MiniProgramApi, type Tracker } from 'taro-udesk/core';
import { APP_ID, COMPANY_TOKEN, adminGet, batch, postBatch, startServer } from './support/trajectoryServer';
import { sleep } from './support/childServer';
import type { DeliveryFigures } from '../src/createStoreFigures';

jest.setTimeout(120_000);
// The tracker warns of its full queue in development: expected here, kept out of the output.
beforeEach(() => jest.spyOn(console, 'warn').mockImplementation(() => undefined));
afterEach(() => jest.restoreAllMocks());

/** One phone: storage kept across launches, requests over HTTP unless it is offline. */
function phone() {
  const storage = new Map<string, unknown>();
  const state = { offline: false };
  const platform: MiniProgramApi = {
    request(options) {
      if (state.offline) {
        setImmediate(() => options.fail({ errMsg: 'request:fail offline' }));
        return { abort: () => undefined };
      }
      const url = new URL(options.url);
      const req = request({ host: url.hostname, port: url.port, path: url.pathname, method: 'POST', headers: options.header }, (res) => {
        let text = '';
        res.on('data', (chunk) => (text += chunk));
        res.on('end', () => options.success({ statusCode: res.statusCode ?? 0, data: text, header: res.headers as Record<string, unknown> }));
      });
      req.on('error', (error) => options.fail({ errMsg: `request:fail ${error.message}` }));
      req.end(options.data);
      return { abort: () => req.destroy() };
    },
    getStorage({ key, success, fail }) {
      setImmediate(() => (storage.has(key) ? success({ data: storage.get(key) }) : fail({ errMsg: 'getStorage:fail data not found' })));
    },
    setStorage({ key, data, success }) {
      storage.set(key, data);
      setImmediate(() => success?.());
    },
    getRandomValues({ length, success }) {
      setImmediate(() => success({ randomValues: new Uint8Array(randomBytes(length)).buffer }));
    },
  };
  return { platform, state, storage };
}


const deliveryOf = async (origin: string): Promise<DeliveryFigures | undefined> =>
  ((await (await adminGet(origin, '/v1/delivery')).json()).apps as DeliveryFigures[]).find((row) => row.appId === APP_ID);

/** One launch of the app: traces `count` product views, lets them go (or not, offline), and is closed. */
async function launch(device: ReturnType<typeof phone>, origin: string, count: number, errors: string[], maxQueue = 500): Promise<void> {
  const tracker: Tracker = createTracker({ platform: device.platform });
  tracker.init({
    appId: APP_ID, companyToken: COMPANY_TOKEN, companyDomain: 'demo.udesk.cn', endpoint: `${origin}/v1/batch`,
    flushInterval: 50, maxQueue, onError: (error) => errors.push(error.message),
  });
  for (let index = 0; index < count; index++) tracker.trace('product', { name: `product ${index}` });
  if (!device.state.offline) await tracker.flush();
  else await sleep(300); // it tries, fails, keeps the events stored
  tracker.destroy();
  await sleep(50); // the last write
}

const storedCount = async (origin: string): Promise<number> =>
  (await (await adminGet(origin, `/v1/events?app=${APP_ID}&limit=1000`)).json()).events.length;

describe('delivery loss, from the tracker to the console and /metrics', () => {
  it('counts no loss when every event arrives, across launches and an offline spell', async () => {
    const server = await startServer({ deliverySettleMs: 0, figuresMaxAgeMs: 0 });
    try {
      const device = phone();
      const errors: string[] = [];
      await launch(device, server.origin, 12, errors);
      device.state.offline = true;
      await launch(device, server.origin, 8, errors); // kept in storage, numbers 13..20
      device.state.offline = false;
      await launch(device, server.origin, 5, errors); // sends the stored 8 and its own 5
      expect(await storedCount(server.origin)).toBe(25);
      expect(await deliveryOf(server.origin)).toEqual({
        appId: APP_ID, settledVisitors: 1, expected: 25, missing: 0, lossRatio: 0, activeVisitors: 0, pending: 0,
      });
      expect(errors).toEqual([]);
    } finally {
      await server.close();
    }
  });

  it('counts the events a full queue dropped while offline as lost, once the visitor settles; pending before', async () => {
    const server = await startServer({ deliverySettleMs: 60 * 60 * 1000, figuresMaxAgeMs: 0 });
    try {
      const device = phone();
      const errors: string[] = [];
      await launch(device, server.origin, 10, errors, 10); // numbers 1..10 arrive
      device.state.offline = true;
      await launch(device, server.origin, 25, errors, 10); // 11..35 traced, the queue keeps 26..35
      expect(errors.join(' ')).toMatch(/queue is full/);
      device.state.offline = false;
      // 36..40 traced; with the stored 26..35 that is 15 for 10 places: 26..30 dropped, 31..40 arrive.
      await launch(device, server.origin, 5, errors, 10);
      expect(await storedCount(server.origin)).toBe(20);
      // Seen within the settling time: the 20 dropped numbers are pending, not yet lost.
      expect(await deliveryOf(server.origin)).toMatchObject({ settledVisitors: 0, expected: 0, missing: 0, activeVisitors: 1, pending: 20 });
    } finally {
      await server.close();
    }
  });

  it('shows lost events in the figures and in /metrics', async () => {
    const server = await startServer({ deliverySettleMs: 0, figuresMaxAgeMs: 0 });
    try {
      const lossy = phone();
      const sound = phone();
      const errors: string[] = [];
      await launch(lossy, server.origin, 10, errors, 10);
      lossy.state.offline = true;
      await launch(lossy, server.origin, 25, errors, 10);
      lossy.state.offline = false;
      await launch(lossy, server.origin, 5, errors, 10);
      await launch(sound, server.origin, 40, errors);
      const figures = await deliveryOf(server.origin);
      console.log(`delivery loss, real tracker: ${JSON.stringify(figures)}`);
      // 40 numbered on each phone; the lossy one's cap dropped 20 (as above), the sound one's none.
      expect(figures).toEqual({ appId: APP_ID, settledVisitors: 2, expected: 80, missing: 20, lossRatio: 0.25, activeVisitors: 0, pending: 0 });
      expect(await storedCount(server.origin)).toBe(60);
      const metrics = await (await adminGet(server.origin, '/metrics')).text();
      expect(metrics).toContain(`taro_udesk_delivery_expected_events{app="${APP_ID}"} 80`);
      expect(metrics).toContain(`taro_udesk_delivery_missing_events{app="${APP_ID}"} 20`);
      expect(metrics).toContain(`taro_udesk_delivery_loss_ratio{app="${APP_ID}"} 0.25`);
    } finally {
      await server.close();
    }
  });

  it('refuses a visitorSeq that is not a whole number from 1, by id, and keeps the rest of the batch', async () => {
    const server = await startServer({ deliverySettleMs: 0, figuresMaxAgeMs: 0 });
    try {
      const visitor = randomBytes(16).toString('hex');
      const numbered = (seq: unknown, index: number) =>
        ({ id: `s.${index}`, session: 's', seq: index, type: 'product', at: 1_700_000_000_000, visitor, visitorSeq: seq, data: { name: 'x' } });
      const bad = [0, -1, 1.5, '2', 2 ** 53, null];
      const response = await postBatch(server.origin, { ...batch([numbered(1, 1), ...bad.map((seq, index) => numbered(seq, index + 2)), numbered(3, 9)]), v: 2 });
      const body = await response.json();
      expect(body.accepted).toBe(2);
      expect(body.rejected).toHaveLength(bad.length);
      for (const refusal of body.rejected) expect(refusal.reason).toBe('visitorSeq must be a whole number from 1 to 2^53 - 1');
      expect(await deliveryOf(server.origin)).toMatchObject({ expected: 3, missing: 1 });
    } finally {
      await server.close();
    }
  });
});
