// Every request goes through here: the target is parsed inside try (any target, any method), the
// route chosen, and whatever a handler throws becomes a logged 500 of the server's own, never a
// crash. Nothing a client sent is logged: not the target (it may carry a visitor id), not a header.
import type { IncomingMessage, ServerResponse } from 'http';
import type { ServerContext } from './ServerContext';
import { handleBatch } from './handleBatch';
import { preflightHeaders } from './cors';
import { readEvents, readVisitors } from './readRoutes';
import { eraseCustomer, eraseVisitor, exportData, visitorPath } from './erasureRoutes';
import { BASE_HEADERS, limitWriteTime, sendJson } from './respond';
import { isAdmin } from './secrets';
import { fileUnder, sendHtml, serveFile } from './serveFile';
import { consoleHtml } from './consoleFiles';
import { handleTrajectoryPage, trajectoryPath } from './handleTrajectoryPage';
import { pickLanguage } from './pickLanguage';
import { HTML_LANG } from './console/messages';
import { sendDelivery, sendMetrics } from './handleFigures';
import type { RouteKind } from './createMetrics';

/** The CSP of a demo's static HTML (Taro's H5 runtime sets inline styles). */
const STATIC_CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' https: http: data:; " +
  "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

function parseTarget(target: string | undefined): URL | null {
  try {
    return new URL(target ?? '', 'http://server.invalid');
  } catch {
    return null;
  }
}

async function route(req: IncomingMessage, res: ServerResponse, context: ServerContext): Promise<void> {
  const url = parseTarget(req.url);
  if (url === null) return sendJson(res, 400, { error: 'bad request target' });
  const { pathname } = url;
  const method = req.method ?? '';
  const read = method === 'GET' || method === 'HEAD';

  if (pathname === '/v1/batch') {
    if (method === 'POST') {
      const work = handleBatch(req, res, context);
      context.track(work);
      return work;
    }
    if (method === 'OPTIONS') {
      res.writeHead(204, { ...BASE_HEADERS, ...preflightHeaders(req, context.corsOrigins) });
      res.end();
      return;
    }
    return sendJson(res, 405, { error: 'POST only' }, { allow: 'POST, OPTIONS' });
  }
  if (pathname === '/healthz' && read) {
    // 200 only while the store can write: not before it is open, nor while its writes fail.
    return context.healthy() ? sendJson(res, 200, { ok: true }) : sendJson(res, 503, { ok: false }, { 'retry-after': '1' });
  }
  if (pathname === '/metrics' || pathname === '/v1/delivery') {
    if (method !== 'GET') return sendJson(res, 405, { error: 'GET only' }, { allow: 'GET' });
    if (!isAdmin(req, context.adminToken)) {
      return sendJson(res, 401, { error: 'Authorization: Bearer <admin token> required' }, { 'www-authenticate': 'Bearer' });
    }
    return pathname === '/metrics' ? sendMetrics(res, context) : sendDelivery(res, context);
  }
  if (pathname === '/v1/events' || pathname === '/v1/visitors' || pathname === '/v1/stream') {
    if (method !== 'GET') return sendJson(res, 405, { error: 'GET only' }, { allow: 'GET' });
    if (!isAdmin(req, context.adminToken)) {
      return sendJson(res, 401, { error: 'Authorization: Bearer <admin token> required' }, { 'www-authenticate': 'Bearer' });
    }
    const store = context.store();
    if (store === null) return sendJson(res, 503, { error: 'not ready' }, { 'retry-after': '1' });
    if (pathname === '/v1/stream') return context.live.subscribe(res);
    return pathname === '/v1/events' ? readEvents(res, store, url.searchParams) : readVisitors(res, store, url.searchParams);
  }
  const erasedVisitor = visitorPath(pathname);
  if (erasedVisitor !== null || pathname === '/v1/customers' || pathname === '/v1/export') {
    const allowed = pathname === '/v1/export' ? 'GET' : 'DELETE';
    if (method !== allowed) return sendJson(res, 405, { error: `${allowed} only` }, { allow: allowed });
    if (!isAdmin(req, context.adminToken)) {
      return sendJson(res, 401, { error: 'Authorization: Bearer <admin token> required' }, { 'www-authenticate': 'Bearer' });
    }
    const store = context.store();
    if (store === null) return sendJson(res, 503, { error: 'not ready' }, { 'retry-after': '1' });
    if (erasedVisitor !== null) return eraseVisitor(res, store, erasedVisitor);
    return pathname === '/v1/customers' ? eraseCustomer(res, store, url.searchParams) : exportData(res, store, url.searchParams);
  }
  const trajectory = trajectoryPath(pathname);
  if (trajectory !== null) return handleTrajectoryPage(req, res, context, trajectory, url.searchParams);
  if (pathname === '/console' || pathname === '/console/' || pathname.startsWith('/console/')) {
    if (!read) return sendJson(res, 405, { error: 'GET only' }, { allow: 'GET, HEAD' });
    return serveConsole(req, res, context, pathname.slice('/console'.length));
  }
  if (read && context.staticDir !== undefined) return serveFile(req, res, fileUnder(context.staticDir, pathname), STATIC_CSP);
  return sendJson(res, 404, { error: 'not found' });
}

