// The agent's page under hostile load (issue 17, findings 2 and 3), against the built
// `taro-udesk-server` (dist/cli.js, or BENCH_CLI) in a child process, on PGlite and PostgreSQL:
// - memory: N clients (80, 150), each from its own loopback address, GET the page of a visitor
//   with 1,000 events of ~31 KB and never read; the child's RSS rise and /healthz latency meanwhile;
// - bytes: what one open agent page (Chromium) downloads in 20 s on that visitor;
// - reads: one reader alone on the heaviest page (below), 30 reads in a row;
// - batches: one-event batch latency (p50/p99/max) while 30 clients poll the heaviest page back
//   to back (its newest page each time, or only what is new, as the agent's page does): a
//   customer linked to 50,000 visitors whose own visitor has 1,000 events of ~31 KB.
// Figures, not assertions; the machine is shared: the load average is printed beside each.
import { spawn, type ChildProcess } from 'child_process';
import { readFileSync } from 'fs';
import { Agent, request } from 'http';
import { connect, createServer, type Socket } from 'net';
import { loadavg } from 'os';
import { Pool } from 'pg';
import { chromium } from 'playwright-core';
import { openPgliteExecutor } from '../src/store/createPgliteStore';
import { createPostgresExecutor } from '../src/store/createPostgresStore';
import { migrate } from '../src/store/migrate';
import type { SqlExecutor } from '../src/store/sqlExecutor';
import { makePgliteDataDir } from '../tests/support/pgliteDataDir';
import { startPostgres } from '../tests/support/postgres';

const CLI = process.env.BENCH_CLI as string;
const APP = 'wx-bench';
const TOKEN = 'bench-company-token';
const ADMIN = 'bench-admin-token-0123456789abcdef';
const BIG = 'BenchBigVisitor_0123456789abcdef';
const HEAVY = 'BenchHeavyVisitor_0123456789abc';
const LINKED = 50_000;
const RSS_STOP = 3 * 1024 ** 3;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const load = () => loadavg().map((value) => value.toFixed(1)).join(' ');
const mb = (bytes: number) => `${Math.round(bytes / 2 ** 20)} MB`;
const percentile = (values: number[], p: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(values.length * p))] ?? NaN;

/** W: 1,000 big events; V: 500 big, 50,000 linked visitors of its customer, 500 big. Event text ~31 KB of hex. */
async function fill(executor: SqlExecutor): Promise<void> {
  await migrate(executor);
  const big = (visitor: string, from: number, to: number, customer: string | null) => executor.query(`
    INSERT INTO taro_udesk_events (app_id, id, visitor, customer, type, at, received_at, event)
    SELECT $1, $2 || '.' || g, $2, $3, 'product', 1795000000000 + g, 1795000000000 + g, jsonb_build_object('id', $2 || '.' || g,
      'visitor', $2, 'type', 'product', 'seq', g, 'at', 1795000000000 + g, 'data', jsonb_build_object('name', '商品 ' || g,
      'params', jsonb_build_array(jsonb_build_object('text', (SELECT string_agg(md5(g::text || '.' || i), '') FROM generate_series(1, 960) i)))))
    FROM generate_series($4::integer, $5::integer) g`, [APP, visitor, customer, from, to]);
  await big(BIG, 1, 1000, null);
  await big(HEAVY, 1, 500, 'token:bench-customer');
  await executor.query(`INSERT INTO taro_udesk_events (app_id, id, visitor, customer, type, at, received_at, event)
    SELECT $1, 'Linked' || g || '.1', 'LinkedVisitor' || lpad(g::text, 18, '0'), 'token:bench-customer', 'product', 1795000000000 + g,
      1795000000000 + g, jsonb_build_object('id', 'Linked' || g || '.1', 'visitor', 'LinkedVisitor' || lpad(g::text, 18, '0'), 'type', 'product',
      'data', jsonb_build_object('name', 'Product ' || g))
    FROM generate_series(1, $2::integer) g`, [APP, LINKED]);
  await big(HEAVY, 501, 1000, 'token:bench-customer');
  await executor.query(`INSERT INTO taro_udesk_visitors (app_id, visitor, customer, verified_customer, events, first_at, last_at, last_order)
    SELECT app_id, visitor, max(customer), max(customer), count(*), min(at), max(at), max(ingest_order) FROM taro_udesk_events GROUP BY app_id, visitor`);
  await executor.query('ANALYZE');
}

const freePort = () => new Promise<number>((resolve) => {
  const probe = createServer().listen(0, '127.0.0.1', () => {
    const { port } = probe.address() as { port: number };
    probe.close(() => resolve(port));
  });
});

interface Child { origin: string; process: ChildProcess; rss(): number; dead(): boolean; stop(): Promise<void> }

