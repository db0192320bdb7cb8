// What the route handlers share: options normalised once, and the server's moving parts.
import type { TrajectoryStore } from './store/TrajectoryStore';
import type { RateLimiter } from './createRateLimiter';
import type { ConcurrencyLimiter } from './createConcurrencyLimiter';
import type { LiveStream } from './createLiveStream';
import type { ConsoleFiles } from './consoleFiles';

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
  apps: ReadonlyMap<string, string>;
  adminToken: string;
  corsOrigins: ReadonlySet<string>;
  limiter: RateLimiter;
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
  /** Keeps a batch's work in the set `close()` waits for. */
  track(work: Promise<void>): void;
}
