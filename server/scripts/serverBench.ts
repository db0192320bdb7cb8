// The trajectory server under load, on this machine: 50 keep-alive clients posting batches of 10,
// against the server (group commit) and a naive handler (one INSERT per event) on the same store;
// then with 1,000,000 stored events: start-up, one visitor's page, POST p99 with and without an
// open console stream. Embedded store (PGlite) and PostgreSQL (a throwaway cluster, fsync on).
import { createServer } from 'http';
import { batchLoad } from './batchLoad';
import type { AddressInfo } from 'net';
import { createTrajectoryServer } from '../src';
import { openPgliteExecutor, createPgliteStore } from '../src/store/createPgliteStore';
import { createPostgresExecutor, createPostgresStore } from '../src/store/createPostgresStore';
import type { SqlExecutor } from '../src/store/sqlExecutor';
import { makePgliteDataDir } from '../tests/support/pgliteDataDir';
import { startPostgres } from '../tests/support/postgres';
import { Pool } from 'pg';

const CLIENTS = 50;
const SECONDS = Number(process.env.BENCH_SECONDS || 6);
const BIG = Number(process.env.BENCH_STORED || 1_000_000);
const ADMIN = 'bench-admin-token-0123456789abcdef';
// The bench measures the server's capacity, so per-app quotas (issue 17) must not answer 429.
const UNLIMITED_APPS = { appEventsPerMinute: 1e12, appBytesPerMinute: 1e15 };
const load = (port: number, seconds = SECONDS) => batchLoad(port, seconds, CLIENTS);
const quiet = { info: () => undefined, warn: () => undefined, error: (m: string) => console.error(m) };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The naive handler: parse, then one INSERT (its own transaction) per event. */
function naiveServer(executor: SqlExecutor) {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', async () => {
      const batch = JSON.parse(Buffer.concat(chunks).toString());
      for (const e of batch.events) {
        await executor.query(`INSERT INTO taro_udesk_events (app_id, id, visitor, customer, type, at, received_at, event)
          VALUES ($1, $2, $3, NULL, $4, $5, $6, $7::jsonb) ON CONFLICT DO NOTHING`, [batch.appId, e.id, e.session, e.type, e.at, Date.now(), JSON.stringify(e)]);
      }
      res.end('{}');
    });
  });
  return new Promise<{ port: number; close: () => Promise<void> }>((resolve) => server.listen(0, '127.0.0.1', () =>
    resolve({ port: (server.address() as AddressInfo).port, close: () => new Promise((done) => server.close(() => done())) })));
}

/** Fills the store to `BIG` events, 100 per visitor, in SQL (a bulk load, not the measured path). */
async function fill(executor: SqlExecutor) {
  const missing = BIG;
  for (let start = 0; start < missing; start += 100_000) {
    const size = Math.min(100_000, missing - start);
    await executor.query(`INSERT INTO taro_udesk_events (app_id, id, visitor, customer, type, at, received_at, event)
      SELECT 'wx-bench', 'fill.' || g, 'fill-visitor-' || (g / 100), NULL, 'product', 1700000000000 + g, 1700000000000 + g,
        jsonb_build_object('id', 'fill.' || g, 'session', 'fill-visitor-' || (g / 100), 'seq', g, 'type', 'product', 'data', jsonb_build_object('name', 'Product ' || g))
      FROM generate_series($1::bigint, $2::bigint) AS g`, [start, start + size - 1]);
  }
  await executor.query(`INSERT INTO taro_udesk_visitors (app_id, visitor, customer, events, first_at, last_at, last_order)
    SELECT app_id, visitor, NULL, count(*), min(at), max(at), max(ingest_order) FROM taro_udesk_events GROUP BY app_id, visitor
    ON CONFLICT (app_id, visitor) DO UPDATE SET events = EXCLUDED.events, last_order = EXCLUDED.last_order`);
  await executor.query('ANALYZE');
}

async function withStream(port: number) {
  const stream = await fetch(`http://127.0.0.1:${port}/v1/stream`, { headers: { authorization: `Bearer ${ADMIN}` } });
  const reader = stream.body!.getReader();
  let reading = true;
  void (async () => {
    while (reading) if ((await reader.read()).done) break;
  })();
  return () => {
    reading = false;
    return reader.cancel();
  };
}

