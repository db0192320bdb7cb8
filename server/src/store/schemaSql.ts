// The SQL both stores run, word for word: PGlite is PostgreSQL compiled to WASM, so the embedded
// store and the PostgreSQL store share it. Client data only ever arrives as a bound parameter (one
// jsonb array per statement); no identifier or SQL text is ever built from it.
import { SEQUENCES_TABLE_SQL, SEQUENCES_UPSERT_CTE } from './sequenceSql';
import { RETENTION_MIGRATION, type EngineMigration } from './retentionMigration';

/** Taken (transaction-scoped) around migrations, so server instances starting at once on one
 * database apply each migration once. An arbitrary constant, unique to taro-udesk. */
export const MIGRATION_LOCK_KEY = '7407031541210906112';

/** Migrations in order, each a list of single statements (PGlite's extended protocol runs one at a
 * time), or one list per engine; `taro_udesk_migrations` records the versions applied. Append, never edit. */
export const MIGRATIONS: readonly (readonly string[] | EngineMigration)[] = [
  [
    `CREATE TABLE IF NOT EXISTS taro_udesk_events (
      ingest_order bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      app_id text NOT NULL,
      id text NOT NULL,
      visitor text NOT NULL,
      customer text,
      type text NOT NULL,
      at bigint NOT NULL,
      received_at bigint NOT NULL,
      event jsonb NOT NULL,
      UNIQUE (app_id, id)
    )`,
    `CREATE INDEX IF NOT EXISTS taro_udesk_events_by_visitor ON taro_udesk_events (visitor, ingest_order)`,
    `CREATE INDEX IF NOT EXISTS taro_udesk_events_by_customer ON taro_udesk_events (customer, ingest_order)
      WHERE customer IS NOT NULL`,
    `CREATE INDEX IF NOT EXISTS taro_udesk_events_by_app ON taro_udesk_events (app_id, ingest_order)`,
    `CREATE TABLE IF NOT EXISTS taro_udesk_visitors (
      app_id text NOT NULL,
      visitor text NOT NULL,
      customer text,
      events bigint NOT NULL,
      first_at bigint NOT NULL,
      last_at bigint NOT NULL,
      last_order bigint NOT NULL,
      PRIMARY KEY (app_id, visitor)
    )`,
    `CREATE INDEX IF NOT EXISTS taro_udesk_visitors_by_activity ON taro_udesk_visitors (last_order)`,
  ],
  // Linking (protocol v2): a visitor's summary carries its customer once an identified event
  // arrived, and the agent's page looks a visitor up by id alone, in any app.
  [
    `CREATE INDEX IF NOT EXISTS taro_udesk_visitors_by_customer ON taro_udesk_visitors (customer) WHERE customer IS NOT NULL`,
    `CREATE INDEX IF NOT EXISTS taro_udesk_visitors_by_visitor ON taro_udesk_visitors (visitor)`,
  ],
  // Identity verification (issue 17): only a customer whose identity hash verified with its app's
  // secret links visitors, and only within that app. Events record whether theirs verified; a
  // visitor's summary keeps the latest verified customer beside the latest claimed one. Earlier
  // rows were never verified: they stay readable, each on its own visitor's page, and link nothing.
  [
    `ALTER TABLE taro_udesk_events ADD COLUMN IF NOT EXISTS verified boolean NOT NULL DEFAULT false`,
    `ALTER TABLE taro_udesk_visitors ADD COLUMN IF NOT EXISTS verified_customer text`,
    `CREATE INDEX IF NOT EXISTS taro_udesk_visitors_by_verified_customer ON taro_udesk_visitors (verified_customer, app_id)
      WHERE verified_customer IS NOT NULL`,
    // Claims no longer link anything: nothing looks visitors up by the claimed customer.
    `DROP INDEX IF EXISTS taro_udesk_visitors_by_customer`,
  ],
  // The agent's page reads a verified customer's most recently active visitors of one app, not all of them.
  [
    `CREATE INDEX IF NOT EXISTS taro_udesk_visitors_by_verified_activity ON taro_udesk_visitors (verified_customer, app_id, last_order)
      WHERE verified_customer IS NOT NULL`,
  ],
  // Delivery loss (issue 19 item 6; docs/protocol.md, "Delivery loss"): per visitor, the highest
  // `visitorSeq` stored, how many stored events carried one, and when the latest arrived. Two
  // numbers per visitor, whatever it sent: the numbers below the highest never stored are its gaps.
  [SEQUENCES_TABLE_SQL],
  // The agent's first screen (issue 18): a visitor's counts, latest order and names, kept in its
  // summary row as events arrive, so the page reads them in a bounded number of rows (summarySql.ts)
  // however many events there are. Visits (distinct sessions) and orders (distinct order numbers)
  // are counted through the keys each visitor has shown once. Rows from before are filled here.
  [
    `CREATE TABLE IF NOT EXISTS taro_udesk_visitor_keys (
      app_id text NOT NULL,
      visitor text NOT NULL,
      kind text NOT NULL,
      key text NOT NULL,
      PRIMARY KEY (app_id, visitor, kind, key)
    )`,
    `ALTER TABLE taro_udesk_visitors ADD COLUMN IF NOT EXISTS views bigint NOT NULL DEFAULT 0`,
    `ALTER TABLE taro_udesk_visitors ADD COLUMN IF NOT EXISTS orders bigint NOT NULL DEFAULT 0`,
    `ALTER TABLE taro_udesk_visitors ADD COLUMN IF NOT EXISTS visits bigint NOT NULL DEFAULT 0`,
    `ALTER TABLE taro_udesk_visitors ADD COLUMN IF NOT EXISTS latest_order bigint`,
    `ALTER TABLE taro_udesk_visitors ADD COLUMN IF NOT EXISTS nick_name text`,
    `ALTER TABLE taro_udesk_visitors ADD COLUMN IF NOT EXISTS verified_nick text`,
    `INSERT INTO taro_udesk_visitor_keys (app_id, visitor, kind, key)
      SELECT DISTINCT app_id, visitor, 'visit', event->>'session' FROM taro_udesk_events WHERE event->>'session' IS NOT NULL
      UNION
      SELECT DISTINCT app_id, visitor, 'order', event->'data'->>'order_no' FROM taro_udesk_events
      WHERE type = 'order' AND event->'data'->>'order_no' IS NOT NULL
      ON CONFLICT DO NOTHING`,
    `UPDATE taro_udesk_visitors v SET views = c.views, latest_order = c.latest_order, nick_name = c.nick_name, verified_nick = c.verified_nick
      FROM (SELECT app_id, visitor, count(*) FILTER (WHERE type = 'product') AS views, max(ingest_order) FILTER (WHERE type = 'order') AS latest_order,
        (array_agg(nullif(event->'customer'->>'nick_name', '') ORDER BY ingest_order DESC)
          FILTER (WHERE nullif(event->'customer'->>'nick_name', '') IS NOT NULL))[1] AS nick_name,
        (array_agg(nullif(event->'customer'->>'nick_name', '') ORDER BY ingest_order DESC)
          FILTER (WHERE nullif(event->'customer'->>'nick_name', '') IS NOT NULL AND verified AND customer IS NOT NULL))[1] AS verified_nick
        FROM taro_udesk_events GROUP BY app_id, visitor) c
      WHERE v.app_id = c.app_id AND v.visitor = c.visitor`,
    `UPDATE taro_udesk_visitors v SET visits = k.visits, orders = k.orders
      FROM (SELECT app_id, visitor, count(*) FILTER (WHERE kind = 'visit') AS visits, count(*) FILTER (WHERE kind = 'order') AS orders
        FROM taro_udesk_visitor_keys GROUP BY app_id, visitor) k
      WHERE v.app_id = k.app_id AND v.visitor = k.visitor`,
  ],
  // Retention and erasure (issue 19): event ids apart, erasures remembered, PostgreSQL partitioned.
  RETENTION_MIGRATION,
];