async function startChild(storeArgs: string[]): Promise<Child> {
  const port = await freePort();
  const child = spawn(process.execPath, [CLI, '--port', String(port), ...storeArgs, '--app', `${APP}:${TOKEN}`, '--admin-token', ADMIN,
    '--rate-limit', '100000', '--page-rate-limit', '1000'], { stdio: ['ignore', 'ignore', 'inherit'] });
  let exited = false;
  child.once('exit', () => {
    exited = true;
  });
  const origin = `http://127.0.0.1:${port}`;
  while (!(await fetch(`${origin}/healthz`).then((r) => r.ok, () => false))) {
    if (exited) throw new Error('the server exited at start');
    await sleep(100);
  }
  return {
    origin,
    process: child,
    rss() {
      try {
        return Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1] ?? 0) * 1024;
      } catch {
        return 0;
      }
    },
    dead: () => exited,
    async stop() {
      if (exited) return;
      const done = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGKILL');
      await done;
    },
  };
}

const address = (index: number) => `127.0.${10 + Math.floor(index / 250)}.${1 + (index % 250)}`;

/** N non-reading clients: peak RSS rise, /healthz latencies meanwhile. */
async function memory(child: Child, clients: number): Promise<string> {
  await (await fetch(`${child.origin}/t/${BIG}/events`)).arrayBuffer();
  await sleep(500);
  const baseline = child.rss();
  const { port } = new URL(child.origin);
  const sockets: Socket[] = [];
  let answered = 0;
  for (let index = 0; index < clients; index += 1) {
    const socket = connect({ host: '127.0.0.1', port: Number(port), localAddress: address(index) }, () => {
      socket.write(`GET /t/${BIG}/events HTTP/1.1\r\nhost: 127.0.0.1\r\n\r\n`);
    });
    socket.once('data', () => {
      answered += 1;
      socket.pause();
    });
    socket.on('error', () => undefined);
    sockets.push(socket);
  }
  const health: number[] = [];
  let failedHealth = 0;
  let peak = baseline;
  const started = Date.now();
  let settledAt = 0;
  while (!child.dead() && Date.now() - started < 120_000 && (settledAt === 0 || Date.now() - settledAt < 3000)) {
    const asked = performance.now();
    const ok = await fetch(`${child.origin}/healthz`, { signal: AbortSignal.timeout(15_000) }).then((r) => r.ok, () => false);
    if (ok) health.push(performance.now() - asked);
    else failedHealth += 1;
    peak = Math.max(peak, child.rss());
    if (peak - baseline > RSS_STOP) break;
    if (settledAt === 0 && answered === clients) settledAt = Date.now();
    await sleep(200);
  }
  sockets.forEach((socket) => socket.destroy());
  const outcome = child.dead() ? 'the server died' : peak - baseline > RSS_STOP ? `stopped past +${mb(RSS_STOP)}` : `${answered}/${clients} answers begun`;
  return `RSS ${mb(baseline)} → ${mb(peak)} (+${mb(peak - baseline)}), ${outcome}; /healthz p50 ${percentile(health, 0.5).toFixed(0)} ms, ` +
    `max ${Math.max(...health, 0).toFixed(0)} ms, ${failedHealth} unanswered within 15 s; load ${load()}`;
}

/** What one open agent page downloads from /events in 20 s (Chromium). */
async function pageBytes(child: Child): Promise<string> {
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu'] });
  try {
    const page = await browser.newPage();
    await page.goto(`${child.origin}/t/${BIG}`);
    await page.waitForTimeout(20_000);
    const { bytes, requests } = await page.evaluate(() => {
      const entries = performance.getEntriesByType('resource').filter((entry) => entry.name.includes('/events')) as PerformanceResourceTiming[];
      return { bytes: entries.reduce((sum, entry) => sum + entry.transferSize, 0), requests: entries.length };
    });
    return `${(bytes / 2 ** 20).toFixed(2)} MB in ${requests} requests (${Math.round(bytes / 1024)} KB); load ${load()}`;
  } finally {
    await browser.close();
  }
}

/** One reader alone: the heaviest page, 30 times in a row. */
async function reads(child: Child): Promise<string> {
  const times: number[] = [];
  let bytes = 0;
  for (let index = 0; index < 30; index += 1) {
    const asked = performance.now();
    bytes = (await (await fetch(`${child.origin}/t/${HEAVY}/events`)).arrayBuffer()).byteLength;
    times.push(performance.now() - asked);
  }
  return `median ${percentile(times, 0.5).toFixed(1)} ms, max ${Math.max(...times).toFixed(1)} ms (${Math.round(bytes / 1024)} KB an answer); load ${load()}`;
}

/**
 * One-event batches, one after another, for `seconds`, while `pollers` read HEAVY's page back to
 * back: its newest page each time (`newest`), or, as the agent's page does but without pausing,
 * what is new since the last answer (`after`).
 */
