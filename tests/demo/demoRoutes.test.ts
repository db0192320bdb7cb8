// The demo server's identity routes: the demo login (answering the customer's identity hash), the
// signed web IM identity of the logged-in customer, and the local web IM stand-in's check of that
// signature, over real HTTP.
import { createHash, createHmac } from 'crypto';
import { createServer } from 'http';
import type { Server } from 'http';
import type { AddressInfo } from 'net';
import { signCustomerIdentity, signWebImCustomer } from 'taro-udesk-server';
const { attachDemoRoutes, DEMO_IM_USER_KEY, DEMO_IDENTITY_SECRET } = require('../../scripts/demo/demoRoutes.cjs');

describe('the demo server: H5 identity routes', () => {
  let server: Server;
  let origin: string;
  const bodies: string[] = [];
  const get = async (path: string, headers: Record<string, string> = {}) => {
    const response = await fetch(origin + path, { headers });
    const text = await response.text();
    bodies.push(text);
    return { status: response.status, headers: response.headers, text };
  };
  const logIn = async (customerToken: unknown) => {
    const response = await fetch(`${origin}/demo/login`, { method: 'POST', body: JSON.stringify({ customer_token: customerToken }) });
    const text = await response.text();
    bodies.push(text);
    return { status: response.status, cookie: (response.headers.get('set-cookie') || '').split(';')[0], body: JSON.parse(text) };
  };

  beforeAll(async () => {
    server = createServer((_req, res) => res.writeHead(404).end('the server behind'));
    attachDemoRoutes(server, { signWebImCustomer, signCustomerIdentity });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  it('signs only for a logged-in demo customer', async () => {
    expect((await get('/demo/web-im-customer')).status).toBe(401);
    expect((await logIn('someone_else')).status).toBe(400);
    expect((await logIn({ not: 'a string' })).status).toBe(400);
    const { status, cookie, body } = await logIn('test_token');
    expect(status).toBe(200);
    // The login answers the customer's identity hash: the documented HMAC, computed here apart.
    expect(body).toEqual({ identity_hash: createHmac('sha256', DEMO_IDENTITY_SECRET).update('token:test_token').digest('hex') });
    expect((await logIn('li_lei_2048')).body.identity_hash).not.toBe(body.identity_hash);
    const answer = await get('/demo/web-im-customer', { cookie });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('cache-control')).toBe('no-store');
    const signed = JSON.parse(answer.text);
    expect(signed).toMatchObject({ web_token: 'test_token', encryption_algorithm: 'SHA256' });
    // Udesk's documented string, computed here independently of signWebImCustomer.
    const expected = createHash('sha256')
      .update(`nonce=${signed.nonce}&timestamp=${signed.timestamp}&web_token=test_token&${DEMO_IM_USER_KEY}`)
      .digest('hex')
      .toUpperCase();
    expect(signed.signature).toBe(expected);
  });

  it('logs out: the cookie is cleared', async () => {
    const response = await fetch(`${origin}/demo/logout`, { method: 'POST' });
    expect(response.status).toBe(204);
    expect(response.headers.get('set-cookie')).toMatch(/Max-Age=0/);
  });

  it('the stand-in checks the signature: valid as signed, invalid when any part changes, absent without one', async () => {
    const signed = signWebImCustomer({ webToken: 'test_token', imUserKey: DEMO_IM_USER_KEY, algorithm: 'SHA1' });
    const query = (values: Record<string, string>) => '?' + new URLSearchParams(values).toString();
    const check = async (values: Record<string, string>) => JSON.parse((await get('/demo/web-im/check' + query(values))).text);
    expect(await check({ ...signed })).toMatchObject({ state: 'valid', web_token: 'test_token', algorithm: 'SHA1' });
    const flipped = signed.signature.slice(0, -1) + (signed.signature.endsWith('A') ? 'B' : 'A');
    expect(await check({ ...signed, signature: flipped })).toMatchObject({ state: 'invalid' });
    expect(await check({ ...signed, web_token: 'li_lei_2048' })).toMatchObject({ state: 'invalid' });
    expect(await check({ ...signed, encryption_algorithm: 'SHA256' })).toMatchObject({ state: 'invalid' });
    const { nonce: _nonce, ...incomplete } = signed;
    expect(await check(incomplete)).toMatchObject({ state: 'invalid', reason: expect.stringContaining('nonce') });
    expect(await check({ c_name: 'jack' })).toEqual({ state: 'absent' });
    const other = signWebImCustomer({ webToken: 'test_token', imUserKey: 'another-key' });
    expect(await check({ ...other })).toMatchObject({ state: 'invalid' });
  });

  it('serves the stand-in as a labelled local page with a CSP, and passes other requests on', async () => {
    const page = await get('/demo/web-im?c_name=jack');
    expect(page.status).toBe(200);
    expect(page.text).toContain('<title>本地模拟 · Udesk 网页 IM 替身 (not Udesk)</title>');
    expect(page.headers.get('content-security-policy')).toMatch(/default-src 'none'; script-src 'self'/);
    expect((await get('/demo/web-im.js')).headers.get('content-type')).toMatch(/javascript/);
    const other = await get('/v1/anything');
    expect([other.status, other.text]).toEqual([404, 'the server behind']);
  });

  it('never sends the signing key nor the identity secret', () => {
    expect(bodies.length).toBeGreaterThan(5);
    for (const body of bodies) {
      expect(body).not.toContain(DEMO_IM_USER_KEY);
      expect(body).not.toContain(DEMO_IDENTITY_SECRET);
    }
  });
});