export const MIGRATION_SETUP_SQL = `CREATE TABLE IF NOT EXISTS taro_udesk_migrations (
  version integer PRIMARY KEY,
  applied_at timestamptz NOT NULL DEFAULT now()
)`;
export const MIGRATION_LOCK_SQL = `SELECT pg_advisory_xact_lock(${MIGRATION_LOCK_KEY})`;
export const MIGRATION_VERSION_SQL = 'SELECT coalesce(max(version), 0) AS version FROM taro_udesk_migrations';
export const MIGRATION_RECORD_SQL = 'INSERT INTO taro_udesk_migrations (version) VALUES ($1)';

/** The channel on which PostgreSQL instances tell each other the keys they stored (listenForEvents.ts). */
export const EVENTS_CHANNEL = 'taro_udesk_events';

/**
 * Keys per notice: a key is at most 19 digits and a comma, so 300 of them and the instance's
 * name stay well under NOTIFY's 8,000-byte payload.
 */
export const KEYS_PER_NOTICE = 300;

/**
 * Stores a group of events (any apps) and updates the visitors summary and their sequences
 * (sequenceSql.ts) in the same statement.
 * $1: a jsonb array of `{ n, app_id, id, visitor, customer, verified, type, at, event, visitor_seq,
 * visitor_digest, customer_digest }` (n orders them; the digests are erasureDigest.ts's); $2: the server clock.
 * - A repeat of `(app_id, id)` is skipped: `taro_udesk_event_ids` holds each pair once (a
 *   partitioned table cannot: retentionMigration.ts).
 * - An event of an erased visitor or customer is skipped too, so it counts as a duplicate: read
 *   FOR SHARE, so an erasure (which locks the table) and this statement never overlap.
 * - The `[app_id, id]` pairs stored come back as one JSON text in one row (PGlite decodes rows and
 *   columns in JS: one value instead of a row per event makes the statement ~25 % faster there,
 *   measured with 500-event groups).
 * The summary rows are upserted in key order, so concurrent writers lock them in the same order.
 * A summary's `customer` is the latest one claimed; `verified_customer` the latest verified one,
 * which an unverified claim never touches; `verified_nick` is that customer's latest nick_name
 * (a device verified as another customer drops the previous one's). The agent's first screen reads its counts from there
 * too: product views, visits and orders (each session and order number counted once per visitor,
 * through `taro_udesk_visitor_keys`), the latest order event, and the latest nick_name claimed and
 * verified.
 *
 * With `notify` (PostgreSQL, several instances), $3 names this instance, and the keys stored are
 * sent on EVENTS_CHANNEL, KEYS_PER_NOTICE a notice, delivered when (and only if) this commits.
 */
