// What the old collector did not survive: hostile request targets and methods, unauthenticated
// reads, huge and slow bodies, CORS for anyone, floods. The server must answer each and live on.
import { request } from 'http';
import { mkdirSync, writeFileSync } from 'fs';
import { join } from 'path';
import { ADMIN_TOKEN, adminGet, batch, event, postBatch, rawRequest, startServer, tempDir } from './support/trajectoryServer';

jest.setTimeout(60_000);

describe('a hardened server', () => {
  let server: Awaited<ReturnType<typeof startServer>>;
  let staticDir: string;
  beforeAll(async () => {
    staticDir = tempDir('static-');
    mkdirSync(join(staticDir, 'sub'));
    writeFileSync(join(staticDir, 'index.html'), '<!DOCTYPE html><title>shop</title>');
    writeFileSync(join(staticDir, 'sub', 'app.js'), 'console.log(1)');
    server = await startServer({ bodyTimeoutMs: 400, headersTimeoutMs: 1000, corsOrigins: ['https://shop.example.com'], staticDir });
  });
  afterAll(() => server.close());

  const alive = async () => expect((await fetch(`${server.origin}/healthz`)).status).toBe(200);

  it.each([
    ['an unparsable absolute target', 'GET http://[ HTTP/1.1', /^HTTP\/1\.1 400/],
    ['a broken escape', 'GET /% HTTP/1.1', /^HTTP\/1\.1 400/],
    ['a NUL byte', 'GET /a%00b HTTP/1.1', /^HTTP\/1\.1 400/],
    ['a traversal', 'GET /..%2f..%2f..%2fetc%2fpasswd HTTP/1.1', /^HTTP\/1\.1 (400|404)/],
    ['an absolute-form target', 'GET http://elsewhere.example/healthz HTTP/1.1', /^HTTP\/1\.1 200/],
    ['TRACE', 'TRACE /v1/batch HTTP/1.1', /^HTTP\/1\.1 405/],
    ['an unknown method', 'BREW /console HTTP/1.1', /^HTTP\/1\.1 (400|405)/],
    ['garbage', 'G@RBAGE\x01 / HTTP/1.1', /^HTTP\/1\.1 400/],
  ])('answers %s and keeps running', async (_, line, status) => {
    const answer = await rawRequest(server.origin, `${line}\r\nhost: 127.0.0.1\r\nconnection: close\r\n\r\n`);
    expect(answer).toMatch(status);
    await alive();
  });

  it.each(['/v1/events', '/v1/visitors', '/v1/stream', '/v1/events?visitor=x'])('answers 401 to a read of %s without the admin token or with a wrong one', async (path) => {
    expect((await fetch(`${server.origin}${path}`)).status).toBe(401);
    expect((await adminGet(server.origin, path, 'wrong-admin-token-0123456789')).status).toBe(401);
    expect((await fetch(`${server.origin}${path}`, { headers: { authorization: ADMIN_TOKEN } })).status).toBe(401);
  });

  it('answers a 200 MiB body with 413 within a second, without reading it all', async () => {
    const started = Date.now();
    const { port } = new URL(server.origin);
    const result = await new Promise<{ status: number; ms: number; sent: number }>((resolve, reject) => {
      const req = request({ port, host: '127.0.0.1', method: 'POST', path: '/v1/batch', headers: { 'x-udesk-company-token': 'company-token-of-the-test-app', 'transfer-encoding': 'chunked' } });
      const chunk = Buffer.alloc(1024 * 1024, 0x20);
      let sent = 0;
      let answered = false;
      const pump = () => {
        while (!answered && sent < 200) {
          sent += 1;
          if (!req.write(chunk)) return void req.once('drain', pump);
        }
        if (!answered) req.end();
      };
      req.on('response', (res) => {
        answered = true;
        resolve({ status: res.statusCode ?? 0, ms: Date.now() - started, sent });
        res.resume();
        req.destroy();
      });
      req.on('error', (error) => (answered ? undefined : reject(error)));
      pump();
    });
    expect(result.status).toBe(413);
    expect(result.ms).toBeLessThan(1000);
    expect(result.sent).toBeLessThan(200);
    await alive();
  });

  it('answers a declared 200 MiB body with 413 before it is sent', async () => {
    const answer = await rawRequest(server.origin, 'POST /v1/batch HTTP/1.1\r\nhost: x\r\nx-udesk-company-token: t\r\ncontent-length: 209715200\r\n\r\n{"v":1');
    expect(answer).toMatch(/^HTTP\/1\.1 413/);
    expect(answer).toMatch(/connection: close/i);
  });

  it('answers a declared oversized body that expects 100-continue with 413, without inviting it', async () => {
    const answer = await rawRequest(server.origin, 'POST /v1/batch HTTP/1.1\r\nhost: x\r\nx-udesk-company-token: t\r\nexpect: 100-continue\r\ncontent-length: 209715200\r\n\r\n');
    expect(answer).toMatch(/^HTTP\/1\.1 413/);
    expect(answer).not.toMatch(/100 Continue/);
  });

  it('invites a body of a sound size that expects 100-continue', async () => {
    const body = JSON.stringify(batch([event('continue', 1)]));
    const answer = await rawRequest(server.origin, `POST /v1/batch HTTP/1.1\r\nhost: x\r\nx-udesk-company-token: company-token-of-the-test-app\r\nexpect: 100-continue\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`);
    expect(answer).toMatch(/^HTTP\/1\.1 100 Continue/);
    expect(answer).toMatch(/HTTP\/1\.1 200 OK/);
  });

  it('cuts off a body that trickles in, with 408', async () => {
    const started = Date.now();
    const answer = await rawRequest(server.origin, 'POST /v1/batch HTTP/1.1\r\nhost: x\r\nx-udesk-company-token: t\r\ncontent-length: 100\r\n\r\n{"v":1', 5000);
    expect(answer).toMatch(/^HTTP\/1\.1 408/);
    expect(Date.now() - started).toBeLessThan(2000);
    await alive();
  });

  it('cuts off headers that trickle in, with 408', async () => {
    const started = Date.now();
    const answer = await rawRequest(server.origin, 'GET /healthz HTTP/1.1\r\nhost: x\r\nx-slow: ', 5000);
    expect(answer).toMatch(/^HTTP\/1\.1 408/);
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('sets nosniff everywhere and a CSP on every HTML page, and never CORS *', async () => {
    for (const path of ['/console', '/console/', '/', '/sub/app.js', '/healthz', '/nowhere']) {
      const response = await fetch(`${server.origin}${path}`, { headers: { origin: 'https://evil.example' } });
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('access-control-allow-origin')).toBeNull();
      if ((response.headers.get('content-type') ?? '').startsWith('text/html')) {
        expect(response.headers.get('content-security-policy')).toMatch(/script-src 'self'/);
      }
    }
    expect(await (await fetch(`${server.origin}/console`)).text()).not.toMatch(/<script>|<script [^>]*>[^<]/);
  });

  it('lets listed origins POST batches (with a preflight), no others, and never reads', async () => {
    const allowed = 'https://shop.example.com';
    const preflight = await fetch(`${server.origin}/v1/batch`, { method: 'OPTIONS', headers: { origin: allowed, 'access-control-request-method': 'POST' } });
    expect(preflight.headers.get('access-control-allow-origin')).toBe(allowed);
    expect(preflight.headers.get('access-control-allow-headers')).toMatch(/x-udesk-company-token/);
    const post = await postBatch(server.origin, batch([event('cors', 1)]), { origin: allowed });
    expect(post.headers.get('access-control-allow-origin')).toBe(allowed);
    const other = await postBatch(server.origin, batch([event('cors', 2)]), { origin: 'https://evil.example' });
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
    const otherPreflight = await fetch(`${server.origin}/v1/batch`, { method: 'OPTIONS', headers: { origin: 'https://evil.example' } });
    expect(otherPreflight.headers.get('access-control-allow-origin')).toBeNull();
    for (const path of ['/v1/events', '/v1/visitors']) {
      const read = await fetch(`${server.origin}${path}`, { headers: { origin: allowed, authorization: `Bearer ${ADMIN_TOKEN}` } });
      expect(read.status).toBe(200);
      expect(read.headers.get('access-control-allow-origin')).toBeNull();
      const readPreflight = await fetch(`${server.origin}${path}`, { method: 'OPTIONS', headers: { origin: allowed } });
      expect(readPreflight.headers.get('access-control-allow-origin')).toBeNull();
    }
  });

  it('answers 429 with Retry-After past the per-address rate (bursts of twice the rate), whatever visitor the batches name', async () => {
    const limited = await startServer({ store: await server.ready(), rateLimit: 1 });
    try {
      const statuses: number[] = [];
      let retryAfter: string | null = null;
      for (let seq = 1; seq <= 10; seq++) {
        const response = await postBatch(limited.origin, batch([event(`flood${seq}`, seq)]));
        statuses.push(response.status);
        if (response.status === 429) retryAfter = response.headers.get('retry-after');
      }
      expect(statuses.slice(0, 2)).toEqual([200, 200]);
      expect(statuses).toContain(429);
      expect(Number(retryAfter)).toBeGreaterThanOrEqual(1);
    } finally {
      await limited.close();
    }
  });

  it('answers a bad query or cursor with 400, not 500', async () => {
    expect((await adminGet(server.origin, '/v1/events?limit=0')).status).toBe(400);
    expect((await adminGet(server.origin, '/v1/events?limit=5000')).status).toBe(400);
    expect((await adminGet(server.origin, '/v1/events?after=garbage')).status).toBe(400);
    expect((await adminGet(server.origin, '/v1/visitors?after=%00')).status).toBe(400);
  });
});
