// The retry policy alone: pure functions, no tracker, no timers.
import fc from 'fast-check';
import { classify, retryAfterOf, retryDelay } from 'taro-udesk/core';

describe('classify', () => {
  it.each([
    [200, undefined, 'ok'],
    [204, undefined, 'ok'],
    [413, undefined, 'split'],
    [400, undefined, 'drop'],
    [404, undefined, 'drop'],
    [408, undefined, 'retry'],
    [429, undefined, 'retry'],
    [500, undefined, 'retry'],
    [503, undefined, 'retry'],
    [100, undefined, 'retry'],
    [302, undefined, 'retry'],
    [304, undefined, 'retry'],
    [0, 'request:fail', 'retry'],
    [0, 'timeout', 'retry'],
    [0, 'request:fail url not in domain list', 'stop'],
  ] as const)('%i %s: %s', (status, error, verdict) => {
    expect(classify(status, error)).toBe(verdict);
  });

  it('drops only on a 4xx other than 408 and 429, and counts only a 2xx delivered', () => {
    fc.assert(
      fc.property(fc.integer({ min: 100, max: 599 }), (status) => {
        const verdict = classify(status);
        expect(verdict === 'ok').toBe(status >= 200 && status < 300);
        expect(verdict === 'drop').toBe(status >= 400 && status < 500 && ![408, 413, 429].includes(status));
      }),
    );
  });
});

describe('retryDelay', () => {
  it('doubles from 1 s with 50-100 % jitter, capped at 60 s', () => {
    fc.assert(
      fc.property(fc.nat(40), fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), (attempt, r) => {
        const cap = Math.min(60_000, 1000 * 2 ** attempt);
        const delay = retryDelay(attempt, () => r);
        expect(delay).toBeGreaterThanOrEqual(cap / 2);
        expect(delay).toBeLessThanOrEqual(cap);
      }),
    );
  });

  it('waits what Retry-After says, at most 60 s', () => {
    expect(retryDelay(0, () => 0, 30_000)).toBe(30_000);
    expect(retryDelay(5, () => 0, 3_600_000)).toBe(60_000);
  });
});

describe('retryAfterOf', () => {
  it('reads seconds or an HTTP date, in any header case, on 429 and 503 only', () => {
    const now = Date.parse('2026-11-27T10:00:00Z');
    expect(retryAfterOf(429, { 'Retry-After': '12' }, now)).toBe(12_000);
    expect(retryAfterOf(503, { 'retry-after': 'Fri, 27 Nov 2026 10:00:30 GMT' }, now)).toBe(30_000);
    expect(retryAfterOf(500, { 'Retry-After': '12' }, now)).toBeUndefined();
    expect(retryAfterOf(429, { 'Retry-After': 'soon' }, now)).toBeUndefined();
    expect(retryAfterOf(429, undefined, now)).toBeUndefined();
  });
});