export function insertEventsSql(notify = false): string {
  const notices = notify
    ? `, notices AS (
  SELECT pg_notify('${EVENTS_CHANNEL}', $3::text || ' ' || string_agg(ingest_order::text, ',' ORDER BY ingest_order))
  FROM (SELECT ingest_order, (row_number() OVER (ORDER BY ingest_order) - 1) / ${KEYS_PER_NOTICE} AS notice FROM inserted) keyed
  GROUP BY notice
)`
    : '';
  return `WITH input AS (
  SELECT * FROM jsonb_to_recordset($1::jsonb) AS input(n integer, app_id text, id text, visitor text, customer text,
    verified boolean, type text, at bigint, event jsonb, visitor_seq bigint, visitor_digest text, customer_digest text)
), erased AS (
  SELECT digest FROM taro_udesk_erasures
  WHERE digest IN (SELECT visitor_digest FROM input UNION ALL SELECT customer_digest FROM input)
  FOR SHARE
), fresh AS (
  INSERT INTO taro_udesk_event_ids (app_id, id)
  SELECT app_id, id FROM input
  WHERE NOT EXISTS (SELECT 1 FROM erased WHERE erased.digest IN (input.visitor_digest, input.customer_digest))
  ORDER BY n
  ON CONFLICT DO NOTHING
  RETURNING app_id, id
), inserted AS (
  INSERT INTO taro_udesk_events (app_id, id, visitor, customer, verified, type, at, received_at, event)
  SELECT input.app_id, input.id, visitor, customer, verified, type, at, $2::bigint, event
  FROM input JOIN fresh ON fresh.app_id = input.app_id AND fresh.id = input.id ORDER BY n
  RETURNING ingest_order, app_id, id, visitor, customer, verified, type, at, event->>'session' AS session,
    CASE WHEN type = 'order' THEN event->'data'->>'order_no' END AS order_no, nullif(event->'customer'->>'nick_name', '') AS nick
), keys AS (
  INSERT INTO taro_udesk_visitor_keys (app_id, visitor, kind, key)
  SELECT DISTINCT app_id, visitor, kind, key FROM (
    SELECT app_id, visitor, 'visit' AS kind, session AS key FROM inserted WHERE session IS NOT NULL
    UNION ALL
    SELECT app_id, visitor, 'order', order_no FROM inserted WHERE order_no IS NOT NULL
  ) shown ORDER BY app_id, visitor, kind, key
  ON CONFLICT DO NOTHING
  RETURNING app_id, visitor, kind
), new_keys AS (
  SELECT app_id, visitor, count(*) FILTER (WHERE kind = 'visit') AS visits, count(*) FILTER (WHERE kind = 'order') AS orders
  FROM keys GROUP BY app_id, visitor
), verified_last AS (
  SELECT DISTINCT ON (app_id, visitor) app_id, visitor, customer AS latest_verified
  FROM inserted WHERE verified AND customer IS NOT NULL ORDER BY app_id, visitor, ingest_order DESC
), summary AS (
  INSERT INTO taro_udesk_visitors AS v (app_id, visitor, customer, verified_customer, events, first_at, last_at, last_order,
    views, orders, visits, latest_order, nick_name, verified_nick)
  SELECT i.app_id, i.visitor,
    (array_agg(customer ORDER BY ingest_order DESC) FILTER (WHERE customer IS NOT NULL))[1],
    (array_agg(customer ORDER BY ingest_order DESC) FILTER (WHERE customer IS NOT NULL AND verified))[1],
    count(*), min(at), max(at), max(ingest_order),
    count(*) FILTER (WHERE type = 'product'), coalesce(max(k.orders), 0), coalesce(max(k.visits), 0),
    max(ingest_order) FILTER (WHERE type = 'order'),
    (array_agg(nick ORDER BY ingest_order DESC) FILTER (WHERE nick IS NOT NULL))[1],
    (array_agg(nick ORDER BY ingest_order DESC) FILTER (WHERE nick IS NOT NULL AND verified AND customer = lv.latest_verified))[1]
  FROM inserted i LEFT JOIN new_keys k ON k.app_id = i.app_id AND k.visitor = i.visitor
  LEFT JOIN verified_last lv ON lv.app_id = i.app_id AND lv.visitor = i.visitor
  GROUP BY i.app_id, i.visitor, lv.latest_verified ORDER BY i.app_id, i.visitor
  ON CONFLICT (app_id, visitor) DO UPDATE SET
    customer = coalesce(EXCLUDED.customer, v.customer),
    verified_customer = coalesce(EXCLUDED.verified_customer, v.verified_customer),
    events = v.events + EXCLUDED.events,
    first_at = least(v.first_at, EXCLUDED.first_at),
    last_at = greatest(v.last_at, EXCLUDED.last_at),
    last_order = greatest(v.last_order, EXCLUDED.last_order),
    views = v.views + EXCLUDED.views,
    orders = v.orders + EXCLUDED.orders,
    visits = v.visits + EXCLUDED.visits,
    latest_order = greatest(v.latest_order, EXCLUDED.latest_order),
    nick_name = coalesce(EXCLUDED.nick_name, v.nick_name),
    verified_nick = CASE WHEN EXCLUDED.verified_customer IS DISTINCT FROM v.verified_customer AND EXCLUDED.verified_customer IS NOT NULL
      THEN EXCLUDED.verified_nick ELSE coalesce(EXCLUDED.verified_nick, v.verified_nick) END
), ${SEQUENCES_UPSERT_CTE}${notices}
SELECT coalesce(json_agg(json_build_array(app_id, id)), '[]')::text AS keys${notify ? ', (SELECT count(*) FROM notices) AS notices' : ''}
FROM inserted`;
}

