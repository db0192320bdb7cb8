// What each platform's getStorage answers for a key never written, as its documentation says:
// WeChat and QQ fail with "data not found"; Douyin's tt.getStorage succeeds with `data: ""`
// ("如无数据…会返回空字符串", developer.open-douyin.com, tt.getStorage); Alipay's my.getStorage
// answers `data` (null when nothing is stored, as Taro's own Alipay adapter expects). Taro passes
// these answers through unchanged. A first launch is an empty queue on every platform: nothing
// to report, and the traced view is sent.
import { createTracker } from 'taro-udesk/core';
import type { MiniProgramApi } from 'taro-udesk/core';
import { createFakePlatform } from '../../support/fakePlatform';

const base = { appId: 'wx1', companyToken: 't', companyDomain: 'demo.udesk.cn', endpoint: 'https://c.example.com/b' };

beforeEach(() => {
  jest.useFakeTimers();
  jest.spyOn(console, 'warn').mockImplementation(() => {});
});
afterEach(() => {
  jest.useRealTimers();
  jest.restoreAllMocks();
});

describe.each([
  ['Douyin (tt): success, data ""', ''],
  ['Alipay (my): success, data null', null],
  ['a platform answering success without data', undefined],
])('first launch where getStorage answers %s', (_, data) => {
  it('reports nothing, sends the view, and stores the queue again', async () => {
    const platform = createFakePlatform(() => 200);
    const api: MiniProgramApi = {
      ...platform.api,
      getStorage(o) {
        Promise.resolve().then(() => o.success({ data }));
      },
    };
    const onError = jest.fn();
    const tracker = createTracker({ platform: api });
    tracker.init({ ...base, onError });
    tracker.trace('product', { name: 'Cup' });
    await jest.advanceTimersByTimeAsync(100);
    await tracker.flush();
    expect(onError).not.toHaveBeenCalled();
    expect(platform.server.accepted.map((event) => event.data.name)).toEqual(['Cup']);
    expect(platform.storage.size).toBe(1);
  });
});
