// Issue 12, item 3: the types refuse what `init` refuses at run time: a configuration with
// neither `endpoint` nor `sdk`, or with both. `tsc --noEmit` (npm test) checks the
// `@ts-expect-error` lines: each would fail the type check if the line type-checked.
import { createTracker, UdeskConfigError } from 'taro-udesk/core';
import type { TrackerConfig } from 'taro-udesk/core';
import { UdeskSdk } from 'taro-udesk';

const ids = { appId: 'wx1', companyToken: 't', companyDomain: 'demo.udesk.cn' };
const sdk = { init: () => undefined, trace: () => undefined };

describe('TrackerConfig', () => {
  it('takes endpoint or sdk', () => {
    const byEndpoint: TrackerConfig = { ...ids, endpoint: 'https://c.example.com/b' };
    const bySdk: TrackerConfig = { ...ids, sdk };
    expect([byEndpoint, bySdk]).toHaveLength(2);
  });

  it('refuses neither, and both, in the types as init does at run time', () => {
    const init = (config: TrackerConfig) => () => createTracker().init(config);
    // @ts-expect-error neither endpoint nor sdk
    expect(init({ ...ids })).toThrow(UdeskConfigError);
    // @ts-expect-error both endpoint and sdk
    expect(init({ ...ids, endpoint: 'https://c.example.com/b', sdk })).toThrow(/not both/);
    // @ts-expect-error the documented mistake of issue 12: UdeskSdk.init without a delivery
    expect(() => UdeskSdk.init({ appId: 'wx1', companyToken: 't', companyDomain: 'demo.udesk.cn' })).toThrow(UdeskConfigError);
  });
});
