import { UdeskConfigError, UdeskError } from '../errors';
import { reportError } from '../reportError';
import { post, readStorage, writeStorage } from './platform';
import type { MiniProgramApi, RequestOutcome } from './platform';
import type { QueuedEvent, TraceData, TraceType } from './types';
import { validateTrace } from './validateTrace';

/** What `onPageShow` / `onPageHide` receive. */
export interface PageInfo {
  route: string;
  /** The page's query, without Taro's `$taroTimestamp`. */
  query: Record<string, string>;
}

/** The shape of Udesk's own `ud-sdk` module, for `sdk` delivery. */
export interface OfficialUdeskSdk {
  init(options: { appId: string; companyToken: string; companyDomain: string }): unknown;
  trace(type: string, data: unknown): unknown;
}

export interface TrackerConfig {
  appId: string;
  companyToken: string;
  /** Such as `xxx.udesk.cn`. */
  companyDomain: string;
  onPageShow?: (page: PageInfo) => void;
  onPageHide?: (page: PageInfo) => void;
  /** Delivery to Udesk's own `ud-sdk` module: we validate, buffer and forward to it. */
  sdk?: OfficialUdeskSdk;
  /** Delivery by HTTP to a URL you control (docs/protocol.md). HTTPS, or http on loopback. */
  endpoint?: string;
  onError?: (error: UdeskError) => void;
  /** Product views are sent in batches of this many… (default 10) */
  flushAt?: number;
  /** …or after this many ms (default 5000). Orders go at once. */
  flushInterval?: number;
  /** Queue cap (default 500): past it the oldest product views go first, orders last. */
  maxQueue?: number;
  /** Request timeout in ms, at most 5000 (default 5000). */
  timeout?: number;
  /** Storage key of the queue (default `taro-udesk:queue`). */
  storageKey?: string;
}

export interface FlushResult {
  /** Of the events queued when flush() was called, how many are still waiting. */
  pending: number;
}

export interface Tracker {
  init(config: TrackerConfig): void;
  /** Validates and queues; never throws. False when the data was invalid (reported to onError). */
  trace<T extends TraceType>(type: T, data: TraceData[T]): boolean;
  /** Sends what is queued now; settles when it is delivered, or when an attempt failed. */
  flush(): Promise<FlushResult>;
  /** Stops timers and listeners; what is queued stays in storage for the next launch. */
  destroy(): void;
  pageShow(route: string, query?: Record<string, string>): void;
  pageHide(route: string, query?: Record<string, string>): void;
}

export interface TrackerOptions {
  /** `wx`, `Taro`, `my`, or a fake: request, storage, app show/hide, network status. */
  platform?: MiniProgramApi;
  /** For ids and jitter; default Math.random. */
  random?: () => number;
}

const MAX_BATCH = 50;
const RETRY_BASE = 1000;
const RETRY_CAP = 60000;
const PERSIST_DELAY = 500;
const LOAD_GUARD = 3000;
const LOOPBACK = /^http:\/\/(127\.\d+\.\d+\.\d+|localhost|\[::1\])(:\d+)?(\/|$)/;
const DOMAIN = /^[a-z0-9-]+(\.[a-z0-9-]+)+$/i;

