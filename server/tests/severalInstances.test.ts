// Several instances behind a load balancer on one PostgreSQL (issue 19, item 1): three server
// processes started together migrate the schema once (an advisory lock), and an event posted to
// any instance reaches the console's live stream on the others (LISTEN/NOTIFY) and the agent's
// page they serve. The latencies are printed for the record; the test asserts delivery, not time
// (timing is a benchmark's business on a shared machine).
import { Client } from 'pg';
import { startChild, type ChildServer } from './support/childServer';
import { startPostgres, type PostgresCluster } from './support/postgres';
import { ADMIN_TOKEN, APP_ID, COMPANY_TOKEN, batch, event, postBatch } from './support/trajectoryServer';
import { MIGRATIONS } from '../src/store/schemaSql';

jest.setTimeout(180_000);

/** Reads a server-sent-events answer, calling `onEvents` with each `events` frame's events. */
async function openStream(origin: string, onEvents: (events: Array<{ id: string }>) => void, onEnd: () => void = () => undefined): Promise<AbortController> {
  const abort = new AbortController();
  const response = await fetch(`${origin}/v1/stream`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` }, signal: abort.signal });
  expect(response.status).toBe(200);
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let buffered = '';
  let resolveConnected = (): void => undefined;
  const connected = new Promise<void>((resolve) => {
    resolveConnected = resolve;
  });
  void (async () => {
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return onEnd();
        buffered += decoder.decode(value, { stream: true });
        let end = buffered.indexOf('\n\n');
        while (end >= 0) {
          const frame = buffered.slice(0, end);
          buffered = buffered.slice(end + 2);
          if (frame.startsWith(': connected')) resolveConnected();
          const data = /^event: events\ndata: (.*)$/s.exec(frame);
          if (data) onEvents(JSON.parse(data[1]));
          end = buffered.indexOf('\n\n');
        }
      }
    } catch {
      // aborted
    }
  })();
  await connected;
  return abort;
}

describe('three instances on one PostgreSQL', () => {
  let cluster: PostgresCluster;
  let servers: ChildServer[] = [];
  let databaseUrl: string;

  beforeAll(async () => {
    cluster = await startPostgres();
    const admin = new Client({ connectionString: cluster.connectionString });
    await admin.connect();
    await admin.query('CREATE DATABASE several');
    await admin.end();
    databaseUrl = cluster.connectionString.replace(/\/postgres$/, '/several');
    const env = { DATABASE_URL: databaseUrl, TARO_UDESK_APPS: `${APP_ID}:${COMPANY_TOKEN}`, TARO_UDESK_ADMIN_TOKEN: ADMIN_TOKEN };
    servers = await Promise.all([0, 1, 2].map(() => startChild([], { env })));
  });
  afterAll(async () => {
    await Promise.all(servers.map((server) => server.stop()));
    await cluster?.stop();
  });

  it('migrates the schema once, whichever instance gets there first', async () => {
    const reader = new Client({ connectionString: databaseUrl });
    await reader.connect();
    const { rows } = await reader.query('SELECT version FROM taro_udesk_migrations ORDER BY version');
    await reader.end();
    expect(rows).toEqual(MIGRATIONS.map((_, index) => ({ version: index + 1 })));
    const applied = servers.filter((server) => /schema: applied migrations/.test(server.output()));
    const upToDate = servers.filter((server) => /schema: up to date/.test(server.output()));
    expect([applied.length, upToDate.length]).toEqual([1, 2]);
  });

  it('shows an event posted to any instance on the others’ live streams and agent pages', async () => {
    const arrivals = servers.map(() => new Map<string, number>());
    const streams = await Promise.all(servers.map((server, index) => openStream(server.origin, (events) => {
      for (const stored of events) arrivals[index].set(stored.id, Date.now());
    })));
    const latencies: number[] = [];
    const pageLatencies: number[] = [];
    for (let round = 0; round < 6; round += 1) {
      const from = round % 3;
      const visitor = `Visitor-round-${round}-0123456789`;
      const posted = Date.now();
      const response = await postBatch(servers[from].origin, { ...batch([{ ...event('s', 1), id: `${visitor}.1`, visitor }]), v: 2 });
      expect(await response.json()).toMatchObject({ accepted: 1 });
      const id = `${visitor}.1`;
      // The agent's page on another instance reads the shared database.
      const pageOn = servers[(from + 1) % 3];
      for (;;) {
        const answer = await fetch(`${pageOn.origin}/t/${visitor}/events`);
        expect(answer.status).toBe(200);
        const page = await answer.json();
        if (page.events.some((stored: { id: string }) => stored.id === id)) break;
        // Under the page's limit per address (20 a second).
        await new Promise((resolve) => setTimeout(resolve, 60));
      }
      pageLatencies.push(Date.now() - posted);
      // Every instance's stream, the posting one's included, gets it.
      while (!arrivals.every((seen) => seen.has(id))) await new Promise((resolve) => setTimeout(resolve, 10));
      for (const [index, seen] of arrivals.entries()) if (index !== from) latencies.push(seen.get(id)! - posted);
    }
    for (const stream of streams) stream.abort();
    expect(latencies).toHaveLength(12);
    console.log(`cross-instance live stream latency, ms (POST sent → frame read): ${latencies.join(', ')}; ` +
      `agent page JSON on another instance: ${pageLatencies.join(', ')}; load ${require('fs').readFileSync('/proc/loadavg', 'utf8').trim()}`);
  });

  it('ends its live streams when its listening connection was lost, listens again, and goes on', async () => {
    let ended = 0;
    const seen = new Set<string>();
    const first = await openStream(servers[0].origin, () => undefined, () => {
      ended += 1;
    });
    const admin = new Client({ connectionString: databaseUrl });
    await admin.connect();
    const { rows } = await admin.query("SELECT pg_terminate_backend(pid) AS done FROM pg_stat_activity WHERE query LIKE 'LISTEN%'");
    await admin.end();
    expect(rows.length).toBe(3);
    // Events stored while it was deaf are not heard of: the console is told to read again.
    while (ended === 0) await new Promise((resolve) => setTimeout(resolve, 20));
    first.abort();
    // Listening again (after 0.5 s): a new stream hears the others.
    const second = await openStream(servers[0].origin, (events) => events.forEach((stored) => seen.add(stored.id)));
    const visitor = 'Visitor-after-the-loss-0123';
    for (let attempt = 0; !seen.has(`${visitor}.${attempt - 1}`); attempt += 1) {
      expect(attempt).toBeLessThan(100);
      await postBatch(servers[1].origin, { ...batch([{ ...event('s', attempt), id: `${visitor}.${attempt}`, visitor }]), v: 2 });
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    second.abort();
  });
});
