// The benches' load: `clients` keep-alive clients, each posting its own visitor's batches of 10
// product views back to back for `seconds`, in a worker thread (its own event loop on the other
// core, so the server's process is measured, not the generator's share of one thread).
import { Worker } from 'worker_threads';

const LOAD_WORKER = `
const { parentPort, workerData } = require('worker_threads');
const { Agent, request } = require('http');
const { port, seconds, clients, run } = workerData;
const agent = new Agent({ keepAlive: true, maxSockets: clients });
const post = (body) => new Promise((resolve, reject) => {
  const req = request({ agent, port, host: '127.0.0.1', method: 'POST', path: '/v1/batch',
    headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (res) => {
    res.resume();
    res.on('end', () => resolve(res.statusCode));
  });
  req.on('error', reject);
  req.end(body);
});
(async () => {
  const latencies = [];
  const started = Date.now();
  const until = started + seconds * 1000;
  await Promise.all(Array.from({ length: clients }, async (_, client) => {
    const visitor = 'bench' + run + '-' + client;
    for (let seq = 1; Date.now() < until; seq += 10) {
      const batch = { v: 1, appId: 'wx-bench', companyDomain: 'bench.udesk.cn', sentAt: Date.now(), events: Array.from({ length: 10 }, (_, n) => ({
        id: visitor + '.' + (seq + n), session: visitor, seq: seq + n, type: 'product', at: Date.now(),
        data: { name: 'Product ' + (seq + n), url: 'https://shop.example.com/p', params: [{ text: '¥6999.00', color: '#FF0000', size: 12 }] } })) };
      const t = performance.now();
      const status = await post(JSON.stringify(batch));
      latencies.push(performance.now() - t);
      if (status !== 200) throw new Error('POST answered ' + status);
    }
  }));
  agent.destroy();
  parentPort.postMessage({ latencies, elapsedMs: Date.now() - started });
})().catch((error) => { throw error; });
`;

export interface LoadResult {
  /** Each batch's round trip, ms, in the order they finished. */
  latencies: number[];
  eventsPerSecond: number;
  p99: number;
}

/** The 99th percentile of `latencies`, ms. */
export const p99Of = (latencies: number[]): number => [...latencies].sort((a, b) => a - b)[Math.floor(latencies.length * 0.99)];

let runNumber = 0;

/** Posts from `clients` clients to the server on `port` for `seconds`; each run posts under new visitor ids. */
export function batchLoad(port: number, seconds: number, clients: number): Promise<LoadResult> {
  const worker = new Worker(LOAD_WORKER, { eval: true, workerData: { port, seconds, clients, run: ++runNumber } });
  return new Promise<{ latencies: number[]; elapsedMs: number }>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  }).then(({ latencies, elapsedMs }) => ({
    latencies,
    eventsPerSecond: Math.round((latencies.length * 10) / (elapsedMs / 1000)),
    p99: p99Of(latencies),
  }));
}
