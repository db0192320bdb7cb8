/** @jest-environment jsdom */
import { act, renderHook } from '@testing-library/react';
import { createTracker, useUdeskTrace } from 'taro-udesk';
import type { Tracker } from 'taro-udesk';
import { firePageHide, firePageShow, setRouter } from '../support/taro';

const fakeTracker = () => {
  const t = createTracker(); // not initialised: nothing is sent; we watch the calls
  return {
    ...t,
    trace: jest.fn(t.trace),
    pageShow: jest.fn(t.pageShow),
    pageHide: jest.fn(t.pageHide),
  } as Tracker & { trace: jest.Mock; pageShow: jest.Mock; pageHide: jest.Mock };
};
const product = { name: 'Milk A', url: 'https://x.cn/p/1' };

beforeEach(() => {
  jest.useFakeTimers();
  setRouter({ path: '/pages/product/index', params: { id: '1', $taroTimestamp: '1700000000000' } });
});
afterEach(() => {
  jest.useRealTimers();
  jest.restoreAllMocks();
});

describe('useUdeskTrace', () => {
  it('traces once per show, not per render', () => {
    const tracker = fakeTracker();
    const { rerender } = renderHook(() => useUdeskTrace('product', { ...product }, { tracker }));
    expect(tracker.trace).not.toHaveBeenCalled();
    act(() => firePageShow());
    for (let i = 0; i < 20; i++) rerender();
    expect(tracker.trace).toHaveBeenCalledTimes(1);
    expect(tracker.trace).toHaveBeenCalledWith('product', product);
    act(() => firePageHide());
    jest.advanceTimersByTime(1000);
    act(() => firePageShow());
    expect(tracker.trace).toHaveBeenCalledTimes(2);
  });

  it('counts a repeated show within a few tens of ms once', () => {
    const tracker = fakeTracker();
    renderHook(() => useUdeskTrace('product', product, { tracker }));
    act(() => firePageShow());
    jest.advanceTimersByTime(10);
    act(() => firePageShow());
    expect(tracker.trace).toHaveBeenCalledTimes(1);
  });

  it('drives onPageShow and onPageHide with route and query, without $taroTimestamp', () => {
    const tracker = fakeTracker();
    renderHook(() => useUdeskTrace('product', product, { tracker }));
    act(() => firePageShow());
    act(() => firePageHide());
    expect(tracker.pageShow).toHaveBeenCalledWith('/pages/product/index', { id: '1', $taroTimestamp: '1700000000000' });
    expect(tracker.pageHide).toHaveBeenCalledTimes(1);
    // and the tracker hands the page on cleaned, also to an init that comes after the show
    const onPageShow = jest.fn();
    tracker.init({ appId: 'wx1', companyToken: 't', companyDomain: 'demo.udesk.cn', sdk: { init() {}, trace() {} }, onPageShow });
    act(() => {
      jest.advanceTimersByTime(100);
      firePageShow();
    });
    expect(onPageShow).toHaveBeenCalledWith({ route: 'pages/product/index', query: { id: '1' } });
  });

  it('does not re-send data that changes while shown, unless asked', () => {
    const tracker = fakeTracker();
    const { rerender } = renderHook(({ name }) => useUdeskTrace('product', { name }, { tracker }), { initialProps: { name: 'A' } });
    act(() => firePageShow());
    rerender({ name: 'B' });
    expect(tracker.trace).toHaveBeenCalledTimes(1);

    const eager = fakeTracker();
    const r2 = renderHook(({ name }) => useUdeskTrace('product', { name }, { tracker: eager, resendOnChange: true }), { initialProps: { name: 'A' } });
    act(() => firePageShow());
    r2.rerender({ name: 'B' });
    expect(eager.trace.mock.calls.map((c) => c[1].name)).toEqual(['A', 'B']);
  });

  it('traces data that arrives after the show, once', () => {
    const tracker = fakeTracker();
    const { rerender } = renderHook(({ data }) => useUdeskTrace('product', data, { tracker }), {
      initialProps: { data: undefined as typeof product | undefined },
    });
    act(() => firePageShow());
    expect(tracker.trace).not.toHaveBeenCalled();
    rerender({ data: product });
    rerender({ data: { ...product, name: 'changed' } });
    expect(tracker.trace.mock.calls.map((c) => c[1].name)).toEqual(['Milk A']);
  });

  it('returns a trace function for moments that are not a show', () => {
    const tracker = fakeTracker();
    const order = { order_no: '1', name: 'o', price: 1, order_at: 0, status: 'wait_pay' as const };
    const { result } = renderHook(() => useUdeskTrace('order', order, { tracker }));
    expect(result.current({ ...order, status: 'paid', pay_at: 5 })).toBe(true);
    expect(tracker.trace).toHaveBeenCalledWith('order', { ...order, status: 'paid', pay_at: 5 });
  });

  it('reports invalid data to onError, never throws', () => {
    jest.spyOn(console, 'warn').mockImplementation(() => {});
    const tracker = fakeTracker();
    const onError = jest.fn();
    renderHook(() => useUdeskTrace('product', { url: 'x' } as never, { tracker, onError }));
    expect(() => act(() => firePageShow())).not.toThrow();
    expect(onError.mock.calls[0][0].path).toBe('product.name');
    expect(tracker.trace).not.toHaveBeenCalled();
  });
});