/** The statement both stores run when no other instance listens (PGlite). */
export const INSERT_EVENTS_SQL = insertEventsSql();

// Pages come back as one JSON text per row (`row_to_json`), parsed once in JS: PGlite decodes each
// column of each row in JS, and with one column instead of nine a 1,000-event page reads ~30 %
// faster there (measured with scripts/bench); pg is indifferent. The times are float8, exact
// below 2^53; the ingestion key is text, so a cursor never goes through a JS number.
const asJsonRows = (select: string, order: string): string =>
  `SELECT row_to_json(page)::text AS row FROM (${select}) page ORDER BY ${order}`;

export const EVENT_COLUMNS =
  'ingest_order::text AS order_key, app_id, id, visitor, customer, verified, type, at::float8 AS at, received_at::float8 AS received_at, event';

const VISITOR_COLUMNS = `app_id, visitor, customer, verified_customer, events::float8 AS events, first_at::float8 AS first_at,
  last_at::float8 AS last_at, last_order::text AS order_key`;

/**
 * A customer's events: those that named it (each says whether it was verified), and every event
 * of a visitor verified as it, so a verified visitor's anonymous events from before count as the
 * customer's too. An unverified claim adds only the claiming event itself.
 */
// A customer's events: those naming it, and those of its verified visitors that nobody's verified
// identity claims (a phone two customers shared: the other's verified events stay theirs).
const CUSTOMER_CONDITION = `(customer = ? OR ((app_id, visitor) IN (
  SELECT app_id, visitor FROM taro_udesk_visitors WHERE verified_customer = ?) AND NOT (verified AND customer IS NOT NULL)))`;

