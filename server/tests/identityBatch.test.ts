// POST /v1/batch with identity hashes (docs/protocol.md, "Identity verification"), on a real
// embedded store: a hash that verifies with the app's secret marks the event verified; a wrong one,
// one for another app, or any for an app without a secret leaves it unverified; a malformed one
// refuses that event alone; the hash itself is never stored, shown, streamed or logged; the
// operator hears once why nothing links. Also the page JSON's and header's marking.
import { createHmac } from 'crypto';
import type { StoredEvent } from '../src';
import { ADMIN_TOKEN, APP_ID, IDENTITY_SECRET, adminGet, batch, postBatch, startServer, verified } from './support/trajectoryServer';

jest.setTimeout(60_000);

let at = 1_795_600_000_000;
const v2 = (visitor: string, seq: number, customer?: Record<string, unknown>) => {
  at += 1000;
  return { id: `${visitor}.${seq}`, session: 's', seq, visitor, type: 'product', at, data: { name: `p${seq}` }, ...(customer ? { customer } : {}) };
};
const post = async (origin: string, events: unknown[], appId = APP_ID, token?: string) =>
  (await postBatch(origin, { ...batch(events, appId), v: 2 }, token ? { 'x-udesk-company-token': token } : {})).json();
const adminEvents = async (origin: string, visitor: string): Promise<StoredEvent[]> =>
  (await (await adminGet(origin, `/v1/events?visitor=${visitor}`)).json()).events;

