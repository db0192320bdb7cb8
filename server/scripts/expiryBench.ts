// Retention's cost to batches (issue 19, item 2: expiring 1,000,000 events may raise POST p99 by at
// most 20 %). 50 keep-alive clients post batches of 10 back to back (as serverBench does), first
// with nothing to expire, then while the server's own retention loop expires 1,000,000 events
// stored before (bulk-loaded in SQL), in every other window (bench() says why), until it is done or
// BENCH_WINDOWS (60) windows have passed. PostgreSQL (fsync on): a whole partition walked and
// dropped; PGlite: deleted EXPIRY_BATCH at a time. Figures, not assertions; give the load beside them.
import { batchLoad, p99Of as p99 } from './batchLoad';
import { readFileSync } from 'fs';
import { createTrajectoryServer, type TrajectoryStore } from '../src';
import { openPgliteExecutor, createPgliteStore } from '../src/store/createPgliteStore';
import { createPostgresExecutor, createPostgresStore } from '../src/store/createPostgresStore';
import { migrate } from '../src/store/migrate';
import { startRetention } from '../src/startRetention';
import type { SqlExecutor } from '../src/store/sqlExecutor';
import { makePgliteDataDir } from '../tests/support/pgliteDataDir';
import { startPostgres } from '../tests/support/postgres';
import { Pool } from 'pg';

const CLIENTS = 50;
const SECONDS = Number(process.env.BENCH_SECONDS || 10);
const EXPIRED = Number(process.env.BENCH_EXPIRED || 1_000_000);
const DAY = 86_400_000;
const load = async (port: number, seconds = SECONDS) => (await batchLoad(port, seconds, CLIENTS)).latencies;
const quiet = { info: () => undefined, warn: (m: string) => console.error(m), error: (m: string) => console.error(m) };
const loadavg = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');

/** EXPIRED events of 10,000 visitors, their ids and summaries, received at `receivedAt` (a bulk load, not the measured path). */
async function fill(executor: SqlExecutor, receivedAt: number): Promise<void> {
  await migrate(executor);
  for (let start = 0; start < EXPIRED; start += 100_000) {
    const end = Math.min(EXPIRED, start + 100_000) - 1;
    await executor.query(`INSERT INTO taro_udesk_events (app_id, id, visitor, customer, type, at, received_at, event)
      SELECT 'wx-bench', 'old.' || g, 'old-visitor-' || (g % 10000), NULL, 'product', 1700000000000 + g, $3::bigint,
        jsonb_build_object('id', 'old.' || g, 'seq', g, 'type', 'product', 'data', jsonb_build_object('name', 'Product ' || g))
      FROM generate_series($1::bigint, $2::bigint) AS g`, [start, end, receivedAt]);
    await executor.query(`INSERT INTO taro_udesk_event_ids (app_id, id) SELECT 'wx-bench', 'old.' || g FROM generate_series($1::bigint, $2::bigint) AS g`, [start, end]);
  }
  await executor.query(`INSERT INTO taro_udesk_visitors (app_id, visitor, customer, events, first_at, last_at, last_order)
    SELECT app_id, visitor, NULL, count(*), min(at), max(at), max(ingest_order) FROM taro_udesk_events GROUP BY app_id, visitor`);
  await executor.query('ANALYZE');
}

/**
 * Baseline, then alternating windows while the server's retention expires what was bulk-loaded:
 * in one window its steps run, in the next they do nothing (a pass finds no work), so both sets of
 * windows see the same table growth (each window stores ~10,000 batches more) and the same machine;
 * the change is p99 with expiry over p99 without, in between.
 */
