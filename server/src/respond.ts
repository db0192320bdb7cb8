// Answers in one shape: JSON with nosniff and no caching, on every route.
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'http';

export const BASE_HEADERS: OutgoingHttpHeaders = {
  'x-content-type-options': 'nosniff',
  'cache-control': 'no-store',
};

/** How long a connection answered with `connection: close` may still send before it is cut. */
const CLOSE_GRACE_MS = 1000;

const writeTimeouts = new WeakMap<ServerResponse, number>();

/**
 * An answer sent with sendJson whose bytes stop leaving for `ms` is cut (the connection closed):
 * a client that asks and never reads would otherwise keep the answer in the server's memory for
 * as long as it keeps the connection open. A slow reader that keeps reading is not cut.
 */
export function limitWriteTime(res: ServerResponse, ms: number): void {
  writeTimeouts.set(res, ms);
}

function cutIfStalled(res: ServerResponse): void {
  const ms = writeTimeouts.get(res);
  if (ms === undefined || res.writableFinished) return;
  let unsent = res.writableLength;
  const timer = setInterval(() => {
    if (res.writableLength >= unsent) res.destroy();
    unsent = res.writableLength;
  }, ms);
  timer.unref();
  const done = () => clearInterval(timer);
  res.once('finish', done);
  res.once('close', done);
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: OutgoingHttpHeaders = {}): void {
  if (res.headersSent || res.destroyed) return;
  const text = JSON.stringify(body);
  res.writeHead(status, {
    ...BASE_HEADERS,
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
  cutIfStalled(res);
}

/**
 * Answers and closes the connection gently: the rest of the body is read and thrown away for a
 * moment, so the client reads this answer instead of a reset (a socket closed with unread data
 * sends RST), and is then cut whatever the client still sends.
 */
export function sendJsonAndClose(req: IncomingMessage, res: ServerResponse, status: number, body: unknown, headers: OutgoingHttpHeaders = {}): void {
  sendJson(res, status, body, { ...headers, connection: 'close' });
  req.resume();
  const socket = req.socket;
  const timer = setTimeout(() => socket.destroy(), CLOSE_GRACE_MS);
  timer.unref();
  socket.once('close', () => clearTimeout(timer));
}