/** Other visitors of its customer one page reads at most: the most recently active. */
export const MAX_LINKED_VISITORS = 100;

/**
 * The (app, visitor) pairs whose events make a visitor's page, each with its latest ingestion key
 * (`last_order`): its own and, once it is verified as a customer, the MAX_LINKED_VISITORS most
 * recently active visitors verified as the same customer in the same app. A claim nobody verified
 * links nothing: it neither pulls other visitors in nor lets itself be pulled into theirs. Every
 * stored event's visitor has its summary row (written in the same statement), so the pairs come
 * from the summary alone. Each `?` binds the visitor id; `activeAfter`, when given, is a
 * placeholder for an ingestion key: only pairs with a later event. Which visitors belong to a
 * page is decided here and nowhere else.
 */
export function trajectoryPairsSql(activeAfter?: string): string {
  const active = activeAfter === undefined ? '' : ` AND last_order > ${activeAfter}::bigint`;
  return `SELECT app_id, visitor, last_order FROM taro_udesk_visitors WHERE visitor = ?${active}
  UNION
  SELECT other.app_id, other.visitor, other.last_order FROM taro_udesk_visitors self
  CROSS JOIN LATERAL (
    SELECT app_id, visitor, last_order FROM taro_udesk_visitors
    WHERE verified_customer = self.verified_customer AND app_id = self.app_id${active}
    ORDER BY last_order DESC LIMIT ${MAX_LINKED_VISITORS}) other
  WHERE self.visitor = ? AND self.verified_customer IS NOT NULL`;
}

