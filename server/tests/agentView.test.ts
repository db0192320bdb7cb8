// Issue 18, points 1, 2, 3 and 7 in Chromium: the agent's page and the console at 360 px and
// 1280 px, in Chinese (the default) and in English (Accept-Language: en). Each fails on
// horizontal overflow, a word of the other language outside the shop's own data (marked
// translate="no"), a page error or a failed load (the favicon included), and, on the agent's
// page, a first screen without the summary: who (verified), last active, visits, views, orders,
// the latest order and its status, all in view before any scrolling. The moment of contact
// shows as 从此处发起咨询 with the order the customer had on screen. Screenshots go to
// test-artifacts/ (the README's pictures are taken from there).
import { mkdirSync } from 'fs';
import { join } from 'path';
import type { Browser, Page } from 'playwright-core';
import { ADMIN_TOKEN, batch, postBatch, startServer, verified } from './support/trajectoryServer';
import { launchChromium, loopbackContext } from '../../tests/support/chromium';

jest.setTimeout(120_000);

const PHONE = 'AgentViewPhone_0123456789abcdef';
const LAPTOP = 'AgentViewLaptop_0123456789abcde';
const CUSTOMER = verified({ customer_token: 'cust-view-1', nick_name: '李雷' });
const ORDER = { order_no: 'DEMO-1001', name: '有机牛奶 ×2', price: 93, status: 'wait_pay', order_at: '2026-12-04T10:00:00.000Z',
  consignee_name: '李雷', consignee_phone: '13800000000', consignee_address: '北京市海淀区',
  commodities: [{ commodit_name: '有机牛奶', commodit_no: 'MILK-1', commodit_count: 2, commodit_fee: '93.00' }] };
/** Proper names the Chinese pages may show in Latin letters. */
const NAMES = ['Udesk'];
const LANGUAGES = [
  { locale: 'zh-CN', asked: '从此处发起咨询', status: '已支付', other: /[A-Za-z]{2,}/g },
  { locale: 'en-US', asked: 'Asked for help from here', status: 'Paid', other: /[\u3400-\u9fff]/g },
];
const WIDTHS = [360, 1280];

let at = Date.now() - 600_000;
const v2 = (visitor: string, seq: number, fields: Record<string, unknown>) => {
  at += 60_000;
  return { id: `${visitor}.${seq}`, visitor, session: `${visitor.slice(9, 14)}-launch`, seq, type: 'product', at, customer: CUSTOMER, ...fields };
};

