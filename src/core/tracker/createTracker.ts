import { UdeskValidationError } from '../errors';
import type { Batch, IdentifiedCustomer, QueuedEvent, Tracker, TrackerOptions } from './types';
import { createVisitorId } from './createVisitorId';
import { idsOf } from './idsOf';
import { createLinkStore } from './createLinkStore';
import { validateCustomer } from './validateCustomer';
import { checkConfig } from './checkConfig';
import type { FullTrackerConfig, PageInfo } from './checkConfig';
import { createDelivery } from './delivery';
import { createFlushWaiters } from './flushWaiters';
import type { FlushResult } from './flushWaiters';
import { startSdkDelivery } from './forwardToSdk';
import type { SdkDelivery } from './forwardToSdk';
import type { Delivery } from './delivery';
import { createPageTracker, pageOf } from './pageTracker';
import { createPersistentQueue } from './persistentQueue';
import { eventBytes, MAX_EVENT_BYTES, sizeBound } from './storedEvents';
import { createReporter, describeThrown } from './createReporter';
import { createPoisonIsolation } from './isolatePoison';
import { createBackoff } from './createBackoff';
import { settleBatch } from './settleBatch';
import { subscribeLifecycle } from './subscribeLifecycle';
import { validateTrace } from './validateTrace';
import { createOnScreen } from './onScreen';

export type { OfficialUdeskSdk, PageInfo, TrackerConfig, EndpointDeliveryConfig, SdkDeliveryConfig } from './checkConfig';

export type { FlushResult } from './flushWaiters';
export type { Tracker, TrackerOptions, IdentifiedCustomer } from './types';

const MAX_BATCH = 50;

/**
 * A trajectory tracker: Udesk's `init` and `trace`, with delivery that loses nothing. This is
 * the scheduler: it wires the persistent queue, the retry policy and delivery to the app's
 * lifecycle. Events wait in the queue until the endpoint confirms them, one request at a time.
 */
