// Lifecycle subscriptions: the platform's own on…/off… functions, and one cleanup for all.
import { createTracker } from 'taro-udesk/core';
import { createFakePlatform } from '../../support/fakePlatform';

it('unsubscribes from app show, app hide and network changes on destroy, with the same listeners', () => {
  const p = createFakePlatform();
  const on: unknown[] = [];
  const off: unknown[] = [];
  const api = {
    ...p.api,
    onAppShow: (l: unknown) => on.push(l),
    onAppHide: (l: unknown) => on.push(l),
    onNetworkStatusChange: (l: unknown) => on.push(l),
    offAppShow: (l: unknown) => off.push(l),
    offAppHide: (l: unknown) => off.push(l),
    offNetworkStatusChange: (l: unknown) => off.push(l),
  };
  const t = createTracker({ platform: api });
  t.init({ appId: 'wx1', companyToken: 't', companyDomain: 'demo.udesk.cn', endpoint: 'https://c.example.com/b' });
  expect(on).toHaveLength(3);
  t.destroy();
  expect(off).toEqual(on);
});
