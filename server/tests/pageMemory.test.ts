// Issue 17, finding 2: clients that ask for a big visitor's page and never read the answer must
// not exhaust the server's memory. `taro-udesk-server` runs in a child process (its RSS read from
// /proc) on each store; one visitor holds 1,000 events of ~31 KB (what the public company token
// lets anyone store); 80 clients, each from its own loopback address (so no per-address bound can
// be what saves the server), send GET /t/<id>/events and never read a byte. The child's resident
// memory may rise by less than 400 MB, and /healthz still answers. Timings are the bench's
// (server/scripts/pageBench.ts), not this test's.
import { connect, type Socket } from 'net';
import { ADMIN_TOKEN, APP_ID, COMPANY_TOKEN, batch, postBatch } from './support/trajectoryServer';
import { startChild, type ChildServer } from './support/childServer';
import { makePgliteDataDir, type PgliteDataDir } from './support/pgliteDataDir';
import { startPostgres, type PostgresCluster } from './support/postgres';

jest.setTimeout(180_000);

const CLIENTS = 80;
const EVENTS = 1000;
const RSS_BOUND = 400 * 1024 * 1024;
const VISITOR = 'BigVisitor_0123456789abcdefABCD';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The built command with the test app and admin token, plus `args`. */
const startServer = (args: string[]) => startChild(['--app', `${APP_ID}:${COMPANY_TOKEN}`, '--admin-token', ADMIN_TOKEN, ...args]);

/** Stores `EVENTS` events of ~31 KB (under the 32 KB per-event limit) for one v2 visitor. */
async function storeBigVisitor(origin: string): Promise<void> {
  const perBatch = 30; // ~940 KB a body, under the 1 MiB limit
  for (let start = 0; start < EVENTS; start += perBatch) {
    const events = Array.from({ length: Math.min(perBatch, EVENTS - start) }, (_, index) => {
      const seq = start + index + 1;
      return { id: `${VISITOR}.${seq}`, visitor: VISITOR, session: 'launch', seq, type: 'product', at: 1_795_600_000_000 + seq,
        data: { name: `商品 ${seq}`, params: [{ text: 'x'.repeat(30_800) }] } };
    });
    const response = await postBatch(origin, { ...batch(events), v: 2 });
    const body = await response.json();
    if (response.status !== 200 || body.accepted !== events.length) throw new Error(`storing failed: ${response.status} ${JSON.stringify(body).slice(0, 200)}`);
  }
}

interface NonReader {
  socket: Socket;
  /** Whether the answer has begun (its first chunk arrived; the rest is never read). */
  answered(): boolean;
}

/** A client that sends the GET from its own address and reads no more than the answer's first chunk. */
function nonReader(origin: string, index: number): Promise<NonReader> {
  const { port } = new URL(origin);
  let answered = false;
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port: Number(port), localAddress: `127.0.${1 + Math.floor(index / 200)}.${1 + (index % 200)}` }, () => {
      socket.write(`GET /t/${VISITOR}/events HTTP/1.1\r\nhost: 127.0.0.1\r\n\r\n`);
      resolve({ socket, answered: () => answered });
    });
    socket.once('data', () => {
      answered = true;
      socket.pause();
    });
    socket.on('error', () => undefined);
  });
}

async function expectBoundedMemory(server: ChildServer): Promise<void> {
  await storeBigVisitor(server.origin);
  // Warm the read path once (JIT, the store's caches) with a client that does read.
  const warm = await fetch(`${server.origin}/t/${VISITOR}/events`);
  expect(warm.status).toBe(200);
  await warm.arrayBuffer();
  await sleep(500);
  const baseline = server.rss();
  const clients: NonReader[] = [];
  for (let index = 0; index < CLIENTS; index += 1) clients.push(await nonReader(server.origin, index));
  let peak = baseline;
  try {
    // Until every answer has begun, then 2 s more; it stops at the bound, so a server that grows
    // without limit is not left eating the machine.
    let settledSamples = 0;
    for (let sample = 0; sample < 1200 && settledSamples < 20 && !server.hasExited(); sample += 1) {
      await sleep(100);
      peak = Math.max(peak, server.rss());
      if (peak - baseline >= RSS_BOUND) break;
      if (clients.every((client) => client.answered())) settledSamples += 1;
    }
    const rise = peak - baseline;
    const answered = clients.filter((client) => client.answered()).length;
    console.log(`${CLIENTS} non-reading clients (${answered} answers begun): RSS ${Math.round(baseline / 2 ** 20)} MB → peak ${Math.round(peak / 2 ** 20)} MB (+${Math.round(rise / 2 ** 20)} MB)`);
    expect(server.hasExited()).toBe(false);
    expect(rise).toBeLessThan(RSS_BOUND);
    expect(answered).toBe(CLIENTS);
    const health = await fetch(`${server.origin}/healthz`, { signal: AbortSignal.timeout(10_000) });
    expect(health.status).toBe(200);
  } finally {
    clients.forEach((client) => client.socket.destroy());
  }
}

describe('clients that never read a visitor’s page', () => {
  it('raise the embedded store’s server RSS by less than 400 MB', async () => {
    let dataDir: PgliteDataDir | undefined;
    let server: ChildServer | undefined;
    try {
      dataDir = await makePgliteDataDir();
      server = await startServer(['--data', dataDir.dir, '--rate-limit', '100000', '--page-rate-limit', '1000']);
      await expectBoundedMemory(server);
    } finally {
      await server?.stop('SIGKILL');
      dataDir?.remove();
    }
  });

  it('raise the PostgreSQL store’s server RSS by less than 400 MB', async () => {
    let cluster: PostgresCluster | undefined;
    let server: ChildServer | undefined;
    try {
      cluster = await startPostgres();
      server = await startServer(['--database', cluster.connectionString, '--rate-limit', '100000', '--page-rate-limit', '1000']);
      await expectBoundedMemory(server);
    } finally {
      await server?.stop('SIGKILL');
      await cluster?.stop();
    }
  });
});
