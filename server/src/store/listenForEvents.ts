// Several instances on one PostgreSQL: each tells the others the keys of what it stored (a NOTIFY
// sent by the statement that stores a group, delivered only once it committed: insertEventsSql),
// and each listens on its own connection, reads the events by key, and hands them to its live
// stream. A notice carries keys, never events: NOTIFY's payload holds 8,000 bytes, an event alone
// up to 32 KB. What is stored while the connection is down is not heard of: once it is back, the
// follower is told of the gap (the server ends its live streams; consoles reconnect and read again).
import { Client, type ClientConfig } from 'pg';
import type { StoreFollower } from './TrajectoryStore';
import type { SqlQuery } from './sqlExecutor';
import { EVENTS_CHANNEL, SELECT_EVENTS_BY_KEYS_SQL } from './schemaSql';
import { eventFromRow, parseJsonRow, type EventRow, type JsonRow } from './rows';

/** Keys waiting to be read at most: past it they are dropped, and the follower told of a gap. */
const MAX_PENDING_KEYS = 20_000;
const KEYS_PER_READ = 1000;
const FIRST_DELAY_MS = 500;
const MAX_DELAY_MS = 30_000;
const KEY = /^-?\d{1,19}$/;

export interface ListenOptions {
  /** How to connect (the store's connection string and settings). */
  client: ClientConfig;
  /** This instance's name in the notices it sends: its own are not read again. */
  instance: string;
  /** Reads the events (the store's read queue). */
  read: SqlQuery;
}

/** Resolves once the first attempt to listen is done (listening, or retrying); with the way to stop. */
export async function listenForEvents(options: ListenOptions, follower: StoreFollower): Promise<() => Promise<void>> {
  let client: Client | null = null;
  let stopped = false;
  let lost = false;
  let delay = FIRST_DELAY_MS;
  let retry: NodeJS.Timeout | undefined;
  let pending: string[] = [];
  let reading = false;

  const readPending = async (): Promise<void> => {
    if (reading) return;
    reading = true;
    try {
      while (pending.length > 0 && !stopped) {
        const keys = pending.slice(0, KEYS_PER_READ);
        pending = pending.slice(KEYS_PER_READ);
        const bounds = keys.map(BigInt).sort((a, b) => (a < b ? -1 : 1));
        const rows = await options.read<JsonRow>(SELECT_EVENTS_BY_KEYS_SQL, [keys, bounds[0].toString(), bounds[bounds.length - 1].toString()]);
        if (rows.length > 0) follower.events(rows.map(parseJsonRow<EventRow>).map(eventFromRow));
      }
    } catch {
      pending = [];
      follower.gap();
    } finally {
      reading = false;
    }
  };

  const heard = (payload: string | undefined): void => {
    const space = payload?.indexOf(' ') ?? -1;
    if (payload === undefined || space <= 0 || payload.slice(0, space) === options.instance || !follower.wants()) return;
    const keys = payload.slice(space + 1).split(',').filter((key) => KEY.test(key));
    if (pending.length + keys.length > MAX_PENDING_KEYS) {
      pending = [];
      follower.gap();
      return;
    }
    pending.push(...keys);
    void readPending();
  };

  const connect = async (): Promise<void> => {
    const next = new Client(options.client);
    let gone = false;
    const onLost = (): void => {
      if (gone) return;
      gone = true;
      next.removeAllListeners('notification');
      void next.end().catch(() => undefined);
      if (client === next) client = null;
      if (stopped) return;
      lost = true;
      retry = setTimeout(() => void connect(), delay);
      retry.unref();
      delay = Math.min(delay * 2, MAX_DELAY_MS);
    };
    next.on('error', onLost);
    next.on('end', onLost);
    next.on('notification', (message) => {
      if (message.channel === EVENTS_CHANNEL) heard(message.payload);
    });
    try {
      await next.connect();
      await next.query(`LISTEN ${EVENTS_CHANNEL}`);
    } catch {
      onLost();
      return;
    }
    if (stopped) {
      await next.end().catch(() => undefined);
      return;
    }
    client = next;
    delay = FIRST_DELAY_MS;
    if (lost) follower.gap();
    lost = false;
  };

  await connect();
  return async () => {
    stopped = true;
    clearTimeout(retry);
    await client?.end().catch(() => undefined);
  };
}
