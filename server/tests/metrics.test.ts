// GET /metrics (docs/server.md, "Metrics"): Prometheus' text format behind the admin token, the
// counters moving with what really happened (events stored, repeated, refused by kind, 429s,
// store failures, open streams), and no visitor id, customer or token anywhere in the text.
import { randomBytes } from 'crypto';
import type { TrajectoryStore } from '../src';
import { createPgliteStore } from '../src/store';
import { ADMIN_TOKEN, APP_ID, COMPANY_TOKEN, adminGet, batch, event, postBatch, startServer } from './support/trajectoryServer';
import { makePgliteDataDir } from './support/pgliteDataDir';
import { sleep } from './support/childServer';

jest.setTimeout(120_000);

/** Every sample of the text, as `name{labels}` → value; throws on a line that is not the format. */
function samples(text: string): Map<string, number> {
  const found = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (line === '' || /^# (HELP|TYPE) [a-zA-Z_:][a-zA-Z0-9_:]* .+$/.test(line)) continue;
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*(?:\{(?:[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\n]|\\.)*",?)*\})?) (-?[0-9.e+-]+|NaN|\+Inf|-Inf)$/.exec(line);
    if (!match) throw new Error(`not Prometheus text: ${line}`);
    found.set(match[1], Number(match[2]));
  }
  return found;
}

const scrape = async (origin: string) => {
  const response = await adminGet(origin, '/metrics');
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  const text = await response.text();
  return { text, values: samples(text) };
};

const visitorId = () => randomBytes(16).toString('hex');
const v2 = (visitor: string, seq: number, extra: Record<string, unknown> = {}) =>
  ({ id: `${visitor}.${seq}`, session: 's', seq, type: 'product', at: 1_700_000_000_000 + seq, visitor, visitorSeq: seq, data: { name: `p${seq}` }, ...extra });

describe('GET /metrics', () => {
  it('keeps at most 50 apps’ own labels however many app ids clients invent (no --apps-file)', async () => {
    const server = await startServer({ apps: undefined, figuresMaxAgeMs: 0 });
    try {
      for (let app = 0; app < 120; app++) {
        const response = await postBatch(server.origin, batch([event(`visitor-${app}`, 1)], `wx-invented-${app}`));
        expect(response.status).toBe(200);
      }
      const { text, values } = await scrape(server.origin);
      const apps = [...values.keys()].filter((name) => name.startsWith('taro_udesk_stored_events{'));
      expect(apps.length).toBe(51);
      expect(values.get('taro_udesk_stored_events{app="(other apps)"}')).toBe(70);
      expect(text.length).toBeLessThan(60_000);
    } finally {
      await server.close();
    }
  });

  it('needs the admin token', async () => {
    const server = await startServer();
    try {
      expect((await fetch(`${server.origin}/metrics`)).status).toBe(401);
      expect((await adminGet(server.origin, '/metrics', 'not-the-admin-token-000000')).status).toBe(401);
      expect((await fetch(`${server.origin}/metrics`, { method: 'POST' })).status).toBe(405);
    } finally {
      await server.close();
    }
  });

  it('counts events accepted, duplicate and refused by kind, batches by status, stored events and bytes; never a visitor, customer or token', async () => {
    const server = await startServer({ figuresMaxAgeMs: 0 });
    try {
      const visitor = visitorId();
      const customer = { customer_token: 'customer-c-secret-1' };
      const first = await postBatch(server.origin, { ...batch([v2(visitor, 1, { customer }), v2(visitor, 2)]), v: 2 });
      expect(await first.json()).toMatchObject({ accepted: 2, duplicates: 0 });
      const second = await postBatch(server.origin, {
        ...batch([v2(visitor, 2), v2(visitor, 4), { ...v2(visitor, 5), type: 'visit' }, { ...v2(visitor, 6), visitorSeq: 0 }, { ...v2(visitor, 7), visitor: 'short' }, 'x']),
        v: 2,
      });
      expect(await second.json()).toMatchObject({ accepted: 1, duplicates: 1 });
      expect((await postBatch(server.origin, 'not json')).status).toBe(400);
      expect((await postBatch(server.origin, batch([event('v1-visitor', 1)]), { 'x-udesk-company-token': 'wrong' })).status).toBe(401);

      const { text, values } = await scrape(server.origin);
      expect(values.get('taro_udesk_events_accepted_total')).toBe(3);
      expect(values.get('taro_udesk_events_duplicate_total')).toBe(1);
      expect(values.get('taro_udesk_events_rejected_total{reason="type"}')).toBe(1);
      expect(values.get('taro_udesk_events_rejected_total{reason="visitor_seq"}')).toBe(1);
      expect(values.get('taro_udesk_events_rejected_total{reason="visitor"}')).toBe(1);
      expect(values.get('taro_udesk_events_rejected_total{reason="not_object"}')).toBe(1);
      expect(values.get('taro_udesk_batch_duration_seconds_count{status="200"}')).toBe(2);
      expect(values.get('taro_udesk_batch_duration_seconds_count{status="400"}')).toBe(1);
      expect(values.get('taro_udesk_batch_duration_seconds_count{status="401"}')).toBe(1);
      expect(values.get('taro_udesk_batch_duration_seconds_bucket{le="+Inf",status="200"}')).toBe(2);
      expect(values.get('taro_udesk_http_responses_total{route="batch",status="200"}')).toBe(2);
      expect(values.get('taro_udesk_store_duration_seconds_count{operation="insert"}')).toBe(2);
      expect(values.get(`taro_udesk_stored_events{app="${APP_ID}"}`)).toBe(3);
      expect(values.get('taro_udesk_store_bytes')).toBeGreaterThan(8192);
      expect(values.get(`taro_udesk_delivery_pending_events{app="${APP_ID}"}`)).toBe(1); // 3 never arrived, within the settling time
      expect(values.get('taro_udesk_store_errors_total')).toBeUndefined();
      for (const secret of [visitor, 'customer-c-secret-1', COMPANY_TOKEN, ADMIN_TOKEN, 'v1-visitor']) expect(text).not.toContain(secret);
    } finally {
      await server.close();
    }
  });

  it('counts 429s by route, and the open live streams', async () => {
    const server = await startServer({ rateLimit: 1, pageRateLimit: 1 });
    try {
      let refused = 0;
      for (let index = 0; index < 6; index++) {
        const response = await postBatch(server.origin, batch([event('limited', index + 1)]));
        if (response.status === 429) refused += 1;
      }
      let pageRefused = 0;
      for (let index = 0; index < 4; index++) {
        const response = await fetch(`${server.origin}/t/${visitorId()}/events`);
        await response.arrayBuffer();
        if (response.status === 429) pageRefused += 1;
      }
      expect(refused).toBeGreaterThan(0);
      expect(pageRefused).toBeGreaterThan(0);
      const streams = [new AbortController(), new AbortController()];
      const opened = await Promise.all(streams.map((controller) => fetch(`${server.origin}/v1/stream`, {
        headers: { authorization: `Bearer ${ADMIN_TOKEN}` }, signal: controller.signal,
      })));
      expect(opened.map((response) => response.status)).toEqual([200, 200]);
      let values = (await scrape(server.origin)).values;
      expect(values.get('taro_udesk_rate_limited_total{route="batch"}')).toBe(refused);
      expect(values.get('taro_udesk_rate_limited_total{route="page"}')).toBe(pageRefused);
      expect(values.get('taro_udesk_stream_clients')).toBe(2);
      expect(values.get('taro_udesk_open_requests{route="stream"}')).toBe(2);
      streams[0].abort();
      for (let poll = 0; poll < 50 && values.get('taro_udesk_stream_clients') !== 1; poll++) {
        await sleep(100);
        values = (await scrape(server.origin)).values;
      }
      expect(values.get('taro_udesk_stream_clients')).toBe(1);
      expect(values.get('taro_udesk_http_responses_total{route="stream",status="aborted"}')).toBe(1);
      streams[1].abort();
    } finally {
      await server.close();
    }
  });

  it('counts a store that fails: the batch answered 503, the failure by operation', async () => {
    const dataDir = await makePgliteDataDir();
    const real = await createPgliteStore({ dataDir: dataDir.dir });
    let failing = false;
    const store: TrajectoryStore = {
      ...real,
      insert: (appId, events) => (failing ? Promise.reject(new Error('disk full')) : real.insert(appId, events)),
      events: (query) => real.events(query),
      visitors: (query) => real.visitors(query),
      trajectory: (query) => real.trajectory(query),
      close: () => real.close(),
    };
    const server = await startServer({ store });
    try {
      expect((await postBatch(server.origin, batch([event('sound', 1)]))).status).toBe(200);
      failing = true;
      expect((await postBatch(server.origin, batch([event('sound', 2)]))).status).toBe(503);
      const { values } = await scrape(server.origin);
      expect(values.get('taro_udesk_store_errors_total{operation="insert"}')).toBe(1);
      expect(values.get('taro_udesk_store_duration_seconds_count{operation="insert"}')).toBe(2);
      expect(values.get('taro_udesk_batch_duration_seconds_count{status="503"}')).toBe(1);
    } finally {
      await server.close();
      await real.close();
      await dataDir.remove();
    }
  });
});
