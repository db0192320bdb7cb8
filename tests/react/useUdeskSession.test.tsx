/** @jest-environment jsdom */
import { renderHook } from '@testing-library/react';
import * as compose from '../../src/core/sessionFrom/composeSessionFrom';
import { buildSessionFrom, useUdeskSession, UdeskValidationError } from 'taro-udesk';
import type { SessionFromInput } from 'taro-udesk';
import { specInput } from '../fixtures/specExample';

afterEach(() => jest.restoreAllMocks());

describe('useUdeskSession', () => {
  it('gives the same value as buildSessionFrom, with its size', () => {
    const { result } = renderHook(() => useUdeskSession(specInput));
    expect(result.current.sessionFrom).toBe(buildSessionFrom(specInput));
    expect(result.current.bytes).toBe(Buffer.byteLength(result.current.sessionFrom));
    expect(result.current.trimmed).toEqual([]);
  });

  it('builds once over 100 re-renders with equal inline objects', () => {
    const spy = jest.spyOn(compose, 'composeSessionFrom');
    const { result, rerender } = renderHook(
      ({ name }) => useUdeskSession({ nickName: 'jack', customer: { customer_name: name, tags: ['a', 'b'] } }),
      { initialProps: { name: 'Jack' } },
    );
    const first = result.current;
    for (let i = 0; i < 100; i++) rerender({ name: 'Jack' });
    expect(spy).toHaveBeenCalledTimes(1);
    expect(result.current).toBe(first); // the same object: safe as a dependency
    rerender({ name: 'Jill' });
    expect(spy).toHaveBeenCalledTimes(2);
    expect(result.current.sessionFrom).toContain('"customer_name":"Jill"');
  });

  it('reports what was trimmed, once per new value', () => {
    const onTrim = jest.fn();
    const input: SessionFromInput = { customer: { customer_name: 'N', description: 'd'.repeat(2000) } };
    const { result, rerender } = renderHook(() => useUdeskSession({ ...input }, { onTrim }));
    rerender();
    expect(result.current.trimmed).toEqual(['customer.description']);
    expect(onTrim).toHaveBeenCalledTimes(1);
    expect(onTrim).toHaveBeenCalledWith(['customer.description']);
  });

  it('leaves out invalid fields and reports them instead of throwing', () => {
    const onError = jest.fn();
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => {});
    const input = { customer: { customer_name: 'N', email: 'not-an-email' } };
    const { result } = renderHook(() => useUdeskSession(input, { onError }));
    expect(result.current.sessionFrom).toBe('udesk|||customer^{"customer_name":"N"}');
    expect(onError).toHaveBeenCalledTimes(1);
    const error = onError.mock.calls[0][0];
    expect(error).toBeInstanceOf(UdeskValidationError);
    expect(error.path).toBe('customer.email');
    expect(warn).toHaveBeenCalledWith('[taro-udesk] customer.email: must be an e-mail address');
  });

  it('falls back to the default budget on a bad maxBytes, and says so', () => {
    const onError = jest.fn();
    jest.spyOn(console, 'warn').mockImplementation(() => {});
    const { result } = renderHook(() => useUdeskSession({ nickName: 'n' }, { maxBytes: 5000, onError }));
    expect(result.current.sessionFrom).toBe('udesk|n|');
    expect(onError.mock.calls[0][0].path).toBe('maxBytes');
  });

  it('survives an onError that throws', () => {
    jest.spyOn(console, 'warn').mockImplementation(() => {});
    const onError = () => {
      throw new Error('handler bug');
    };
    expect(() => renderHook(() => useUdeskSession({ unionid: 'bad' }, { onError }))).not.toThrow();
  });
});
