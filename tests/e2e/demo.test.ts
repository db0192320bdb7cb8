// The whole demo, end to end: Taro's H5 build in headless Chromium, tracking to the trajectory
// server (taro-udesk-server, embedded store), which then holds exactly what the user did. Then
// the server goes down while the user browses, comes back, and every event arrives, none twice.
import { mkdirSync, mkdtempSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import type { Browser, Page } from 'playwright-core';
import { buildSessionFrom } from 'taro-udesk';
import { demoSession, TRAJECTORY_FIELD } from '../../demo/session';
import { buildDir, root } from '../support/buildDemo';
import { launchChromium, loopbackContext } from '../support/chromium';
import { back, onTop, routerSettled, tap } from '../support/h5Router';
import { createTrajectoryServer } from 'taro-udesk-server';
import type { StoredEvent } from 'taro-udesk-server';

jest.setTimeout(120_000);

type Stored = { id: string; session: string; seq: number; type: string; data: Record<string, unknown> };
type Collector = { origin: string; consoleUrl: string; stats: { duplicates: number }; events(): Promise<Stored[]>; close(): Promise<void> };

const ADMIN_TOKEN = 'e2e-admin-token-0123456789abcdef';
const quiet = { info: () => undefined, warn: () => undefined, error: (m: string) => console.error(m) };

/** Every stored event, oldest first, as the demo sent it (GET /v1/events, all pages). */
async function storedEvents(origin: string): Promise<Stored[]> {
  const all: Stored[] = [];
  let after = '';
  do {
    const response = await fetch(`${origin}/v1/events?limit=1000${after && `&after=${after}`}`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
    const page = (await response.json()) as { events: StoredEvent[]; next?: string };
    all.push(...page.events.map((e) => e.event as unknown as Stored));
    after = page.next ? encodeURIComponent(page.next) : '';
  } while (after);
  return all;
}

/** The trajectory server as the demo runs it (scripts/demo.cjs): the H5 build, the demo app only. */
async function createCollector({ dataDir, port, staticDir }: { dataDir: string; port: number; staticDir: string }): Promise<Collector> {
  const server = createTrajectoryServer({ dataDir, staticDir, apps: { 'wx-taro-udesk-demo': 'demo-company-token' }, adminToken: ADMIN_TOKEN, logger: quiet });
  const origin = await server.listen(port, '127.0.0.1');
  return { origin, consoleUrl: `${origin}/console#token=${ADMIN_TOKEN}`, stats: server.stats, events: () => storedEvents(origin), close: () => server.close() };
}

const waitFor = async (what: string, check: () => Promise<boolean>, ms = 60_000) => {
  const until = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
};

describe('the demo end to end in Chromium', () => {
  let browser: Browser;
  let page: Page;
  let collector: Collector;
  let collectorUp = false;
  let dataDir: string;
  let port: number;
  const start = async () => {
    collector = await createCollector({ dataDir, port, staticDir: buildDir('h5') });
    collectorUp = true;
    port = Number(new URL(collector.origin).port);
  };
  const stop = async () => {
    collectorUp = false;
    await collector.close();
  };
  /** The shop's home page, freshly loaded (a new launch of the app), the router settled. */
  const notFound: string[] = [];
  const openShop = async () => {
    await page.goto(`${collector.origin}/#/pages/index/index`);
    await routerSettled(page);
  };

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'e2e-collector-'));
    port = 0;
    await start();
    browser = await launchChromium();
    const { context } = await loopbackContext(browser);
    page = await context.newPage();
    page.on('response', (answer) => {
      if (answer.status() === 404) notFound.push(new URL(answer.url()).pathname);
    });
  });
  // A failed step fails alone: whatever a test left behind, the next one finds the server up.
  afterEach(async () => {
    if (!collectorUp) await start();
  });
  afterAll(async () => {
    await browser?.close();
    if (collectorUp) await collector.close();
  });

  // Every navigation goes through the app's own links or Taro's router, each step once the
  // router has settled (tests/support/h5Router.ts): never the browser's back mid-transition.
  const click = (selector: string) => tap(page, selector);
  const text = (selector: string) => onTop(page, selector).textContent();
  const buyAndPay = async (product: string) => {
    await click(product);
    await click('#buy');
    await click('#pay');
    await waitFor('the order to show paid', async () => (await text('#order-status')) === '已支付', 5000);
  };

  it('holds exactly what the user browsed and ordered', async () => {
    await openShop();
    await click('#product-1');
    await click('#back-to-shop'); // the product page's own link (reLaunch)
    await buyAndPay('#product-2');
    expect(await text('#order-status')).toBe('已支付');
    await waitFor('4 events', async () => (await collector.events()).length >= 4);
    await new Promise((r) => setTimeout(r, 300)); // nothing more should come
    const events = await collector.events();
    expect(events.map((e) => [e.type, e.data.name, e.data.status])).toEqual([
      ['product', 'Apple iPhone X (A1903) 64GB 深空灰色 移动联通4G手机', undefined],
      ['product', '牛奶A 250ml×12盒', undefined],
      ['order', '订单：牛奶A 250ml×12盒', 'wait_pay'],
      ['order', '订单：牛奶A 250ml×12盒', 'paid'],
    ]);
    expect(new Set(events.map((e) => e.id)).size).toBe(4);
    expect(new Set(events.map((e) => e.session)).size).toBe(1);
    expect(events.map((e) => e.seq)).toEqual([1, 2, 3, 4]);
    expect(events[3].data).toMatchObject({ price: 46.5, commodities: [{ commodit_name: '牛奶A 250ml×12盒', commodit_no: 'NO123456', commodit_count: 1 }] });
    // Nobody is logged in: the order names no consignee (it is the logged-in customer's, story.test.ts).
    expect(events[3].data.consignee_name).toBeUndefined();
    expect(typeof events[3].data.pay_at).toBe('string');
    // Every load found what it asked for (a favicon included: issue 18).
    expect(notFound).toEqual([]);
  });

  it('shows the session-from the contact button would send, and the console decodes it', async () => {
    await openShop();
    await click('#to-login'); // the contact page carries whoever is logged in
    await click('#login-test_token');
    await onTop(page, '#account:has-text("你好，jack")').waitFor();
    await click('#to-contact');
    // With the link to this visitor's agent's page (the visitor id the tracker keeps with its queue).
    const stored = JSON.parse((await page.evaluate(() => localStorage.getItem('taro-udesk:queue'))) as string).data;
    const visitor = (typeof stored === 'string' ? JSON.parse(stored) : stored).visitor as string;
    expect(visitor).toMatch(/^[0-9a-f]{32}$/);
    const link = `${collector.origin}/t/${visitor}`;
    expect(await text('#session-from')).toBe(buildSessionFrom(demoSession, { trajectory: { field: TRAJECTORY_FIELD, url: link } }));
    const [consolePage] = await Promise.all([page.context().waitForEvent('page'), click('#decode')]);
    await consolePage.waitForSelector('#sf-verdict');
    expect(await consolePage.locator('#sf-verdict').textContent()).toMatch(/^\d+ \/ 1000 bytes · valid$/);
    expect(await consolePage.locator('#sf-segments').textContent()).toContain('test_token');
    await consolePage.close();
  });

  it('delivers every event, none twice, after the collector was down while the user browsed', async () => {
    await openShop();
    await click('#to-contact');
    const before = (await collector.events()).length;
    await stop();
    await back(page); // to the shop, all in the page already loaded: the server is down
    await buyAndPay('#product-3'); // requests fail: connection refused
    await new Promise((r) => setTimeout(r, 2000));
    await start(); // same port, same store
    await waitFor('the events made while down', async () => (await collector.events()).length >= before + 3, 90_000);
    // (backoff: the first retries fail against the closed port; the next one after the restart lands)
    await new Promise((r) => setTimeout(r, 500));
    const events = await collector.events();
    const made = events.slice(before);
    const expected = [
      ['product', '保温杯 500ml', undefined],
      ['order', '订单：保温杯 500ml', 'wait_pay'],
      ['order', '订单：保温杯 500ml', 'paid'],
    ];
    expect(made.map((e) => [e.type, e.data.name, e.data.status])).toEqual(expected);
    expect(new Set(events.map((e) => e.id)).size).toBe(events.length);
    const sessions = new Set(made.map((e) => e.session));
    for (const s of sessions) {
      const seqs = made.filter((e) => e.session === s).map((e) => e.seq);
      expect(seqs).toEqual(seqs.slice().sort((a, b) => a - b));
    }
    console.log(`fault run: ${expected.length} traced while the collector was down, ${made.length} received, ` +
      `${collector.stats.duplicates} duplicates dropped by id, ${expected.length - made.length} lost`);
  });

  it('saves a screenshot of the console, listing every stored event', async () => {
    // One view of its own, so the console has something to list whatever the tests before did.
    const before = (await collector.events()).length;
    await openShop();
    await click('#product-1');
    await waitFor('the view to be stored', async () => (await collector.events()).length > before, 30_000);
    const dir = join(root, 'test-artifacts');
    mkdirSync(dir, { recursive: true });
    const consolePage = await page.context().newPage();
    await consolePage.setViewportSize({ width: 1200, height: 1100 });
    await consolePage.goto(collector.consoleUrl);
    await waitFor('the console to list every stored event', async () =>
      (await consolePage.locator('.visitor ol.trail > li').count()) === (await collector.events()).length, 30_000);
    await consolePage.screenshot({ path: join(dir, 'console.png'), fullPage: true });
    await consolePage.close();
  });
});
