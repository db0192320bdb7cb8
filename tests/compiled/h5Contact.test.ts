// The contact page as Taro compiled it for H5, served on loopback and run in headless Chromium.
// Udesk's web IM cannot be reached here: the test checks the link the button opens, with the
// customer as Udesk's documented link parameters.
import type { Browser, Page } from 'playwright-core';
import { buildSessionFrom, buildWebImUrl } from 'taro-udesk';
import { demoSession, webIm } from '../../demo/session';
import { buildDir } from '../support/buildDemo';
import { launchChromium, loopbackContext } from '../support/chromium';
const { serveStatic } = require('../../scripts/serveStatic.cjs');

jest.setTimeout(60_000);

describe('compiled H5: contact page in Chromium', () => {
  let browser: Browser;
  let server: { close(): void };
  let page: Page;
  let blocked: string[];

  beforeAll(async () => {
    const served = await serveStatic(buildDir('h5'));
    server = served.server;
    browser = await launchChromium();
    const ctx = await loopbackContext(browser);
    blocked = ctx.blocked;
    page = await ctx.context.newPage();
    await page.goto(`${served.url}#/pages/contact/index`);
    await page.waitForSelector('#contact');
  });

  afterAll(async () => {
    await browser?.close();
    server?.close();
  });

  it('renders a button, with no WeChat contact attributes on H5', async () => {
    const button = page.locator('taro-button-core#contact');
    await expect(button.textContent()).resolves.toContain('Contact customer service');
    await expect(button.getAttribute('open-type')).resolves.toBeNull();
    await expect(button.getAttribute('session-from')).resolves.toBeNull();
  });

  it('opens Udesk\'s web IM link carrying the customer when clicked', async () => {
    await Promise.all([page.waitForEvent('popup'), page.click('taro-button-core#contact')]);
    const opened = () => blocked.find((u) => u.startsWith(webIm.split('?')[0]));
    for (let i = 0; i < 100 && !opened(); i++) await page.waitForTimeout(50); // poll, don't sleep
    const url = new URL(opened() as string);
    expect(url.toString()).toBe(buildWebImUrl(webIm, demoSession));
    expect(url.searchParams.get('c_name')).toBe('Customer Name');
    expect(url.searchParams.get('c_email')).toBe('test@udesk.cn');
    expect(url.searchParams.get('c_phone')).toBe('13100000002');
    expect(url.searchParams.get('c_cf_TextField_1')).toBe('Normal text content');
  });

  it('shows the session-from the customer carries, within budget', async () => {
    const text = await page.locator('#session-from').textContent();
    expect(text).toBe(buildSessionFrom(demoSession));
    expect(Buffer.byteLength(text as string)).toBeLessThanOrEqual(1000);
  });
});
