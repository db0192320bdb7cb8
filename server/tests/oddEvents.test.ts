// Issue 17, finding 7: one odd event must not blank the agent's page or the console. An order whose
// price is `{"toString": "x"}` and a product whose param size is `{ valueOf: null, toString: null }`
// (objects that throw when coerced to a primitive) are shown as text beside the others, and the
// events after them still appear. Twice: as the door keeps them (POST /v1/batch: a known field of
// the wrong type is kept as its JSON text) and as an older server stored them (straight into the
// store, as they came), so the pages hold whatever the store has. In Chromium.
import type { Browser, Page } from 'playwright-core';
import type { TrajectoryStore } from '../src';
import { ADMIN_TOKEN, APP_ID, adminGet, batch, postBatch, startServer } from './support/trajectoryServer';
import { launchChromium, loopbackContext } from '../../tests/support/chromium';

jest.setTimeout(90_000);

const THROUGH_DOOR = 'DoorVisitor_0123456789abcdefAB';
const STORED_RAW = 'RawVisitor__0123456789abcdefAB';
const ODD_PRICE = { toString: 'x' };
const ODD_SIZE = { valueOf: null, toString: null };

let at = 1_795_700_000_000;
const v2 = (visitor: string, seq: number, type: 'product' | 'order', data: Record<string, unknown>) => {
  at += 1000;
  return { id: `${visitor}.${seq}`, visitor, session: 'launch', seq, type, at, data };
};
const oddEvents = (visitor: string) => [
  v2(visitor, 1, 'product', { name: '正常商品 before' }),
  v2(visitor, 2, 'order', { order_no: 'NO-ODD', name: '奇怪订单', price: ODD_PRICE, status: 'paid', order_at: '2026-11-25T10:00:00.000Z' }),
  v2(visitor, 3, 'product', { name: '奇怪参数', params: [{ text: 'size', size: ODD_SIZE }] }),
];
const after = (visitor: string) => v2(visitor, 4, 'product', { name: '正常商品 after' });

async function post(origin: string, events: unknown[]): Promise<void> {
  const response = await postBatch(origin, { ...batch(events), v: 2 });
  expect(response.status).toBe(200);
  expect((await response.json()).accepted).toBe(events.length);
}

/** As an older server kept them: straight into the store, the event exactly as it came. */
async function storeRaw(store: TrajectoryStore, events: ReturnType<typeof v2>[]): Promise<void> {
  await store.insert(APP_ID, events.map((event) => ({ id: event.id, visitor: event.visitor, customer: null, type: event.type, at: event.at, event })));
}

describe('odd events', () => {
  let server: Awaited<ReturnType<typeof startServer>>;
  let browser: Browser;
  let page: Page;
  const problems: string[] = [];

  beforeAll(async () => {
    server = await startServer({ pageRateLimit: 1000 });
    await post(server.origin, oddEvents(THROUGH_DOOR));
    await storeRaw(await server.ready(), oddEvents(STORED_RAW));
    browser = await launchChromium();
    const { context } = await loopbackContext(browser, { locale: 'zh-CN' });
    page = await context.newPage();
    await page.setViewportSize({ width: 360, height: 740 });
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('are kept at the door with a known field of the wrong type as its JSON text; prices that are numbers or numeric strings as they came', async () => {
    await post(server.origin, [
      v2(THROUGH_DOOR, 10, 'order', { order_no: 'N1', name: 'number', price: 16.8, status: 'paid', order_at: 1 }),
      v2(THROUGH_DOOR, 11, 'order', { order_no: 'N2', name: 'numeric string', price: '16.80', status: 'paid', order_at: 1 }),
      v2(THROUGH_DOOR, 12, 'order', { order_no: 'N3', name: 'free', price: 'free', status: 'paid', order_at: 1 }),
    ]);
    const response = await adminGet(server.origin, `/v1/events?visitor=${THROUGH_DOOR}&limit=100`);
    const stored = new Map(((await response.json()).events as { id: string; event: { data: Record<string, unknown> } }[])
      .map((event) => [event.id, event.event.data]));
    expect(stored.get(`${THROUGH_DOOR}.2`)?.price).toBe('{"toString":"x"}');
    expect((stored.get(`${THROUGH_DOOR}.3`)?.params as Record<string, unknown>[])[0]).toEqual({ text: 'size', size: '{"valueOf":null,"toString":null}' });
    expect(stored.get(`${THROUGH_DOOR}.10`)?.price).toBe(16.8);
    expect(stored.get(`${THROUGH_DOOR}.11`)?.price).toBe('16.80');
    expect(stored.get(`${THROUGH_DOOR}.12`)?.price).toBe('free');
  });

  it.each([['kept by the door', THROUGH_DOOR], ['stored as they came', STORED_RAW]])('show on the agent’s page as text, and later events still appear (%s)', async (_, visitor) => {
    problems.length = 0;
    await page.goto(`${server.origin}/t/${visitor}`);
    const items = page.locator('#trail > li');
    await page.waitForFunction(() => document.querySelectorAll('#trail > li').length >= 3, undefined, { timeout: 10_000 });
    const texts = await items.allTextContents();
    expect(texts.join('\n')).toContain('{"toString":"x"}');
    expect(texts.join('\n')).toContain('奇怪参数');
    if (visitor === THROUGH_DOOR) await post(server.origin, [after(visitor)]);
    else await storeRaw(await server.ready(), [after(visitor)]);
    await page.waitForFunction(() => /正常商品 after/.test(document.getElementById('trail')?.textContent ?? ''), undefined, { timeout: 10_000 });
    expect(await page.locator('#status').textContent()).toMatch(/实时/);
    expect(problems).toEqual([]);
  });

  it('show in the console as text, and it stays live', async () => {
    problems.length = 0;
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(`${server.origin}/console#token=${ADMIN_TOKEN}`);
    for (const visitor of [THROUGH_DOOR, STORED_RAW]) {
      await page.locator(`.visitor[data-visitor="${visitor}"] li`).nth(3).waitFor({ timeout: 10_000 });
    }
    const raw = await page.locator(`.visitor[data-visitor="${STORED_RAW}"]`).textContent();
    expect(raw).toContain('{"toString":"x"}');
    await page.locator('#live', { hasText: '实时更新' }).waitFor({ timeout: 10_000 });
    // Live: a new odd event through the door, then a normal one.
    await post(server.origin, [
      v2(STORED_RAW, 5, 'order', { order_no: 'NO-ODD-2', name: '又一个', price: ODD_PRICE, status: 'paid', order_at: 1 }),
      v2(STORED_RAW, 6, 'product', { name: '直播之后 after live', params: [{ size: ODD_SIZE }] }),
    ]);
    await page.waitForFunction(() => /直播之后/.test(document.getElementById('visitors')?.textContent ?? ''), undefined, { timeout: 10_000 });
    expect(await page.locator('#status').textContent()).not.toMatch(/连接中断/);
    expect(problems).toEqual([]);
  });
});