/** A visitor's trajectory for `events()`: the events of its page's pairs. */
const TRAJECTORY_CONDITION = `(app_id, visitor) IN (SELECT app_id, visitor FROM (${trajectoryPairsSql()}) pairs)`;

/** The filters `events()` may combine; each names a fixed condition and the parameter it binds. */
export interface EventFilters {
  appId?: string;
  visitor?: string;
  customer?: string;
  /** A visitor id: its events and, once it is verified, those of the visitors verified as its customer in its app. */
  trajectoryOf?: string;
  /** Ingestion key (decimal string) to start after. */
  afterOrder?: string;
}

/**
 * One page of events, oldest first, `limit + 1` rows so the caller knows whether a next page
 * exists. Only fixed condition texts are joined; the values are bound parameters.
 */
export function selectEventsSql(filters: EventFilters, limit: number): { text: string; values: unknown[] } {
  const conditions: string[] = [];
  const values: unknown[] = [];
  // Every `?` of a condition is the one value it binds.
  const add = (condition: string, value: unknown): void => {
    values.push(value);
    conditions.push(condition.split('?').join(`$${values.length}`));
  };
  if (filters.appId !== undefined) add('app_id = ?', filters.appId);
  if (filters.visitor !== undefined) add('visitor = ?', filters.visitor);
  if (filters.customer !== undefined) add(CUSTOMER_CONDITION, filters.customer);
  if (filters.trajectoryOf !== undefined) add(TRAJECTORY_CONDITION, filters.trajectoryOf);
  if (filters.afterOrder !== undefined) add('ingest_order > ?::bigint', filters.afterOrder);
  values.push(limit + 1);
  const where = conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : '';
  return {
    text: asJsonRows(
      `SELECT ${EVENT_COLUMNS} FROM taro_udesk_events ${where} ORDER BY ingest_order LIMIT $${values.length}`,
      'page.order_key::bigint',
    ),
    values,
  };
}

/** Visitors, most recently active (latest stored event) first: the first page. $1: limit. */
export const SELECT_VISITORS_SQL = asJsonRows(
  `SELECT ${VISITOR_COLUMNS} FROM taro_udesk_visitors ORDER BY last_order DESC LIMIT $1`,
  'page.order_key::bigint DESC',
);

/** The pages after it: $1 the last_order of the previous page's last visitor, $2 the limit. */
export const SELECT_VISITORS_AFTER_SQL = asJsonRows(
  `SELECT ${VISITOR_COLUMNS} FROM taro_udesk_visitors WHERE last_order < $1::bigint ORDER BY last_order DESC LIMIT $2`,
  'page.order_key::bigint DESC',
);

/**
 * One visitor's summaries, or those of the visitors verified as a customer or claiming it (an
 * export's), most recently active first; $1 the visitor or customer key, then the cursor when
 * given, and the limit.
 */
export function selectVisitorsOfSql(filter: 'visitor' | 'customer', after: boolean): string {
  const who = filter === 'visitor' ? 'visitor = $1' : '(verified_customer = $1 OR customer = $1)';
  const where = after ? `${who} AND last_order < $2::bigint` : who;
  return asJsonRows(
    `SELECT ${VISITOR_COLUMNS} FROM taro_udesk_visitors WHERE ${where} ORDER BY last_order DESC LIMIT $${after ? 3 : 2}`,
    'page.order_key::bigint DESC',
  );
}

/**
 * Events by their ingestion keys ($1, a bigint array), oldest first, as JSON rows; $2 and $3, the
 * least and greatest key, let PostgreSQL read only the partitions that can hold them.
 */
export const SELECT_EVENTS_BY_KEYS_SQL = asJsonRows(
  `SELECT ${EVENT_COLUMNS} FROM taro_udesk_events WHERE ingest_order = ANY($1::bigint[]) AND ingest_order BETWEEN $2::bigint AND $3::bigint`,
  'page.order_key::bigint',
);