const pageOf = (route: string, query: Record<string, string> = {}): PageInfo => {
  const clean: Record<string, string> = {};
  for (const key of Object.keys(query)) if (key !== '$taroTimestamp') clean[key] = query[key];
  return { route: route.replace(/^\//, ''), query: clean };
};

function checkConfig(c: TrackerConfig, hasPlatform: boolean): void {
  if (!c || typeof c !== 'object') throw new UdeskConfigError('init', 'takes { appId, companyToken, companyDomain, endpoint | sdk }');
  for (const key of ['appId', 'companyToken'] as const) {
    if (typeof c[key] !== 'string' || !c[key]) throw new UdeskConfigError(key, 'is required: a non-empty string');
  }
  if (typeof c.companyDomain !== 'string' || !DOMAIN.test(c.companyDomain)) {
    throw new UdeskConfigError('companyDomain', 'is required: your Udesk domain such as xxx.udesk.cn, without https://');
  }
  if (!c.sdk === !c.endpoint) {
    throw new UdeskConfigError(
      c.sdk ? 'sdk' : 'endpoint',
      (c.sdk ? 'give sdk or endpoint, not both' : 'delivery is explicit: give sdk or endpoint') +
        ' (sdk: the ud-sdk module Udesk gives its customers, which we validate for and forward to; ' +
        'endpoint: an HTTPS URL of yours receiving batches as docs/protocol.md describes)',
    );
  }
  if (c.sdk && (typeof c.sdk.init !== 'function' || typeof c.sdk.trace !== 'function')) {
    throw new UdeskConfigError('sdk', 'must be the ud-sdk module: an object with init() and trace()');
  }
  if (c.endpoint) {
    if (typeof c.endpoint !== 'string' || !(/^https:\/\/[^/]/.test(c.endpoint) || LOOPBACK.test(c.endpoint))) {
      throw new UdeskConfigError('endpoint', 'must be an https:// URL (http:// only on loopback, for development)');
    }
    if (!hasPlatform) throw new UdeskConfigError('endpoint', 'needs a platform (wx, Taro or my) to send and store with');
  }
  for (const key of ['flushAt', 'flushInterval', 'maxQueue', 'timeout'] as const) {
    const v = c[key];
    if (v !== undefined && !(typeof v === 'number' && v > 0 && Math.floor(v) === v)) throw new UdeskConfigError(key, 'must be a whole number above 0');
  }
  if (c.timeout && c.timeout > 5000) throw new UdeskConfigError('timeout', 'must be at most 5000 ms: WeChat interrupts requests 5 s into the background');
}

/**
 * A trajectory tracker: Udesk's `init` and `trace`, with delivery that loses nothing. Events
 * wait in a persistent queue until the endpoint confirms them (2xx), are sent one request at a
 * time, retried with capped exponential backoff on network errors, timeouts, 408, 429 and 5xx,
 * and resent on the next launch if the app was killed first.
 */
export function createTracker(options: TrackerOptions = {}): Tracker {
  const { platform } = options;
  const random = options.random || Math.random;
  const id36 = () => Math.floor(random() * 2 ** 52).toString(36);
  const session = Date.now().toString(36) + id36();

  let config: (TrackerConfig & Required<Pick<TrackerConfig, 'flushAt' | 'flushInterval' | 'maxQueue' | 'timeout' | 'storageKey'>>) | undefined;
  let queue: QueuedEvent[] = [];
  let seq = 0;
  let loaded = false;
  let sending = false;
  let attempt = 0;
  let batchLimit = MAX_BATCH;
  let offline = false;
  let stopped = false;
  let destroyed = false;
  let dropped = 0;
  let writing = false;
  let dirty = false;
  let batchTimer: ReturnType<typeof setTimeout> | undefined;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let persistTimer: ReturnType<typeof setTimeout> | undefined;
  let currentPage: PageInfo | undefined;
  let shownAt = 0;
  const earlyErrors: UdeskError[] = [];
  const flushers: Array<{ ids: string[]; resolve(result: FlushResult): void }> = [];
  const report = (error: UdeskError) => {
    if (config) reportError(error, config.onError);
    else {
      reportError(error);
      earlyErrors.push(error); // handed to onError once init gives one
    }
  };
  const callPage = (hook: 'onPageShow' | 'onPageHide', page: PageInfo) => {
    const fn = config && config[hook];
    if (!fn) return;
    try {
      fn(page);
    } catch (e) {
      report(new UdeskError(`${hook} threw: ${(e as Error).message}`));
    }
  };

  // ---- persistence: one key, written after a short quiet time, read once at init ----
  const persistNow = () => {
    clearTimeout(persistTimer);
    persistTimer = undefined;
    if (!config || !loaded || !platform) return;
    if (writing) {
      dirty = true;
      return;
    }
    writing = true;
    writeStorage(platform, config.storageKey, JSON.stringify({ v: 1, events: queue })).then((ok) => {
      writing = false;
      if (!ok) report(new UdeskError('could not write the event queue to storage; it is kept in memory'));
      if (dirty) {
        dirty = false;
        persistNow();
      }
    });
  };
  const persistSoon = () => {
    if (!persistTimer) persistTimer = setTimeout(persistNow, PERSIST_DELAY);
  };
  const merge = (raw: unknown) => {
    let stored: QueuedEvent[] = [];
    try {
      const parsed = typeof raw === 'string' ? JSON.parse(raw) : raw;
      if (parsed && Array.isArray(parsed.events)) stored = parsed.events.filter((e: QueuedEvent) => e && typeof e.id === 'string');
    } catch {
      report(new UdeskError('the stored event queue was unreadable and was replaced'));
    }
    const have: Record<string, true> = {};
    for (const e of queue) have[e.id] = true;
    // Stored events are older than anything traced in this launch: they go first.
    queue = stored.filter((e) => !have[e.id]).concat(queue);
    enforceCap();
  };

  // ---- the queue cap: oldest product views go first, orders only when nothing else is left ----
  const maxQueue = () => (config ? config.maxQueue : 500);
  const enforceCap = () => {
    const max = maxQueue();
    while (queue.length > max) {
      let i = -1;
      for (let j = 0; j < queue.length && i < 0; j++) if (queue[j].type === 'product') i = j;
      const [gone] = queue.splice(i < 0 ? 0 : i, 1);
      if (dropped++ === 0) report(new UdeskError(`the queue is full (${max} events): dropping the oldest ${gone.type === 'product' ? 'product views' : 'events'}`));
    }
  };
  /** Once the queue has room again, says how many events the full queue cost. */
  const reportDrops = () => {
    if (dropped && queue.length < maxQueue()) {
      report(new UdeskError(`dropped ${dropped} events while the queue was full`));
      dropped = 0;
    }
  };

  // ---- delivery ----
  const settleFlushers = (failed: boolean) => {
    if (!flushers.length) return;
    const left: Record<string, true> = {};
    for (const e of queue) left[e.id] = true;
    for (let i = flushers.length - 1; i >= 0; i--) {
      const pending = flushers[i].ids.filter((id) => left[id]).length;
      if (!pending || failed || !config || stopped || destroyed) {
        flushers[i].resolve({ pending });
        flushers.splice(i, 1);
      }
    }
  };
  const schedule = (now?: boolean) => {
    if (!config || !config.endpoint || !loaded || sending || destroyed) return;
    if (!queue.length || offline || retryTimer || stopped) return settleFlushers(true);
    if (now || queue.length >= config.flushAt) {
      clearTimeout(batchTimer);
      batchTimer = undefined;
      send();
    } else if (!batchTimer) {
      batchTimer = setTimeout(() => {
        batchTimer = undefined;
        schedule(true);
      }, config.flushInterval);
    }
  };
  /** Skips a pending backoff wait and sends now. */
  const sendNow = () => {
    clearTimeout(retryTimer);
    retryTimer = undefined;
    schedule(true);
  };
  const retryLater = () => {
    attempt++;
    // Capped exponential backoff with jitter: 1 s, 2 s, 4 s … 60 s, each 50–100 % of that.
    const delay = Math.min(RETRY_CAP, RETRY_BASE * 2 ** (attempt - 1)) * (0.5 + random() / 2);
    retryTimer = setTimeout(() => {
      retryTimer = undefined;
      schedule(true);
    }, delay);
  };
  const remove = (batch: QueuedEvent[]) => {
    const sent: Record<string, true> = {};
    for (const e of batch) sent[e.id] = true;
    queue = queue.filter((e) => !sent[e.id]); // by id, never by count
    reportDrops();
    persistSoon();
  };
  /** What a response means for the batch: sent (or dropped), retry later, or send again now. */
  const handle = (batch: QueuedEvent[], outcome: RequestOutcome): 'done' | 'retry' | 'again' => {
    if ('error' in outcome) {
      if (/url not in domain list/i.test(outcome.error)) {
        stopped = true;
        report(new UdeskError(
          'the endpoint\'s domain is not in this mini program\'s request domain list: add it in the mini program backend. ' +
            'Events stay queued and are sent on a later launch.',
        ));
        return 'retry';
      }
      retryLater();
      return 'retry';
    }
    const { status } = outcome;
    if (status >= 200 && status < 300) {
      attempt = 0;
      batchLimit = MAX_BATCH;
      remove(batch);
      return 'done';
    }
    if (status === 413 && batch.length > 1) {
      batchLimit = Math.max(1, batch.length >> 1); // smaller batches, not lost events
      return 'again';
    }
    if (status === 408 || status === 429 || status >= 500 || !status) {
      retryLater();
      return 'retry';
    }
    remove(batch);
    report(new UdeskError(`the endpoint refused ${batch.length} events with HTTP ${status}; they were dropped (ids ${batch[0].id} to ${batch[batch.length - 1].id})`));
    return 'done';
  };
  const send = () => {
    const c = config!;
    sending = true;
    const batch = queue.slice(0, batchLimit);
    const body = JSON.stringify({ v: 1, appId: c.appId, companyDomain: c.companyDomain, sentAt: Date.now(), events: batch });
    const header = { 'content-type': 'application/json', 'x-udesk-company-token': c.companyToken };
    // Promise chains, not async/await: the native ES5 build must not need a regenerator runtime.
    post(platform!, c.endpoint!, body, header, c.timeout).then((outcome) => {
      sending = false;
      if (destroyed) return;
      const result = handle(batch, outcome);
      settleFlushers(result === 'retry');
      // What was due when this batch left is still due: keep going until the queue is empty.
      if (result !== 'retry') schedule(true);
    });
  };

  // ---- platform lifecycle ----
  const onHide = () => {
    persistNow();
    sendNow(); // one more try before WeChat may kill us in the background
  };
  const onShow = () => schedule();
  const onNetwork = (res: { isConnected: boolean }) => {
    offline = !res.isConnected;
    if (offline) return;
    attempt = 0;
    sendNow();
  };

  return {
    init(c) {
      checkConfig(c, !!platform);
      if (config) {
        report(new UdeskError('init was called twice; the second call was ignored'));
        return;
      }
      config = { flushAt: 10, flushInterval: 5000, maxQueue: 500, timeout: 5000, storageKey: 'taro-udesk:queue', ...c };
      for (const e of earlyErrors.splice(0)) if (c.onError) c.onError(e);
      if (currentPage) callPage('onPageShow', currentPage);
      if (c.sdk) {
        const sdk = c.sdk;
        sdk.init({ appId: c.appId, companyToken: c.companyToken, companyDomain: c.companyDomain });
        for (const e of queue.splice(0)) sdk.trace(e.type, e.data);
        return;
      }
      enforceCap();
      const p = platform!;
      if (p.onAppHide) p.onAppHide(onHide);
      if (p.onAppShow) p.onAppShow(onShow);
      if (p.onNetworkStatusChange) p.onNetworkStatusChange(onNetwork);
      let settled = false;
      const ready = (raw: unknown) => {
        if (settled) {
          if (raw !== undefined) { merge(raw); persistNow(); } // a storage that answered late
          return;
        }
        settled = true;
        merge(raw);
        loaded = true;
        persistNow();
        schedule(true); // what an earlier launch left, and what was traced before init, goes now
      };
      const guard = setTimeout(() => ready(undefined), LOAD_GUARD);
      readStorage(p, config.storageKey).then((raw) => {
        clearTimeout(guard);
        ready(raw);
      });
    },

    trace(type, data) {
      let normalised: Record<string, unknown>;
      try {
        normalised = validateTrace(type, data);
      } catch (e) {
        report(e as UdeskError);
        return false;
      }
      const event: QueuedEvent = { id: `${session}.${++seq}`, session, seq, type, at: Date.now(), data: normalised };
      if (config && config.sdk) {
        config.sdk.trace(type, normalised);
        return true;
      }
      queue.push(event);
      enforceCap();
      if (type === 'order') persistNow(); // an order is worth a write now
      else persistSoon();
      schedule(type === 'order'); // orders go at once, product views in batches
      return true;
    },

    flush() {
      if (!config || config.sdk || destroyed) return Promise.resolve({ pending: config && config.sdk ? 0 : queue.length });
      const ids = queue.map((e) => e.id);
      if (!ids.length) return Promise.resolve({ pending: 0 });
      return new Promise<FlushResult>((resolve) => {
        flushers.push({ ids, resolve });
        if (loaded) sendNow(); // otherwise sent once the stored queue is read
      });
    },

    destroy() {
      if (destroyed) return;
      persistNow();
      destroyed = true;
      clearTimeout(batchTimer);
      clearTimeout(retryTimer);
      const p = platform;
      if (p && config && !config.sdk) {
        if (p.offAppHide) p.offAppHide(onHide);
        if (p.offAppShow) p.offAppShow(onShow);
        if (p.offNetworkStatusChange) p.offNetworkStatusChange(onNetwork);
      }
      settleFlushers(true);
    },

    pageShow(route, query) {
      const page = pageOf(route, query);
      // Several hooks on one page each report its show: pass it on once.
      if (currentPage && currentPage.route === page.route && Date.now() - shownAt < 50) return;
      currentPage = page;
      shownAt = Date.now();
      callPage('onPageShow', page);
    },

    pageHide(route, query) {
      const page = pageOf(route, query);
      if (currentPage && currentPage.route === page.route) currentPage = undefined;
      callPage('onPageHide', page);
    },
  };
}
