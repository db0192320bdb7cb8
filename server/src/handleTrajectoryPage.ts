// GET /t/<visitor id>: the agent's page for a visitor (docs/server.md, "The agent's page"), and
// GET /t/<visitor id>/events, the JSON it polls. The id is the only credential, so:
// - an unknown id, a malformed one and a visitor with no events get byte-for-byte the same
//   answers (the page is one static file; the list is empty), so probing learns nothing;
// - every request is rate-limited per address before anything is looked up;
// - the id never reaches a log line (errors are logged by a fixed text), nor another site (no
//   Referer), nor a search engine (noindex).
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'http';
import type { ServerContext } from './ServerContext';
import type { StoredEvent } from './store/TrajectoryStore';
import { sendJson } from './respond';
import { serveFile } from './serveFile';
import { VISITOR_ID } from './validateEvent';
import { CONSOLE_CSP } from './consoleFiles';

/** Events a page shows at most (the oldest first): a visitor's whole story, in practice. */
export const PAGE_EVENTS = 1000;


export const PRIVATE_HEADERS: OutgoingHttpHeaders = {
  'x-robots-tag': 'noindex, nofollow, noarchive',
  'referrer-policy': 'no-referrer',
  // Not even the page (the same for every id) is kept: the address it was cached under is the id.
  'cache-control': 'no-store',
};

/** `/t/<id>` → { id, rest }, or null when the path is not under /t/. */
export function trajectoryPath(pathname: string): { id: string; rest: string } | null {
  const match = /^\/t\/([^/]*)(\/.*)?$/.exec(pathname);
  return match ? { id: match[1], rest: match[2] ?? '' } : null;
}

async function eventsOf(context: ServerContext, id: string): Promise<StoredEvent[]> {
  const store = context.store();
  // Not a visitor id at all (v1 sessions are [a-z0-9] too): nothing, without asking the store.
  if (store === null || !VISITOR_ID.test(id)) return [];
  // Only v2 events: a v1 session id is ~52 random bits beside a timestamp, not a capability, so
  // its events never show here (they have no `visitor` of their own).
  return (await store.events({ trajectoryOf: id, limit: PAGE_EVENTS })).events.filter((event) => event.event.visitor === event.visitor);
}

export async function handleTrajectoryPage(
  req: IncomingMessage, res: ServerResponse, context: ServerContext, path: { id: string; rest: string },
): Promise<void> {
  const wait = context.pageLimiter.take(context.addressOf(req));
  if (wait > 0) return sendJson(res, 429, { error: 'too many requests: retry later' }, { ...PRIVATE_HEADERS, 'retry-after': String(wait) });
  if (req.method !== 'GET' && req.method !== 'HEAD') return sendJson(res, 405, { error: 'GET only' }, { ...PRIVATE_HEADERS, allow: 'GET, HEAD' });
  if (path.rest === '' || path.rest === '/') {
    return serveFile(req, res, `${context.consoleFiles.dir}/trajectory.html`, CONSOLE_CSP, PRIVATE_HEADERS);
  }
  if (path.rest !== '/events') return sendJson(res, 404, { error: 'not found' }, PRIVATE_HEADERS);
  let id: string;
  try {
    id = decodeURIComponent(path.id);
  } catch {
    id = '';
  }
  let events: StoredEvent[];
  try {
    events = await eventsOf(context, id);
  } catch (error) {
    // A fixed text: a database message could quote the id.
    context.logger.error(`reading a trajectory failed (${(error as Error).name})`);
    return sendJson(res, 503, { error: 'the store is unavailable: retry later' }, { ...PRIVATE_HEADERS, 'retry-after': '1' });
  }
  sendJson(res, 200, { events }, PRIVATE_HEADERS);
}
