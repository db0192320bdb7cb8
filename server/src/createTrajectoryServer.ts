// taro-udesk-server for embedding: a node http.Server with the routes of docs/protocol.md, the
// store opened in the background (GET /healthz says when it is ready), and a close() that stops
// accepting, lets in-flight batches commit, then closes the store it opened.
import { createServer } from 'http';
import type { AddressInfo } from 'net';
import type { Server } from 'http';
import type { TrajectoryStore } from './store/TrajectoryStore';
import type { ServerContext, ServerStats } from './ServerContext';
import { normalizeOptions, type TrajectoryServerOptions } from './options';
import { openStore, type OpenedStore } from './openStore';
import { createRateLimiter } from './createRateLimiter';
import { createAppQuotas } from './createAppQuotas';
import { clientNetwork } from './clientAddress';
import { watchStore, type StoreWatch } from './watchStore';
import { createConcurrencyLimiter } from './createConcurrencyLimiter';
import { createLiveStream } from './createLiveStream';
import { consoleCsp, findConsoleFiles } from './consoleFiles';
import { handleRequest } from './handleRequest';
import { createIdentityChecks } from './identityChecks';
import { createMetrics } from './createMetrics';
import { createStoreFigures } from './createStoreFigures';
import { measureStore } from './measureStore';
import { startRetention } from './startRetention';

export interface TrajectoryServer {
  /** The underlying node server, for `server.on(...)` or your own `listen`. */
  readonly server: Server;
  /** `http://host:port` once listening (the public URL when one was given). */
  readonly origin: string;
  readonly adminToken: string;
  /** Whether `adminToken` was generated because none was given. */
  readonly adminTokenGenerated: boolean;
  readonly stats: Readonly<ServerStats>;
  /** Resolves with the store once it is open; rejects when it cannot be opened. */
  ready(): Promise<TrajectoryStore>;
  /** Listens (default 127.0.0.1:4318; port 0 picks a free one) once the store is ready; resolves with the origin. */
  listen(port?: number, host?: string): Promise<string>;
  /**
   * Stops accepting, finishes in-flight batches, ends live streams, closes a store it opened;
   * rejects when that takes over `shutdownTimeoutMs` (default 30 s): exit non-zero then.
   */
  close(): Promise<void>;
}

