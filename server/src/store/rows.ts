import type { StoredEvent, TrajectorySummary, VisitorSummary } from './TrajectoryStore';

/** What the page queries return: each row as one JSON text (see schemaSql.ts). */
export interface JsonRow {
  row: string;
}

export const parseJsonRow = <Row>(wrapped: JsonRow): Row => JSON.parse(wrapped.row) as Row;

/** A row of `selectEventsSql`: times come back as float8 (exact below 2^53), the key as text. */
export interface EventRow {
  order_key: string;
  app_id: string;
  id: string;
  visitor: string;
  customer: string | null;
  verified: boolean;
  type: StoredEvent['type'];
  at: number;
  received_at: number;
  event: Record<string, unknown>;
}

export interface VisitorRow {
  app_id: string;
  visitor: string;
  customer: string | null;
  verified_customer: string | null;
  events: number;
  first_at: number;
  last_at: number;
  order_key: string;
}

export function eventFromRow(row: EventRow): StoredEvent {
  return {
    appId: row.app_id,
    id: row.id,
    visitor: row.visitor,
    customer: row.customer,
    verified: row.verified === true,
    type: row.type,
    at: Number(row.at),
    receivedAt: Number(row.received_at),
    event: row.event,
  };
}

export function visitorFromRow(row: VisitorRow): VisitorSummary {
  return {
    appId: row.app_id,
    visitor: row.visitor,
    customer: row.customer,
    verifiedCustomer: row.verified_customer,
    events: Number(row.events),
    firstAt: Number(row.first_at),
    lastAt: Number(row.last_at),
  };
}

/** A row of SELECT_TRAJECTORY_SUMMARY_SQL. */
export interface SummaryRow {
  customer: string | null;
  verified_customer: string | null;
  nick_name: string | null;
  verified_nick: string | null;
  devices: number;
  views: number;
  orders: number;
  visits: number;
  last_at: number;
  latest_order: EventRow | null;
}

export function summaryFromRow(row: SummaryRow): TrajectorySummary {
  const nick = (name: string | null) => (name ? { nickName: name } : {});
  const identity: TrajectorySummary['identity'] = row.verified_customer !== null
    ? { state: 'verified', customer: row.verified_customer, ...nick(row.verified_nick) }
    : row.customer !== null || row.nick_name !== null
      ? { state: 'unverified', ...(row.customer === null ? {} : { customer: row.customer }), ...nick(row.nick_name) }
      : { state: 'anonymous' };
  return {
    identity,
    lastActiveAt: Number(row.last_at),
    visits: Number(row.visits),
    views: Number(row.views),
    orders: Number(row.orders),
    devices: Number(row.devices),
    ...(row.latest_order ? { latestOrder: eventFromRow(row.latest_order) } : {}),
  };
}
