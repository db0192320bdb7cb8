// Nothing lost at the HTTP level: `taro-udesk-server` in a child process, 50 clients posting
// unique ids in batches of 10, the server SIGKILLed mid-load three times and restarted, clients
// resending whatever was not answered 2xx. Every id answered 2xx is stored, none twice; for the
// embedded store and for a real PostgreSQL.
import { spawn, type ChildProcess } from 'child_process';
import { buildSync } from 'esbuild';
import { mkdirSync } from 'fs';
import { createServer } from 'net';
import { join } from 'path';
import { ADMIN_TOKEN, APP_ID, COMPANY_TOKEN, batch, postBatch } from './support/trajectoryServer';
import { makePgliteDataDir } from './support/pgliteDataDir';
import { startPostgres, type PostgresCluster } from './support/postgres';

jest.setTimeout(120_000);

const CLIENTS = 50;
const BATCHES_PER_CLIENT = 4;
const KILLS = 3;
const cliDir = join(__dirname, '../../node_modules/.cache/taro-udesk-tests');
const cliFile = join(cliDir, 'serveCli.cjs');

beforeAll(() => {
  mkdirSync(cliDir, { recursive: true });
  buildSync({
    entryPoints: [join(__dirname, '../src/cli/main.ts')],
    bundle: true, platform: 'node', format: 'cjs', outfile: cliFile, logLevel: 'warning',
    external: ['pg', '@electric-sql/pglite', 'esbuild'],
  });
});

const freePort = () => new Promise<number>((resolve) => {
  const probe = createServer().listen(0, '127.0.0.1', () => {
    const { port } = probe.address() as { port: number };
    probe.close(() => resolve(port));
  });
});
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function startChild(port: number, storeArgs: string[]): Promise<ChildProcess> {
  const child = spawn(process.execPath, [cliFile, '--port', String(port), ...storeArgs,
    '--app', `${APP_ID}:${COMPANY_TOKEN}`, '--admin-token', ADMIN_TOKEN, '--rate-limit', '100000'], { stdio: 'ignore' });
  for (let tries = 0; tries < 300; tries++) {
    const ok = await fetch(`http://127.0.0.1:${port}/healthz`).then((r) => r.ok, () => false);
    if (ok) return child;
    await sleep(50);
  }
  child.kill('SIGKILL');
  throw new Error('the server did not start');
}

async function runUnderKills(storeArgs: string[]) {
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  let child = await startChild(port, storeArgs);
  const confirmed = new Set<string>();
  let confirmedBatches = 0;
  let failures = 0;
  let duplicates = 0;
  const client = async (index: number) => {
    for (let b = 0; b < BATCHES_PER_CLIENT; b++) {
      const events = Array.from({ length: 10 }, (_, n) => {
        const seq = b * 10 + n + 1;
        return { id: `c${index}.${seq}`, session: `c${index}`, seq, type: 'product', at: 1_700_000_000_000 + seq, data: { name: `p${seq}` } };
      });
      for (;;) {
        const response = await postBatch(origin, batch(events)).catch(() => null);
        if (response?.ok) {
          const body = await response.json();
          duplicates += body.duplicates;
          for (const e of events) confirmed.add(e.id);
          confirmedBatches += 1;
          break;
        }
        failures += 1;
        await sleep(30);
      }
    }
  };
  const killer = async () => {
    const total = CLIENTS * BATCHES_PER_CLIENT;
    for (let kill = 1; kill <= KILLS; kill++) {
      while (confirmedBatches < (total * kill) / (KILLS + 1)) await sleep(5);
      child.kill('SIGKILL');
      await new Promise((resolve) => child.once('exit', resolve));
      child = await startChild(port, storeArgs);
    }
  };
  await Promise.all([killer(), ...Array.from({ length: CLIENTS }, (_, i) => client(i))]);
  const stored: string[] = [];
  let after = '';
  do {
    const page = await (await fetch(`${origin}/v1/events?limit=1000${after}`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } })).json();
    stored.push(...page.events.map((e: { id: string }) => e.id));
    after = page.next ? `&after=${encodeURIComponent(page.next)}` : '';
  } while (after);
  child.kill('SIGTERM');
  const exitCode = await new Promise((resolve) => child.once('exit', resolve));
  return { confirmed, stored, failures, duplicates, exitCode };
}

function expectNothingLost(result: Awaited<ReturnType<typeof runUnderKills>>, store: string) {
  const stored = new Set(result.stored);
  expect(result.stored.length).toBe(stored.size); // none twice
  const missing = [...result.confirmed].filter((id) => !stored.has(id));
  expect(missing).toEqual([]);
  expect(result.confirmed.size).toBe(CLIENTS * BATCHES_PER_CLIENT * 10);
  expect(result.failures).toBeGreaterThan(0); // the kills did hit requests in flight
  expect(result.exitCode).toBe(0); // SIGTERM: a gentle stop
  console.log(`HTTP durability (${store}): ${KILLS} SIGKILLs, ${result.confirmed.size} ids answered 2xx, ${stored.size} stored, ` +
    `${missing.length} missing, 0 twice; ${result.failures} requests failed and were resent, ${result.duplicates} resent ids were already stored`);
}

describe('SIGKILL durability over HTTP', () => {
  it('loses nothing and stores nothing twice with the embedded store', async () => {
    const { dir } = await makePgliteDataDir();
    expectNothingLost(await runUnderKills(['--data', dir]), 'PGlite');
  });

  describe('with PostgreSQL', () => {
    let cluster: PostgresCluster;
    beforeAll(async () => {
      cluster = await startPostgres();
    });
    afterAll(() => cluster?.stop());
    it('loses nothing and stores nothing twice', async () => {
      expectNothingLost(await runUnderKills(['--database', cluster.connectionString]), 'PostgreSQL');
    });
  });
});
