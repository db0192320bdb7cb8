// CORS for batches only: a browser shop on one of the listed origins may POST; nothing else is
// ever CORS-enabled (reads carry customers' data and the admin token), and never with `*`.
import type { IncomingMessage, OutgoingHttpHeaders } from 'http';

/** The headers a batch answer carries for this request's origin: none unless it is listed. */
export function batchCorsHeaders(req: IncomingMessage, allowedOrigins: ReadonlySet<string>): OutgoingHttpHeaders {
  const origin = req.headers.origin;
  // Vary in every case: a cache must not hand one origin's answer to another.
  if (typeof origin !== 'string' || !allowedOrigins.has(origin)) return { vary: 'Origin' };
  return { vary: 'Origin', 'access-control-allow-origin': origin };
}

/** The answer to a preflight for POST /v1/batch. */
export function preflightHeaders(req: IncomingMessage, allowedOrigins: ReadonlySet<string>): OutgoingHttpHeaders {
  const headers = batchCorsHeaders(req, allowedOrigins);
  if (!headers['access-control-allow-origin']) return headers;
  return {
    ...headers,
    'access-control-allow-methods': 'POST',
    'access-control-allow-headers': 'content-type, x-udesk-company-token',
    'access-control-max-age': '600',
  };
}
