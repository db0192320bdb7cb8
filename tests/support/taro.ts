// Stands in for @tarojs/taro under jest (its real hooks are injected by Taro's build). API calls
// go to whatever platform a test installs; page lifecycle hooks fire when a test says so.
import { useEffect, useRef } from 'react';
import type { MiniProgramApi } from 'taro-udesk/core';

let platform: Partial<MiniProgramApi> = {};
export const setTaroPlatform = (p: Partial<MiniProgramApi>) => {
  platform = p;
};

const listeners = { show: new Set<() => void>(), hide: new Set<() => void>() };
/** Fires the page's onShow / onHide, as Taro does for the page's hooks. */
export const firePageShow = () => listeners.show.forEach((l) => l());
export const firePageHide = () => listeners.hide.forEach((l) => l());

let router: { path: string; params: Record<string, string> } | null = null;
export const setRouter = (r: typeof router) => {
  router = r;
};
export const getCurrentInstance = () => ({ router });

const lifecycleHook = (kind: 'show' | 'hide') => (callback: () => void) => {
  const latest = useRef(callback);
  latest.current = callback;
  useEffect(() => {
    const listener = () => latest.current();
    listeners[kind].add(listener);
    return () => {
      listeners[kind].delete(listener);
    };
  }, []);
};
export const useDidShow = lifecycleHook('show');
export const useDidHide = lifecycleHook('hide');

const Taro = new Proxy({} as Record<string, unknown>, {
  get: (_, name: string) => (platform as Record<string, unknown>)[name],
  has: (_, name: string) => name in platform,
});
export default Taro;
