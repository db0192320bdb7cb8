// GET /metrics (docs/server.md, "Metrics"): the server's counters in Prometheus' text format,
// written by prom-client (pure JavaScript, nothing built at install), in a registry of this server
// alone. Labels take only fixed words and app ids the server admitted: never a visitor, a customer,
// a token or a reason text a client could shape.
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { RejectionKind } from './validateEvent';
import type { StoreFiguresReader } from './createStoreFigures';
import { boundedDelivery, boundedUsage } from './boundedAppRows';

/** What a request is counted as: the route it took, never its path. */
export type RouteKind = 'batch' | 'page' | 'admin' | 'stream' | 'metrics' | 'health' | 'console' | 'static' | 'other';

/** The store calls timed: a batch's write, and the reads. */
export type StoreOperation = 'insert' | 'events' | 'visitors' | 'trajectory' | 'delivery' | 'usage' | 'probe';

export interface ServerMetrics {
  /** A request began: call the answer with its status once it is done (or `null`: the client left first). */
  request(route: RouteKind): (status: number | null) => void;
  /** A stored batch's events. */
  events(accepted: number, duplicates: number, rejected: readonly RejectionKind[]): void;
  /** A store call took `seconds`; `failed` for the store's own trouble (a refused input is not). */
  store(operation: StoreOperation, seconds: number, failed: boolean): void;
  /** The text a scrape gets. */
  text(): Promise<string>;
  readonly contentType: string;
}

/** Seconds: a batch is a few ms on a quiet server; the tracker gives up at 5 s. */
const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export interface MetricsSources {
  figures: StoreFiguresReader;
  /** Open GET /v1/stream answers. */
  streamClients: () => number;
  /** A failed read of the figures: logged by the caller, the figures left out of this scrape. */
  onFiguresError: (error: Error) => void;
}

export function createMetrics(sources: MetricsSources): ServerMetrics {
  const registry = new Registry();
  const registers = [registry];
  const accepted = new Counter({ name: 'taro_udesk_events_accepted_total', help: 'Events stored.', registers });
  const duplicates = new Counter({ name: 'taro_udesk_events_duplicate_total', help: 'Events already stored (a resent batch): counted, not stored again.', registers });
  const rejected = new Counter({ name: 'taro_udesk_events_rejected_total', help: 'Events refused one by one, by the rule they broke.', labelNames: ['reason'], registers });
  const batchSeconds = new Histogram({
    name: 'taro_udesk_batch_duration_seconds', help: 'POST /v1/batch, from the request to the end of the answer, by status.',
    labelNames: ['status'], buckets: LATENCY_BUCKETS, registers,
  });
  const responses = new Counter({ name: 'taro_udesk_http_responses_total', help: 'Answers by route and status (aborted: the client left first).', labelNames: ['route', 'status'], registers });
  const limited = new Counter({ name: 'taro_udesk_rate_limited_total', help: 'Answers 429 (a limit per address, a quota per app), by route.', labelNames: ['route'], registers });
  const open = new Gauge({ name: 'taro_udesk_open_requests', help: 'Requests in progress by route (the agent\'s page and its reads: page).', labelNames: ['route'], registers });
  new Gauge({
    name: 'taro_udesk_stream_clients', help: 'Open live streams (GET /v1/stream: consoles).', registers,
    collect() {
      this.set(sources.streamClients());
    },
  });
  const storeErrors = new Counter({ name: 'taro_udesk_store_errors_total', help: 'Store calls that failed for the store\'s own reasons (down, full, timed out).', labelNames: ['operation'], registers });
  const storeSeconds = new Histogram({
    name: 'taro_udesk_store_duration_seconds', help: 'Store calls, by operation.', labelNames: ['operation'], buckets: LATENCY_BUCKETS, registers,
  });

  // The store's figures: read once per scrape at most (createStoreFigures caches them).
  const storedEvents = new Gauge({ name: 'taro_udesk_stored_events', help: 'Events the store holds, by app.', labelNames: ['app'], registers });
  const storedBytes = new Gauge({ name: 'taro_udesk_store_bytes', help: 'Bytes the store\'s tables take on disk, indexes included.', registers });
  const expected = new Gauge({ name: 'taro_udesk_delivery_expected_events', help: 'Numbered events of settled visitors: the sum of each one\'s highest visitorSeq.', labelNames: ['app'], registers });
  const missing = new Gauge({ name: 'taro_udesk_delivery_missing_events', help: 'Of those, the numbers never stored: events that never arrived.', labelNames: ['app'], registers });
  const lossRatio = new Gauge({ name: 'taro_udesk_delivery_loss_ratio', help: 'missing / expected: the share of events that never arrived.', labelNames: ['app'], registers });
  const pending = new Gauge({ name: 'taro_udesk_delivery_pending_events', help: 'Gaps of visitors still active: a resent queue may fill them.', labelNames: ['app'], registers });
  const settled = new Gauge({ name: 'taro_udesk_delivery_settled_visitors', help: 'Visitors whose gaps count (their latest numbered event is older than the settling time).', labelNames: ['app'], registers });

  async function refreshFigures(): Promise<void> {
    const gauges = [storedEvents, storedBytes, expected, missing, lossRatio, pending, settled];
    let figures;
    try {
      figures = await sources.figures.read();
    } catch (error) {
      for (const gauge of gauges) gauge.reset();
      sources.onFiguresError(error as Error);
      return;
    }
    // Reset and set with no await between: a scrape running beside this one never sees them empty.
    for (const gauge of gauges) gauge.reset();
    for (const row of boundedDelivery(figures.delivery)) {
      const labels = { app: row.appId };
      expected.set(labels, row.expected);
      missing.set(labels, row.missing);
      lossRatio.set(labels, row.lossRatio);
      pending.set(labels, row.pending);
      settled.set(labels, row.settledVisitors);
    }
    if (figures.usage === null) return;
    for (const row of boundedUsage(figures.usage.apps)) storedEvents.set({ app: row.appId }, row.events);
    storedBytes.set(figures.usage.bytes);
  }

  return {
    request(route) {
      open.inc({ route });
      const started = process.hrtime.bigint();
      let done = false;
      return (status) => {
        if (done) return;
        done = true;
        open.dec({ route });
        const label = status === null ? 'aborted' : String(status);
        responses.inc({ route, status: label });
        if (status === 429) limited.inc({ route });
        if (route === 'batch') batchSeconds.observe({ status: label }, Number(process.hrtime.bigint() - started) / 1e9);
      };
    },
    events(stored, repeated, kinds) {
      accepted.inc(stored);
      duplicates.inc(repeated);
      for (const kind of kinds) rejected.inc({ reason: kind });
    },
    store(operation, seconds, failed) {
      storeSeconds.observe({ operation }, seconds);
      if (failed) storeErrors.inc({ operation });
    },
    async text() {
      await refreshFigures();
      return registry.metrics();
    },
    contentType: registry.contentType,
  };
}
