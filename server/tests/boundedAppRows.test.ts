// /metrics keeps at most MAX_APP_LABELS apps' own labels: the largest, in the store's order; the
// rest summed under one label, their loss ratio recomputed from the sums.
import fc from 'fast-check';
import { boundedDelivery, boundedUsage, OTHER_APPS } from '../src/boundedAppRows';

const delivery = (appId: string, expected: number, missing: number) =>
  ({ appId, settledVisitors: 1, expected, missing, lossRatio: expected > 0 ? missing / expected : 0, activeVisitors: 2, pending: 0 });

describe('boundedDelivery and boundedUsage', () => {
  it('keep every app while there are few', () => {
    const rows = [delivery('a', 10, 1), delivery('b', 5, 0)];
    expect(boundedDelivery(rows, 2)).toEqual(rows);
  });

  it('keep the largest apps in order and sum the rest, ratio from the sums', () => {
    const rows = [delivery('small', 2, 1), delivery('big', 100, 10), delivery('tiny', 1, 1), delivery('mid', 50, 0)];
    expect(boundedDelivery(rows, 2)).toEqual([
      delivery('big', 100, 10),
      delivery('mid', 50, 0),
      { appId: OTHER_APPS, settledVisitors: 2, expected: 3, missing: 2, lossRatio: 2 / 3, activeVisitors: 4, pending: 0 },
    ]);
  });

  it('never give more than limit + 1 labels, and lose no event in the sums', () => {
    fc.assert(fc.property(fc.array(fc.nat(1000), { maxLength: 300 }), fc.integer({ min: 1, max: 60 }), (sizes, limit) => {
      const rows = sizes.map((events, index) => ({ appId: `app-${index}`, events }));
      const bounded = boundedUsage(rows, limit);
      expect(bounded.length).toBeLessThanOrEqual(limit + 1);
      expect(new Set(bounded.map((row) => row.appId)).size).toBe(bounded.length);
      expect(bounded.reduce((total, row) => total + row.events, 0)).toBe(sizes.reduce((total, events) => total + events, 0));
    }));
  });
});
