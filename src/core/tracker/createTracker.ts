import { UdeskConfigError, UdeskError } from '../errors';
import { DEV } from '../isDevelopment';
import { isPlainObject } from '../isPlainObject';
import { reportError } from '../reportError';
import type { MiniProgramApi } from './platform';
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
const LOOPBACK = /^http:\/\/(127\.\d+\.\d+\.\d+|localhost|\[::1\])(:\d+)?(\/|$)/;
const DOMAIN = /^[a-z0-9-]+(\.[a-z0-9-]+)+$/i;
/** The app events the tracker listens to, by the names of the platform's on…/off… functions. */
type Listeners = Record<string, (result: { isConnected: boolean }) => void>;

function checkConfig(c: TrackerConfig, hasPlatform: boolean): void {
  const fail = (path: string, rule: string) => {
    throw new UdeskConfigError(path, rule);
  };
  if (!isPlainObject(c)) fail('init', 'must be an object' + (DEV ? ' { appId, companyToken, companyDomain, endpoint | sdk }' : ''));
  for (const key of ['appId', 'companyToken'] as const) if (typeof c[key] !== 'string' || !c[key]) fail(key, 'is required: a non-empty string');
  if (typeof c.companyDomain !== 'string' || !DOMAIN.test(c.companyDomain)) {
    fail('companyDomain', 'is required: your Udesk domain' + (DEV ? ' such as xxx.udesk.cn, without https://' : ''));
  }
  if (!c.sdk === !c.endpoint) {
    fail(
      c.sdk ? 'sdk' : 'endpoint',
      (c.sdk ? 'give sdk or endpoint, not both' : 'delivery is explicit: give sdk or endpoint') +
        (DEV
          ? ' (sdk: the ud-sdk module Udesk gives its customers, which we validate for and forward to; ' +
            'endpoint: an HTTPS URL of yours receiving batches as docs/protocol.md describes)'
          : ''),
    );
  }
  if (c.sdk && (typeof c.sdk.init !== 'function' || typeof c.sdk.trace !== 'function')) {
    fail('sdk', 'must have init() and trace()' + (DEV ? ': the ud-sdk module Udesk gives its customers' : ''));
  }
  if (c.endpoint) {
    if (typeof c.endpoint !== 'string' || !(/^https:\/\/[^/]/.test(c.endpoint) || LOOPBACK.test(c.endpoint))) {
      fail('endpoint', 'must be an https:// URL' + (DEV ? ' (http:// only on loopback, for development)' : ''));
    }
    if (!hasPlatform) fail('endpoint', 'needs a platform' + (DEV ? ' (wx, Taro or my) to send and store with' : ''));
  }
  for (const key of ['flushAt', 'flushInterval', 'maxQueue', 'timeout'] as const) {
    const v = c[key];
    if (v !== undefined && !(Number.isInteger(v) && v > 0)) fail(key, 'must be a whole number above 0');
  }
  if (c.timeout! > 5000) fail('timeout', 'must be at most 5000 ms' + (DEV ? ': WeChat interrupts requests 5 s into the background' : ''));
}

/**
 * A trajectory tracker: Udesk's `init` and `trace`, with delivery that loses nothing. Events
 * wait in a persistent queue until the endpoint confirms them (2xx), are sent one request at a
 * time, retried with capped exponential backoff on network errors, timeouts, 408, 429 and 5xx,
 * and resent on the next launch if the app was killed first.
 */
