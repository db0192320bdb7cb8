// Issue 18 point 3, the moment of contact: contact() queues a `contact` event with the page shown
// and the product or order last traced on it (never one of an earlier page), sends it at once,
// reaches the tracker through a link store (what ContactButton holds), and with `sdk` delivery
// records nothing: Udesk's module takes products and orders alone.
import { createLinkStore, createTracker } from 'taro-udesk/core';
import type { TrackerConfig } from 'taro-udesk/core';
import { createFakePlatform } from '../../support/fakePlatform';

const base = {
  appId: 'wx123',
  companyToken: 'secret-company-token-0000',
  companyDomain: 'demo.udesk.cn',
  endpoint: 'https://collector.example.com/batch',
};
const product = { name: '有机牛奶', url: 'https://shop.example.com/p/1', imgUrl: 'https://img.example.com/1.png', params: [{ text: '¥46.50' }] };
const order = { order_no: 'O1000', name: '牛奶 ×2', price: 93, order_at: 0, status: 'wait_pay' as const, remark: '放门口' };

let warn: jest.SpyInstance;
beforeEach(() => {
  jest.useFakeTimers();
  warn = jest.spyOn(console, 'warn').mockImplementation(() => {});
});
afterEach(() => {
  jest.useRealTimers();
  warn.mockRestore();
});

describe('contact()', () => {
  it('sends at once the page shown and the product and order last traced on it', async () => {
    const p = createFakePlatform();
    const link = createLinkStore();
    const tracker = createTracker({ platform: p.api, link });
    tracker.init(base as TrackerConfig);
    await jest.advanceTimersByTimeAsync(0);
    tracker.pageShow('/pages/product/index', { id: '1', $taroTimestamp: '123' });
    tracker.trace('product', product);
    tracker.trace('order', order);
    expect(link.contact()).toBe(true);
    await jest.advanceTimersByTimeAsync(0);
    const contact = p.server.accepted.find((event) => event.type === 'contact');
    expect(contact?.data).toEqual({
      route: 'pages/product/index',
      query: { id: '1' },
      product: { name: product.name, url: product.url, imgUrl: product.imgUrl },
      order: { order_no: 'O1000', name: '牛奶 ×2', price: 93, status: 'wait_pay' },
    });
    expect(contact?.visitor).toBe(p.server.accepted[0].visitor);
    tracker.destroy();
  });

  it('forgets what an earlier page showed, and says only the page when nothing was traced on it', async () => {
    const p = createFakePlatform();
    const tracker = createTracker({ platform: p.api });
    tracker.init(base as TrackerConfig);
    await jest.advanceTimersByTimeAsync(0);
    tracker.pageShow('pages/product/index');
    tracker.trace('product', product);
    tracker.pageHide('pages/product/index');
    tracker.pageShow('pages/contact/index');
    expect(tracker.contact()).toBe(true);
    await jest.advanceTimersByTimeAsync(0);
    expect(p.server.accepted.filter((event) => event.type === 'contact').map((event) => event.data)).toEqual([{ route: 'pages/contact/index' }]);
    tracker.destroy();
  });

  it('names the button’s own page alone when it is not the page the tracker saw shown (a page that traces nothing)', async () => {
    const p = createFakePlatform();
    const tracker = createTracker({ platform: p.api });
    tracker.init(base as TrackerConfig);
    await jest.advanceTimersByTimeAsync(0);
    tracker.pageShow('/pages/order/index?stamp=AJ', { id: 'O1000' });
    tracker.trace('order', order);
    // Taro's H5 router path carries the query: the same page.
    expect(tracker.contact('/pages/order/index?stamp=AJ', { id: 'O1000' })).toBe(true);
    expect(tracker.contact('/pages/contact/index', { $taroTimestamp: '1' })).toBe(true);
    await jest.advanceTimersByTimeAsync(0);
    expect(p.server.accepted.filter((event) => event.type === 'contact').map((event) => event.data)).toEqual([
      { route: 'pages/order/index', query: { id: 'O1000' }, order: { order_no: 'O1000', name: '牛奶 ×2', price: 93, status: 'wait_pay' } },
      { route: 'pages/contact/index' },
    ]);
    tracker.destroy();
  });

  it('records nothing with sdk delivery, not even a contact made before init', async () => {
    const received: string[] = [];
    const sdk = { init: jest.fn(), trace: (type: string) => received.push(type) };
    const tracker = createTracker();
    tracker.trace('product', { name: 'x' });
    expect(tracker.contact()).toBe(true); // before init: queued, as a trace is
    tracker.init({ ...base, endpoint: undefined, sdk } as unknown as TrackerConfig);
    expect(tracker.contact()).toBe(false);
    await jest.advanceTimersByTimeAsync(10_000);
    expect(received).toEqual(['product']);
    tracker.destroy();
  });

  it('answers false through a link store no tracker has written to', () => {
    expect(createLinkStore().contact()).toBe(false);
  });
});