/** One event's row as JSON text (`row`), by its ingestion key. */
const eventRowAt = (key: string): string =>
  `SELECT row_to_json(r)::text AS row FROM (SELECT ${EVENT_COLUMNS} FROM taro_udesk_events WHERE ingest_order = ${key}) r`;

/** Which page of a visitor's trajectory: the newest, the one before an ingestion key, or what came after one. */
export type TrajectoryPageKind = { kind: 'newest' } | { kind: 'before'; key: string } | { kind: 'after'; key: string };

/**
 * One page of the events of the pairs `pairsSql` selects (app_id, visitor, last_order; `?` is
 * the visitor id, `$2` an ingestion key when `after`): at most `limit + 1` rows, so the caller
 * knows whether more exist. Newest first, except `after` pages: the oldest events after the key
 * first, so a poller that falls behind catches up page by page without a gap.
 *
 * What one read costs is bounded whatever the data: each pair's events are read by the
 * (visitor, ingest_order) index from the page's edge, at most `limit + 1` of them (a LATERAL
 * LIMIT), and only the pairs that can hold the page's events are probed: for the newest page the
 * `limit + 1` pairs active last (each holds an event at its last_order, so no other pair's event
 * can be among the newest `limit + 1`); after a key, only pairs active since. Then the events are
 * serialised one by one in page order (`walk`), each once, and the walk stops one event past
 * `maxBytes`: a page of 31 KB events serialises nine of them, not a hundred and one.
 */
export function selectTrajectoryPageSql(
  visitor: string, page: TrajectoryPageKind, limit: number, maxBytes: number,
  pairsSql: (activeAfter?: string) => string = trajectoryPairsSql,
): { text: string; values: unknown[] } {
  const values: unknown[] = [visitor];
  const descending = page.kind !== 'after';
  const direction = descending ? 'DESC' : 'ASC';
  let pairs: string;
  let edge = '';
  if (page.kind === 'after') {
    values.push(page.key);
    pairs = pairsSql('$2').split('?').join('$1');
    edge = ' AND ingest_order > $2::bigint';
  } else {
    pairs = pairsSql().split('?').join('$1');
    if (page.kind === 'before') {
      values.push(page.key);
      edge = ' AND ingest_order < $2::bigint';
    }
  }
  values.push(limit + 1);
  const limitParam = `$${values.length}`;
  values.push(maxBytes);
  const bytesParam = `$${values.length}`;
  const probed = page.kind === 'newest' ? `(SELECT app_id, visitor FROM pairs ORDER BY last_order DESC LIMIT ${limitParam})` : 'pairs';
  return {
    text: `WITH RECURSIVE pairs AS (${pairs}),
keys AS (
  SELECT e.ingest_order, row_number() OVER (ORDER BY e.ingest_order ${direction}) AS n FROM (
    SELECT e.ingest_order FROM ${probed} p
    CROSS JOIN LATERAL (
      SELECT ingest_order FROM taro_udesk_events
      WHERE visitor = p.visitor AND app_id = p.app_id${edge}
      ORDER BY ingest_order ${direction} LIMIT ${limitParam}) e
    ORDER BY e.ingest_order ${direction} LIMIT ${limitParam}) e
),
walk AS (
  SELECT k.n, j.row, octet_length(j.row)::bigint AS bytes
  FROM keys k CROSS JOIN LATERAL (${eventRowAt('k.ingest_order')}) j WHERE k.n = 1
  UNION ALL
  SELECT k.n, j.row, w.bytes + octet_length(j.row)
  FROM walk w JOIN keys k ON k.n = w.n + 1 CROSS JOIN LATERAL (${eventRowAt('k.ingest_order')}) j
  WHERE w.bytes <= ${bytesParam}::bigint
)
SELECT row FROM walk ORDER BY n`,
    values,
  };
}
