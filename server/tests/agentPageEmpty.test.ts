// Issue 18, point 4: an id with no events. The agent's page shows its header over 暂无记录 and one
// line saying why, in the page's language, never a blank grey page; and an unknown id, a visitor
// whose only events are v1 (never shown) and an id with one character changed get that same page.
import type { Browser } from 'playwright-core';
import { batch, postBatch, startServer } from './support/trajectoryServer';
import { launchChromium, loopbackContext } from '../../tests/support/chromium';

jest.setTimeout(90_000);

const UNKNOWN = 'NeverSeenVisitor0123456789abcd';
const V1_SESSION = 'mwwk47s7r42n5e5yjb';

describe('the agent’s page of an id with no events', () => {
  let server: Awaited<ReturnType<typeof startServer>>;
  let browser: Browser;

  beforeAll(async () => {
    server = await startServer({ pageRateLimit: 1000 });
    const response = await postBatch(server.origin, batch([{ id: `${V1_SESSION}.1`, session: V1_SESSION, seq: 1, type: 'product', at: 1_795_600_000_000, data: { name: 'v1' } }]));
    expect((await response.json()).accepted).toBe(1);
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  /** What the page shows once the server answered: header, empty-state lines, and the list. */
  async function shown(id: string, locale: string) {
    const { context } = await loopbackContext(browser, { locale });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(error.message));
    await page.setViewportSize({ width: 360, height: 640 });
    await page.goto(`${server.origin}/t/${id}`);
    await page.locator('#status.ok').waitFor();
    const result = {
      heading: await page.locator('h1').innerText(),
      headingVisible: await page.locator('h1').isVisible(),
      emptyVisible: await page.locator('#empty').isVisible(),
      lines: (await page.locator('#empty').innerText()).split('\n').map((line) => line.trim()).filter(Boolean),
      items: await page.locator('#trail > li').count(),
      problems,
    };
    await context.close();
    return result;
  }

  it('says 暂无记录 under the header, with one line of why, all in Chinese', async () => {
    const page = await shown(UNKNOWN, 'zh-CN');
    expect(page.emptyVisible).toBe(true);
    expect(page.items).toBe(0);
    expect(page.lines[0]).toBe('暂无记录');
    expect(page.lines.length).toBe(2);
    expect(page.headingVisible).toBe(true);
    expect(page.heading).toBe('访客轨迹');
    // The why: a sentence of its own, with no English in it.
    expect(page.lines[1].length).toBeGreaterThan(8);
    expect(page.lines[1]).not.toMatch(/[A-Za-z]/);
    expect(page.problems).toEqual([]);
  });

  it('says it in English, and only English, for an English browser', async () => {
    const page = await shown(UNKNOWN, 'en-US');
    expect(page.lines[0]).toBe('Nothing recorded yet');
    expect(page.lines.length).toBe(2);
    expect(page.heading).toBe('Visitor trajectory');
    expect(page.lines.join(' ')).not.toMatch(/[\u3400-\u9fff]/);
  });

  it('shows a v1 session and a near-miss id exactly as an unknown one', async () => {
    const unknown = await shown(UNKNOWN, 'zh-CN');
    for (const id of [V1_SESSION, `${UNKNOWN.slice(0, -1)}e`]) expect(await shown(id, 'zh-CN')).toEqual(unknown);
  });
});
