import type { PageInfo } from './checkConfig';

/** A clock that never goes back (the device's clock can be set back): performance.now where there is one. */
const monotonicNow = (): number => (typeof performance !== 'undefined' && performance.now ? performance.now() : Date.now());

export const pageOf = (route: string, query: Record<string, string> = {}): PageInfo => {
  const clean: Record<string, string> = {};
  for (const key of Object.keys(query)) if (key !== '$taroTimestamp') clean[key] = query[key];
  return { route: route.replace(/^\//, ''), query: clean };
};

export interface PageTracker {
  show(route: string, query?: Record<string, string>): void;
  hide(route: string, query?: Record<string, string>): void;
  /** The page shown now, if any: passed to an `onPageShow` given by a late `init`. */
  current(): PageInfo | undefined;
}

/**
 * Page shows and hides, passed to `notify` without Taro's `$taroTimestamp`. Several hooks on
 * one page each report its show: a repeat show of the same route within 50 ms is passed on once.
 */
export function createPageTracker(notify: (hook: 'onPageShow' | 'onPageHide', page: PageInfo) => void, now = monotonicNow): PageTracker {
  let currentPage: PageInfo | undefined;
  let shownAt = 0;
  return {
    show(route, query) {
      const page = pageOf(route, query);
      const elapsed = now() - shownAt;
      if (currentPage && currentPage.route === page.route && elapsed >= 0 && elapsed < 50) return;
      currentPage = page;
      shownAt = now();
      notify('onPageShow', page);
    },
    hide(route, query) {
      const page = pageOf(route, query);
      if (currentPage && currentPage.route === page.route) currentPage = undefined;
      notify('onPageHide', page);
    },
    current: () => currentPage,
  };
}
