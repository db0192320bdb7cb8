// Issue 17, finding 8 (images): a product's picture loaded from the shop's image host tells that
// host when, and from which address, an agent opens a page. By default the agent's page and the
// console load no remote image (a placeholder instead) and their CSP allows none; an operator lists
// the origins it trusts (`imageOrigins`, `--image-origin`), and only those load. In Chromium, with
// a second local server standing for the image host, counting the requests it gets.
import { mkdtempSync, writeFileSync } from 'fs';
import { createServer, type Server } from 'http';
import { tmpdir } from 'os';
import { join } from 'path';
import type { AddressInfo } from 'net';
import type { Browser, Page } from 'playwright-core';
import type { TrajectoryServerOptions } from '../src';
import { ADMIN_TOKEN, batch, postBatch, startServer } from './support/trajectoryServer';
import { launchChromium, loopbackContext } from '../../tests/support/chromium';

jest.setTimeout(90_000);

const VISITOR = 'ImageVisitor_0123456789abcdefA';
// A 1×1 transparent PNG.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');

interface ImageHost {
  origin: string;
  requests: string[];
  close(): Promise<void>;
}

/** An image host on another origin (localhost, not 127.0.0.1), recording what it is asked for. */
async function startImageHost(): Promise<ImageHost> {
  const requests: string[] = [];
  const server: Server = createServer((req, res) => {
    requests.push(req.url ?? '');
    res.writeHead(200, { 'content-type': 'image/png', 'content-length': PNG.length });
    res.end(PNG);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    origin: `http://localhost:${(server.address() as AddressInfo).port}`,
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

describe('product images', () => {
  let trusted: ImageHost;
  let other: ImageHost;
  let browser: Browser;
  let page: Page;
  const problems: string[] = [];

  beforeAll(async () => {
    [trusted, other] = await Promise.all([startImageHost(), startImageHost()]);
    browser = await launchChromium();
    const { context } = await loopbackContext(browser);
    page = await context.newPage();
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('console', (message) => {
      if (/Content Security Policy|Refused/.test(message.text())) problems.push(`csp: ${message.text()}`);
    });
  });
  afterAll(async () => {
    await browser?.close();
    await Promise.all([trusted?.close(), other?.close()]);
  });

  async function withServer(options: TrajectoryServerOptions, check: (origin: string) => Promise<void>) {
    const server = await startServer({ pageRateLimit: 1000, ...options });
    try {
      const response = await postBatch(server.origin, { ...batch([
        { id: `${VISITOR}.1`, visitor: VISITOR, session: 'launch', seq: 1, type: 'product', at: 1_795_800_000_000,
          data: { name: 'trusted host', imgUrl: `${trusted.origin}/trusted.png` } },
        { id: `${VISITOR}.2`, visitor: VISITOR, session: 'launch', seq: 2, type: 'product', at: 1_795_800_001_000,
          data: { name: 'other host', imgUrl: `${other.origin}/other.png` } },
      ]), v: 2 });
      expect((await response.json()).accepted).toBe(2);
      await check(server.origin);
    } finally {
      await server.close();
    }
  }

  const cspImgSrc = async (url: string) => {
    const csp = (await fetch(url)).headers.get('content-security-policy') ?? '';
    return /img-src ([^;]*)/.exec(csp)?.[1] ?? '';
  };

  it('loads none by default, on the agent’s page and in the console: a placeholder, and a CSP that allows no remote image', async () => {
    trusted.requests.length = 0;
    other.requests.length = 0;
    problems.length = 0;
    await withServer({}, async (origin) => {
      await page.goto(`${origin}/t/${VISITOR}`);
      await page.locator('#trail > li').nth(1).waitFor();
      expect(await page.locator('#trail .noimg').count()).toBe(2);
      await page.goto(`${origin}/console#token=${ADMIN_TOKEN}`);
      await page.locator(`.visitor[data-visitor="${VISITOR}"] li`).nth(1).waitFor();
      expect(await page.locator(`.visitor[data-visitor="${VISITOR}"] .noimg`).count()).toBe(2);
      await page.waitForTimeout(300);
      for (const path of [`/t/${VISITOR}`, '/console']) {
        const imgSrc = await cspImgSrc(`${origin}${path}`);
        expect(imgSrc).not.toMatch(/(^|\s)(https?:|\*)(\s|$)/);
        expect(imgSrc).not.toContain('localhost');
      }
    });
    expect([...trusted.requests, ...other.requests]).toEqual([]);
    expect(problems).toEqual([]);
  });

  it('loads those of the origins the operator allows, and only those', async () => {
    trusted.requests.length = 0;
    other.requests.length = 0;
    problems.length = 0;
    await withServer({ imageOrigins: [trusted.origin] } as TrajectoryServerOptions, async (origin) => {
      await page.goto(`${origin}/t/${VISITOR}`);
      await page.locator('#trail > li').nth(1).waitFor();
      await page.waitForFunction(() => Array.from(document.querySelectorAll<HTMLImageElement>('#trail img')).some((img) => img.complete && img.naturalWidth > 0));
      expect(await page.locator('#trail img').count()).toBe(1);
      expect(await page.locator('#trail .noimg').count()).toBe(1);
      expect(await cspImgSrc(`${origin}/t/${VISITOR}`)).toContain(trusted.origin);
      expect(await cspImgSrc(`${origin}/console`)).toContain(trusted.origin);
    });
    expect(trusted.requests).toEqual(['/trusted.png']);
    expect(other.requests).toEqual([]);
    expect(problems).toEqual([]);
  });

  // Issue 18 point 5: the demo's pictures come from the server that serves the shop and the page.
  it('loads a picture of the server’s own origin, which tells no other host anything', async () => {
    const staticDir = mkdtempSync(join(tmpdir(), 'own-images-'));
    writeFileSync(join(staticDir, 'own.png'), PNG);
    writeFileSync(join(staticDir, 'index.html'), '<!DOCTYPE html><title>shop</title>');
    other.requests.length = 0;
    problems.length = 0;
    const server = await startServer({ pageRateLimit: 1000, staticDir });
    try {
      const own = 'OwnImageVisitor_0123456789abcd';
      await postBatch(server.origin, { ...batch([{ id: `${own}.1`, visitor: own, session: 'launch', seq: 1, type: 'product', at: 1_795_800_000_000,
        data: { name: 'own picture', imgUrl: `${server.origin}/own.png` } }, { id: `${own}.2`, visitor: own, session: 'launch', seq: 2, type: 'product',
        at: 1_795_800_001_000, data: { name: 'other host', imgUrl: `${other.origin}/other.png` } }]), v: 2 });
      await page.goto(`${server.origin}/t/${own}`);
      await page.locator('#trail > li').nth(1).waitFor();
      await page.waitForFunction(() => Array.from(document.querySelectorAll<HTMLImageElement>('#trail img')).some((img) => img.complete && img.naturalWidth > 0));
      expect(await page.locator('#trail img').getAttribute('src')).toBe(`${server.origin}/own.png`);
      expect(await page.locator('#trail .noimg').count()).toBe(1);
    } finally {
      await server.close();
    }
    expect(other.requests).toEqual([]);
    expect(problems).toEqual([]);
  });
});
