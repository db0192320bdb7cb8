// Stands in for @tarojs/taro under jest (its real hooks are injected by Taro's build). The API
// calls go to whatever platform a test installs with setTaroPlatform.
import type { MiniProgramApi } from 'taro-udesk/core';

let platform: Partial<MiniProgramApi> = {};
export const setTaroPlatform = (p: Partial<MiniProgramApi>) => {
  platform = p;
};

const Taro = new Proxy({} as Record<string, unknown>, {
  get: (_, name: string) => (platform as Record<string, unknown>)[name],
  has: (_, name: string) => name in platform,
});
export default Taro;