function serveConsole(req: IncomingMessage, res: ServerResponse, context: ServerContext, rest: string): Promise<void> | void {
  const { dir, script } = context.consoleFiles;
  if (rest === '' || rest === '/' || rest === '/index.html') {
    const language = pickLanguage(req.headers['accept-language']);
    return sendHtml(req, res, consoleHtml(dir, 'index', context.imageOrigins, language), context.consoleCsp,
      { vary: 'Accept-Language', 'content-language': HTML_LANG[language] });
  }
  if (rest === '/console.css' || rest === '/trajectory.css' || rest === '/favicon.svg') return serveFile(req, res, `${dir}${rest}`, context.consoleCsp);
  const name = rest === '/console.js' ? 'console' : rest === '/trajectory.js' ? 'trajectory' : null;
  if (name === null) return sendJson(res, 404, { error: 'not found' });
  const source = script(name);
  if ('path' in source) return serveFile(req, res, source.path, context.consoleCsp);
  const code = source.code();
  res.writeHead(200, { ...BASE_HEADERS, 'content-type': 'text/javascript; charset=utf-8', 'content-length': Buffer.byteLength(code) });
  res.end(req.method === 'HEAD' ? undefined : code);
}

/** The route a request is counted under in /metrics: a fixed word, never the path (it may hold a visitor id). */
function routeKindOf(target: string | undefined, context: ServerContext): RouteKind {
  const pathname = (target ?? '').split('?')[0];
  if (pathname === '/v1/batch') return 'batch';
  if (pathname === '/v1/stream') return 'stream';
  if (pathname === '/v1/events' || pathname === '/v1/visitors' || pathname === '/v1/delivery') return 'admin';
  if (pathname === '/metrics') return 'metrics';
  if (pathname === '/healthz') return 'health';
  if (pathname.startsWith('/t/')) return 'page';
  if (pathname === '/console' || pathname.startsWith('/console/')) return 'console';
  return context.staticDir === undefined ? 'other' : 'static';
}

export function handleRequest(req: IncomingMessage, res: ServerResponse, context: ServerContext): void {
  limitWriteTime(res, context.writeTimeoutMs);
  const answered = context.metrics.request(routeKindOf(req.url, context));
  res.once('close', () => answered(res.writableFinished ? res.statusCode : null));
  route(req, res, context).catch((error: unknown) => {
    context.logger.error(`request failed: ${error instanceof Error ? error.message : String(error)}`);
    if (!res.headersSent) sendJson(res, 500, { error: 'internal error' });
    else res.destroy();
  });
}
