// Issue 11's story, end to end, over what Taro compiled and the real trajectory server with the
// demo's routes (as `npm run demo` runs them): a shopper browses three products anonymously, logs
// in, browses one more, orders and pays, and opens the contact page. The chat receives the same
// customer both ways (H5: the web IM stand-in's parameters, signature checked; WeChat: the
// session-from the compiled weapp builds from the same stored login), and the server holds
// exactly what the shopper did, in order.
import { mkdtempSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import type { Browser, Page } from 'playwright-core';
import { buildSessionFrom, parseSessionFrom } from 'taro-udesk';
import { createTrajectoryServer } from '../../src/server';
import type { StoredEvent, TrajectoryServer } from '../../src/server';
import { signWebImCustomer } from '../../src/server/signWebImCustomer';
import { demoSession } from '../../demo/session';
import { buildDir } from '../support/buildDemo';
import { launchChromium, loopbackContext } from '../support/chromium';
import { findNodes, loadWeapp, templateOf } from '../support/weappRuntime';
const { attachDemoRoutes } = require('../../scripts/demo/demoRoutes.cjs');

jest.setTimeout(120_000);

const ADMIN_TOKEN = 'story-admin-token-0123456789abcdef';
const quiet = { info: () => undefined, warn: () => undefined, error: (m: string) => console.error(m) };

describe('the story of issue 11: the shopper, the chat, and what the agent can see', () => {
  let browser: Browser;
  let page: Page;
  let server: TrajectoryServer;
  let origin: string;
  const visible = (selector: string) => page.locator(`${selector} >> visible=true`);
  const storedEvents = async () => {
    const response = await fetch(`${origin}/v1/events?limit=1000`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
    return ((await response.json()) as { events: StoredEvent[] }).events.map((e) => e.event as unknown as { type: string; session: string; data: Record<string, unknown> });
  };
  const view = async (product: string) => {
    await visible(product).click();
    await visible('#buy').waitFor();
    await page.locator(product).waitFor({ state: 'hidden' }); // Taro's router hides the shop 350 ms after leaving it
    await page.goBack();
    await visible(product).waitFor();
  };

  beforeAll(async () => {
    server = createTrajectoryServer({
      dataDir: mkdtempSync(join(tmpdir(), 'story-')),
      staticDir: buildDir('h5'),
      apps: { 'wx-taro-udesk-demo': 'demo-company-token' },
      adminToken: ADMIN_TOKEN,
      logger: quiet,
    });
    attachDemoRoutes(server.server, { signWebImCustomer, staticDir: buildDir('h5') });
    origin = await server.listen(0, '127.0.0.1');
    browser = await launchChromium();
    page = await (await loopbackContext(browser)).context.newPage();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('browse 3 anonymously, log in, browse 1, order and pay, open the contact page: the chat gets the customer both ways', async () => {
    await page.goto(`${origin}/#/pages/index/index`);
    await expect(visible('#account').textContent()).resolves.toBe('未登录 · 匿名浏览');
    for (const product of ['#product-1', '#product-2', '#product-3']) await view(product);
    await visible('#to-login').click();
    await visible('#login-test_token').click();
    await visible('#account:has-text("你好，jack")').waitFor();
    await visible('#product-2').click();
    await visible('#buy').click();
    await expect(visible('#order-status').textContent()).resolves.toBe('待支付');
    await visible('#pay').click();
    await visible('#order-status:has-text("已支付")').waitFor();
    await visible('#continue').click();
    await visible('#to-contact').click();
    await visible('#identity:has-text("已由演示服务器签名")').waitFor();

    // H5: the contact page's session-from is the logged-in customer's, and the web IM stand-in
    // received that customer with a signature it finds valid.
    const h5SessionFrom = (await visible('#session-from').textContent()) as string;
    expect(h5SessionFrom).toBe(buildSessionFrom(demoSession));
    const [standIn] = await Promise.all([page.waitForEvent('popup'), visible('#contact').click()]);
    await standIn.locator('#signature-state[data-state="valid"]').waitFor();
    const received = new URL(standIn.url()).searchParams;
    expect(Object.fromEntries([...received].filter(([name]) => name.startsWith('c_')))).toEqual({
      c_name: 'Customer Name', c_email: 'test@udesk.cn', c_phone: '13100000002', c_cf_TextField_1: 'Normal text content',
    });
    expect(received.get('web_token')).toBe('test_token');
    await standIn.close();

    // WeChat: the compiled weapp, run in Node on the storage the H5 shop left (the login), builds
    // the same session-from on its contact page.
    const stored = await page.evaluate(() => Object.fromEntries(Object.keys(localStorage).map((key) => [key, localStorage.getItem(key) as string])));
    const storage = new Map(Object.entries(stored).map(([key, json]) => [key, JSON.parse(json).data]));
    const runtime = loadWeapp(buildDir('weapp'), {
      getStorage: (o: { key: string; success(r: unknown): void; fail(e: unknown): void }) => Promise.resolve().then(() => (
        storage.has(o.key) ? o.success({ data: storage.get(o.key) }) : o.fail({ errMsg: 'getStorage:fail data not found' }))),
    });
    const contact = await runtime.openPage('pages/contact/index');
    const button = templateOf(buildDir('weapp'), 'button');
    const weappSessionFrom = () => {
      const node = findNodes(contact.data.root, (n) => n.uid === 'contact')[0];
      return node ? String(node[button.keys['session-from']]) : '';
    };
    for (let i = 0; i < 100 && weappSessionFrom() !== h5SessionFrom; i++) await new Promise((r) => setTimeout(r, 20));
    expect(weappSessionFrom()).toBe(h5SessionFrom);
    expect(parseSessionFrom(weappSessionFrom()).customer).toMatchObject({ customer_token: 'test_token' });

    // The server holds exactly the story, in order: 4 product views, then the order in its two states.
    let events = await storedEvents();
    for (let i = 0; i < 100 && events.length < 6; i++) {
      await new Promise((r) => setTimeout(r, 100));
      events = await storedEvents();
    }
    expect(events.map((e) => [e.type, e.data.name, e.data.status])).toEqual([
      ['product', 'Apple iPhone X (A1903) 64GB 深空灰色 移动联通4G手机', undefined],
      ['product', '牛奶A 250ml×12盒', undefined],
      ['product', '保温杯 500ml', undefined],
      ['product', '牛奶A 250ml×12盒', undefined],
      ['order', '订单：牛奶A 250ml×12盒', 'wait_pay'],
      ['order', '订单：牛奶A 250ml×12盒', 'paid'],
    ]);
    expect(new Set(events.map((e) => e.session)).size).toBe(1);
  });
});
