// Issue 17, finding 6: the batch limit keyed on the client's own visitor id, so a fresh id per batch
// was never limited (12,807 batches from one address in 8 s, none refused). Now no client picks
// the key its limits count by: per address (IPv6 by /64), X-Forwarded-For only from a configured
// proxy, and per-app quotas of events and stored bytes a minute, each answered 429 + Retry-After.
import { randomBytes } from 'crypto';
import { ADMIN_TOKEN, APP_ID, COMPANY_TOKEN, batch } from './support/trajectoryServer';
import { makePgliteDataDir } from './support/pgliteDataDir';
import { startChild, type ChildServer } from './support/childServer';

jest.setTimeout(300_000);

const QUOTA_APP = 'wx-quota-app';
const BYTES_APP = 'wx-bytes-app';
const baseArgs = async () => ['--data', (await makePgliteDataDir()).dir, '--admin-token', ADMIN_TOKEN,
  '--app', `${APP_ID}:${COMPANY_TOKEN}`, '--app', `${QUOTA_APP}:${COMPANY_TOKEN}`, '--app', `${BYTES_APP}:${COMPANY_TOKEN}`];

/** A fresh 128-bit visitor id, as every new tracker makes. */
const freshVisitor = () => randomBytes(16).toString('base64url');
const v2Event = (visitor: string, seq: number, name = `p${seq}`) =>
  ({ id: `${visitor}.${seq}`, session: visitor, visitor, seq, type: 'product', at: 1_700_000_000_000 + seq, data: { name } });
const v2Batch = (events: unknown[], appId = APP_ID) => ({ ...batch(events, appId), v: 2 });

interface Answer {
  status: number;
  retryAfter: string | null;
}

async function send(origin: string, path: string, init: RequestInit = {}): Promise<Answer> {
  const response = await fetch(`${origin}${path}`, init);
  await response.arrayBuffer();
  return { status: response.status, retryAfter: response.headers.get('retry-after') };
}

function postFrom(origin: string, body: unknown, forwardedFor?: string): Promise<Answer> {
  return send(origin, '/v1/batch', {
    method: 'POST',
    headers: { 'x-udesk-company-token': COMPANY_TOKEN, ...(forwardedFor ? { 'x-forwarded-for': forwardedFor } : {}) },
    body: JSON.stringify(body),
  });
}

/** Runs `count` requests, `parallel` at a time; returns their answers. */
async function flood(count: number, parallel: number, request: (index: number) => Promise<Answer>): Promise<Answer[]> {
  const answers: Answer[] = [];
  let next = 0;
  await Promise.all(Array.from({ length: parallel }, async () => {
    while (next < count) {
      const index = next;
      next += 1;
      answers.push(await request(index));
    }
  }));
  return answers;
}

const count = (answers: Answer[], status: number) => answers.filter((answer) => answer.status === status).length;

