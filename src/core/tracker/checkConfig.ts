import { UdeskConfigError } from '../errors';
import type { UdeskError } from '../errors';
import { isPlainObject } from '../isPlainObject';

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

interface TrackerConfigBase {
  appId: string;
  companyToken: string;
  /** Such as `xxx.udesk.cn`. */
  companyDomain: string;
  onPageShow?: (page: PageInfo) => void;
  onPageHide?: (page: PageInfo) => void;
  onError?: (error: UdeskError) => void;
  /** Product views are sent in batches of this many… (default 10) */
  flushAt?: number;
  /** …or after this many ms (default 5000). Orders go at once. */
  flushInterval?: number;
  /** Queue cap (default 500): past it the oldest product views go first, orders last. */
  maxQueue?: number;
  /** Byte cap of the stored queue (default 524288, 512 KB; WeChat takes 1 MB per key), dropping as `maxQueue` does. */
  maxBytes?: number;
  /** Request timeout in ms, at most 5000 (default 5000). */
  timeout?: number;
  /** Storage key of the queue and the visitor id (default `taro-udesk:queue`). */
  storageKey?: string;
  /**
   * The public base URL of your trajectory server (the taro-udesk-server package), for trajectoryLink():
   * HTTPS, or http on loopback.
   */
  trajectoryUrl?: string;
}

/** Delivery by HTTP to a URL you control (docs/protocol.md). HTTPS, or http on loopback. */
export interface EndpointDeliveryConfig extends TrackerConfigBase {
  endpoint: string;
  sdk?: undefined;
}

/** Delivery to Udesk's own `ud-sdk` module: we validate, buffer and forward to it. */
export interface SdkDeliveryConfig extends TrackerConfigBase {
  sdk: OfficialUdeskSdk;
  endpoint?: undefined;
}

/** One delivery, named: `endpoint` or `sdk`, never neither nor both. */
export type TrackerConfig = EndpointDeliveryConfig | SdkDeliveryConfig;

export type FullTrackerConfig = TrackerConfig &
  Required<Pick<TrackerConfigBase, 'flushAt' | 'flushInterval' | 'maxQueue' | 'maxBytes' | 'timeout' | 'storageKey'>>;

const LOOPBACK = /^http:\/\/(127\.\d+\.\d+\.\d+|localhost|\[::1\])(:\d+)?(\/|$)/;
const DOMAIN = /^[a-z0-9-]+(\.[a-z0-9-]+)+$/i;

/** HTTPS, or http on loopback (development). */
const isWebUrl = (url: unknown) => typeof url === 'string' && (/^https:\/\/[^/]/.test(url) || LOOPBACK.test(url));

const fail = (path: string, rule: string): never => {
  throw new UdeskConfigError(path, rule);
};

/** Checks `init`'s configuration (a programmer error throws, naming the option) and fills the defaults. */
export function checkConfig(c: TrackerConfig, hasPlatform: boolean): FullTrackerConfig {
  if (!isPlainObject(c)) fail('init', 'must be an object' + (process.env.NODE_ENV !== 'production' ? ' { appId, companyToken, companyDomain, endpoint | sdk }' : ''));
  for (const key of ['appId', 'companyToken'] as const) if (typeof c[key] !== 'string' || !c[key]) fail(key, 'is required: a non-empty string');
  if (typeof c.companyDomain !== 'string' || !DOMAIN.test(c.companyDomain)) {
    fail('companyDomain', 'is required: your Udesk domain' + (process.env.NODE_ENV !== 'production' ? ' such as xxx.udesk.cn, without https://' : ''));
  }
  if (!c.sdk === !c.endpoint) {
    fail(
      c.sdk ? 'sdk' : 'endpoint',
      (c.sdk ? 'give sdk or endpoint, not both' : 'delivery is explicit: give sdk or endpoint') +
        (process.env.NODE_ENV !== 'production'
          ? ' (sdk: the ud-sdk module Udesk gives its customers, which we validate for and forward to; ' +
            'endpoint: an HTTPS URL of yours receiving batches as docs/protocol.md describes)'
          : ''),
    );
  }
  if (c.sdk && (typeof c.sdk.init !== 'function' || typeof c.sdk.trace !== 'function')) {
    fail('sdk', 'must have init() and trace()' + (process.env.NODE_ENV !== 'production' ? ': the ud-sdk module Udesk gives its customers' : ''));
  }
  if (c.endpoint) {
    if (!isWebUrl(c.endpoint)) {
      fail('endpoint', 'must be an https:// URL' + (process.env.NODE_ENV !== 'production' ? ' (http:// only on loopback, for development)' : ''));
    }
    if (!hasPlatform) fail('endpoint', 'needs a platform' + (process.env.NODE_ENV !== 'production' ? ' (wx, Taro or my) to send and store with' : ''));
  }
  if (c.trajectoryUrl !== undefined && !isWebUrl(c.trajectoryUrl)) {
    fail('trajectoryUrl', 'must be an https:// URL' + (process.env.NODE_ENV !== 'production' ? ' (http:// only on loopback, for development)' : ''));
  }
  for (const key of ['flushAt', 'flushInterval', 'maxQueue', 'maxBytes', 'timeout'] as const) {
    const v = c[key];
    if (v !== undefined && !(Number.isInteger(v) && v > 0)) fail(key, 'must be a whole number above 0');
  }
  if (c.timeout! > 5000) fail('timeout', 'must be at most 5000 ms' + (process.env.NODE_ENV !== 'production' ? ': WeChat interrupts requests 5 s into the background' : ''));
  if (c.maxBytes! < 65536 || c.maxBytes! > 1000000) fail('maxBytes', 'must be from 65536 to 1000000' + (process.env.NODE_ENV !== 'production' ? ': WeChat stores at most 1 MB per key' : ''));
  return { flushAt: 10, flushInterval: 5000, maxQueue: 500, maxBytes: 524288, timeout: 5000, storageKey: 'taro-udesk:queue', ...c };
}
