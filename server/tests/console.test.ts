// The trajectory console in Chromium: the admin token asked once, hostile event data shown as
// text without breaking the page, and new events appearing live while the page is open.
import type { Browser, Page } from 'playwright-core';
import { ADMIN_TOKEN, APP_ID, batch, event, postBatch, startServer } from './support/trajectoryServer';
import { launchChromium, loopbackContext } from '../../tests/support/chromium';

jest.setTimeout(90_000);

describe('the trajectory console', () => {
  let server: Awaited<ReturnType<typeof startServer>>;
  let browser: Browser;
  let page: Page;
  const problems: string[] = [];

  beforeAll(async () => {
    // The store's figures read anew on each ask: the delivery test below looks right after a batch.
    server = await startServer({ figuresMaxAgeMs: 0 });
    browser = await launchChromium();
    const { context } = await loopbackContext(browser);
    page = await context.newPage();
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('dialog', (dialog) => {
      problems.push(`dialog: ${dialog.message()}`);
      void dialog.dismiss();
    });
    page.on('console', (message) => {
      if (/Content Security Policy|Refused/.test(message.text())) problems.push(`csp: ${message.text()}`);
    });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('asks for the admin token, refuses a wrong one, and keeps the right one for the tab', async () => {
    await postBatch(server.origin, batch([event('first-visitor', 1)]));
    await page.goto(`${server.origin}/console`);
    await page.locator('#token-form').waitFor();
    await page.fill('#token-input', 'not-the-admin-token-at-all');
    await page.click('#token-form button');
    await page.waitForFunction(() => /not accepted/.test(document.getElementById('token-error')?.textContent ?? ''));
    await page.fill('#token-input', ADMIN_TOKEN);
    await page.click('#token-form button');
    await page.locator('.visitor[data-visitor="first-visitor"] li').waitFor();
    await page.reload();
    await page.locator('.visitor[data-visitor="first-visitor"] li').waitFor();
    expect(await page.locator('#token-form').isVisible()).toBe(false);
  });

  it('keeps the token for new tabs only when asked to remember it (a decode link opens one)', async () => {
    const decodeLink = `${server.origin}/console#sf=${encodeURIComponent('udesk|jack')}`;
    const { context } = await loopbackContext(browser);
    const first = await context.newPage();
    await first.goto(`${server.origin}/console#token=${ADMIN_TOKEN}`);
    await first.locator('.visitor[data-visitor="first-visitor"]').waitFor();
    const forgetful = await context.newPage();
    await forgetful.goto(decodeLink);
    await forgetful.locator('#token-form').waitFor();
    await first.goto(`${server.origin}/console#token=${ADMIN_TOKEN}&remember=1`);
    await first.locator('.visitor[data-visitor="first-visitor"]').waitFor();
    expect(first.url()).not.toContain(ADMIN_TOKEN);
    const decoding = await context.newPage();
    await decoding.goto(decodeLink);
    await decoding.locator('.visitor[data-visitor="first-visitor"]').waitFor();
    expect(await decoding.locator('#token-form').isVisible()).toBe(false);
    expect(await decoding.locator('#sf-output').textContent()).toContain('jack');
    await context.close();
  });

  it('shows hostile data as text: params 5, HTML in names, huge strings, wrong types', async () => {
    const html = '<img src=x onerror="alert(1)"><script>alert(2)</script>';
    const hostile = [
      { ...event('hostile', 1), data: { name: 'params is five', params: 5 } },
      { ...event('hostile', 2), data: { name: html, url: 'javascript:alert(3)', imgUrl: 'javascript:alert(4)', params: [{ text: html, color: 'red;background:url(x)' }, null, 7] } },
      { ...event('hostile', 3), data: { name: 'x'.repeat(30_000) } },
      { ...event('hostile', 4), type: 'order', data: { name: { nested: html }, price: 'free', order_at: 'never', commodities: 'none', status: '"><b>' } },
      { ...event('hostile', 5), data: 5 },
    ];
    const response = await postBatch(server.origin, batch(hostile));
    expect((await response.json()).accepted).toBe(5);
    await page.goto(`${server.origin}/console#token=${ADMIN_TOKEN}`);
    const trail = page.locator('.visitor[data-visitor="hostile"] ol.trail > li');
    await trail.nth(4).waitFor();
    expect(await trail.count()).toBe(5);
    expect(await trail.nth(0).textContent()).toContain('params is five');
    expect(await trail.nth(1).textContent()).toContain('<img src=x onerror="alert(1)">');
    expect(await page.locator('.visitor img[src="x"], .visitor script, .visitor b, a[href^="javascript"]').count()).toBe(0);
    expect((await trail.nth(2).textContent())!.length).toBeLessThan(1000);
    expect(page.url()).not.toContain(ADMIN_TOKEN);
    // Everyone else still renders.
    expect(await page.locator('.visitor[data-visitor="first-visitor"] li').count()).toBe(1);
    expect(problems).toEqual([]);
  });

  it('shows the share of numbered events that never arrived, per app', async () => {
    const visitor = 'f'.repeat(32);
    const numbered = (seq: number) => ({ ...event('numbered', seq), visitor, visitorSeq: seq });
    const response = await postBatch(server.origin, { ...batch([numbered(1), numbered(2), numbered(4)]), v: 2 });
    expect((await response.json()).accepted).toBe(3);
    await page.goto(`${server.origin}/console#token=${ADMIN_TOKEN}`);
    const row = page.locator(`#delivery li[data-app="${APP_ID}"]`);
    await row.waitFor();
    // Within the settling time (24 h by default): the missing number is pending, not yet lost.
    expect(await row.textContent()).toBe(`${APP_ID}: No settled visitor yet; 1 still missing from 1 active visitors`);
  });

  it('shows new events live, without a reload', async () => {
    await page.locator('#live', { hasText: 'live' }).waitFor();
    // Every visitor stored so far is listed (the stream can be live before the first page is drawn,
    // and the page draws one visitor at a time, newest first: first-visitor, the oldest, comes last).
    await page.locator(`.visitor[data-visitor="${'f'.repeat(32)}"]`).waitFor();
    await page.locator('.visitor[data-visitor="first-visitor"] li').waitFor();
    const before = await page.locator('.visitor').count();
    await postBatch(server.origin, batch([event('live-visitor', 1), { ...event('live-visitor', 2), type: 'order', data: { name: 'Live order', order_no: '42', price: 9.5, status: 'paid', order_at: 1_700_000_000_000 } }]));
    const live = page.locator('.visitor[data-visitor="live-visitor"]');
    await live.locator('li.order').waitFor({ timeout: 10_000 });
    expect(await live.locator('li').count()).toBe(2);
    expect(await page.locator('.visitor').first().getAttribute('data-visitor')).toBe('live-visitor');
    expect(await page.locator('.visitor').count()).toBe(before + 1);
    await postBatch(server.origin, batch([event('hostile', 6)]));
    await page.locator('.visitor[data-visitor="hostile"] li').nth(5).waitFor({ timeout: 10_000 });
    expect(problems).toEqual([]);
  });
});
