// A mini program platform in memory: `wx`-shaped request and storage, app show/hide and
// network events fired by the test, and a server whose answer to each request the test picks.
import type { MiniProgramApi, QueuedEvent } from 'taro-udesk/core';

/** A status with an optional JSON body and response headers, such as a 200 with `rejected` ids. */
export interface FullAnswer {
  status: number;
  body?: unknown;
  header?: Record<string, string>;
}

export type Answer = number | FullAnswer | 'network' | 'timeout' | 'domain' | 'hold';

export interface Received {
  header: Record<string, string>;
  body: { v: number; appId: string; companyDomain: string; sentAt: number; events: QueuedEvent[] };
  answer: Answer;
}

export interface FakeServer {
  /** Every request, in order, with the answer it got. */
  requests: Received[];
  /** Ids accepted (2xx), first time each; a repeat is counted in `duplicates`. */
  accepted: QueuedEvent[];
  duplicates: number;
  /** Answers a held request later. */
  release(status: number): void;
}

export interface FakePlatform {
  api: MiniProgramApi & Record<string, unknown>;
  server: FakeServer;
  storage: Map<string, unknown>;
  syncStorageCalls: number;
  /** The app is killed: from now on nothing this platform was asked to do completes. */
  kill(): void;
  hide(): void;
  show(): void;
  network(connected: boolean): void;
}

/**
 * `answer(n, request)` decides the n-th request's fate: an HTTP status, a network failure,
 * a timeout (never answered), WeChat's domain-list failure, or 'hold' (answered by release()).
 * Pass the storage of a previous platform to model a relaunch of the same app.
 */
export function createFakePlatform(
  answer: (n: number, body: Received['body']) => Answer = () => 200,
  storage = new Map<string, unknown>(),
  shared?: FakeServer,
): FakePlatform {
  const listeners = { hide: [] as Array<() => void>, show: [] as Array<() => void>, network: [] as Array<(r: { isConnected: boolean }) => void> };
  let held: ((status: number) => void) | undefined;
  let dead = false;
  const server: FakeServer = shared || {
    requests: [],
    accepted: [],
    duplicates: 0,
    release: (status) => held && held(status),
  };
  const seen = new Set<string>(server.accepted.map((e) => e.id));
  const later = (fn: () => void) => Promise.resolve().then(() => dead || fn());
  const platform: FakePlatform = {
    storage,
    server,
    syncStorageCalls: 0,
    kill: () => {
      dead = true;
    },
    hide: () => listeners.hide.forEach((l) => l()),
    show: () => listeners.show.forEach((l) => l()),
    network: (isConnected) => listeners.network.forEach((l) => l({ isConnected })),
    api: {
      request(o) {
        if (dead) return {};
        const body = JSON.parse(o.data);
        const a = answer(server.requests.length, body);
        server.requests.push({ header: o.header, body, answer: a });
        const store = (rejected = new Set<string>()) => {
          for (const e of body.events as QueuedEvent[]) {
            if (rejected.has(e.id)) continue;
            if (seen.has(e.id) || server.accepted.some((a) => a.id === e.id)) server.duplicates++;
            else {
              seen.add(e.id);
              server.accepted.push(e);
            }
          }
        };
        const ok = (status: number | FullAnswer) => {
          const full = typeof status === 'number' ? { status } : status;
          const rejected = new Set(
            ((full.body as { rejected?: Array<{ id: string }> } | undefined)?.rejected || []).map((r) => r.id),
          );
          if (full.status >= 200 && full.status < 300) store(rejected);
          o.success({ statusCode: full.status, data: full.body === undefined ? '' : JSON.stringify(full.body), header: full.header || {} });
        };
        if (a === 'hold') held = (status) => later(() => ok(status));
        else if (a === 'network') later(() => o.fail({ errMsg: 'request:fail' }));
        else if (a === 'domain') later(() => o.fail({ errMsg: 'request:fail url not in domain list' }));
        else if (a === 'timeout') store(); // stored, but the answer never arrives: a retry repeats it
        else later(() => ok(a as number | FullAnswer));
        return { abort() {} };
      },
      getStorage(o) {
        later(() => (storage.has(o.key) ? o.success({ data: storage.get(o.key) }) : o.fail({ errMsg: 'getStorage:fail data not found' })));
      },
      setStorage(o) {
        later(() => {
          storage.set(o.key, o.data);
          if (o.success) o.success();
        });
      },
      getStorageSync() {
        platform.syncStorageCalls++;
      },
      setStorageSync() {
        platform.syncStorageCalls++;
      },
      onAppHide: (l) => listeners.hide.push(l),
      onAppShow: (l) => listeners.show.push(l),
      onNetworkStatusChange: (l) => listeners.network.push(l),
    },
  };
  return platform;
}
