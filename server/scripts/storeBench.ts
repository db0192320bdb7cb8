// Store benchmark (not part of npm test): node scripts/bench/storeBench.cjs [--events 1000000]
// For PGlite and PostgreSQL: events/s for 50 concurrent writers sending batches of 10 through the
// store (group commit), beside a naive writer doing one INSERT statement per event on the same
// kind of store, in the same run; then with N stored events (default 1,000,000): start-up time,
// one visitor's page (limit 1000) and one visitors() page.
import { mkdtempSync, rmSync } from 'fs';
import { cpus, loadavg, tmpdir } from 'os';
import { join } from 'path';
import { monitorEventLoopDelay } from 'perf_hooks';
import { Client, Pool } from 'pg';
import { createPgliteStore, openPgliteExecutor } from '../src/store/createPgliteStore';
import { createPostgresExecutor, createPostgresStore } from '../src/store/createPostgresStore';
import { migrate } from '../src/store/migrate';
import { INSERT_EVENTS_SQL } from '../src/store/schemaSql';
import type { SqlExecutor } from '../src/store/sqlExecutor';
import type { IncomingEvent, TrajectoryStore } from '../src/store/TrajectoryStore';
import { startPostgres } from '../tests/support/postgres';

const WRITERS = 50;
const BATCH = 10;
const argIndex = process.argv.indexOf('--events');
const LARGE = argIndex > 0 ? Number(process.argv[argIndex + 1]) : 1_000_000;
const THROUGHPUT_EVENTS = 30_000;
const VISITORS = 20_000;

let counter = 0;
function makeEvent(visitor: string): IncomingEvent {
  counter += 1;
  const id = `${visitor}.${counter}`;
  return {
    id,
    visitor,
    customer: counter % 3 === 0 ? `customer-${visitor}` : null,
    type: counter % 5 === 0 ? 'order' : 'product',
    at: 1_700_000_000_000 + counter,
    event: { id, session: visitor, seq: counter, type: 'product', at: 1_700_000_000_000 + counter,
      data: { name: `商品 ${counter}`, url: `/pages/goods?id=${counter}`, params: [{ text: '¥ 199', color: '#ff0000' }] } },
  };
}

/** The event loop's p99 delay during the last drive(): what an HTTP server in the process would feel. */
let loopDelayP99 = 0;

/** 50 writers, each sending batches of 10 until `total` events are sent; returns events/s. */
async function drive(send: (batch: IncomingEvent[]) => Promise<unknown>, total: number): Promise<number> {
  let sent = 0;
  const loop = monitorEventLoopDelay({ resolution: 5 });
  loop.enable();
  const started = process.hrtime.bigint();
  await Promise.all(Array.from({ length: WRITERS }, async (_, writer) => {
    while (sent < total) {
      sent += BATCH;
      await send(Array.from({ length: BATCH }, () => makeEvent(`w${writer}-${counter % 997}`)));
    }
  }));
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  loop.disable();
  loopDelayP99 = loop.percentile(99) / 1e6;
  return sent / seconds;
}

const perSecond = (rate: number): string => `${rate.toFixed(0)} events/s (event loop p99 delay ${loopDelayP99.toFixed(0)} ms)`;

/** One INSERT per event, each its own transaction: what a handler without batching does. */
const naive = (executor: SqlExecutor) => async (batch: IncomingEvent[]): Promise<void> => {
  for (const event of batch) {
    await executor.query(INSERT_EVENTS_SQL, [JSON.stringify([{ n: 0, app_id: 'bench', ...event }]), Date.now()]);
  }
};

async function load(store: TrajectoryStore, total: number): Promise<number> {
  const started = Date.now();
  let sent = 0;
  // Large batches from a few writers: the group commit turns them into 2,000-event statements.
  await Promise.all(Array.from({ length: 4 }, async () => {
    while (sent < total) {
      const size = Math.min(1000, total - sent);
      sent += size;
      await store.insert('bench', Array.from({ length: size }, () => makeEvent(`v${Math.floor(Math.random() * VISITORS)}`)));
    }
  }));
  return (Date.now() - started) / 1000;
}

async function timed<T>(work: () => Promise<T>): Promise<[number, T]> {
  const started = process.hrtime.bigint();
  const result = await work();
  return [Number(process.hrtime.bigint() - started) / 1e6, result];
}

async function median(work: () => Promise<unknown>, runs = 7): Promise<number> {
  const times: number[] = [];
  for (let run = 0; run < runs; run += 1) times.push((await timed(work))[0]);
  return times.sort((a, b) => a - b)[Math.floor(runs / 2)];
}

interface Row { store: string; figure: string; value: string }
const rows: Row[] = [];
const report = (store: string, figure: string, value: string): void => {
  rows.push({ store, figure, value });
  console.error(`${store.padEnd(10)} ${figure.padEnd(58)} ${value}`);
};

