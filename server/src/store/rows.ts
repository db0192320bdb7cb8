import type { StoredEvent, VisitorSummary } from './TrajectoryStore';

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