export function createTracker(options: TrackerOptions = {}): Tracker {
  const api = options.platform;
  const random = options.random || Math.random;
  const session = Date.now().toString(36) + Math.floor(random() * 2 ** 52).toString(36);

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
  let batchTimer: ReturnType<typeof setTimeout> | undefined;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let persistTimer: ReturnType<typeof setTimeout> | undefined;
  let currentPage: PageInfo | undefined;
  let shownAt = 0;
  const earlyErrors: UdeskError[] = [];
  let flushers: Array<{ ids: string[]; resolve(result: FlushResult): void }> = [];
  const report = (message: string | UdeskError) => {
    const error = typeof message === 'string' ? new UdeskError(message) : message;
    reportError(error, config && config.onError);
    if (!config) earlyErrors.push(error); // handed to onError once init gives one
  };
  const callPage = (hook: 'onPageShow' | 'onPageHide', page: PageInfo) => {
    try {
      if (config && config[hook]) config[hook]!(page);
    } catch (e) {
      report(`${hook} threw: ${(e as Error).message}`);
    }
  };

  // ---- persistence: one key, written after a short quiet time (at once for an order), read once at init ----
  const persist = (now?: boolean) => {
    if (!now) {
      persistTimer = persistTimer || setTimeout(() => persist(true), 500);
      return;
    }
    clearTimeout(persistTimer);
    persistTimer = undefined;
    const fail = () => report('could not store the event queue' + (DEV ? '; it is kept in memory' : ''));
    try {
      if (loaded) api!.setStorage({ key: config!.storageKey, data: JSON.stringify({ v: 1, events: queue }), fail });
    } catch {
      fail();
    }
  };
  /** Adds what storage held (older than anything traced in this launch, so first), skipping ids already here. */
  const merge = (raw: unknown) => {
    const have = idsOf(queue);
    try {
      const stored = raw ? (typeof raw === 'string' ? JSON.parse(raw) : raw).events : [];
      queue = stored.filter((e: QueuedEvent) => e && typeof e.id === 'string' && !have[e.id]).concat(queue);
    } catch {
      report('the stored event queue was unreadable' + (DEV ? ' and was replaced' : ''));
    }
    enforceCap();
    loaded = true;
    persist(true);
    schedule(true); // what an earlier launch left, and what was traced before init, goes now
  };

  // ---- the queue cap: oldest product views go first, orders only when nothing else is left ----
  const maxQueue = () => (config ? config.maxQueue : 500);
  const enforceCap = () => {
    while (queue.length > maxQueue()) {
      const i = queue.findIndex((e) => e.type === 'product');
      const [gone] = queue.splice(i < 0 ? 0 : i, 1);
      if (!dropped++) report(`the queue is full (${maxQueue()} events): dropping the oldest ${gone.type === 'product' ? 'product views' : 'events'}`);
    }
  };

  // ---- delivery ----
  /** Settles the flush() promises whose events are all delivered, or all of them after a failed attempt. */
  const settleFlushers = (failed?: unknown) => {
    if (!flushers.length) return; // the common case: nobody waits, so no pass over the queue
    const left = idsOf(queue);
    flushers = flushers.filter((f) => {
      const pending = f.ids.filter((id) => left[id]).length;
      if (pending && !failed && !stopped && !destroyed) return true;
      f.resolve({ pending });
    });
  };
  const schedule = (now?: boolean) => {
    if (!config || !config.endpoint || !loaded || sending || destroyed) return;
    if (!queue.length || offline || retryTimer || stopped) return settleFlushers(true);
    if (now || queue.length >= config.flushAt) {
      clearTimeout(batchTimer);
      batchTimer = undefined;
      send(config);
    } else batchTimer = batchTimer || setTimeout(() => ((batchTimer = undefined), schedule(true)), config.flushInterval);
  };
  /** Skips a pending backoff wait and sends now. */
  const sendNow = () => {
    clearTimeout(retryTimer);
    retryTimer = undefined;
    schedule(true);
  };
  /** Whether the queue must wait: the batch failed in a way worth retrying, or delivery stopped. */
  const handle = (batch: QueuedEvent[], status: number, error?: string): boolean | void => {
    if (error && /url not in domain list/i.test(error)) {
      stopped = true;
      report("the endpoint's domain is not in this mini program's request domain list" + (DEV ? ': add it in the mini program backend. Events stay queued and are sent on a later launch.' : ''));
      return true;
    }
    if (status === 413 && batch.length > 1) {
      batchLimit = batch.length >> 1; // smaller batches, not lost events
      return;
    }
    if (!status || status === 408 || status === 429 || status >= 500) {
      // Capped exponential backoff with jitter: 1 s, 2 s, 4 s … 60 s, each 50–100 % of that.
      retryTimer = setTimeout(() => ((retryTimer = undefined), schedule(true)), Math.min(60000, 1000 * 2 ** attempt++) * (0.5 + random() / 2));
      return true;
    }
    const sent = idsOf(batch);
    queue = queue.filter((e) => !sent[e.id]); // by id, never by count
    persist();
    if (status < 300) {
      attempt = 0;
      batchLimit = MAX_BATCH;
    } else report(`the endpoint refused ${batch.length} events with HTTP ${status}; they were dropped` + (DEV ? ` (ids ${batch[0].id} to ${batch[batch.length - 1].id})` : ''));
    if (dropped && queue.length < maxQueue()) {
      report(`dropped ${dropped} events while the queue was full`);
      dropped = 0;
    }
  };
  const send = (c: NonNullable<typeof config>) => {
    sending = true;
    const batch = queue.slice(0, batchLimit);
    let task: { abort?(): void } | undefined;
    let done = false;
    const finish = (status: number, error?: string) => {
      if (done) return;
      done = true;
      sending = false;
      clearTimeout(guard);
      if (destroyed) return;
      const wait = handle(batch, status, error);
      settleFlushers(wait);
      // What was due when this batch left is still due: keep going until the queue is empty.
      if (!wait) schedule(true);
    };
    // Our own timer too: not every platform honours `timeout`.
    const guard = setTimeout(() => {
      if (task && task.abort) task.abort();
      finish(0, 'timeout');
    }, c.timeout + 100);
    const header = { 'content-type': 'application/json', 'x-udesk-company-token': c.companyToken };
    try {
      task = api!.request({
        url: c.endpoint!,
        method: 'POST',
        data: JSON.stringify({ v: 1, appId: c.appId, companyDomain: c.companyDomain, sentAt: Date.now(), events: batch }),
        header,
        headers: header, // Alipay's name
        timeout: c.timeout,
        dataType: 'text',
        success: (res) => finish((res.statusCode || res.status)!),
        fail: (err) => finish(0, (err && (err.errMsg || err.errorMessage)) || 'request:fail'),
      }) as typeof task;
    } catch (e) {
      finish(0, '' + e);
    }
  };

  // ---- platform lifecycle ----
  const listeners: Listeners = {
    AppHide() {
      persist(true);
      sendNow(); // one more try before WeChat may kill us in the background
    },
    AppShow: () => schedule(),
    NetworkStatusChange(res) {
      offline = !res.isConnected;
      if (offline) return;
      attempt = 0;
      sendNow();
    },
  };
  const listen = (prefix: 'on' | 'off') => {
    for (const name of Object.keys(listeners)) {
      const fn = (api as unknown as Record<string, ((listener: unknown) => void) | undefined>)[prefix + name];
      if (fn) fn.call(api, listeners[name]);
    }
  };

  return {
    init(c) {
      checkConfig(c, !!api);
      if (config) return report('init was called twice' + (DEV ? '; the second call was ignored' : ''));
      config = { flushAt: 10, flushInterval: 5000, maxQueue: 500, timeout: 5000, storageKey: 'taro-udesk:queue', ...c };
      for (const e of earlyErrors.splice(0)) if (c.onError) c.onError(e);
      if (currentPage) callPage('onPageShow', currentPage);
      const sdk = c.sdk;
      if (sdk) {
        sdk.init({ appId: c.appId, companyToken: c.companyToken, companyDomain: c.companyDomain });
        for (const e of queue.splice(0)) sdk.trace(e.type, e.data);
        return;
      }
      enforceCap();
      listen('on');
      // A storage that never answers must not hold the queue back; a late answer is merged still.
      const guard = setTimeout(merge, 3000);
      const read = (raw?: unknown) => {
        clearTimeout(guard);
        merge(raw);
      };
      try {
        api!.getStorage({ key: config.storageKey, success: (res) => read(res && res.data), fail: () => read() });
      } catch {
        read();
      }
    },

    trace(type, data) {
      let normalised: Record<string, unknown>;
      try {
        normalised = validateTrace(type, data);
      } catch (e) {
        report(e as UdeskError);
        return false;
      }
      if (config && config.sdk) config.sdk.trace(type, normalised);
      else {
        queue.push({ id: session + '.' + ++seq, session, seq, type, at: Date.now(), data: normalised });
        enforceCap();
        persist(type === 'order'); // an order is worth a write now
        schedule(type === 'order'); // orders go at once, product views in batches
      }
      return true;
    },

    flush() {
      const ids = queue.map((e) => e.id);
      return new Promise<FlushResult>((resolve) => {
        if (!config || config.sdk || destroyed || !ids.length) return resolve({ pending: ids.length });
        flushers.push({ ids, resolve });
        if (loaded) sendNow(); // otherwise sent once the stored queue is read
      });
    },

    destroy() {
      if (destroyed) return;
      persist(true);
      destroyed = true;
      clearTimeout(batchTimer);
      clearTimeout(retryTimer);
      if (config && !config.sdk) listen('off');
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

/** The ids of some events, for a hash lookup: merging, settling flushes and removing go by id. */
const idsOf = (events: QueuedEvent[]) => {
  const ids: Record<string, boolean> = {};
  for (const e of events) ids[e.id] = true;
  return ids;
};

const pageOf = (route: string, query: Record<string, string> = {}): PageInfo => {
  const clean: Record<string, string> = {};
  for (const key of Object.keys(query)) if (key !== '$taroTimestamp') clean[key] = query[key];
  return { route: route.replace(/^\//, ''), query: clean };
};