export function createTrajectoryServer(options: TrajectoryServerOptions = {}): TrajectoryServer {
  const settings = normalizeOptions(options);
  const { logger } = settings;
  const inFlight = new Set<Promise<void>>();
  const stats: ServerStats = { accepted: 0, duplicates: 0, rejected: 0 };
  let opened: OpenedStore | null = null;
  let watch: StoreWatch | null = null;
  let closing: Promise<void> | null = null;
  let origin = '';
  let stopFollowing: (() => Promise<void>) | undefined;
  let stopRetention: (() => Promise<void>) | undefined;

  // Every store call the routes make is watched (timed out, health) and measured (/metrics).
  let measured: TrajectoryStore | null = null;
  const figures = createStoreFigures(() => measured, { settleMs: settings.deliverySettleMs, maxAgeMs: settings.figuresMaxAgeMs });
  const live = createLiveStream();
  const metrics = createMetrics({
    figures,
    streamClients: () => live.listeners,
    onFiguresError: (error) => logger.error(`reading the store's figures failed (${error.name})`),
  });

  const storeLog = (message: string, level: 'error' | 'info') => (level === 'error' ? logger.error(message) : logger.info(message));
  // The engine is replaced only when a statement takes three times what a request may wait.
  const storeReady = openStore({ ...options, timeoutMs: settings.storeTimeoutMs * 3, log: storeLog }).then(async (result) => {
    opened = result;
    watch = watchStore(result.store, settings.storeTimeoutMs, logger);
    measured = measureStore(watch.store, metrics);
    // Several instances on one PostgreSQL: what the others store reaches this one's live streams.
    if (result.store.follow) {
      stopFollowing = await result.store.follow({
        wants: () => live.listeners > 0,
        events: (stored) => live.publish(stored),
        gap: () => live.reset(),
      });
    }
    stopRetention = startRetention(measured, logger, { retainDays: settings.retainDays });
    return result.store;
  });
  storeReady.catch(() => undefined); // reported by ready()/listen(), not as an unhandled rejection

  const context: ServerContext = {
    store: () => measured,
    healthy: () => watch?.healthy() ?? false,
    addressOf: (req) => clientNetwork(req, settings.trustProxy),
    apps: settings.apps,
    identityCheckFor: createIdentityChecks(settings.identitySecrets, logger),
    adminToken: settings.adminToken,
    corsOrigins: settings.corsOrigins,
    limiter: createRateLimiter(settings.rateLimit, Date.now, settings.rateLimit * 2),
    quotas: createAppQuotas({ eventsPerMinute: settings.appEventsPerMinute, bytesPerMinute: settings.appBytesPerMinute }),
    pageLimiter: createRateLimiter(settings.pageRateLimit),
    pageReads: createConcurrencyLimiter(settings.pageReadsPerAddress),
    pageEvents: settings.pageEvents,
    pageBytes: settings.pageBytes,
    writeTimeoutMs: settings.writeTimeoutMs,
    consoleCsp: consoleCsp(settings.imageOrigins),
    imageOrigins: settings.imageOrigins,
    live,
    maxBodyBytes: settings.maxBodyBytes,
    bodyTimeoutMs: settings.bodyTimeoutMs,
    staticDir: settings.staticDir,
    consoleFiles: findConsoleFiles(),
    logger,
    stats,
    metrics,
    figures,
    deliverySettleMs: settings.deliverySettleMs,
    track(work) {
      inFlight.add(work);
      const done = () => inFlight.delete(work);
      work.then(done, done);
    },
  };

  // Node checks the header and request timeouts every 30 s by default: a slow client would get
  // up to 30 s more than it is allowed.
  const server = createServer({ connectionsCheckingInterval: 1000 }, (req, res) => handleRequest(req, res, context));
  // `Expect: 100-continue` (curl sends it for large bodies): a body declared over the limit gets
  // its 413 without being invited; any other request is invited, then handled as usual.
  server.on('checkContinue', (req, res) => {
    const declared = Number(req.headers['content-length']);
    if (!(declared > settings.maxBodyBytes)) res.writeContinue();
    handleRequest(req, res, context);
  });
  server.headersTimeout = settings.headersTimeoutMs;
  // Backstops to the body timer of POST /v1/batch; a live stream is a response, not a request.
  server.requestTimeout = settings.bodyTimeoutMs + settings.headersTimeoutMs;
  // What Node's parser refuses (garbage, oversized headers, headers too slow) is answered and
  // closed here; Node's default would only reset the socket.
  server.on('clientError', (error: NodeJS.ErrnoException, socket) => {
    if (!socket.writable) return void socket.destroy();
    const status = error.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? '408 Request Timeout'
      : error.code === 'HPE_HEADER_OVERFLOW' ? '431 Request Header Fields Too Large' : '400 Bad Request';
    socket.end(`HTTP/1.1 ${status}\r\nconnection: close\r\ncontent-length: 0\r\n\r\n`);
  });

  async function shutdown(): Promise<void> {
    const stopped = new Promise<void>((resolve) => (server.listening ? server.close(() => resolve()) : resolve()));
    live.close();
    server.closeIdleConnections();
    await Promise.allSettled([...inFlight]);
    await storeReady.catch(() => undefined);
    await stopFollowing?.();
    await stopRetention?.();
    watch?.stop();
    if (opened?.owned) await opened.store.close();
    server.closeAllConnections();
    await stopped;
    logger.info('stopped');
  }

  /** Shutdown with a time limit: a store that does not close in time is left, and close() rejects. */
  async function shutdownInTime(): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<'late'>((resolve) => {
      timer = setTimeout(() => resolve('late'), settings.shutdownTimeoutMs);
    });
    const outcome = await Promise.race([shutdown(), late]);
    clearTimeout(timer);
    if (outcome !== 'late') return;
    server.closeAllConnections();
    throw new Error(`stopping took over ${settings.shutdownTimeoutMs} ms (the store did not close): stopped without it`);
  }

  return {
    server,
    get origin() {
      return origin;
    },
    adminToken: settings.adminToken,
    adminTokenGenerated: settings.adminTokenGenerated,
    stats,
    ready: () => storeReady,
    async listen(port = 4318, host = '127.0.0.1') {
      await storeReady;
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          server.off('error', reject);
          resolve();
        });
      });
      const address = server.address() as AddressInfo;
      const hostPart = address.family === 'IPv6' ? `[${address.address}]` : address.address;
      origin = settings.publicUrl?.replace(/\/+$/, '') ?? `http://${hostPart}:${address.port}`;
      logger.info(`listening on http://${hostPart}:${address.port} with ${opened?.description}`);
      if (settings.apps.size === 0) logger.warn('no apps configured: batches of ANY app are accepted (development only; use --app)');
      return origin;
    },
    close() {
      closing ??= shutdownInTime();
      return closing;
    },
  };
}
