// The agent's first screen: who the visitor is and what they did, read from the visitors summary
// (kept up to date by INSERT_EVENTS_SQL), never from their events. Its cost is bounded like a
// page's: the same pairs (the visitor and at most MAX_LINKED_VISITORS others), one summary row
// each by primary key, and one event (the latest order) by its key.
import { EVENT_COLUMNS, trajectoryPairsSql } from './schemaSql';

/**
 * One row (`row`, JSON text) for visitor $1, none when it has no summary row: `identity` from its
 * own row (a verified customer names it with the latest verified nick_name of the page's
 * visitors, else a claim with its own latest nick_name), the counts and times over the pairs, and
 * the latest order event as an event row.
 */
export const SELECT_TRAJECTORY_SUMMARY_SQL = `WITH pairs AS (${trajectoryPairsSql().split('?').join('$1')}),
shown AS (
  SELECT v.* FROM pairs p JOIN taro_udesk_visitors v ON v.app_id = p.app_id AND v.visitor = p.visitor
),
totals AS (
  SELECT count(*) AS devices, sum(views) AS views, sum(orders) AS orders, sum(visits) AS visits, max(last_at) AS last_at,
    max(latest_order) AS latest_order,
    (array_agg(verified_nick ORDER BY last_order DESC) FILTER (WHERE verified_nick IS NOT NULL))[1] AS verified_nick
  FROM shown
),
self AS (
  SELECT customer, verified_customer, nick_name FROM taro_udesk_visitors WHERE visitor = $1 ORDER BY last_order DESC LIMIT 1
)
SELECT row_to_json(summary)::text AS row FROM (
  SELECT self.customer, self.verified_customer, self.nick_name, totals.verified_nick,
    totals.devices::float8 AS devices, totals.views::float8 AS views, totals.orders::float8 AS orders,
    totals.visits::float8 AS visits, totals.last_at::float8 AS last_at,
    (SELECT row_to_json(e) FROM (SELECT ${EVENT_COLUMNS} FROM taro_udesk_events WHERE ingest_order = totals.latest_order) e) AS latest_order
  FROM self CROSS JOIN totals
) summary`;
