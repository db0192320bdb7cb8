// Linking as a property, over a real embedded store and HTTP: for any honest visitors (two apps,
// a few customers, anonymous or verified), each agent's page holds exactly the events of the
// visitors verified as the same customer in the same app (or its own alone); and whatever
// unverified claims strangers then make (any app, any customer, the honest ones' included, with
// no hash, a forged one, one signed by the other app or for another key), no honest page changes
// by a byte, and each stranger's page holds only its own events, none verified.
import fc from 'fast-check';
import { signCustomerIdentity } from '../src';
import { batch, postBatch, startServer } from './support/trajectoryServer';

jest.setTimeout(180_000);

const APPS = [
  { appId: 'wx-prop-a', token: 'company-token-of-app-a', secret: 'identity-secret-of-app-a-0123456789abcdef' },
  { appId: 'wx-prop-b', token: 'company-token-of-app-b', secret: 'identity-secret-of-app-b-0123456789abcdef' },
];
const CUSTOMERS = ['cust-alpha', 'cust-beta', 'cust-gamma'];

interface Honest {
  app: number;
  /** Index into CUSTOMERS, or null: anonymous throughout. */
  customer: number | null;
  events: number;
  /** How many of its first events are anonymous, before it logs in. */
  anonymousFirst: number;
}
type HashKind = 'none' | 'forged' | 'other app' | 'other key';

const honestArb = fc.record({
  app: fc.nat(1),
  customer: fc.option(fc.nat(CUSTOMERS.length - 1), { nil: null }),
  events: fc.integer({ min: 1, max: 3 }),
  anonymousFirst: fc.nat(2),
});
// A claim: its app, the customer it names (one of the run's, or a made-up token), its hash.
const claimArb = fc.record({
  app: fc.nat(1),
  customer: fc.oneof(fc.nat(CUSTOMERS.length - 1), fc.stringMatching(/^[a-z0-9-]{1,20}$/)),
  hash: fc.constantFrom<HashKind>('none', 'forged', 'other app', 'other key'),
  // Storable text (PostgreSQL holds no U+0000 and no lone surrogate; the batch tests cover those).
  nick: fc.string({ maxLength: 20 }).filter((nick) => !nick.includes('\u0000') && !/[\ud800-\udfff]/.test(nick)),
  order: fc.boolean(),
});

describe('linking (property)', () => {
  let server: Awaited<ReturnType<typeof startServer>>;
  let run = 0;
  let at = 1_795_600_000_000;
  beforeAll(async () => {
    server = await startServer({
      apps: Object.fromEntries(APPS.map((app) => [app.appId, app.token])),
      identitySecrets: Object.fromEntries(APPS.map((app) => [app.appId, app.secret])),
      rateLimit: 1_000_000,
      pageRateLimit: 1_000_000,
    });
  });
  afterAll(() => server.close());

  const post = async (app: number, events: unknown[]) => {
    const response = await postBatch(server.origin, { ...batch(events, APPS[app].appId), v: 2 }, { 'x-udesk-company-token': APPS[app].token });
    expect(await response.json()).toMatchObject({ accepted: events.length, rejected: [] });
  };
  const page = async (visitor: string) => (await fetch(`${server.origin}/t/${visitor}/events`)).text();
  const event = (visitor: string, seq: number, fields: Record<string, unknown>) => {
    at += 1000;
    return { id: `${visitor}.${seq}`, session: 's', seq, visitor, type: 'product', at, data: { name: `p${seq}` }, ...fields };
  };

  it('only verified identities link, within one app; unverified claims change no other page', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(honestArb, { minLength: 1, maxLength: 5 }), fc.array(claimArb, { minLength: 1, maxLength: 4 }), async (honest, claims) => {
        run += 1;
        const visitorOf = (kind: string, index: number) => `${kind}${run}x${index}_0123456789abcdef`;
        // Each run's customers are its own, so runs sharing the store never meet.
        const tokenOf = (customer: number) => `${CUSTOMERS[customer]}-${run}`;
        // The honest world, one batch per visitor, in order: the page order is this order.
        const posted: Array<{ visitor: string; ids: string[] }> = [];
        for (const [index, who] of honest.entries()) {
          const visitor = visitorOf('Honest', index);
          const customer = who.customer === null ? undefined : { customer_token: tokenOf(who.customer), nick_name: `nick-${who.customer}` };
          const signed = customer && { ...customer, identity_hash: signCustomerIdentity({ secret: APPS[who.app].secret, customer }) };
          const events = Array.from({ length: who.events }, (_, seq) =>
            event(visitor, seq + 1, signed && seq >= who.anonymousFirst ? { customer: signed } : {}));
          await post(who.app, events);
          posted.push({ visitor, ids: events.map((e) => e.id) });
        }
        // The model: a visitor verified as a customer (at least one signed event) links with the
        // visitors verified as the same customer in the same app; anything else is alone.
        const verifiedAs = (who: Honest) => (who.customer !== null && who.anonymousFirst < who.events ? `${who.app}:${who.customer}` : null);
        const before = new Map<string, string>();
        for (const [index, who] of honest.entries()) {
          const mine = verifiedAs(who);
          const expected = posted.filter((_, other) => other === index || (mine !== null && verifiedAs(honest[other]) === mine)).flatMap((p) => p.ids);
          const answer = await page(posted[index].visitor);
          // Newest first: the reverse of the order posted here.
          expect((JSON.parse(answer).events as Array<{ id: string }>).map((e) => e.id)).toEqual([...expected].reverse());
          before.set(posted[index].visitor, answer);
        }

        // The strangers, each under a fresh visitor id.
        for (const [index, claim] of claims.entries()) {
          const visitor = visitorOf('Stranger', index);
          const token = typeof claim.customer === 'number' ? tokenOf(claim.customer) : claim.customer;
          const customer: Record<string, string> = { customer_token: token, nick_name: claim.nick };
          const otherApp = APPS[1 - claim.app];
          if (claim.hash === 'forged') customer.identity_hash = '0123456789abcdef'.repeat(4);
          if (claim.hash === 'other app') customer.identity_hash = signCustomerIdentity({ secret: otherApp.secret, customer: { customer_token: token } });
          if (claim.hash === 'other key') customer.identity_hash = signCustomerIdentity({ secret: APPS[claim.app].secret, customer: { customer_token: `${token}-x` } });
          const fields = claim.order
            ? { type: 'order', customer, data: { order_no: 'R-1', name: 'refund me', price: 9999, status: 'wait_pay', order_at: '2026-11-25T10:00:00.000Z' } }
            : { customer };
          await post(claim.app, [event(visitor, 1, fields)]);
          const own = JSON.parse(await page(visitor)).events as Array<{ id: string; verified: boolean }>;
          expect(own.map((e) => [e.id, e.verified])).toEqual([[`${visitor}.1`, false]]);
        }
        for (const [visitor, answer] of before) expect(await page(visitor)).toBe(answer);
      }),
      { numRuns: 25 },
    );
  });
});
