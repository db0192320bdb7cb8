// Tracker figures for npm run bench, measured against the in-memory platform of the tests.
import { performance } from 'perf_hooks';
import { createTracker } from '../../src/core';
import { createFakePlatform } from '../../tests/support/fakePlatform';

const config = { appId: 'wx1', companyToken: 't', companyDomain: 'demo.udesk.cn', endpoint: 'https://c.example.com/b' };
const view = (i: number) => ({
  name: `Apple iPhone X (A1903) 64GB ${i}`,
  url: 'https://item.jd.com/6748052.html',
  imgUrl: 'http://img12.360buyimg.com/n1/s450x450_jfs/t10675/253/1344769770/66891/92d54ca4/59df2e7fN86c99a27.jpg',
  params: [{ text: '¥6999.00', color: '#FF0000', fold: false, break: false, size: 12 }],
});
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const gc = () => (global as unknown as { gc?: () => void }).gc?.();

export async function trackerBench(): Promise<Array<[string, string]>> {
  const rows: Array<[string, string]> = [];

  // Requests for 1,000 product views, one every 2 ms (a burst beyond the cap would be capped).
  for (const paced of [true]) {
    const p = createFakePlatform();
    const t = createTracker({ platform: p.api });
    t.init(config);
    await sleep(5);
    for (let i = 0; i < 1000; i++) {
      t.trace('product', view(i));
      if (paced) await sleep(2);
    }
    await t.flush();
    await sleep(10);
    rows.push([`requests for 1,000 product views, ${paced ? 'one every 2 ms' : 'in one burst'}`, `${p.server.requests.length} (${p.server.accepted.length} delivered)`]);
    t.destroy();
  }

  // trace() cost: validation, queueing, scheduling (offline, so nothing is sent).
  {
    const p = createFakePlatform();
    const t = createTracker({ platform: p.api });
    t.init({ ...config, maxQueue: 200000 });
    await sleep(5);
    p.network(false);
    const n = 20000;
    for (let i = 0; i < 2000; i++) t.trace('product', view(i));
    const t0 = performance.now();
    for (let i = 0; i < n; i++) t.trace('product', view(i));
    rows.push(['trace(\'product\') call, per call', `${(((performance.now() - t0) * 1000) / n).toFixed(2)} µs`]);
    t.destroy();
  }

  // Peak memory and stored size with 10,000 views traced while offline: bounded by the cap.
  {
    gc();
    const before = process.memoryUsage().heapUsed;
    const p = createFakePlatform();
    const t = createTracker({ platform: p.api });
    t.init(config);
    await sleep(5);
    p.network(false);
    let peak = 0;
    for (let i = 0; i < 10000; i++) {
      t.trace('product', view(i));
      if (i % 500 === 0) peak = Math.max(peak, process.memoryUsage().heapUsed - before);
    }
    await sleep(600);
    gc();
    const held = process.memoryUsage().heapUsed - before;
    const stored = String(p.storage.get('taro-udesk:queue') || '');
    const kept = JSON.parse(stored).events.length;
    rows.push(['10,000 views offline: events kept (cap 500)', String(kept)]);
    rows.push(['10,000 views offline: heap held after, peak sampled (with garbage)', `${(held / 1024).toFixed(0)} KB, ${(peak / 1024).toFixed(0)} KB`]);
    rows.push(['10,000 views offline: stored queue', `${(Buffer.byteLength(stored) / 1024).toFixed(0)} KB (WeChat: 1024 KB per key)`]);
    t.destroy();
  }

  // Synchronous storage calls during init (and the first traces).
  {
    const p = createFakePlatform();
    const t = createTracker({ platform: p.api });
    t.init(config);
    t.trace('product', view(1));
    await sleep(600);
    rows.push(['synchronous storage calls during init', `${p.syncStorageCalls}`]);
    t.destroy();
  }
  return rows;
}
