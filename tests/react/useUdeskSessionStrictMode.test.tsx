/** @jest-environment jsdom */
// React StrictMode runs effects twice on mount: onTrim and onError still hear of a value once.
import { StrictMode } from 'react';
import type { ReactNode } from 'react';
import { renderHook } from '@testing-library/react';
import { useUdeskSession } from 'taro-udesk';

const wrapper = ({ children }: { children: ReactNode }) => <StrictMode>{children}</StrictMode>;

it('reports a trimmed or invalid value once under StrictMode, and a new value once more', () => {
  jest.spyOn(console, 'warn').mockImplementation(() => {});
  const onTrim = jest.fn();
  const onError = jest.fn();
  const input = (description: string) => ({ customer: { customer_name: 'N', email: 'not an e-mail', description } });
  const { rerender } = renderHook(({ d }) => useUdeskSession(input(d), { onTrim, onError }), {
    wrapper,
    initialProps: { d: 'd'.repeat(2000) },
  });
  rerender({ d: 'd'.repeat(2000) });
  expect(onTrim).toHaveBeenCalledTimes(1);
  expect(onError).toHaveBeenCalledTimes(1);
  rerender({ d: 'e'.repeat(2000) });
  expect(onTrim).toHaveBeenCalledTimes(2);
  expect(onError).toHaveBeenCalledTimes(2);
  jest.restoreAllMocks();
});
