// useUdeskTrace as Taro compiled it for WeChat, run in Node against a stubbed `wx`: the events
// that reach wx.request after the product page is shown, hidden and shown again, and after an
// order. WeChat itself cannot run here; wx.request's documented contract is what is checked.
import { buildDir } from '../support/buildDemo';
import { findNodes, loadWeapp } from '../support/weappRuntime';
import type { QueuedEvent } from 'taro-udesk/core';

const dir = buildDir('weapp');

interface Sent {
  url: string;
  header: Record<string, string>;
  events: QueuedEvent[];
}

function wxStubs() {
  const sent: Sent[] = [];
  const storage = new Map<string, unknown>();
  const appHide: Array<() => void> = [];
  const stubs = {
    request(o: { url: string; data: string; header: Record<string, string>; success(r: unknown): void }) {
      sent.push({ url: o.url, header: o.header, events: JSON.parse(o.data).events });
      Promise.resolve().then(() => o.success({ statusCode: 200, data: '{}', header: {}, errMsg: 'request:ok' }));
      return { abort() {} };
    },
    getStorage(o: { key: string; success(r: unknown): void; fail(e: unknown): void }) {
      Promise.resolve().then(() => (storage.has(o.key) ? o.success({ data: storage.get(o.key) }) : o.fail({ errMsg: 'getStorage:fail data not found' })));
    },
    setStorage(o: { key: string; data: unknown; success?(): void }) {
      storage.set(o.key, o.data);
      Promise.resolve().then(() => o.success && o.success());
    },
    onAppHide: (l: () => void) => appHide.push(l),
    onAppShow: () => undefined,
    onNetworkStatusChange: () => undefined,
  };
  return { stubs, sent, storage, hideApp: () => appHide.forEach((l) => l()) };
}

const tick = (ms = 0) => new Promise((r) => setTimeout(r, ms));

describe('compiled weapp: useUdeskTrace', () => {
  it('traces a product view on each show, and sends them when the app hides', async () => {
    const wx = wxStubs();
    const runtime = loadWeapp(dir, wx.stubs);
    const page = await runtime.openPage('pages/product/index', { id: '2' });
    await tick(100); // apart from a repeated first show
    page.onHide!();
    await tick(100);
    page.onShow!();
    await tick(10);
    expect(wx.sent).toHaveLength(0); // product views wait for a batch…
    wx.hideApp(); // …or for the app to hide
    await tick(10);
    const events = wx.sent.flatMap((s) => s.events);
    expect(events.map((e) => [e.type, e.seq, e.data.name])).toEqual([
      ['product', 1, '牛奶A 250ml×12盒'],
      ['product', 2, '牛奶A 250ml×12盒'],
    ]);
    expect(events[0].data.params).toEqual([
      { text: '¥46.50', color: '#FF0000', fold: true, size: 12 },
      { text: '包邮', color: '#999999', size: 12 },
    ]);
    expect(wx.sent[0].url).toBe('http://127.0.0.1:4318/v1/batch');
    expect(wx.sent[0].header['x-udesk-company-token']).toBe('demo-company-token');
  });

  it('sends an order at once when its page shows, and again when it is paid', async () => {
    const wx = wxStubs();
    const runtime = loadWeapp(dir, wx.stubs);
    const page = await runtime.openPage('pages/order/index', { product: '1' });
    await tick(20);
    expect(wx.sent.flatMap((s) => s.events).map((e) => [e.type, e.data.status])).toEqual([['order', 'wait_pay']]);
    // Tap "Pay": find the button Taro rendered and call the handler the template binds.
    const pay = findNodes(page.data.root, (n) => n.uid === 'pay')[0];
    expect(pay).toBeDefined();
    const handler = (page as unknown as { eh(e: unknown): void }).eh;
    handler.call(page, { type: 'tap', currentTarget: { id: pay.uid, dataset: { sid: pay.sid } }, target: { id: pay.uid, dataset: { sid: pay.sid } }, detail: {} });
    await tick(20);
    const orders = wx.sent.flatMap((s) => s.events);
    expect(orders.map((e) => [e.type, e.data.status])).toEqual([['order', 'wait_pay'], ['order', 'paid']]);
    expect(orders[1].data.pay_at).toEqual(expect.stringMatching(/^\d{4}-\d\d-\d\dT/));
  });
});
