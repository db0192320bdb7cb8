// The client's tracker against the real server in a 429 storm: 20 phones behind one address, a
// per-address limit far below what they send. Each tracker honours Retry-After and keeps its
// events until they are stored: every traced event arrives, none twice.
import { request } from 'http';
import { randomBytes } from 'crypto';
import { createTracker, type MiniProgramApi, type Tracker } from 'taro-udesk/core';
import { APP_ID, COMPANY_TOKEN, adminGet, startServer } from './support/trajectoryServer';
import { sleep } from './support/childServer';

jest.setTimeout(300_000);

const PHONES = 20;
const EVENTS_PER_PHONE = 25;

interface Counts {
  statuses: Map<number, number>;
}

/** A `wx`-shaped platform whose requests really go over HTTP, storage in memory. */
function httpPlatform(counts: Counts): MiniProgramApi {
  const storage = new Map<string, unknown>();
  return {
    request(options) {
      const url = new URL(options.url);
      const req = request({ host: url.hostname, port: url.port, path: url.pathname, method: 'POST', headers: options.header }, (res) => {
        let text = '';
        res.on('data', (chunk) => (text += chunk));
        res.on('end', () => {
          const status = res.statusCode ?? 0;
          counts.statuses.set(status, (counts.statuses.get(status) ?? 0) + 1);
          options.success({ statusCode: status, data: text, header: res.headers as Record<string, unknown> });
        });
      });
      req.on('error', (error) => options.fail({ errMsg: `request:fail ${error.message}` }));
      req.setTimeout(options.timeout, () => req.destroy(new Error('timeout')));
      req.end(options.data);
      return { abort: () => req.destroy() };
    },
    getStorage({ key, success, fail }) {
      setImmediate(() => (storage.has(key) ? success({ data: storage.get(key) }) : fail(new Error('data not found'))));
    },
    setStorage({ key, data, success }) {
      storage.set(key, data);
      setImmediate(() => success?.());
    },
    getRandomValues({ length, success }) {
      setImmediate(() => success({ randomValues: new Uint8Array(randomBytes(length)).buffer }));
    },
  };
}

describe('the tracker through a 429 storm', () => {
  it('delivers every event of 20 phones behind one address, honouring Retry-After, none lost', async () => {
    const server = await startServer({ rateLimit: 2 });
    const counts: Counts = { statuses: new Map() };
    const trackers: Tracker[] = [];
    const traced: string[][] = [];
    try {
      for (let phone = 0; phone < PHONES; phone++) {
        const tracker = createTracker({ platform: httpPlatform(counts) });
        tracker.init({ appId: APP_ID, companyToken: COMPANY_TOKEN, companyDomain: 'demo.udesk.cn', endpoint: `${server.origin}/v1/batch`, flushInterval: 200 });
        trackers.push(tracker);
        traced.push([]);
      }
      for (let index = 0; index < EVENTS_PER_PHONE; index++) {
        trackers.forEach((tracker, phone) => {
          if (index % 5 === 4) tracker.trace('order', { order_no: `o-${phone}-${index}`, name: 'shoes', price: 99, order_at: 1_764_842_400_000, status: 'paid' });
          else tracker.trace('product', { name: `product ${phone}-${index}` });
          traced[phone].push(`${phone}-${index}`);
        });
      }
      // Bounded: at 2 batches a second this takes a few dozen seconds; stop looking after 4 minutes.
      let stored: Array<{ id: string }> = [];
      for (let poll = 0; poll < 480; poll++) {
        stored = (await (await adminGet(server.origin, '/v1/events?limit=1000')).json()).events;
        if (stored.length >= PHONES * EVENTS_PER_PHONE) break;
        await sleep(500);
      }
      const refused = counts.statuses.get(429) ?? 0;
      console.log(`429 storm: ${PHONES} trackers, ${PHONES * EVENTS_PER_PHONE} events traced, ${stored.length} stored, ` +
        `answers ${JSON.stringify(Object.fromEntries(counts.statuses))}`);
      expect(refused).toBeGreaterThan(0);
      expect(new Set(stored.map((event) => event.id)).size).toBe(stored.length);
      expect(stored).toHaveLength(PHONES * EVENTS_PER_PHONE);
      expect(server.stats.rejected).toBe(0);
    } finally {
      trackers.forEach((tracker) => tracker.destroy());
      await server.close();
    }
  });
});
