// Issue 17, finding 5: a failed store was invisible and permanent. The embedded store hung for good
// after its disk filled (ENOSPC in pg_wal), /healthz said 200 and SIGTERM never finished; with
// PostgreSQL stopped, /healthz said 200 and admin reads 500. Now: /healthz 503 while the store
// cannot write and 200 once it can, admin reads 503, a gentle stop that ends, and every
// acknowledged event still there. A real full disk (a small tmpfs), a real PostgreSQL stopped.
import { execFileSync } from 'child_process';
import { randomBytes } from 'crypto';
import { cpSync, mkdtempSync, rmSync, statfsSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { ADMIN_TOKEN, APP_ID, COMPANY_TOKEN, adminGet, batch } from './support/trajectoryServer';
import { makePgliteDataDir } from './support/pgliteDataDir';
import { startPostgres, type PostgresCluster } from './support/postgres';
import { sleep, startChild, type ChildServer } from './support/childServer';

jest.setTimeout(600_000);

const serverArgs = ['--app', `${APP_ID}:${COMPANY_TOKEN}`, '--admin-token', ADMIN_TOKEN, '--rate-limit', '100000'];
const MiB = 1024 * 1024;

/** A status, or 0 when no answer came within `ms` (a hung server). */
async function statusOf(request: Promise<Response>): Promise<number> {
  try {
    const response = await request;
    await response.arrayBuffer();
    return response.status;
  } catch {
    return 0;
  }
}
const health = (origin: string) => statusOf(fetch(`${origin}/healthz`, { signal: AbortSignal.timeout(10_000) }));

/** Polls until `check` holds, at most `tries` times; returns whether it did. */
async function eventually(check: () => Promise<boolean>, tries: number, pauseMs = 250): Promise<boolean> {
  for (let attempt = 0; attempt < tries; attempt++) {
    if (await check()) return true;
    await sleep(pauseMs);
  }
  return false;
}

let sequence = 0;
/** A batch of `count` events of `bytes` random (incompressible) characters each. */
function bigBatch(count: number, bytes: number) {
  const visitor = `full${process.pid}`;
  return Array.from({ length: count }, () => {
    sequence += 1;
    return { id: `${visitor}.${sequence}`, session: visitor, seq: sequence, type: 'product', at: 1_700_000_000_000 + sequence,
      data: { name: randomBytes(bytes * 0.75).toString('base64') } };
  });
}

/** Posts a batch; 0 when no answer came within a minute (the hang this test was written for). */
function post(origin: string, events: unknown[]): Promise<number> {
  return statusOf(fetch(`${origin}/v1/batch`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-udesk-company-token': COMPANY_TOKEN },
    body: JSON.stringify(batch(events)),
    signal: AbortSignal.timeout(60_000),
  }));
}

async function storedIds(origin: string): Promise<Set<string>> {
  const ids = new Set<string>();
  let after = '';
  do {
    const response = await adminGet(origin, `/v1/events?limit=100${after}`);
    expect(response.status).toBe(200);
    const page = await response.json();
    for (const stored of page.events) ids.add(stored.id);
    after = page.next ? `&after=${encodeURIComponent(page.next)}` : '';
  } while (after);
  return ids;
}

describe('the embedded store on a disk that fills up', () => {
  let mountDir: string;
  let server: ChildServer | undefined;
  beforeAll(() => {
    mountDir = mkdtempSync(join(tmpdir(), 'taro-udesk-full-'));
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64m', 'tmpfs', mountDir]);
  });
  afterAll(async () => {
    await server?.stop('SIGKILL');
    execFileSync('umount', ['-l', mountDir]);
    rmSync(mountDir, { recursive: true, force: true });
  });

  it('answers 503 while full (healthz too), recovers once space is freed, and loses nothing acknowledged', async () => {
    const template = await makePgliteDataDir();
    const dataDir = join(mountDir, 'data');
    cpSync(template.dir, dataDir, { recursive: true });
    template.remove();
    // Leave 16 MiB: the data files still grow, and the next WAL segment (16 MiB) cannot be made.
    const free = Number(statfsSync(mountDir).bavail) * Number(statfsSync(mountDir).bsize);
    const filler = join(mountDir, 'filler');
    writeFileSync(filler, Buffer.alloc(Math.max(0, free - 16 * MiB)));
    server = await startChild(['--data', dataDir, ...serverArgs]);
    const { origin } = server;

    const acknowledged: string[] = [];
    let refused = 0;
    for (let round = 0; round < 200 && refused === 0; round++) {
      const events = bigBatch(20, 30_000);
      const status = await post(origin, events);
      if (status === 200) acknowledged.push(...events.map((e) => e.id));
      else refused += 1;
    }
    expect(acknowledged.length).toBeGreaterThan(0);
    expect(refused).toBe(1);
    // The store cannot write: the server says so, to the supervisor and to reads alike.
    expect(await eventually(async () => (await health(origin)) === 503, 40)).toBe(true);
    expect(await statusOf(adminGet(origin, '/v1/events?limit=1'))).toBe(503);
    expect(await post(origin, bigBatch(1, 100))).toBe(503);

    rmSync(filler);
    expect(await eventually(async () => (await health(origin)) === 200, 480)).toBe(true);
    let delivered = false;
    const after = bigBatch(5, 1000);
    for (let attempt = 0; attempt < 40 && !delivered; attempt++) {
      delivered = (await post(origin, after)) === 200;
      if (!delivered) await sleep(250);
    }
    expect(delivered).toBe(true);
    acknowledged.push(...after.map((e) => e.id));
    const stored = await storedIds(origin);
    expect(acknowledged.filter((id) => !stored.has(id))).toEqual([]);
    console.log(`ENOSPC: ${acknowledged.length} acknowledged, ${acknowledged.filter((id) => !stored.has(id)).length} lost; the server said:\n` +
      server.output().split('\n').filter((line) => /store|error/.test(line)).slice(0, 12).join('\n'));
    expect(await server.stop('SIGTERM', 60_000)).toBe(0);
  });
});

describe('PostgreSQL stopped and started again', () => {
  let cluster: PostgresCluster;
  let server: ChildServer | undefined;
  let halted = false;
  beforeAll(async () => {
    cluster = await startPostgres();
  });
  afterAll(async () => {
    await server?.stop('SIGKILL');
    if (halted) cluster.resume();
    await cluster?.stop();
  });

  it('answers 503 to batches, reads and healthz while it is down, and 200 again once it is back, losing nothing', async () => {
    server = await startChild(['--database', cluster.connectionString, ...serverArgs]);
    const { origin } = server;
    const before = bigBatch(5, 100);
    expect(await post(origin, before)).toBe(200);

    cluster.halt();
    halted = true;
    expect(await post(origin, bigBatch(1, 100))).toBe(503);
    expect(await eventually(async () => (await health(origin)) === 503, 40)).toBe(true);
    expect(await statusOf(adminGet(origin, '/v1/events?limit=1'))).toBe(503);
    expect(await statusOf(adminGet(origin, '/v1/visitors?limit=1'))).toBe(503);

    cluster.resume();
    halted = false;
    expect(await eventually(async () => (await health(origin)) === 200, 480)).toBe(true);
    const after = bigBatch(5, 100);
    expect(await post(origin, after)).toBe(200);
    const stored = await storedIds(origin);
    expect([...before, ...after].map((e) => e.id).filter((id) => !stored.has(id))).toEqual([]);
    expect(await server.stop('SIGTERM', 60_000)).toBe(0);
  });
});
