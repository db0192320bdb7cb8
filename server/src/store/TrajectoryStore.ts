// The one store interface of taro-udesk-server. Two implementations (PGlite embedded, PostgreSQL
// through `pg`) share its SQL and one contract test suite (server/tests/store/).
//
// Client data is never structure: the event goes into a `jsonb` column as it came; the columns
// beside it (app, id, visitor, customer, type, times) are copied out by the server after it
// validated them, so a query never interprets a field a client named.

/** One event as accepted by the server, ready to store. */
export interface IncomingEvent {
  /** The client's event id (`<session>.<seq>`), unique per app. */
  id: string;
  /** Who browsed: the event's `visitor` (protocol v2) or, for a v1 event, its `session`. */
  visitor: string;
  /**
   * The identified customer's key, when the client knew it: `token:<customer_token>`, else
   * `unionid:<unionid>`, else `openid:<openid>` (validateEvent builds it).
   */
  customer: string | null;
  /**
   * Whether the server verified `customer`: its identity hash was signed with the app's identity
   * secret. Only verified customers link visitors (within one app). Absent: false.
   */
  verified?: boolean;
  /** `contact`: the customer asked for help from a page (docs/protocol.md, "The moment of contact"). */
  type: 'product' | 'order' | 'contact';
  /** Client clock at `trace()`, ms since the epoch. */
  at: number;
  /** The whole event as the client sent it; stored as `jsonb`, read back as it was. */
  event: Record<string, unknown>;
  /**
   * The visitor's number for the event (protocol v2 `visitorSeq`: 1, 2, 3 … per visitor), a whole
   * number from 1 to 2^53 - 1; absent for clients that do not number. Counted for delivery loss.
   */
  visitorSeq?: number;
}

/** An event as read back. */
export interface StoredEvent extends IncomingEvent {
  appId: string;
  verified: boolean;
  /** Server clock when its batch reached the store, ms since the epoch. */
  receivedAt: number;
}

export interface InsertResult {
  /** The events this call stored, in order: the live stream sends exactly these. */
  stored: StoredEvent[];
  /** How many were already there under the same `(appId, id)`: counted, not stored again. */
  duplicates: number;
}

export interface EventQuery {
  appId?: string;
  visitor?: string;
  /**
   * A customer key: the events that name it (verified or not: see `verified`) and every event of
   * the visitors verified as it, their anonymous ones from before included.
   */
  customer?: string;
  /**
   * A visitor id: its events and, once the visitor is verified as a customer, those of every
   * visitor verified as the same customer in the same app (the agent's page).
   */
  trajectoryOf?: string;
  /** An opaque cursor from an earlier page's `next`. */
  after?: string;
  /** 1 to 1,000. */
  limit: number;
}

/** Oldest first ("newest last"); `next` is absent on the last page. */
export interface EventPage {
  events: StoredEvent[];
  next?: string;
}

/**
 * A page of a visitor's trajectory (the agent's page): its own events and its customer's other
 * visitors' (see trajectoryPairsSql). Give at most one of `before` and `after`.
 */
export interface TrajectoryQuery {
  /** The visitor whose page it is. */
  visitor: string;
  /** A page's `older`: the page of events stored before it. */
  before?: string;
  /** A page's `newer`: the events stored since (the oldest of them first, when more than a page). */
  after?: string;
  /** Events a page holds at most: 1 to 1,000. */
  limit: number;
  /** Bytes of event JSON a page holds at most (the first event always comes, whatever its size). */
  maxBytes: number;
}

export interface TrajectoryPage {
  /** Newest first. */
  events: StoredEvent[];
  /** Present when older events exist: pass it as `before` for the page before this one. */
  older?: string;
  /**
   * Where to poll from: pass it as `after` for what is stored since. Absent when the page holds no
   * event old enough to be sure none before it can still appear (see `settleMs`): poll the
   * newest page again.
   */
  newer?: string;
  /** On an `after` page: more events wait than one page holds; ask again at once with `newer`. */
  more?: true;
  /**
   * Who the visitor is and what they did, over all the page's visitors' events (not just this
   * page's): on the newest page, and on an `after` page that brought events. Read from the
   * visitors summary, so its cost does not grow with the events.
   */
  summary?: TrajectorySummary;
}

/** The agent's first screen (TrajectoryPage.summary). */
export interface TrajectorySummary {
  /**
   * `verified`: the visitor's customer was verified (its app's backend signed it), named by the
   * latest verified nick_name; `unverified`: a customer or a nick_name was only claimed;
   * `anonymous`: neither.
   */
  identity: { state: 'verified' | 'unverified' | 'anonymous'; customer?: string; nickName?: string };
  /** The latest event's client time, ms since the epoch. */
  lastActiveAt: number;
  /** Sessions (launches of the app) seen. */
  visits: number;
  /** Product views. */
  views: number;
  /** Distinct order numbers (per visitor: an order paid on another device counts on both). */
  orders: number;
  /** Visitors (devices) on the page. */
  devices: number;
  /** The latest order event (its latest state). */
  latestOrder?: StoredEvent;
}