async function largeFigures(name: string, open: () => Promise<TrajectoryStore>): Promise<void> {
  let store = await open();
  report(name, `load ${LARGE.toLocaleString('en')} events (bulk, group commit)`, `${(LARGE / await load(store, LARGE)).toFixed(0)} events/s`);
  await store.close();
  const [startup, reopened] = await timed(open);
  store = reopened;
  report(name, `start-up with ${LARGE.toLocaleString('en')} stored events`, `${startup.toFixed(0)} ms`);
  const visitor = () => `v${Math.floor(Math.random() * VISITORS)}`;
  report(name, 'first visitor page after start-up (limit 1000)', `${(await timed(() => store.events({ visitor: visitor(), limit: 1000 })))[0].toFixed(1)} ms`);
  const heavy = 'heavy-visitor';
  await store.insert('bench', Array.from({ length: 1500 }, () => makeEvent(heavy)));
  report(name, `one visitor's page, ~${Math.round(LARGE / VISITORS)} events (limit 1000), median`, `${(await median(() => store.events({ visitor: visitor(), limit: 1000 }))).toFixed(1)} ms`);
  report(name, "one visitor's full page of 1000 events, median", `${(await median(() => store.events({ visitor: heavy, limit: 1000 }))).toFixed(1)} ms`);
  report(name, 'one customer page (limit 1000), median', `${(await median(() => store.events({ customer: `customer-${visitor()}`, limit: 1000 }))).toFixed(1)} ms`);
  report(name, 'visitors() first page (limit 100), median', `${(await median(() => store.visitors({ limit: 100 }))).toFixed(1)} ms`);
  const second = (await store.visitors({ limit: 1000 })).next;
  report(name, 'visitors() second page (limit 1000), median', `${(await median(() => store.visitors({ after: second, limit: 1000 }))).toFixed(1)} ms`);
  report(name, 'events() page 500 of the whole log (limit 1000), median', `${(await median(async () => {
    const page = await store.events({ limit: 1000, after: Buffer.from(`e:${Math.floor(LARGE / 2)}`).toString('base64url') });
    return page.events.length;
  })).toFixed(1)} ms`);
  await store.close();
}

async function benchPglite(): Promise<void> {
  const dirs: string[] = [];
  const freshDir = () => { const dir = mkdtempSync(join(tmpdir(), 'taro-udesk-bench-')); dirs.push(dir); return dir; };
  try {
    for (const [label, thread] of [['worker thread (default)', 'worker'], ['main thread', 'main']] as const) {
      const grouped = await createPgliteStore({ dataDir: freshDir(), thread });
      await drive((batch) => grouped.insert('bench', batch), 2000);
      report('PGlite', `${WRITERS} writers x batches of ${BATCH}, group commit, ${label}`, perSecond(await drive((batch) => grouped.insert('bench', batch), THROUGHPUT_EVENTS)));
      await grouped.close();
    }
    const executor = await openPgliteExecutor(freshDir());
    await migrate(executor);
    report('PGlite', `${WRITERS} writers x batches of ${BATCH}, naive: one INSERT per event, main thread`, perSecond(await drive(naive(executor), THROUGHPUT_EVENTS / 3)));
    await executor.close();
    const dir = freshDir();
    await largeFigures('PGlite', () => createPgliteStore({ dataDir: dir }));
  } finally {
    dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true }));
  }
}

async function benchPostgres(): Promise<void> {
  const started = Date.now();
  const cluster = await startPostgres({ fsync: true });
  report('PostgreSQL', 'throwaway cluster start (fsync on)', `${Date.now() - started} ms`);
  const database = async (name: string): Promise<string> => {
    const admin = new Client({ connectionString: cluster.connectionString });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    return cluster.connectionString.replace(/\/postgres$/, `/${name}`);
  };
  try {
    for (const [label, options] of [
      ['group commit, 1 transaction at a time', { maxInFlight: 1 }],
      ['group commit, 2 at a time (default)', { maxInFlight: 2 }],
      ['group commit, 4 at a time', { maxInFlight: 4, poolSize: 6 }],
      ['one transaction per batch, 4 at a time', { maxInFlight: 4, poolSize: 6, maxGroupEvents: BATCH }],
    ] as const) {
      const store = await createPostgresStore({ connectionString: await database(`t${rows.length}`), ...options });
      await drive((batch) => store.insert('bench', batch), 2000);
      report('PostgreSQL', `${WRITERS} writers x batches of ${BATCH}, ${label}`, perSecond(await drive((batch) => store.insert('bench', batch), THROUGHPUT_EVENTS)));
      await store.close();
    }
    const executor = createPostgresExecutor(new Pool({ connectionString: await database('naive'), max: 4 }));
    await migrate(executor);
    report('PostgreSQL', `${WRITERS} writers x batches of ${BATCH}, naive: one INSERT per event`, perSecond(await drive(naive(executor), THROUGHPUT_EVENTS / 3)));
    await executor.close();
    const large = await database('large');
    await largeFigures('PostgreSQL', () => createPostgresStore({ connectionString: large }));
  } finally {
    await cluster.stop();
  }
}

async function main(): Promise<void> {
  const which = process.argv.includes('--postgres-only') ? ['postgres'] : process.argv.includes('--pglite-only') ? ['pglite'] : ['pglite', 'postgres'];
  if (which.includes('pglite')) await benchPglite();
  if (which.includes('postgres')) await benchPostgres();
  console.log(`\nload average at the end: ${loadavg().map((load) => load.toFixed(1)).join(', ')} (${cpus().length} cores)`);
  console.log('\n| store | figure | value |\n|---|---|---|');
  rows.forEach((row) => console.log(`| ${row.store} | ${row.figure} | ${row.value} |`));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
