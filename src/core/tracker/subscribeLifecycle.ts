import type { MiniProgramApi } from './platform';

export interface LifecycleHandlers {
  appShow(): void;
  appHide(): void;
  networkChange(result: { isConnected: boolean }): void;
}

/**
 * Listens to the app's show and hide and to network changes, where the platform has them;
 * returns the one function that stops all three (as zustand's `subscribe` returns its cleanup).
 */
export function subscribeLifecycle(api: MiniProgramApi, handlers: LifecycleHandlers): () => void {
  const { appShow, appHide, networkChange } = handlers; // the same functions go to on… and off…
  if (api.onAppShow) api.onAppShow(appShow);
  if (api.onAppHide) api.onAppHide(appHide);
  if (api.onNetworkStatusChange) api.onNetworkStatusChange(networkChange);
  return () => {
    if (api.offAppShow) api.offAppShow(appShow);
    if (api.offAppHide) api.offAppHide(appHide);
    if (api.offNetworkStatusChange) api.offNetworkStatusChange(networkChange);
  };
}