describe('identity hashes in batches', () => {
  let server: Awaited<ReturnType<typeof startServer>>;
  beforeAll(async () => {
    server = await startServer({
      apps: { [APP_ID]: 'company-token-of-the-test-app', 'wx-no-secret': 'company-token-without-secret', 'wx-second': 'company-token-of-the-second' },
      identitySecrets: { [APP_ID]: IDENTITY_SECRET, 'wx-second': 'the-second-app-identity-secret-0123456789' },
    });
  });
  afterAll(() => server.close());

  it('marks an event verified only when its hash signs its customer key with the app’s secret; the hash is never kept', async () => {
    const visitor = 'Hashes-visitor-0123456789';
    const signed = verified({ customer_token: 'cust-h', nick_name: '小红' });
    const body = await post(server.origin, [
      v2(visitor, 1, signed),
      v2(visitor, 2, { ...signed, identity_hash: signed.identity_hash.toUpperCase() }),
      v2(visitor, 3, { ...signed, customer_token: 'cust-other' }), // the hash signs another key
      v2(visitor, 4, { customer_token: 'cust-h', identity_hash: createHmac('sha256', 'a-guessed-secret').update('token:cust-h').digest('hex') }),
      v2(visitor, 5, { customer_token: 'cust-h' }),
      v2(visitor, 6, { nick_name: 'only a nick', identity_hash: signed.identity_hash }), // no key: anonymous
      v2(visitor, 7, { customer_token: 'cust-h', identity_hash: '' }),
    ]);
    expect(body).toEqual({ accepted: 7, duplicates: 0, rejected: [] });
    const stored = await adminEvents(server.origin, visitor);
    expect(stored.map((event) => [event.customer, event.verified])).toEqual([
      ['token:cust-h', true], ['token:cust-h', true], ['token:cust-other', false], ['token:cust-h', false],
      ['token:cust-h', false], [null, false], ['token:cust-h', false],
    ]);
    const page = await (await fetch(`${server.origin}/t/${visitor}/events`)).text();
    // Newest first.
    expect(JSON.parse(page).events.map((event: StoredEvent) => event.verified)).toEqual([false, false, false, false, false, true, true]);
    for (const text of [JSON.stringify(stored), page, server.logger.lines.join('\n')]) {
      expect(text).not.toContain(signed.identity_hash);
      expect(text).not.toContain('identity_hash');
    }
    expect(stored[0].event.customer).toEqual({ customer_token: 'cust-h', nick_name: '小红' });
  });

  it('keeps every other field of the customer as data, `__proto__` included, when it drops the hash', async () => {
    const visitor = 'Proto-visitor-0123456789ab';
    const signed = verified({ customer_token: 'cust-proto' });
    const text = JSON.stringify({ ...batch([v2(visitor, 1, { ...signed, nick_name: 'n', PROTO: { polluted: true } })]), v: 2 }).replace('"PROTO"', '"__proto__"');
    expect(await (await postBatch(server.origin, text)).json()).toEqual({ accepted: 1, duplicates: 0, rejected: [] });
    const [stored] = await adminEvents(server.origin, visitor);
    expect(stored.verified).toBe(true);
    // jsonb orders keys its own way: compare the (own) entries.
    const entries = Object.entries(stored.event.customer as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b));
    expect(entries).toEqual([['__proto__', { polluted: true }], ['customer_token', 'cust-proto'], ['nick_name', 'n']]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('refuses, by id, an event whose hash is not 64 hex digits; the rest of its batch is kept', async () => {
    const visitor = 'Malformed-visitor-0123456789';
    const body = await post(server.origin, [
      v2(visitor, 1, { customer_token: 'c', identity_hash: 'abc' }),
      v2(visitor, 2, { customer_token: 'c', identity_hash: 'g'.repeat(64) }),
      v2(visitor, 3, { customer_token: 'c', identity_hash: 42 }),
      v2(visitor, 4, { customer_token: 'c' }),
    ]);
    expect(body.accepted).toBe(1);
    expect(body.rejected.map((rejected: { id: string }) => rejected.id)).toEqual([`${visitor}.1`, `${visitor}.2`, `${visitor}.3`]);
    expect(body.rejected[0].reason).toMatch(/^customer\.identity_hash must be 64 hex digits/);
  });

  it('verifies within the signing app only, links within it only, and says once why an app links nothing', async () => {
    const [first, second, noSecret] = ['InFirstApp-0123456789abc', 'InSecondApp-0123456789abc', 'InNoSecretApp-0123456789a'];
    const customer = { customer_token: 'cust-two-apps' };
    const signedForFirst = verified(customer);
    expect((await post(server.origin, [v2(first, 1, signedForFirst)])).accepted).toBe(1);
    // The first app's hash replayed in the second app: not verified there.
    await post(server.origin, [v2(second, 1, signedForFirst)], 'wx-second', 'company-token-of-the-second');
    await post(server.origin, [v2(noSecret, 1, signedForFirst)], 'wx-no-secret', 'company-token-without-secret');
    expect((await adminEvents(server.origin, second))[0].verified).toBe(false);
    expect((await adminEvents(server.origin, noSecret))[0].verified).toBe(false);
    const pageIds = async (visitor: string) => ((await (await fetch(`${server.origin}/t/${visitor}/events`)).json()).events as StoredEvent[]).map((event) => event.id);
    expect(await pageIds(first)).toEqual([`${first}.1`]);
    expect(await pageIds(second)).toEqual([`${second}.1`]);
    // Once per app and kind (the first test's wrong hashes warned for the test app already),
    // however many batches follow.
    for (let index = 2; index < 6; index += 1) await post(server.origin, [v2(noSecret, index, signedForFirst)], 'wx-no-secret', 'company-token-without-secret');
    await post(server.origin, [v2(second, 2, signedForFirst)], 'wx-second', 'company-token-of-the-second');
    expect(server.logger.lines.filter((line) => /identity/.test(line))).toEqual([
      expect.stringMatching(/^app "wx-test-app": an identity hash did not verify with this app’s identity secret/),
      expect.stringMatching(/^app "wx-second": an identity hash did not verify/),
      expect.stringMatching(/^app "wx-no-secret": events carry identity hashes, but no identity secret is configured for this app/),
    ]);
  });

  it('streams stored events with their verified flag and without the hash', async () => {
    const controller = new AbortController();
    const response = await fetch(`${server.origin}/v1/stream`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` }, signal: controller.signal });
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    const signed = verified({ customer_token: 'cust-stream' });
    await new Promise((resolve) => setTimeout(resolve, 100));
    await post(server.origin, [v2('Streamed-visitor-0123456789', 1, signed)]);
    let text = '';
    while (!text.includes('Streamed-visitor')) text += new TextDecoder().decode((await reader.read()).value);
    controller.abort();
    expect(text).toContain('"verified":true');
    expect(text).not.toContain(signed.identity_hash);
  });
});
