// Retention's cost to batches (issue 19, item 2: expiring 1,000,000 events may raise POST p99 by at
// most 20 %). 50 keep-alive clients post batches of 10 back to back (as serverBench does), first
// with nothing to expire, then while the server's own retention loop expires 1,000,000 events
// stored before (bulk-loaded in SQL), until it is done. PostgreSQL (fsync on): a whole partition
// walked and dropped; PGlite: deleted 500 at a time. Figures, not assertions; give the load beside them.
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

async function bench(name: string, store: TrajectoryStore, clock: { offset: number }): Promise<string[]> {
  const server = createTrajectoryServer({ store, logger: quiet, rateLimit: 1e6, appEventsPerMinute: 1e9, appBytesPerMinute: 1e12, retainDays: 0 });
  const port = Number(new URL(await server.listen(0)).port);
  await load(port, 2); // warm-up
  const baseline = await load(port);
  const baselineLoad = loadavg();
  // Now everything bulk-loaded is over a day old: the server's retention (1 day) expires it.
  clock.offset = 10 * DAY;
  let removed = 0;
  const started = performance.now();
  let finished = 0;
  const log = { ...quiet, info: (message: string) => {
    const count = /removed (\d+)/.exec(message);
    if (count) {
      removed += Number(count[1]);
      finished = performance.now();
    }
  } };
  const expire = store.expire!.bind(store);
  const stepped = { ...store, expire: async (query: Parameters<typeof expire>[0]) => {
    const t = performance.now();
    try {
      const step = await expire(query);
      if (process.env.BENCH_STEPS) console.error(`step ${JSON.stringify(step)} in ${(performance.now() - t).toFixed(0)} ms`);
      return step;
    } catch (error) {
      console.error(`step failed after ${(performance.now() - t).toFixed(0)} ms: ${(error as Error).message}`);
      throw error;
    }
  } };
  const stop = startRetention(stepped, log, { retainDays: 1, now: () => Date.now() + clock.offset });
  const during: number[] = [];
  let windows = 0;
  while (removed < EXPIRED && windows < 60) {
    during.push(...await load(port));
    windows += 1;
  }
  const duringLoad = loadavg();
  await stop();
  await server.close();
  const lines = [
    `${name}: POST p99 with nothing to expire: ${p99(baseline).toFixed(1)} ms (${baseline.length} batches in ${SECONDS} s; load ${baselineLoad})`,
    `${name}: POST p99 while ${removed} events expired: ${p99(during).toFixed(1)} ms (${during.length} batches in ${windows * SECONDS} s; load ${duringLoad})`,
    `${name}: p99 change ${(((p99(during) / p99(baseline)) - 1) * 100).toFixed(1)} %; expiry took ${((finished - started) / 1000).toFixed(1)} s`,
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