async function bench(name: string, store: TrajectoryStore, clock: { offset: number }): Promise<string[]> {
  const server = createTrajectoryServer({ store, logger: quiet, rateLimit: 1e6, appEventsPerMinute: 1e9, appBytesPerMinute: 1e12, retainDays: 0 });
  const port = Number(new URL(await server.listen(0)).port);
  await load(port, 2); // warm-up
  const baseline = await load(port);
  const baselineLoad = loadavg();
  // Now everything bulk-loaded is over a day old: the server's retention (1 day) expires it.
  clock.offset = 10 * DAY;
  let removed = 0;
  let expiring = false;
  let inFlight: Promise<unknown> = Promise.resolve();
  let working = 0;
  const expire = store.expire!.bind(store);
  const gated = { ...store, expire: async (query: Parameters<typeof expire>[0]) => {
    if (!expiring) return { events: 0, more: false };
    const started = performance.now();
    const step = expire(query);
    inFlight = step.catch(() => undefined);
    try {
      const done = await step;
      removed += done.events;
      if (process.env.BENCH_STEPS) console.error(`step ${JSON.stringify(done)} in ${(performance.now() - started).toFixed(0)} ms`);
      return done;
    } finally {
      working += performance.now() - started;
    }
  } };
  // Passes every 100 ms: a window without expiry ends the pass under way at once, the next one starts soon.
  const stop = startRetention(gated, quiet, { retainDays: 1, intervalMs: 100, now: () => Date.now() + clock.offset });
  const withExpiry: number[] = [];
  const without: number[] = [];
  let windows = 0;
  const maxWindows = Number(process.env.BENCH_WINDOWS || 60);
  while (removed < EXPIRED && windows < maxWindows) {
    expiring = windows % 2 === 0;
    (expiring ? withExpiry : without).push(...await load(port));
    expiring = false;
    await inFlight; // a step under way belongs to its own window
    windows += 1;
  }
  const duringLoad = loadavg();
  await stop();
  await server.close();
  const change = (((p99(withExpiry) / p99(without)) - 1) * 100).toFixed(1);
  const lines = [
    `${name}: POST p99 before, nothing to expire: ${p99(baseline).toFixed(1)} ms (${baseline.length} batches in ${SECONDS} s; load ${baselineLoad})`,
    `${name}: POST p99 in ${Math.ceil(windows / 2)} windows of ${SECONDS} s while ${removed} events expired: ${p99(withExpiry).toFixed(1)} ms (${withExpiry.length} batches); in the ${Math.floor(windows / 2)} windows between, without expiry: ${p99(without).toFixed(1)} ms (${without.length} batches); load ${duringLoad}`,
    `${name}: p99 change ${change} %; expiry ${Math.round(removed / (Math.ceil(windows / 2) * SECONDS))} events/s in its windows, the store busy with it ${((working / (Math.ceil(windows / 2) * SECONDS * 1000)) * 100).toFixed(0)} % of them`,
  ];
  for (const line of lines) console.log(line);
  return lines;
}

export async function expiryBench(): Promise<void> {
  const stores = (process.env.BENCH_STORES || 'postgres,pglite').split(',');
  const results: string[] = [];
  if (stores.includes('postgres')) {
    const cluster = await startPostgres({ fsync: true });
    const pool = new Pool({ connectionString: cluster.connectionString, max: 4 });
    const clock = { offset: 0 };
    const t0 = Date.now();
    await fill(createPostgresExecutor(pool), Date.now());
    await pool.end();
    const store = await createPostgresStore({ connectionString: cluster.connectionString, now: () => Date.now() + clock.offset });
    // A period later: the next step opens the next partition, and the bulk-loaded one is closed.
    clock.offset = DAY + 1;
    await store.expire!({ receivedBefore: 0, periodMs: DAY });
    clock.offset = 0;
    console.error(`PostgreSQL: filled ${EXPIRED} events in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
    const sizer = new Pool({ connectionString: cluster.connectionString, max: 1 });
    const { rows: [size] } = await sizer.query(`SELECT sum(pg_total_relation_size(c.oid))::bigint AS bytes FROM pg_class c
      WHERE c.relkind = 'r' AND (c.relname LIKE 'taro_udesk_events%' OR c.relname = 'taro_udesk_event_ids')`);
    await sizer.end();
    const perEvent = `PostgreSQL: ${Math.round(Number(size.bytes) / EXPIRED)} bytes per stored event (events, ids, indexes; events of ~80 bytes of JSON)`;
    console.log(perEvent);
    results.push(perEvent);
    results.push(...await bench('PostgreSQL', store, clock));
    await store.close();
    await cluster.stop();
  }
  if (stores.includes('pglite')) {
    const dataDir = await makePgliteDataDir();
    const executor = await openPgliteExecutor(dataDir.dir);
    await fill(executor, Date.now());
    await executor.close();
    const clock = { offset: 0 };
    const store = await createPgliteStore({ dataDir: dataDir.dir, now: () => Date.now() + clock.offset });
    results.push(...await bench('PGlite', store, clock));
    await store.close();
    dataDir.remove();
  }
  console.log(`\n${results.join('\n')}`);
}
