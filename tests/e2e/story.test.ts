// Issue 11's story, end to end, over what Taro compiled and the real trajectory server with the
// demo's routes (as `npm run demo` runs them): a shopper browses three products anonymously, logs
// in, browses one more, orders and pays, and opens the contact page. The chat receives the same
// customer both ways (H5: the web IM stand-in's parameters, signature checked; WeChat: the
// session-from the compiled weapp builds from the same stored login), both with the link to the
// agent's page of this visitor in the customer's field TextField_12; that page, opened in Chromium
// from either link, lists exactly what the shopper did, in order, and a near-miss id shows nothing.
import { mkdtempSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { buildSessionFrom, parseSessionFrom } from 'taro-udesk';
import { createTrajectoryServer } from 'taro-udesk-server';
import type { StoredEvent, TrajectoryServer } from 'taro-udesk-server';
import { signCustomerIdentity, signWebImCustomer } from 'taro-udesk-server';
import { demoSession, TRAJECTORY_FIELD } from '../../demo/session';
import { buildDir } from '../support/buildDemo';
import { launchChromium, loopbackContext } from '../support/chromium';
import { onTop, routerSettled, tap } from '../support/h5Router';
import { findNodes, loadWeapp, templateOf } from '../support/weappRuntime';
const { attachDemoRoutes, DEMO_APP, DEMO_IDENTITY_SECRET } = require('../../scripts/demo/demoRoutes.cjs');

jest.setTimeout(120_000);

const ADMIN_TOKEN = 'story-admin-token-0123456789abcdef';
// The weapp build's trajectory server (demo/app.ts, no UDESK_ENDPOINT at build time): its links
// are on this base. This test's server listens on a free port, so Chromium's requests to that base
// are forwarded to it (the addresses differ; the server answering is the same).
const WEAPP_BASE = 'http://127.0.0.1:4318';
const quiet = { info: () => undefined, warn: () => undefined, error: (m: string) => console.error(m) };

describe('the story of issue 11: the shopper, the chat, and what the agent can see', () => {
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let server: TrajectoryServer;
  let origin: string;
  // Each step once Taro's router has settled (tests/support/h5Router.ts).
  const visible = (selector: string) => onTop(page, selector);
  const click = (selector: string) => tap(page, selector);
  const storedEvents = async () => {
    const response = await fetch(`${origin}/v1/events?limit=1000`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
    return ((await response.json()) as { events: StoredEvent[] }).events.map((e) => e.event as unknown as { type: string; session: string; data: Record<string, unknown> });
  };
  // Back to the shop by the product page's own link (reLaunch), not the browser's back.
  const view = async (product: string) => {
    await click(product);
    await click('#back-to-shop');
    await visible(product).waitFor();
  };

  beforeAll(async () => {
    server = createTrajectoryServer({
      dataDir: mkdtempSync(join(tmpdir(), 'story-')),
      staticDir: buildDir('h5'),
      apps: { [DEMO_APP.appId]: DEMO_APP.companyToken },
      identitySecrets: { [DEMO_APP.appId]: DEMO_IDENTITY_SECRET },
      adminToken: ADMIN_TOKEN,
      logger: quiet,
    });
    attachDemoRoutes(server.server, { signWebImCustomer, signCustomerIdentity, staticDir: buildDir('h5') });
    origin = await server.listen(0, '127.0.0.1');
    browser = await launchChromium();
    // An agent in China: the agent's page in Chinese (Accept-Language zh-CN).
    context = (await loopbackContext(browser, { locale: 'zh-CN' })).context;
    await context.route(`${WEAPP_BASE}/**`, async (route) => {
      const url = route.request().url().replace(WEAPP_BASE, origin);
      return route.fulfill({ response: await route.fetch({ url }) });
    });
    page = await context.newPage();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('browse 3 anonymously, log in, browse 1, order and pay, open the contact page: the chat gets the customer both ways', async () => {
    await page.goto(`${origin}/#/pages/index/index`);
    await routerSettled(page);
    await expect(visible('#account').textContent()).resolves.toBe('未登录 · 匿名浏览');
    for (const product of ['#product-1', '#product-2', '#product-3']) await view(product);
    await click('#to-login');
    await click('#login-test_token');
    await visible('#account:has-text("你好，jack")').waitFor();
    await click('#product-2');
    await click('#buy');
    await expect(visible('#order-status').textContent()).resolves.toBe('待支付');
    await click('#pay');
    await visible('#order-status:has-text("已支付")').waitFor();
    await click('#continue');
    await click('#to-contact');
    await visible('#identity:has-text("已由演示服务器签名")').waitFor();

    // The visitor id, as the tracker stored it with its queue (Taro H5 keeps { data } in localStorage).
    const stored = await page.evaluate(() => Object.fromEntries(Object.keys(localStorage).map((key) => [key, localStorage.getItem(key) as string])));
    const storage = new Map(Object.entries(stored).map(([key, json]) => [key, JSON.parse(json).data]));
    const queue = storage.get('taro-udesk:queue');
    const visitor = (typeof queue === 'string' ? JSON.parse(queue) : queue).visitor as string;
    expect(visitor).toMatch(/^[0-9a-f]{32}$/);
    const h5Link = `${origin}/t/${visitor}`;

    // H5: the contact page's session-from is the logged-in customer's with the link to the agent's
    // page, and the web IM stand-in received that customer and link with a signature it finds valid.
    const h5SessionFrom = (await visible('#session-from').textContent()) as string;
    expect(parseSessionFrom(h5SessionFrom).customer?.custom_fields).toEqual({ TextField_1: 'Normal text content', [TRAJECTORY_FIELD]: h5Link });
    expect(h5SessionFrom).toBe(buildSessionFrom(demoSession, { trajectory: { field: TRAJECTORY_FIELD, url: h5Link } }));
    const [standIn] = await Promise.all([page.waitForEvent('popup'), click('#contact')]);
    await standIn.locator('#signature-state[data-state="valid"]').waitFor();
    const received = new URL(standIn.url()).searchParams;
    expect(Object.fromEntries([...received].filter(([name]) => name.startsWith('c_')))).toEqual({
      c_name: 'Customer Name', c_email: 'test@udesk.cn', c_phone: '13100000002', c_cf_TextField_1: 'Normal text content',
      c_cf_TextField_12: h5Link,
    });
    expect(received.get('web_token')).toBe('test_token');
    await standIn.close();

    // WeChat: the compiled weapp, run in Node on the storage the H5 shop left (the login and the
    // visitor id), builds the same customer's session-from on its contact page, with the link on its
    // own server's base.
    const runtime = loadWeapp(buildDir('weapp'), {
      // The shop's stored queue is sent again at this launch: answer it, or the tracker's retry
      // timers would keep Node (and jest) running after the test.
      request: (o: { success(r: unknown): void }) => {
        setTimeout(() => o.success({ statusCode: 200, data: { accepted: 0, duplicates: 0, rejected: [] }, header: {} }), 0);
        return { abort() {} };
      },
      getStorage: (o: { key: string; success(r: unknown): void; fail(e: unknown): void }) => Promise.resolve().then(() => (
        storage.has(o.key) ? o.success({ data: storage.get(o.key) }) : o.fail({ errMsg: 'getStorage:fail data not found' }))),
    });
    const contact = await runtime.openPage('pages/contact/index');
    const button = templateOf(buildDir('weapp'), 'button');
    const weappSessionFrom = () => {
      const node = findNodes(contact.data.root, (n) => n.uid === 'contact')[0];
      return node ? String(node[button.keys['session-from']]) : '';
    };
    const weappLink = `${WEAPP_BASE}/t/${visitor}`;
    const expectedWeapp = buildSessionFrom(demoSession, { trajectory: { field: TRAJECTORY_FIELD, url: weappLink } });
    for (let i = 0; i < 100 && weappSessionFrom() !== expectedWeapp; i++) await new Promise((r) => setTimeout(r, 20));
    expect(weappSessionFrom()).toBe(expectedWeapp);
    expect(parseSessionFrom(weappSessionFrom()).customer).toMatchObject({ customer_token: 'test_token', custom_fields: { [TRAJECTORY_FIELD]: weappLink } });

    // The server holds exactly the story, in order: 4 product views, the order in its two states,
    // then the moment of contact (the tap on the contact page's button).
    let events = await storedEvents();
    for (let i = 0; i < 100 && events.length < 7; i++) {
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
      ['contact', undefined, undefined],
    ]);
    expect(new Set(events.map((e) => e.session)).size).toBe(1);
    // The order goes to the logged-in customer; the contact says where they asked from.
    expect(events[5].data).toMatchObject({ consignee_name: 'jack', consignee_phone: '13100000002' });
    expect(events[6].data).toMatchObject({ route: 'pages/contact/index' });
    expect(events[6].data.order).toBeUndefined(); // the order page's order is not the contact page's
    // The demo login's identity hash verified: the three views before login are anonymous, every
    // event after it names the customer, verified (and the hash itself is not kept).
    const admin = await (await fetch(`${origin}/v1/events?limit=1000`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } })).json();
    expect((admin.events as StoredEvent[]).map((e) => [e.customer, e.verified])).toEqual([
      [null, false], [null, false], [null, false],
      ['token:test_token', true], ['token:test_token', true], ['token:test_token', true], ['token:test_token', true],
    ]);
    expect(JSON.stringify(admin)).not.toContain('identity_hash');

    // The agent follows the link from either chat: the page lists the moment of contact, the order
    // in its two states and those 4 views, newest first, under the first screen.
    for (const link of [h5Link, weappLink]) {
      const agent = await context.newPage();
      await agent.setViewportSize({ width: 360, height: 720 });
      await agent.goto(link);
      const items = agent.locator('#trail > li');
      await agent.waitForFunction(() => document.querySelectorAll('#trail > li').length >= 7, undefined, { timeout: 10_000 });
      expect(await items.evaluateAll((lis) => lis.map((li) => li.className))).toEqual(['contact', 'order', 'order', 'product', 'product', 'product', 'product']);
      expect(await items.first().locator('.time').textContent()).toContain('从此处发起咨询');
      expect(await agent.locator('#trail > li.product .name').allTextContents()).toEqual([
        '牛奶A 250ml×12盒', '保温杯 500ml', '牛奶A 250ml×12盒', 'Apple iPhone X (A1903) 64GB 深空灰色 移动联通4G手机',
      ]);
      // The demo's pictures, from the demo server itself (the page at WEAPP_BASE is another origin).
      if (link === h5Link) expect(await agent.locator('#trail > li.product img').count()).toBe(4);
      expect(await agent.locator('#trail > li.order .status').allTextContents()).toEqual(['已支付', '待支付']);
      expect(await agent.locator('#trail > li.order .name').first().textContent()).toContain('订单：牛奶A 250ml×12盒');
      expect(await agent.locator('#empty').isHidden()).toBe(true);
      // The header names the logged-in customer as verified (the demo server signed it).
      await agent.locator('#who[data-identity="verified"]').waitFor();
      expect(await agent.locator('#who').textContent()).toBe(`${demoSession.nickName} · 已验证身份`);
      // The first screen: visits, views, orders, and the latest order, paid.
      expect(await agent.locator('#summary .fact dd').allTextContents()).toEqual([expect.any(String), '1 次', '4 次', '1 笔']);
      expect(await agent.locator('#summary .latest-order .status').textContent()).toBe('已支付');
      await agent.close();
    }

    // A visitor id changed by one character shows nothing: the same answers as an unknown id.
    const nearMiss = `${visitor.slice(0, -1)}${visitor.endsWith('0') ? '1' : '0'}`;
    const unknown = '0123456789abcdef0123456789abcdef';
    const answer = async (path: string) => {
      const response = await context.request.get(`${origin}${path}`);
      return { status: response.status(), type: response.headers()['content-type'], body: await response.text() };
    };
    const nearMissEvents = await answer(`/t/${nearMiss}/events`);
    expect(nearMissEvents).toEqual(await answer(`/t/${unknown}/events`));
    expect(JSON.parse(nearMissEvents.body)).toEqual({ events: [] });
    expect(await answer(`/t/${nearMiss}`)).toEqual(await answer(`/t/${unknown}`));
    const agent = await context.newPage();
    await agent.goto(`${origin}/t/${nearMiss}`);
    await agent.locator('#status.ok').waitFor(); // it did ask the server, and was answered
    expect(await agent.locator('#trail > li').count()).toBe(0);
    await agent.close();
  });
});