describe('limits no client can pick its way around', () => {
  const servers: ChildServer[] = [];
  afterAll(async () => {
    for (const server of servers) await server.stop();
  });
  const start = async (args: string[]) => {
    const server = await startChild([...await baseArgs(), ...args]);
    servers.push(server);
    return server.origin;
  };

  describe('without a trusted proxy', () => {
    let origin: string;
    beforeAll(async () => {
      origin = await start(['--rate-limit', '2']);
    });

    it('refuses a flood of batches with a fresh visitor id each, from one address, with 429 and Retry-After', async () => {
      const answers = await flood(300, 10, () => postFrom(origin, v2Batch([v2Event(freshVisitor(), 1)])));
      console.log(`flood of 300 fresh-visitor batches from one address at --rate-limit 2: ${count(answers, 200)} stored, ${count(answers, 429)} refused`);
      expect(count(answers, 200) + count(answers, 429)).toBe(300);
      expect(count(answers, 429)).toBeGreaterThanOrEqual(150);
      expect(answers.filter((answer) => answer.status === 429).every((answer) => Number(answer.retryAfter) >= 1)).toBe(true);
    });

    it('never takes the client address from X-Forwarded-For unless the peer is a configured proxy', async () => {
      const answers = await flood(100, 10, (index) => postFrom(origin, v2Batch([v2Event(freshVisitor(), 1)]), `198.51.100.${index}`));
      expect(count(answers, 429)).toBeGreaterThanOrEqual(50);
    });
  });

  describe('behind a configured proxy', () => {
    let origin: string;
    beforeAll(async () => {
      origin = await start(['--rate-limit', '1', '--page-rate-limit', '1', '--trust-proxy', '127.0.0.1',
        '--app-events-per-minute', '100', '--app-bytes-per-minute', '200000']);
    });

    it('counts each forwarded address, IPv6 by /64, for batches', async () => {
      const sameNetwork = await flood(40, 4, (index) =>
        postFrom(origin, v2Batch([v2Event(freshVisitor(), 1)]), `2001:db8:1:2::${(index % 7) + 1}, 127.0.0.1`));
      expect(count(sameNetwork, 429)).toBeGreaterThanOrEqual(20);
      expect((await postFrom(origin, v2Batch([v2Event(freshVisitor(), 1)]), '2001:db8:1:3::1')).status).toBe(200);
      expect((await postFrom(origin, v2Batch([v2Event(freshVisitor(), 1)]), '203.0.113.9')).status).toBe(200);
    });

    it('counts each forwarded address, IPv6 by /64, for the agent\'s page', async () => {
      const page = (forwardedFor: string) => send(origin, `/t/${freshVisitor()}/events`, { headers: { 'x-forwarded-for': forwardedFor } });
      const sameNetwork = await flood(20, 4, (index) => page(`2001:db8:9:9:${index.toString(16)}::1`));
      expect(count(sameNetwork, 429)).toBeGreaterThanOrEqual(10);
      expect((await page('2001:db8:9:a::1')).status).toBe(200);
    });

    it('holds an app to its events a minute, with 429 and Retry-After', async () => {
      const answers = await flood(15, 1, (index) => {
        const visitor = freshVisitor();
        return postFrom(origin, v2Batch(Array.from({ length: 10 }, (_, seq) => v2Event(visitor, seq + 1)), QUOTA_APP), `192.0.2.${index}`);
      });
      expect(count(answers, 200)).toBeLessThanOrEqual(10);
      expect(count(answers, 429)).toBeGreaterThanOrEqual(5);
      expect(answers.filter((answer) => answer.status === 429).every((answer) => Number(answer.retryAfter) >= 1)).toBe(true);
      // Another app is not held by this one's quota.
      expect((await postFrom(origin, v2Batch([v2Event(freshVisitor(), 1)]), '192.0.2.200')).status).toBe(200);
    });

    it('holds an app to its stored bytes a minute, with 429 and Retry-After', async () => {
      const answers = await flood(10, 1, (index) => {
        const visitor = freshVisitor();
        const events = Array.from({ length: 5 }, (_, seq) => v2Event(visitor, seq + 1, 'x'.repeat(20_000)));
        return postFrom(origin, v2Batch(events, BYTES_APP), `192.0.2.${100 + index}`);
      });
      expect(count(answers, 200)).toBeLessThanOrEqual(2);
      expect(count(answers, 429)).toBeGreaterThanOrEqual(8);
      expect(answers.filter((answer) => answer.status === 429).every((answer) => Number(answer.retryAfter) >= 1)).toBe(true);
    });
  });

  describe('with the defaults', () => {
    it('admits 300 phones behind one carrier NAT sending at once', async () => {
      const origin = await start([]);
      const answers = await flood(300, 30, () => postFrom(origin, v2Batch([v2Event(freshVisitor(), 1)])));
      expect(count(answers, 200)).toBe(300);
    });
  });
});
