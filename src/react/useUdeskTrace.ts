import { getCurrentInstance, useDidHide, useDidShow } from '@tarojs/taro';
import { useCallback, useEffect, useRef } from 'react';
import { reportError, validateTrace } from '../core';
import type { TraceData, TraceType, Tracker, UdeskError } from '../core';
import { UdeskSdk } from '../taro/UdeskSdk';
import { contentKey } from './contentKey';

export interface UseUdeskTraceOptions {
  /** The tracker to use; default the ready `UdeskSdk`. */
  tracker?: Tracker;
  /** Trace again when the data's content changes while the page is shown. Default false. */
  resendOnChange?: boolean;
  /** Invalid data is reported here (and as a development warning), besides init's onError. */
  onError?: (error: UdeskError) => void;
}

/** Taro has fired a page's onShow twice on first entry: shows closer than this count once. */
const REPEAT_SHOW_MS = 50;

/**
 * Traces `data` once per show of the page (Taro's `useDidShow`), not per render, and drives
 * the tracker's `onPageShow` / `onPageHide` with the page's route and query. Data that is
 * `undefined` (still loading) is traced when it arrives. Returns a `trace` function for
 * moments that are not a show, such as an order being paid. Never throws.
 */
export function useUdeskTrace<T extends TraceType>(
  type: T,
  data: TraceData[T] | undefined,
  options: UseUdeskTraceOptions = {},
): (override?: TraceData[T]) => boolean {
  const latest = useRef({ type, data, options });
  latest.current = { type, data, options };
  const shown = useRef(false);
  const tracedThisShow = useRef(false);
  const lastShow = useRef(-Infinity);
  const router = useRef(getCurrentInstance().router);
  const trackerOf = () => latest.current.options.tracker || UdeskSdk;

  const trace = useCallback((override?: TraceData[T]): boolean => {
    const { type: t, data: d, options: o } = latest.current;
    const value = override === undefined ? d : override;
    if (value === undefined) return false;
    if (o.onError) {
      try {
        validateTrace(t, value);
      } catch (e) {
        reportError(e as UdeskError, o.onError);
        return false;
      }
    }
    return trackerOf().trace(t, value);
  }, []);

  useDidShow(() => {
    const now = Date.now();
    if (now - lastShow.current < REPEAT_SHOW_MS) return;
    lastShow.current = now;
    shown.current = true;
    const page = router.current || getCurrentInstance().router;
    if (page) trackerOf().pageShow(page.path, page.params as Record<string, string>);
    tracedThisShow.current = trace();
  });

  useDidHide(() => {
    shown.current = false;
    const page = router.current || getCurrentInstance().router;
    if (page) trackerOf().pageHide(page.path, page.params as Record<string, string>);
  });

  // Data that arrives, or (if asked) changes, while the page is shown.
  const key = contentKey(data);
  useEffect(() => {
    if (!shown.current || (tracedThisShow.current && !latest.current.options.resendOnChange)) return;
    tracedThisShow.current = trace() || tracedThisShow.current;
  }, [key, trace]);

  return trace;
}
