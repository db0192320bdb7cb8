// The contact page as Taro compiled it for H5, served on loopback with the demo server's identity
// routes and run in headless Chromium: the logged-in customer's signed identity from the demo
// server, the web IM link the button opens (the demo's local stand-in, which checks the
// signature), and the button as Chromium's accessibility tree and keyboard see it.
import type { Browser, Page } from 'playwright-core';
import { buildSessionFrom } from 'taro-udesk';
import { signWebImCustomer } from 'taro-udesk-server';
import { demoSession, TRAJECTORY_FIELD } from '../../demo/session';
import { buildDir } from '../support/buildDemo';
import { launchChromium, loopbackContext } from '../support/chromium';
const { serveStatic } = require('../../scripts/serveStatic.cjs');
const { attachDemoRoutes } = require('../../scripts/demo/demoRoutes.cjs');

jest.setTimeout(60_000);

describe('compiled H5: contact page in Chromium', () => {
  let browser: Browser;
  let server: { close(): void };
  let page: Page;
  let origin: string;
  const visible = (selector: string) => page.locator(`${selector} >> visible=true`);
  // The link to this visitor's agent's page: the page's origin (demo/app.ts's trajectoryUrl) and
  // the visitor id the tracker keeps with its queue (Taro H5 stores { data } in localStorage).
  const trajectoryLink = async () => {
    const stored = await page.evaluate(() => localStorage.getItem('taro-udesk:queue'));
    const queue = JSON.parse(stored as string).data;
    const visitor = (typeof queue === 'string' ? JSON.parse(queue) : queue).visitor as string;
    expect(visitor).toMatch(/^[0-9a-f]{32}$/);
    return `${origin}/t/${visitor}`;
  };

  beforeAll(async () => {
    const served = await serveStatic(buildDir('h5'));
    attachDemoRoutes(served.server, { signWebImCustomer, staticDir: buildDir('h5') });
    server = served.server;
    origin = new URL(served.url).origin;
    browser = await launchChromium();
    const ctx = await loopbackContext(browser);
    page = await ctx.context.newPage();
    await page.goto(`${origin}/#/pages/login/index`);
    await visible('#login-test_token').click();
    await visible('#account:has-text("你好，jack")').waitFor(); // back home once the demo server knows the login
    await page.goto(`${origin}/#/pages/contact/index`);
    await visible('#contact').waitFor();
  });

  afterAll(async () => {
    await browser?.close();
    server?.close();
  });

  it('renders a button, with no WeChat contact attributes on H5', async () => {
    const button = visible('taro-button-core#contact');
    await expect(button.textContent()).resolves.toContain('联系客服');
    await expect(button.getAttribute('open-type')).resolves.toBeNull();
    await expect(button.getAttribute('session-from')).resolves.toBeNull();
  });

  it('is a focusable button with a name in Chromium\'s accessibility tree, reached and pressed by keyboard', async () => {
    const cdp = await page.context().newCDPSession(page);
    const { root } = await cdp.send('DOM.getDocument', { depth: -1, pierce: true });
    const { nodeIds } = await cdp.send('DOM.querySelectorAll', { nodeId: root.nodeId, selector: 'taro-button-core#contact' });
    const visibleIds = [];
    for (const nodeId of nodeIds) {
      const { nodes } = await cdp.send('Accessibility.getPartialAXTree', { nodeId, fetchRelatives: false });
      if (!nodes[0].ignored) visibleIds.push(nodes[0]);
    }
    expect(visibleIds).toHaveLength(1);
    const [node] = visibleIds;
    expect(node.role?.value).toBe('button');
    expect(node.name?.value).toBe('联系客服');
    expect(node.properties?.find((p) => p.name === 'focusable')?.value.value).toBe(true);
    await cdp.detach();

    // From the top of the page, Tab reaches it; Enter presses it.
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    let focused = '';
    for (let i = 0; i < 10 && focused !== 'contact'; i++) {
      await page.keyboard.press('Tab');
      focused = await page.evaluate(() => document.activeElement?.id || '');
    }
    expect(focused).toBe('contact');
    const [popup] = await Promise.all([page.waitForEvent('popup'), page.keyboard.press('Enter')]);
    await popup.close();
  });

  it('opens the web IM stand-in with the signed identity and the customer; the stand-in finds the signature valid', async () => {
    await visible('#identity:has-text("已由演示服务器签名")').waitFor();
    const [popup] = await Promise.all([page.waitForEvent('popup'), visible('taro-button-core#contact').click()]);
    await popup.waitForLoadState();
    const url = new URL(popup.url());
    expect(url.origin + url.pathname).toBe(`${origin}/demo/web-im`);
    expect(url.searchParams.get('web_token')).toBe('test_token');
    expect(url.searchParams.get('encryption_algorithm')).toBe('SHA256');
    expect(url.searchParams.get('c_name')).toBe('Customer Name');
    expect(url.searchParams.get('c_email')).toBe('test@udesk.cn');
    expect(url.searchParams.get('c_phone')).toBe('13100000002');
    expect(url.searchParams.get('c_cf_TextField_1')).toBe('Normal text content');
    expect(url.searchParams.get('c_cf_TextField_12')).toBe(await trajectoryLink());
    expect(await popup.title()).toBe('本地模拟 · Udesk 网页 IM 替身 (not Udesk)');
    await popup.locator('#signature-state[data-state="valid"]').waitFor();
    expect(await popup.locator('#customer').textContent()).toContain('Customer Name');
    await popup.close();
  });

  it('the stand-in shows what it received as text, and only http(s) custom fields as links', async () => {
    const standIn = await page.context().newPage();
    const hostile = '<img src=x onerror="document.title=1">';
    const query = new URLSearchParams({
      c_name: hostile,
      c_cf_TextField_12: `${origin}/t/some-visitor`,
      c_cf_TextField_13: 'javascript:alert(1)',
    });
    await standIn.goto(`${origin}/demo/web-im?${query}`);
    await standIn.locator('#signature-state[data-state="absent"]').waitFor();
    expect(await standIn.locator('#customer dd').first().textContent()).toBe(hostile);
    expect(await standIn.locator('img').count()).toBe(0);
    const links = standIn.locator('#custom-fields a');
    expect(await links.count()).toBe(1);
    expect(await links.first().getAttribute('href')).toBe(`${origin}/t/some-visitor`);
    expect(await standIn.locator('#custom-fields').textContent()).toContain('javascript:alert(1)');
    await standIn.close();
  });

  it('is a Chinese page whose text scales with the screen (Taro\'s rem script, design width 750)', async () => {
    expect(await page.getAttribute('html', 'lang')).toBe('zh-CN');
    const rootFontSize = () => page.evaluate(() => getComputedStyle(document.documentElement).fontSize);
    await page.setViewportSize({ width: 375, height: 667 });
    // The script answers the resize event, which may come after setViewportSize returns (a loaded machine).
    await page.waitForFunction(() => getComputedStyle(document.documentElement).fontSize !== '40px');
    await expect(rootFontSize()).resolves.toBe('20px'); // 40 px at 750 wide, so 20 px at 375
    await page.setViewportSize({ width: 414, height: 736 });
    await page.waitForFunction(() => getComputedStyle(document.documentElement).fontSize !== '20px');
    await expect(rootFontSize()).resolves.toBe(`${(40 * 414) / 750}px`);
  });

  it('shows the session-from the customer carries, with the trajectory link, within budget', async () => {
    const text = await visible('#session-from').textContent();
    expect(text).toBe(buildSessionFrom(demoSession, { trajectory: { field: TRAJECTORY_FIELD, url: await trajectoryLink() } }));
    expect(Buffer.byteLength(text as string)).toBeLessThanOrEqual(1000);
  });
});