async function batches(child: Child, pollers: number, mode: 'newest' | 'after', seconds = 20): Promise<string> {
  const { port } = new URL(child.origin);
  let polling = true;
  let polls = 0;
  const poll = async (index: number) => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1, localAddress: address(index) } as ConstructorParameters<typeof Agent>[0]);
    let newer: string | undefined;
    while (polling) {
      const path = `/t/${HEAVY}/events${mode === 'after' && newer ? `?after=${newer}` : ''}`;
      await new Promise<void>((resolve) => {
        request({ agent, host: '127.0.0.1', port, path }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => {
            if (mode === 'after' && res.statusCode === 200) newer = (JSON.parse(Buffer.concat(chunks).toString()) as { newer?: string }).newer ?? newer;
            resolve();
          });
          res.on('error', () => resolve());
        }).on('error', () => void sleep(100).then(() => resolve())).end();
      });
      polls += 1;
    }
    agent.destroy();
  };
  const pollersDone = Promise.all(Array.from({ length: pollers }, (_, index) => poll(index)));
  await sleep(pollers > 0 ? 2000 : 0);
  const latencies: number[] = [];
  let failed = 0;
  const until = Date.now() + seconds * 1000;
  for (let seq = 1; Date.now() < until; seq += 1) {
    const visitor = `BatchVisitor${String(seq).padStart(20, '0')}`;
    const body = JSON.stringify({ v: 2, appId: APP, companyDomain: 'bench.udesk.cn', sentAt: Date.now(),
      events: [{ id: `${visitor}.1`, visitor, session: 's', seq: 1, type: 'product', at: Date.now(), data: { name: 'one' } }] });
    const asked = performance.now();
    const status = await fetch(`${child.origin}/v1/batch`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-udesk-company-token': TOKEN }, body })
      .then(async (response) => {
        await response.arrayBuffer();
        return response.status;
      }, () => 0);
    if (status === 200) latencies.push(performance.now() - asked);
    else failed += 1;
    if (child.dead()) break;
    await sleep(50);
  }
  polling = false;
  await pollersDone;
  return `p50 ${percentile(latencies, 0.5).toFixed(1)} ms, p99 ${percentile(latencies, 0.99).toFixed(1)} ms, max ${Math.max(...latencies).toFixed(1)} ms ` +
    `(${latencies.length} batches answered 200, ${failed} failed${child.dead() ? ', the server died' : ''}; ${polls} page reads by ${pollers} pollers); load ${load()}`;
}

export async function pageBench(): Promise<void> {
  const rows: Array<[string, string]> = [];
  const parts = (process.env.BENCH_PARTS || 'memory,bytes,reads,batches').split(',');
  const run = async (name: string, storeArgs: () => Promise<{ args: string[]; cleanup: () => Promise<void> }>) => {
    const target = await storeArgs();
    const measure = async (what: string, work: (child: Child) => Promise<string>) => {
      const child = await startChild(target.args);
      try {
        const result = await work(child);
        console.error(`${name}: ${what}: ${result}`);
        rows.push([`${name}: ${what}`, result]);
      } finally {
        await child.stop();
      }
    };
    if (parts.includes('memory')) for (const clients of [80, 150]) await measure(`${clients} clients that never read`, (child) => memory(child, clients));
    if (parts.includes('bytes')) await measure('bytes one open page downloads in 20 s', pageBytes);
    if (parts.includes('reads')) await measure('one read of the heaviest page, alone', reads);
    if (parts.includes('batches')) {
      await measure('one-event batches, no poller', (child) => batches(child, 0, 'newest'));
      await measure('one-event batches, 30 pollers of the heaviest page\'s newest page', (child) => batches(child, 30, 'newest'));
      await measure('one-event batches, 30 pollers of the heaviest page with ?after=', (child) => batches(child, 30, 'after'));
    }
    await target.cleanup();
  };
  const stores = (process.env.BENCH_STORES || 'pglite,postgres').split(',');
  if (stores.includes('pglite')) {
    await run('PGlite', async () => {
      const dir = await makePgliteDataDir();
      const executor = await openPgliteExecutor(dir.dir);
      await fill(executor);
      await executor.close();
      return { args: ['--data', dir.dir], cleanup: async () => dir.remove() };
    });
  }
  if (stores.includes('postgres')) {
    await run('PostgreSQL', async () => {
      const cluster = await startPostgres({ fsync: true });
      const executor = createPostgresExecutor(new Pool({ connectionString: cluster.connectionString, max: 2 }));
      await fill(executor);
      await executor.close();
      return { args: ['--database', cluster.connectionString], cleanup: () => cluster.stop() };
    });
  }
  console.log(`\nthe agent's page under load: ${CLI}\n`);
  console.log('| measure | value |\n|---|---|');
  for (const [what, value] of rows) console.log(`| ${what} | ${value} |`);
}