export interface VisitorSummary {
  appId: string;
  visitor: string;
  /** The customer its latest identified event named, verified or not. */
  customer: string | null;
  /** The customer its latest verified event named: what links it to other visitors of its app. */
  verifiedCustomer: string | null;
  events: number;
  firstAt: number;
  lastAt: number;
}

export interface VisitorPage {
  visitors: VisitorSummary[];
  next?: string;
}

/** One app's delivery figures (docs/protocol.md, "Delivery loss"). */
export interface AppDelivery {
  appId: string;
  /** Visitors whose latest numbered event was stored at or before the settling time: their gaps count as lost. */
  settledVisitors: number;
  /** Their numbered events: the sum of each one's highest number. */
  expected: number;
  /** Of those, the numbers never stored. */
  missing: number;
  /** Visitors with a numbered event stored since the settling time. */
  activeVisitors: number;
  /** Their gaps so far, which a held-back event or a resent queue may still fill. */
  pending: number;
}

/** What the store holds: events per app, and the bytes its tables take. */
export interface StoreUsage {
  apps: Array<{ appId: string; events: number }>;
  bytes: number;
}

/** Whose data an erasure removes: one visitor (in every app), or one customer by its key (`token:…`, `unionid:…`, `openid:…`). */
export type ErasureTarget = { visitor: string } | { customer: string };

export interface ErasureStep {
  /** Events this step removed. */
  events: number;
  /** Visitors the erasure covers (the visitor, when it was known; every visitor verified as the customer). */
  visitors: number;
  /** Whether events are left: call again. */
  more: boolean;
}

export interface ExpiryQuery {
  /** Events received (server clock) before this, ms since the epoch, go. */
  receivedBefore: number;
  /** How long a partition collects events before the next begins (PostgreSQL), ms. */
  periodMs: number;
}

export interface ExpiryStep {
  /** Events this step removed. */
  events: number;
  /** Whether more is due now: call again (after a pause, so batches go first). */
  more: boolean;
}

/** Who hears of events other server instances stored (PostgreSQL's LISTEN/NOTIFY). */
export interface StoreFollower {
  /** Whether anyone listens now: when not, what others stored is not read. */
  wants(): boolean;
  events(stored: StoredEvent[]): void;
  /** Some may have been missed (the connection was lost, or fell too far behind): listeners should read again. */
  gap(): void;
}

export interface VisitorQuery {
  after?: string;
  limit: number;
  /** Only this visitor's summaries (one per app). */
  visitor?: string;
  /** Only the summaries of visitors verified as this customer key or claiming it. */
  customer?: string;
}

export interface TrajectoryStore {
  /**
   * Stores one app's events in one transaction; resolves only once they are committed (the server
   * answers 2xx after that, never before). A repeat of `(appId, id)` is counted in `duplicates`.
   */
  insert(appId: string, events: IncomingEvent[]): Promise<InsertResult>;
  events(query: EventQuery): Promise<EventPage>;
  /** A page of the agent's view of a visitor: bounded in events and bytes, whatever the data. */
  trajectory(query: TrajectoryQuery): Promise<TrajectoryPage>;
  /** Visitors, most recently active first, paginated the same way. */
  visitors(query: VisitorQuery): Promise<VisitorPage>;
  /**
   * Commits a transaction that writes nothing but its own commit record (a transaction id is
   * taken): resolves when the store can write. The server calls it while writes fail, to know when
   * /healthz may say 200 again. Optional for a store of your own.
   */
  probe?(): Promise<void>;
  /**
   * Delivery loss per app: a visitor settles once its latest numbered event was stored at or
   * before `settledBefore` (ms since the epoch). Reads one row per numbered visitor. Optional for
   * a store of your own (the figures are then absent).
   */
  delivery?(settledBefore: number): Promise<AppDelivery[]>;
  /** Events stored per app and bytes on disk, for /metrics. Optional for a store of your own. */
  usage?(): Promise<StoreUsage>;
  /**
   * One bounded step of retention: removes events received before `receivedBefore` (PGlite: the
   * oldest, in a small batch; PostgreSQL: a batch of a partition's ids and counts, or a whole
   * partition). Several instances may call it at once: one works, the others find nothing to do.
   */
  expire?(query: ExpiryQuery): Promise<ExpiryStep>;
  /**
   * One bounded step of an erasure: remembers the target (its events are acknowledged and dropped
   * from then on), then removes a batch of its events, their ids and summaries. Repeat while `more`.
   */
  erase?(target: ErasureTarget): Promise<ErasureStep>;
  /** Tells `follower` of the events other instances store; resolves once listening (or retrying), with the way to stop. */
  follow?(follower: StoreFollower): Promise<() => Promise<void>>;
  /** Resolves when in-flight writes are done and the store is closed. */
  close(): Promise<void>;
}
