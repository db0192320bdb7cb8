import Taro from '@tarojs/taro';
import type { MiniProgramApi } from '../core';

const quiet = (result: unknown) => {
  // Taro's APIs also return a promise that rejects on failure; the callbacks already handle it.
  const p = result as { catch?: (f: () => void) => unknown } | undefined;
  if (p && typeof p.catch === 'function') p.catch(() => undefined);
  return result;
};

/**
 * Taro's APIs as the tracker's platform. Each is called as `Taro.x(...)` on purpose: Taro's
 * H5 build rewrites those calls to its own implementations, and the default `Taro` object of
 * H5 does not carry them, so passing `Taro` itself would not work there.
 */
export const taroPlatform: MiniProgramApi = {
  request: (o) => quiet(Taro.request(o as Parameters<typeof Taro.request>[0])),
  getStorage: (o) => quiet(Taro.getStorage(o)),
  setStorage: (o) => quiet(Taro.setStorage(o)),
  // WeChat's cryptographic bytes for the visitor id (base library 2.22.1+), where there is no Web
  // Crypto. Where Taro has no such API the call throws, and the tracker makes no id.
  getRandomValues: (o) => quiet(Taro.getRandomValues(o as Parameters<typeof Taro.getRandomValues>[0])),
  // Not every platform has every listener: absent means no-op, never a crash at init.
  onAppShow: (l) => Taro.onAppShow && Taro.onAppShow(l),
  onAppHide: (l) => Taro.onAppHide && Taro.onAppHide(l),
  offAppShow: (l) => Taro.offAppShow && Taro.offAppShow(l),
  offAppHide: (l) => Taro.offAppHide && Taro.offAppHide(l),
  onNetworkStatusChange: (l) => Taro.onNetworkStatusChange && Taro.onNetworkStatusChange(l),
  offNetworkStatusChange: (l) => Taro.offNetworkStatusChange && Taro.offNetworkStatusChange(l),
};
