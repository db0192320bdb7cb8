// What the route handlers share: options normalised once, and the server's moving parts.
import type { IncomingMessage } from 'http';
import type { TrajectoryStore } from './store/TrajectoryStore';
import type { RateLimiter } from './createRateLimiter';
import type { ConcurrencyLimiter } from './createConcurrencyLimiter';
import type { LiveStream } from './createLiveStream';
import type { ConsoleFiles } from './consoleFiles';
import type { IdentityCheck } from './validateEvent';
import type { AppQuotas } from './createAppQuotas';
import type { ServerMetrics } from './createMetrics';
import type { StoreFiguresReader } from './createStoreFigures';

/** Where the server writes: plain lines, never a token, a visitor id or event data. */
export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export interface ServerStats {
  /** Events stored since start. */
  accepted: number;
  duplicates: number;
  rejected: number;
}

export interface ServerContext {
  /** The store once it is open, else null (the server answers 503 meanwhile). */
  store(): TrajectoryStore | null;
  /** Whether the store is open and its latest write (a batch, or the server's probe) went through: /healthz. */
  healthy(): boolean;
  /** The key the limits count a request by: its client address (behind a trusted proxy, the forwarded one), IPv6 by /64. */
  addressOf(req: IncomingMessage): string;
  apps: ReadonlyMap<string, string>;
  /** A fresh identity check for each batch of an app (identityChecks.ts). */
  identityCheckFor(appId: string): IdentityCheck;
  adminToken: string;
  corsOrigins: ReadonlySet<string>;
  /** Batches per address. */
  limiter: RateLimiter;
  /** Events and bytes a minute per app. */
  quotas: AppQuotas;
  /** Per address, for the agent's page and its JSON (GET /t/…). */
  pageLimiter: RateLimiter;
  /** Reads of the agent's page in progress, per address. */
  pageReads: ConcurrencyLimiter;
  /** Events and bytes one answer of the agent's page holds at most. */
  pageEvents: number;
  pageBytes: number;
  /** How long a JSON answer's bytes may stop leaving before it is cut (respond.ts, limitWriteTime). */
  writeTimeoutMs: number;
  /** The console's and the agent's page's CSP (its img-src lists `imageOrigins`). */
  consoleCsp: string;
  /** Origins whose product images the pages show. */
  imageOrigins: readonly string[];
  live: LiveStream;
  maxBodyBytes: number;
  bodyTimeoutMs: number;
  staticDir: string | undefined;
  consoleFiles: ConsoleFiles;
  logger: Logger;
  stats: ServerStats;
  /** What GET /metrics tells (createMetrics.ts). */
  metrics: ServerMetrics;
  /** Delivery loss, events stored and bytes, read from the store at most every few seconds. */
  figures: StoreFiguresReader;
  /** The settling time of the delivery figures, ms (options.ts, deliverySettleMs). */
  deliverySettleMs: number;
  /** Keeps a batch's work in the set `close()` waits for. */
  track(work: Promise<void>): void;
}
