// The figures /metrics and the console show from the store: delivery loss per app and what the
// store holds. Each reads one row per visitor (never per event); the server caches them.
import type { AppDelivery, StoreUsage } from './TrajectoryStore';
import type { SqlQuery } from './sqlExecutor';
import { DELIVERY_SQL, STORED_BYTES_SQL, STORED_EVENTS_SQL } from './sequenceSql';

interface DeliveryRow {
  app_id: string;
  settled_visitors: number;
  expected: number;
  missing: number;
  active_visitors: number;
  pending: number;
}

export async function readDelivery(read: SqlQuery, settledBefore: number): Promise<AppDelivery[]> {
  const rows = await read<DeliveryRow>(DELIVERY_SQL, [settledBefore]);
  return rows.map((row) => ({
    appId: row.app_id,
    settledVisitors: Number(row.settled_visitors),
    expected: Number(row.expected),
    missing: Number(row.missing),
    activeVisitors: Number(row.active_visitors),
    pending: Number(row.pending),
  }));
}

export async function readUsage(read: SqlQuery): Promise<StoreUsage> {
  const apps = await read<{ app_id: string; events: number }>(STORED_EVENTS_SQL);
  const [size] = await read<{ bytes: number }>(STORED_BYTES_SQL);
  return { apps: apps.map((row) => ({ appId: row.app_id, events: Number(row.events) })), bytes: Number(size?.bytes ?? 0) };
}
