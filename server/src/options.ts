// The options of createTrajectoryServer, checked and given their defaults once, in one place.
import { DEFAULT_RETAIN_DAYS } from './startRetention';
import type { TrajectoryStore } from './store/TrajectoryStore';
import type { Logger } from './ServerContext';
import { UdeskConfigError } from 'taro-udesk/core';
import { generateToken } from './secrets';
import { MIN_IDENTITY_SECRET_LENGTH } from './customerIdentity';
import { compileTrustedProxies, type ProxyTrust } from './clientAddress';

export interface TrajectoryServerOptions {
  /** A store you opened (and close yourself). Else one is opened from `databaseUrl` or `dataDir`. */
  store?: TrajectoryStore;
  /** PostgreSQL (`postgres://…`): any number of servers can share it. */
  databaseUrl?: string;
  /** The embedded store's folder (PGlite). Default `.taro-udesk-data`. */
  dataDir?: string;
  /** appId → company token. Empty or absent: any app is accepted (development only). */
  apps?: Record<string, string> | Iterable<readonly [string, string]>;
  /**
   * appId → the app's identity secret (at least 32 characters; several while rotating one), with
   * which its backend signs customers (`signCustomerIdentity`). Only a verified customer links
   * visitors, within its app; an app without one links none.
   */
  identitySecrets?: Record<string, string | readonly string[]> | Iterable<readonly [string, string]>;
  /** Required by every read. Absent: a random one is generated (read it from `adminToken`). */
  adminToken?: string;
  /** Browser origins allowed to POST batches (`https://shop.example.com`). Reads never are. */
  corsOrigins?: string[];
  /** The address clients and agents use (behind a proxy): the base of the trajectory links (`<publicUrl>/t/<visitor id>`, the tracker's `trajectoryUrl`) and of the printed ones. */
  publicUrl?: string;
  /** Batches a second per client address (IPv6 by /64), bursts of twice as many. Default 200: a few hundred phones behind one carrier NAT. */
  rateLimit?: number;
  /** Requests a second per address (IPv6 by /64) to the agent's page (`/t/<id>` and its JSON), bursts of as many. Default 20. */
  pageRateLimit?: number;
  /**
   * Reverse proxies (addresses or CIDR ranges; `loopback`, `uniquelocal`) whose X-Forwarded-For is
   * believed: the client address is then the one they forwarded. None by default: the header is ignored.
   */
  trustedProxies?: string[];
  /** Events a minute per app, from all addresses together (bursts of a minute's worth). Default 120,000. */
  appEventsPerMinute?: number;
  /** Batch bytes a minute per app, from all addresses together (bursts of a minute's worth). Default 128 MiB. */
  appBytesPerMinute?: number;
  /** How long a store call may take before the request is answered 503, ms. Default 10,000. */
  storeTimeoutMs?: number;
  /** How long close() may take before it gives up on what is left (and rejects), ms. Default 30,000. */
  shutdownTimeoutMs?: number;
  /** Events one answer of the agent's page (`/t/<id>/events`) holds at most, 1 to 1,000. Default 100. */
  pageEvents?: number;
  /** Bytes of events one answer of the agent's page holds at most (its first event always comes). Default 256 KiB. */
  pageBytes?: number;
  /** Reads of the agent's page in progress at once per address; past it, 429. Default 4. */
  pageReadsPerAddress?: number;
  /** A JSON answer whose bytes stop leaving for this long (ms: the client does not read) is cut, with its connection. Default 10,000. */
  writeTimeoutMs?: number;
  /** Origins (`https://img.shop.example.com`) whose product images the agent's page and the console show. Default none: a placeholder, and no request leaves for an image host. */
  imageOrigins?: string[];
  /** Default 1 MiB. */
  maxBodyBytes?: number;
  /** How long a request body may take to arrive, ms. Default 10,000. */
  bodyTimeoutMs?: number;
  /** How long request headers may take, ms. Default 10,000. */
  headersTimeoutMs?: number;
  /**
   * Delivery loss (GET /v1/delivery, /metrics): a visitor whose latest numbered event is older than
   * this, ms, has settled, and the gaps in its numbers count as events that never arrived; before,
   * they are pending (a queue resent on a later launch may fill them). Default 24 hours.
   */
  deliverySettleMs?: number;
  /** How long the store's figures (delivery loss, events stored, bytes) are served again before they are read anew, ms. Default 15,000. */
  figuresMaxAgeMs?: number;
  /** A folder of static files served for GET requests no route takes (the demo's H5 build). */
  staticDir?: string;
  /** Events received (server clock) more than this many days ago are removed; 0 keeps everything. Default 180. */
  retainDays?: number;
  logger?: Logger;
}

