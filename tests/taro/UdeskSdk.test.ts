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