describe('the agent’s view in Chromium', () => {
  let server: Awaited<ReturnType<typeof startServer>>;
  let browser: Browser;

  beforeAll(async () => {
    server = await startServer({ pageRateLimit: 1000 });
    const events = [
      v2(LAPTOP, 1, { data: { name: '全麦面包' } }),
      v2(PHONE, 1, { data: { name: '有机牛奶', params: [{ text: '¥46.50', color: '#e4393c' }] } }),
      v2(PHONE, 2, { type: 'order', data: ORDER }),
      v2(PHONE, 3, { type: 'order', data: { ...ORDER, status: 'paid', pay_at: '2026-12-04T10:01:00.000Z' } }),
      v2(PHONE, 4, { type: 'contact', data: { route: 'pages/order/index', query: { id: 'DEMO-1001' },
        order: { order_no: 'DEMO-1001', name: '有机牛奶 ×2', price: 93, status: 'paid' } } }),
    ];
    const response = await postBatch(server.origin, { ...batch(events), v: 2 });
    expect(await response.json()).toMatchObject({ accepted: 5, rejected: [] });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  /** A page in `locale` at `width`, recording its errors and failed loads. */
  async function open(locale: string, width: number): Promise<{ page: Page; problems: string[]; close: () => Promise<void> }> {
    const { context } = await loopbackContext(browser, { locale, viewport: { width, height: 740 } });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console: ${message.text()}`);
    });
    page.on('response', (answer) => {
      if (answer.status() >= 400) problems.push(`${answer.status()} ${new URL(answer.url()).pathname}`);
    });
    return { page, problems, close: () => context.close() };
  }

  /** What the page says in its own words: its text without the shop's data (translate="no"). */
  const ownWords = (page: Page) => page.evaluate(() => {
    const copy = document.body.cloneNode(true) as HTMLElement;
    copy.querySelectorAll('[translate="no"], script, style, [hidden]').forEach((data) => data.remove());
    return `${document.title}\n${copy.innerText || copy.textContent || ''}`;
  });

  const checkPage = async (page: Page, other: RegExp) => {
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    const words = (await ownWords(page)).match(other) ?? [];
    expect(words.filter((word) => !NAMES.includes(word))).toEqual([]);
  };

  for (const language of LANGUAGES) {
    for (const width of WIDTHS) {
      it(`shows the agent’s page in ${language.locale} at ${width} px with the summary on the first screen`, async () => {
        const { page, problems, close } = await open(language.locale, width);
        await page.goto(`${server.origin}/t/${PHONE}`);
        await page.locator('#summary:not([hidden])').waitFor();
        await page.locator('#trail > li').nth(4).waitFor();
        await page.locator('#status.ok').waitFor();
        await checkPage(page, language.other);
        // The first screen, in view before any scrolling.
        expect(await page.evaluate(() => window.scrollY)).toBe(0);
        const bottom = await page.locator('#summary').evaluate((box) => box.getBoundingClientRect().bottom);
        expect(bottom).toBeLessThanOrEqual(740);
        expect(await page.locator('#who').textContent()).toContain('李雷');
        expect(await page.locator('#who').getAttribute('data-identity')).toBe('verified');
        // No fact spills into its neighbour ("6 minutes ago" over the visits did, at 360 px in English).
        expect(await page.locator('#summary dd, #summary dt').evaluateAll((cells) => cells.filter((cell) => cell.scrollWidth > cell.clientWidth).length)).toBe(0);
        const facts = await page.locator('#summary .fact').allInnerTexts();
        expect(facts.length).toBe(5); // last active, visits, views, orders, devices (two)
        expect(facts.slice(1, 4).map((fact) => fact.replace(/\D+/g, ' ').trim())).toEqual(['2', '2', '1']);
        const latest = page.locator('#summary .latest-order');
        expect(await latest.locator('.order-name').textContent()).toBe('有机牛奶 ×2');
        expect(await latest.locator('.status').textContent()).toBe(language.status);
        // Newest first: the moment of contact, with the order on screen.
        const first = page.locator('#trail > li').first();
        expect(await first.getAttribute('class')).toBe('contact');
        expect(await first.locator('.time').textContent()).toContain(language.asked);
        expect(await first.textContent()).toContain('DEMO-1001');
        expect(await first.textContent()).toContain('pages/order/index');
        const dir = join(__dirname, '..', '..', 'test-artifacts');
        mkdirSync(dir, { recursive: true });
        await page.screenshot({ path: join(dir, `agent-page-${language.locale}-${width}.png`) });
        expect(problems).toEqual([]);
        await close();
      });

      it(`shows the console in ${language.locale} at ${width} px`, async () => {
        const { page, problems, close } = await open(language.locale, width);
        await page.goto(`${server.origin}/console#token=${ADMIN_TOKEN}`);
        await page.locator(`.visitor[data-visitor="${PHONE}"] li`).nth(3).waitFor();
        await page.locator('#live:not(:empty)').waitFor();
        await checkPage(page, language.other);
        expect(await page.locator(`.visitor[data-visitor="${PHONE}"] li.contact .time`).textContent()).toContain(language.asked);
        const dir = join(__dirname, '..', '..', 'test-artifacts');
        mkdirSync(dir, { recursive: true });
        await page.screenshot({ path: join(dir, `console-${language.locale}-${width}.png`), fullPage: width > 1000 });
        expect(problems).toEqual([]);
        await close();
      });
    }
  }
});