export interface NormalizedOptions {
  apps: Map<string, string>;
  identitySecrets: Map<string, string[]>;
  adminToken: string;
  adminTokenGenerated: boolean;
  corsOrigins: Set<string>;
  publicUrl: string | undefined;
  rateLimit: number;
  pageRateLimit: number;
  trustProxy: ProxyTrust | null;
  appEventsPerMinute: number;
  appBytesPerMinute: number;
  storeTimeoutMs: number;
  shutdownTimeoutMs: number;
  pageEvents: number;
  pageBytes: number;
  pageReadsPerAddress: number;
  writeTimeoutMs: number;
  imageOrigins: string[];
  maxBodyBytes: number;
  bodyTimeoutMs: number;
  headersTimeoutMs: number;
  staticDir: string | undefined;
  deliverySettleMs: number;
  figuresMaxAgeMs: number;
  retainDays: number;
  logger: Logger;
}

export const consoleLogger: Logger = {
  info: (message) => console.log(`[taro-udesk] ${message}`),
  warn: (message) => console.warn(`[taro-udesk] ${message}`),
  error: (message) => console.error(`[taro-udesk] ${message}`),
};

function positive(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) throw new UdeskConfigError(name, 'must be a positive number');
  return value;
}

function originOf(value: unknown, name = 'corsOrigins'): string {
  let url: URL;
  try {
    url = new URL(String(value));
  } catch {
    throw new UdeskConfigError(name, `${String(value)} is not an origin such as https://shop.example.com`);
  }
  if (url.origin === 'null' || value === '*') throw new UdeskConfigError(name, 'must list origins such as https://shop.example.com, never *');
  return url.origin;
}

function notNegative(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) throw new UdeskConfigError(name, 'must be a number of ms, 0 or more');
  return value;
}

function whole(name: string, value: number | undefined, fallback: number, max: number): number {
  const number = positive(name, value, fallback);
  if (!Number.isInteger(number) || number > max) throw new UdeskConfigError(name, `must be a whole number from 1 to ${max}`);
  return number;
}

