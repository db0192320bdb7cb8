// /metrics labels per app (createMetrics.ts): without --apps-file a client names any app id it
// likes, and each would become a label of its own, so one client could grow every scrape without
// bound. The largest apps keep their own label; the rest are summed under one.
import type { DeliveryFigures } from './createStoreFigures';

/** Apps with a label of their own, at most. */
export const MAX_APP_LABELS = 50;
/** The label the other apps share (an app id never starts with a parenthesis: it is a bound parameter, but this is still no id a client sends by accident). */
export const OTHER_APPS = '(other apps)';

/** The `limit` rows largest by `size`, in their order, then the rest folded into one by `fold` (appId OTHER_APPS). */
function bounded<Row extends { appId: string }>(rows: readonly Row[], size: (row: Row) => number, fold: (rest: Row[]) => Row, limit: number): Row[] {
  if (rows.length <= limit) return [...rows];
  const largest = new Set([...rows].sort((a, b) => size(b) - size(a)).slice(0, limit));
  const kept = rows.filter((row) => largest.has(row));
  const rest = rows.filter((row) => !largest.has(row));
  return [...kept, { ...fold(rest), appId: OTHER_APPS }];
}

const sum = <Row>(rows: readonly Row[], value: (row: Row) => number) => rows.reduce((total, row) => total + value(row), 0);

/** Delivery figures per app, the apps with the most expected events keeping their label. */
export function boundedDelivery(rows: readonly DeliveryFigures[], limit = MAX_APP_LABELS): DeliveryFigures[] {
  return bounded(rows, (row) => row.expected + row.pending, (rest) => {
    const expected = sum(rest, (row) => row.expected);
    const missing = sum(rest, (row) => row.missing);
    return {
      appId: OTHER_APPS,
      settledVisitors: sum(rest, (row) => row.settledVisitors),
      expected,
      missing,
      lossRatio: expected > 0 ? missing / expected : 0,
      activeVisitors: sum(rest, (row) => row.activeVisitors),
      pending: sum(rest, (row) => row.pending),
    };
  }, limit);
}

/** Stored events per app, the apps with the most events keeping their label. */
export function boundedUsage(rows: ReadonlyArray<{ appId: string; events: number }>, limit = MAX_APP_LABELS): Array<{ appId: string; events: number }> {
  return bounded(rows, (row) => row.events, (rest) => ({ appId: OTHER_APPS, events: sum(rest, (row) => row.events) }), limit);
}