async function benchStore(name: string, open: () => Promise<{ store: () => Promise<import('../src').TrajectoryStore>; executor: () => Promise<SqlExecutor>; cleanup: () => Promise<void> }>) {
  const rows: Array<[string, string]> = [];
  const target = await open();
  // 1. The server against the naive handler, on an empty store.
  let server = createTrajectoryServer({ store: await target.store(), adminToken: ADMIN, logger: quiet, rateLimit: 1e6, ...UNLIMITED_APPS });
  let port = Number(new URL(await server.listen(0)).port);
  await load(port, 2); // warm-up: WASM and JIT tiers, connection pools
  const fast = await load(port);
  await server.close();
  await (await server.ready()).close();
  console.error(`${name}: server ${fast.eventsPerSecond} events/s, p99 ${fast.p99.toFixed(1)} ms`);
  rows.push([`${name}: server, events/s`, String(fast.eventsPerSecond)], [`${name}: server, POST p99`, `${fast.p99.toFixed(1)} ms`]);
  const executor = await target.executor();
  const naive = await naiveServer(executor);
  await load(naive.port, 2);
  const slow = await load(naive.port);
  await naive.close();
  rows.push([`${name}: naive handler, events/s`, String(slow.eventsPerSecond)], [`${name}: naive handler, POST p99`, `${slow.p99.toFixed(1)} ms`]);
  // 2. With BIG stored events.
  const t0 = Date.now();
  await fill(executor);
  await executor.close();
  console.error(`${name}: filled to ${BIG} events in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
  const startedAt = performance.now();
  server = createTrajectoryServer({ store: await target.store(), adminToken: ADMIN, logger: quiet, rateLimit: 1e6, ...UNLIMITED_APPS });
  port = Number(new URL(await server.listen(0)).port);
  rows.push([`${name}: start-up with ${BIG} events`, `${(performance.now() - startedAt).toFixed(0)} ms`]);
  const pageTimes: number[] = [];
  for (let i = 0; i < 20; i++) {
    const t = performance.now();
    const page = await (await fetch(`http://127.0.0.1:${port}/v1/events?visitor=fill-visitor-${(1000 + i * 321) % Math.floor(BIG / 100)}&limit=100`, { headers: { authorization: `Bearer ${ADMIN}` } })).json();
    pageTimes.push(performance.now() - t);
    if (page.events.length === 0) throw new Error('empty visitor page');
  }
  pageTimes.sort((a, b) => a - b);
  rows.push([`${name}: one visitor's page (100 events), median / max of 20`, `${pageTimes[10].toFixed(1)} / ${pageTimes[19].toFixed(1)} ms`]);
  await load(port, 2);
  const without = await load(port);
  const stop = await withStream(port);
  const withConsole = await load(port);
  await stop();
  rows.push([`${name}: POST p99 with ${BIG} events, no console`, `${without.p99.toFixed(1)} ms (${without.eventsPerSecond} events/s)`]);
  rows.push([`${name}: POST p99 with ${BIG} events, console stream open`, `${withConsole.p99.toFixed(1)} ms (${withConsole.eventsPerSecond} events/s, ${(((withConsole.p99 / without.p99) - 1) * 100).toFixed(0)} %)`]);
  await server.close();
  await (await server.ready()).close();
  await target.cleanup();
  return rows;
}

export async function serverBench(): Promise<void> {
  const rows: Array<[string, string]> = [];
  const stores = (process.env.BENCH_STORES || 'pglite,postgres').split(',');
  if (stores.includes('pglite')) {
  const pgliteDir = await makePgliteDataDir();
  rows.push(...await benchStore('PGlite', async () => ({
    store: () => createPgliteStore({ dataDir: pgliteDir.dir }),
    executor: () => openPgliteExecutor(pgliteDir.dir),
    cleanup: async () => pgliteDir.remove(),
  })));
  }
  if (stores.includes('postgres')) {
  const cluster = await startPostgres({ fsync: true });
  rows.push(...await benchStore('PostgreSQL', async () => ({
    store: () => createPostgresStore({ connectionString: cluster.connectionString }),
    executor: async () => createPostgresExecutor(new Pool({ connectionString: cluster.connectionString, max: 4 })),
    cleanup: () => cluster.stop(),
  })));
  }
  await sleep(10);
  console.log(`\ntrajectory server, ${CLIENTS} clients, batches of 10, ${SECONDS} s per run\n`);
  console.log('| measure | value |\n|---|---|');
  for (const [what, value] of rows) console.log(`| ${what} | ${value} |`);
}