/** An image origin: http(s) only (the page's CSP lists it as it is). */
function imageOriginOf(value: unknown): string {
  const origin = originOf(value, 'imageOrigins');
  if (!/^https?:\/\//.test(origin)) throw new UdeskConfigError('imageOrigins', `${String(value)} is not an http(s) origin such as https://img.shop.example.com`);
  return origin;
}

/** The public base URL: http(s), no query or fragment; kept without a trailing slash. */
function publicUrlOf(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  let url: URL | null = null;
  try {
    url = new URL(String(value));
  } catch {
    url = null;
  }
  if (url === null || !/^https?:$/.test(url.protocol) || url.search !== '' || url.hash !== '' || url.username !== '') {
    throw new UdeskConfigError('publicUrl', 'must be an http(s) URL without query or fragment, such as https://track.example.com');
  }
  return url.href.replace(/\/+$/, '');
}

/** appId → its identity secrets; each app named must be one of `apps` (when apps are listed). */
function identitySecretsOf(value: TrajectoryServerOptions['identitySecrets'], apps: ReadonlyMap<string, string>): Map<string, string[]> {
  const entries = value === undefined ? [] : Symbol.iterator in value
    ? [...(value as Iterable<readonly [string, string]>)]
    : Object.entries(value as Record<string, string | readonly string[]>);
  const secrets = new Map<string, string[]>();
  for (const [appId, given] of entries) {
    if (typeof appId !== 'string' || appId === '') throw new UdeskConfigError('identitySecrets', 'each entry needs a non-empty appId');
    if (apps.size > 0 && !apps.has(appId)) throw new UdeskConfigError('identitySecrets', `${JSON.stringify(appId)} is not one of the apps`);
    for (const secret of Array.isArray(given) ? given : [given]) {
      if (typeof secret !== 'string' || secret.length < MIN_IDENTITY_SECRET_LENGTH) {
        throw new UdeskConfigError('identitySecrets', `the secret of ${JSON.stringify(appId)} must be a string of at least ${MIN_IDENTITY_SECRET_LENGTH} characters`);
      }
      secrets.set(appId, [...(secrets.get(appId) ?? []), secret]);
    }
  }
  return secrets;
}

function retainDaysOf(value: number | undefined): number {
  if (value === undefined) return DEFAULT_RETAIN_DAYS;
  if (!Number.isInteger(value) || value < 0 || value > 100_000) throw new UdeskConfigError('retainDays', 'must be a whole number of days from 0 (keep everything) to 100,000');
  return value;
}

export function normalizeOptions(options: TrajectoryServerOptions): NormalizedOptions {
  const entries = options.apps === undefined ? [] : Symbol.iterator in options.apps
    ? [...(options.apps as Iterable<readonly [string, string]>)]
    : Object.entries(options.apps);
  const apps = new Map<string, string>();
  for (const [appId, token] of entries) {
    if (typeof appId !== 'string' || appId === '' || typeof token !== 'string' || token === '') {
      throw new UdeskConfigError('apps', 'each app needs a non-empty appId and company token');
    }
    apps.set(appId, token);
  }
  if (options.adminToken !== undefined && (typeof options.adminToken !== 'string' || options.adminToken.length < 16)) {
    throw new UdeskConfigError('adminToken', 'must be a string of at least 16 characters');
  }
  return {
    apps,
    identitySecrets: identitySecretsOf(options.identitySecrets, apps),
    adminToken: options.adminToken ?? generateToken(),
    adminTokenGenerated: options.adminToken === undefined,
    corsOrigins: new Set((options.corsOrigins ?? []).map((origin) => originOf(origin))),
    publicUrl: publicUrlOf(options.publicUrl),
    rateLimit: positive('rateLimit', options.rateLimit, 200),
    pageRateLimit: positive('pageRateLimit', options.pageRateLimit, 20),
    trustProxy: compileTrustedProxies(options.trustedProxies),
    appEventsPerMinute: positive('appEventsPerMinute', options.appEventsPerMinute, 120_000),
    appBytesPerMinute: positive('appBytesPerMinute', options.appBytesPerMinute, 128 * 1024 * 1024),
    storeTimeoutMs: positive('storeTimeoutMs', options.storeTimeoutMs, 10_000),
    shutdownTimeoutMs: positive('shutdownTimeoutMs', options.shutdownTimeoutMs, 30_000),
    pageEvents: whole('pageEvents', options.pageEvents, 100, 1000),
    pageBytes: whole('pageBytes', options.pageBytes, 256 * 1024, 64 * 1024 * 1024),
    pageReadsPerAddress: whole('pageReadsPerAddress', options.pageReadsPerAddress, 4, 1_000_000),
    writeTimeoutMs: positive('writeTimeoutMs', options.writeTimeoutMs, 10_000),
    imageOrigins: [...new Set((options.imageOrigins ?? []).map((origin) => imageOriginOf(origin)))],
    maxBodyBytes: positive('maxBodyBytes', options.maxBodyBytes, 1024 * 1024),
    bodyTimeoutMs: positive('bodyTimeoutMs', options.bodyTimeoutMs, 10_000),
    headersTimeoutMs: positive('headersTimeoutMs', options.headersTimeoutMs, 10_000),
    staticDir: options.staticDir,
    deliverySettleMs: notNegative('deliverySettleMs', options.deliverySettleMs, 24 * 60 * 60 * 1000),
    figuresMaxAgeMs: notNegative('figuresMaxAgeMs', options.figuresMaxAgeMs, 15_000),
    retainDays: retainDaysOf(options.retainDays),
    logger: options.logger ?? consoleLogger,
  };
}