export function createTracker(options: TrackerOptions = {}): Tracker {
  const api = options.platform;
  const random = options.random || Math.random;
  const newSession = () => Date.now().toString(36) + Math.floor(random() * Math.pow(2, 52)).toString(36);
  let session = newSession();
  const reporter = createReporter();
  const report = reporter.report;
  const limits = { key: '', maxQueue: 500, maxBytes: 524288 };
  const queue = createPersistentQueue(api, limits, report);
  let config: FullTrackerConfig | undefined;
  let delivery: Delivery | undefined;
  let unsubscribe = () => {};
  let seq = 0;
  let ready = false; // the stored queue was read, or did not answer within 3 s
  let batchLimit = MAX_BATCH;
  let offline = false;
  let stopped = false;
  let destroyed = false;
  let batchTimer: ReturnType<typeof setTimeout> | undefined;
  // The visitor id: unknown until the stored queue is read (it is stored with it), then given to
  // every event traced before. Never reported or logged: it opens the agent's page. Without a
  // cryptographic source there is none: events go as v1, filed under their session.
  let visitor: string | undefined;
  let visitorKnown = false; // the id was read or made, or there can be none
  let renewVisitor = false; // identify(null) came before the stored id was read
  let noSourceReported = false;
  let customer: IdentifiedCustomer | undefined;
  const link = options.link || createLinkStore();
  const adoptVisitor = (id: string | undefined) => {
    visitor = id;
    visitorKnown = true;
    if (!id && !noSourceReported) {
      noSourceReported = true;
      report('no cryptographic random source: no trajectory link' + (process.env.NODE_ENV !== 'production' ? ' and no visitor id on this device (neither crypto.getRandomValues nor wx.getRandomValues, base library 2.22.1+); its events go as protocol v1' : ''));
    }
    queue.stamp(id);
    queue.write(true);
    const base = config && config.trajectoryUrl;
    // What a listener throws is reported as it is; development says where it came from.
    link.set(base && id ? base.replace(/\/+$/, '') + '/t/' + id : undefined, (e) =>
      report(process.env.NODE_ENV !== 'production' ? `a trajectoryLink listener threw: ${describeThrown(e)}` : e),
    );
    schedule(true);
  };
  const flushers = createFlushWaiters();
  let sdkDelivery: SdkDelivery | undefined;
  const notify = (hook: 'onPageShow' | 'onPageHide', page: PageInfo) => {
    try {
      if (config && config[hook]) config[hook]!(page);
    } catch (e) {
      report(`${hook} threw: ${describeThrown(e)}`);
    }
  };
  const pages = createPageTracker(notify);
  const screen = createOnScreen();
  /** Queues an event of this session; false (reported) when it is too large to send. */
  const enqueue = (type: QueuedEvent['type'], data: Record<string, unknown>): boolean => {
    const event: QueuedEvent = { id: session + '.' + (seq + 1), session, seq: seq + 1, type, at: Date.now(), data };
    if (visitor) event.visitor = visitor;
    if (customer) event.customer = customer;
    const bytes = sizeBound(event) > MAX_EVENT_BYTES ? eventBytes(event) : 0;
    if (bytes > MAX_EVENT_BYTES) {
      report(new UdeskValidationError(type, `is over ${MAX_EVENT_BYTES} bytes as JSON` + (process.env.NODE_ENV !== 'production' ? ` (${bytes}): the server refuses larger events` : '')));
      return false;
    }
    seq++;
    if (visitor) event.visitorSeq = queue.nextSeq();
    queue.add(event);
    // An order or a request for help is worth a write and a send now; product views go in batches.
    queue.write(type !== 'product');
    schedule(type !== 'product');
    return true;
  };
  const poison = createPoisonIsolation(random, () => schedule(true));
  const backoff = createBackoff(random, () => schedule(true));
  /** Settles the flush() promises whose events are all delivered, or all of them after a failed attempt. */
  const settleFlushers = (failed?: boolean) => flushers.settle(queue.events, !!failed || stopped || destroyed);
  const schedule = (now?: boolean) => {
    if (!config || !delivery || !ready || !visitorKnown || delivery.busy() || destroyed) return;
    if (!queue.size() || offline || backoff.waiting() || stopped) return settleFlushers(true);
    if (now || queue.size() >= config.flushAt) {
      clearTimeout(batchTimer);
      batchTimer = undefined;
      send(config, delivery);
    } else if (!batchTimer) {
      batchTimer = setTimeout(() => {
        batchTimer = undefined;
        schedule(true);
      }, config.flushInterval);
    }
  };

  const send = (c: FullTrackerConfig, d: Delivery) => {
    const batch = poison.pick(queue.events(), batchLimit);
    if (!batch.length) return settleFlushers(true); // only events held back wait, and none is due
    const body: Batch = { v: visitor ? 2 : 1, appId: c.appId, companyDomain: c.companyDomain, sentAt: Date.now(), events: batch };
    queue.writePending(); // the numbers it carries are stored first: a relaunch never gives them again
    d.send(JSON.stringify(body), (result) => {
      if (destroyed) return;
      const outcome = settleBatch(batch, result, queue, poison, report);
      if (outcome === 'stop') stopped = true;
      else if (outcome === 'split') batchLimit = batch.length >> 1; // smaller batches, not lost events
      else if (outcome === 'retry') backoff.wait(result);
      else if (outcome === 'ok') {
        backoff.reset();
        batchLimit = MAX_BATCH;
      }
      const wait = outcome === 'stop' || outcome === 'retry';
      settleFlushers(wait);
      // What was due when this batch left is still due: keep going until the queue is empty.
      if (!wait) schedule(true);
    });
  };

  const contact = (route?: string, query?: Record<string, string>): boolean => {
    // Udesk's module takes products and orders alone: the moment of contact is the endpoint's.
    if (sdkDelivery) return false;
    try {
      const from = typeof route === 'string' ? pageOf(route, query) : undefined;
      return enqueue('contact', screen.contactData(pages.current(), from) as Record<string, unknown>);
    } catch (e) {
      report(e);
      return false;
    }
  };
  // The contact button records through the link store, which does not import the tracker.
  link.onContact(contact);

  return {
    init(c) {
      const full = checkConfig(c, !!api);
      if (config) return report('init was called twice' + (process.env.NODE_ENV !== 'production' ? '; the second call was ignored' : ''));
      config = full;
      reporter.attach(full.onError);
      const page = pages.current();
      if (page) notify('onPageShow', page);
      if (full.sdk) {
        const early = queue.events();
        queue.remove(idsOf(early));
        // A contact() before init, when init chose sdk delivery: Udesk's module has no such event.
        sdkDelivery = startSdkDelivery(full.sdk, full, early.filter((event) => event.type !== 'contact'), random, report);
        return;
      }
      limits.key = full.storageKey;
      limits.maxQueue = full.maxQueue;
      limits.maxBytes = full.maxBytes;
      queue.trim();
      delivery = createDelivery(api!, { url: full.endpoint!, companyToken: full.companyToken, timeout: full.timeout });
      unsubscribe = subscribeLifecycle(api!, {
        appHide() {
          queue.write(true);
          // One more try before WeChat may kill us in the background: once per backoff step.
          if (backoff.skipOnce()) schedule(true);
        },
        appShow: () => schedule(),
        networkChange(result) {
          const wasOffline = offline;
          offline = !result.isConnected;
          if (offline || !wasOffline) return;
          backoff.skip(true);
          schedule(true);
        },
      });
      queue.load(() => {
        ready = true;
        // The stored id, or a new one (also when storage did not answer within 3 s: this launch
        // is then a new visitor). Sending waits for it.
        const stored = queue.storedVisitor();
        if (stored && !renewVisitor) adoptVisitor(stored);
        else createVisitorId(api, adoptVisitor);
      });
    },

    trace(type, data) {
      try {
        const normalised = validateTrace(type, data);
        if (sdkDelivery) {
          sdkDelivery.forward(type, normalised);
          return true;
        }
        if (!enqueue(type, normalised)) return false;
        screen.traced(type, normalised);
        return true;
      } catch (e) {
        report(e);
        return false;
      }
    },

    contact,

    flush() {
      const ids = queue.events().map((e) => e.id);
      return new Promise<FlushResult>((resolve) => {
        if (sdkDelivery) return resolve({ pending: sdkDelivery.flush() });
        if (!config || destroyed || !ids.length) return resolve({ pending: ids.length });
        flushers.wait(ids, resolve);
        if (!ready) return; // sent once the stored queue is read
        backoff.skip();
        schedule(true);
      });
    },

    destroy() {
      if (destroyed) return;
      queue.close();
      destroyed = true;
      clearTimeout(batchTimer);
      backoff.stop();
      poison.stop();
      if (delivery) delivery.cancel();
      if (sdkDelivery) sdkDelivery.stop();
      unsubscribe();
      settleFlushers(true);
    },

    identify(next) {
      customer = next === null ? undefined : validateCustomer(next);
      if (next !== null) return;
      // Logout: the next person on this device is a new visitor, in a new session (what v1 files by).
      session = newSession();
      seq = 0;
      if (!visitorKnown) renewVisitor = true;
      else {
        // Until the new id is made (wx answers asynchronously), events wait for it, unstamped.
        visitor = undefined;
        visitorKnown = false;
        createVisitorId(api, adoptVisitor);
      }
    },

    trajectoryLink: link.trajectoryLink,
    subscribe: link.subscribe,

    pageShow(route, query) {
      const before = pages.current();
      pages.show(route, query);
      if (pages.current() !== before) screen.clear();
    },
    pageHide: pages.hide,
  };
}
