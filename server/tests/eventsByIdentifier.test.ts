// GET /v1/events by the identifier an operator has (issue 19, item 4): customer_token=, unionid=,
// openid= and customer= (a customer_token) find the events stored under the customer's key; a
// query that could never match is refused with the rule it breaks, never answered with [].
import { adminGet, batch, event, postBatch, startServer, verified } from './support/trajectoryServer';
import type { StoredEvent } from '../src';

jest.setTimeout(60_000);

describe('GET /v1/events by customer identifier', () => {
  let server: Awaited<ReturnType<typeof startServer>>;
  const v2 = (visitor: string, seq: number, customer: unknown) => ({ ...event('s', seq), id: `${visitor}.${seq}`, visitor, customer });
  const ids = async (path: string): Promise<string[]> => {
    const response = await adminGet(server.origin, path);
    expect(response.status).toBe(200);
    return ((await response.json()).events as StoredEvent[]).map((e) => e.id);
  };

  beforeAll(async () => {
    server = await startServer();
    const response = await postBatch(server.origin, { ...batch([
      v2('Token-visitor-0123456789', 1, verified({ customer_token: 'c-1' })),
      v2('Token-visitor-0123456789', 2, { customer_token: 'c-1' }),
      v2('Union-visitor-0123456789', 1, { unionid: 'u-1' }),
      v2('Openid-visitor-012345678', 1, { openid: 'o-1' }),
      // Stored under its strongest identifier: the token.
      v2('Both-visitor-01234567890', 1, { customer_token: 'c-2', unionid: 'u-2' }),
    ]), v: 2 });
    expect((await response.json()).accepted).toBe(5);
  });
  afterAll(() => server.close());

  it('finds a customer’s events by customer_token, customer (the same), unionid and openid', async () => {
    const token = ['Token-visitor-0123456789.1', 'Token-visitor-0123456789.2'];
    expect(await ids('/v1/events?customer_token=c-1')).toEqual(token);
    expect(await ids('/v1/events?customer=c-1')).toEqual(token);
    expect(await ids('/v1/events?unionid=u-1')).toEqual(['Union-visitor-0123456789.1']);
    expect(await ids('/v1/events?openid=o-1')).toEqual(['Openid-visitor-012345678.1']);
    expect(await ids('/v1/events?customer_token=c-2')).toEqual(['Both-visitor-01234567890.1']);
    // Kinds never mix: an openid is not a token of the same text.
    expect(await ids('/v1/events?customer_token=o-1')).toEqual([]);
  });

  it.each([
    ['the store key where the token goes', '/v1/events?customer=token:c-1', /customer takes the customer_token itself.*customer_token=c-1/],
    ['two customer identifiers at once', '/v1/events?customer_token=c-1&unionid=u-1', /give one of .*customer_token and unionid/],
    ['a parameter given twice', '/v1/events?openid=o-1&openid=o-2', /openid is given 2 times/],
    ['an empty identifier', '/v1/events?unionid=', /unionid must be 1 to 256 characters/],
    ['an identifier longer than any stored', `/v1/events?customer_token=${'x'.repeat(257)}`, /customer_token must be 1 to 256/],
    ['a misspelt filter', '/v1/events?customer_id=c-1', /unknown parameter customer_id/],
    ['a visitor no event can have', `/v1/events?visitor=${'v'.repeat(300)}`, /visitor must be 1 to 256/],
  ])('refuses %s with a 400 that names the rule', async (_name, path, message) => {
    const response = await adminGet(server.origin, path);
    expect(response.status).toBe(400);
    expect((await response.json()).error).toMatch(message);
  });
});
