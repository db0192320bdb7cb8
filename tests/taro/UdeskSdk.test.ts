import { UdeskSdk } from 'taro-udesk';
import { createFakePlatform } from '../support/fakePlatform';
import { setTaroPlatform } from '../support/taro';

it('UdeskSdk is a ready tracker on Taro\'s APIs: init, trace, delivered through Taro.request', async () => {
  jest.useFakeTimers();
  const p = createFakePlatform();
  setTaroPlatform(p.api);
  UdeskSdk.trace('product', { name: 'before init' }); // Udesk's document: trace may come first
  UdeskSdk.init({ appId: 'wx1', companyToken: 't', companyDomain: 'demo.udesk.cn', endpoint: 'https://c.example.com/b' });
  UdeskSdk.trace('order', { order_no: '1', name: 'o', price: 1, order_at: 0, status: 'paid' });
  await jest.advanceTimersByTimeAsync(0);
  expect(p.server.accepted.map((e) => e.type)).toEqual(['product', 'order']);
  UdeskSdk.destroy();
  jest.useRealTimers();
});

it('UdeskSdk.identify and trajectoryLink, before and after init, through Taro storage', async () => {
  jest.useFakeTimers();
  const p = createFakePlatform();
  let sdk: typeof UdeskSdk | undefined;
  // A fresh UdeskSdk (the one above was destroyed), on a fresh Taro stand-in given this platform.
  jest.isolateModules(() => {
    (require('../support/taro') as typeof import('../support/taro')).setTaroPlatform(p.api);
    sdk = (require('taro-udesk') as typeof import('taro-udesk')).UdeskSdk;
  });
  sdk!.identify({ customer_token: 'c-1', identity_hash: 'ab'.repeat(32) });
  sdk!.init({ appId: 'wx1', companyToken: 't', companyDomain: 'demo.udesk.cn', endpoint: 'https://c.example.com/b', trajectoryUrl: 'https://t.example.com' });
  expect(sdk!.trajectoryLink()).toBeUndefined();
  sdk!.trace('order', { order_no: '1', name: 'o', price: 1, order_at: 0, status: 'paid' });
  await jest.advanceTimersByTimeAsync(0);
  const visitor = JSON.parse(p.storage.get('taro-udesk:queue') as string).visitor;
  expect(sdk!.trajectoryLink()).toBe('https://t.example.com/t/' + visitor);
  expect(p.server.accepted.map((e) => [e.visitor, e.customer])).toEqual([[visitor, { customer_token: 'c-1', identity_hash: 'ab'.repeat(32) }]]);
  expect(() => sdk!.identify({ openid: 'bad' })).toThrow(expect.objectContaining({ name: 'UdeskValidationError', path: 'customer.openid' }));
  expect(() => sdk!.identify({ customer_token: 'c-1', identity_hash: 'ab' })).toThrow(expect.objectContaining({ name: 'UdeskValidationError', path: 'customer.identity_hash' }));
  sdk!.destroy();
  jest.useRealTimers();
});

it("UdeskSdk takes the visitor id from Taro.getRandomValues where there is no Web Crypto (WeChat), not from Math.random", async () => {
  jest.useFakeTimers();
  const saved = Object.getOwnPropertyDescriptor(globalThis, 'crypto');
  Object.defineProperty(globalThis, 'crypto', { value: undefined, configurable: true });
  const p = createFakePlatform();
  const asked: number[] = [];
  // Taro.getRandomValues on WeChat is wx.getRandomValues: callbacks, an ArrayBuffer.
  p.api.getRandomValues = (o: { length: number; success(r: { randomValues: ArrayBuffer }): void }) => {
    asked.push(o.length);
    Promise.resolve().then(() => o.success({ randomValues: new Uint8Array([...Array(o.length).keys()].map((i) => 255 - i)).buffer }));
  };
  let sdk: typeof UdeskSdk | undefined;
  try {
    jest.isolateModules(() => {
      (require('../support/taro') as typeof import('../support/taro')).setTaroPlatform(p.api);
      sdk = (require('taro-udesk') as typeof import('taro-udesk')).UdeskSdk;
    });
    sdk!.init({ appId: 'wx1', companyToken: 't', companyDomain: 'demo.udesk.cn', endpoint: 'https://c.example.com/b', trajectoryUrl: 'https://t.example.com' });
    await jest.advanceTimersByTimeAsync(0);
    expect(asked).toEqual([16]);
    expect(sdk!.trajectoryLink()).toBe('https://t.example.com/t/fffefdfcfbfaf9f8f7f6f5f4f3f2f1f0');
  } finally {
    Object.defineProperty(globalThis, 'crypto', saved!);
    sdk?.destroy();
    jest.useRealTimers();
  }
});
