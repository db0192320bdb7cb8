// GET /t/<visitor id>: the agent's page for a visitor (docs/server.md, "The agent's page"), and
// GET /t/<visitor id>/events, the JSON it polls: one page, newest first, bounded in events and in
// bytes, with cursors for the page before (`?before=`) and for what is stored since (`?after=`).
// The id is the only credential, so:
// - an unknown id, a malformed one and a visitor with no events get byte-for-byte the same
//   answers (the page is one static document; the list is empty), so probing learns nothing;
// - every request is rate-limited per address before anything is looked up, and an address may
//   have only a few reads in progress (a client that asks and never reads holds no more);
// - the id never reaches a log line (errors are logged by a fixed text), nor another site (no
//   Referer), nor a search engine (noindex).
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'http';
import type { ServerContext } from './ServerContext';
import type { StoredEvent, TrajectoryPage } from './store/TrajectoryStore';
import { sendJson } from './respond';
import { sendHtml } from './serveFile';
import { VISITOR_ID } from './validateEvent';
import { consoleHtml } from './consoleFiles';
import { decodeCursor, encodeCursor } from './store/cursor';
import { pickLanguage } from './pickLanguage';
import { HTML_LANG } from './console/messages';

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

class CursorError extends Error {}

/** `?before=` or `?after=`, as canonical cursors; throws CursorError for anything else. */
function cursorsOf(query: URLSearchParams): { before?: string; after?: string } {
  const canonical = (name: 'before' | 'after', from: string): string | undefined => {
    const values = query.getAll(name);
    if (values.length === 0) return undefined;
    const refuse = () => new CursorError(`${name} must be the ${from} of an earlier answer, given once`);
    if (values.length > 1) throw refuse();
    try {
      return encodeCursor('events', decodeCursor('events', values[0]));
    } catch {
      throw refuse();
    }
  };
  const before = canonical('before', 'older');
  const after = canonical('after', 'newer');
  if (before !== undefined && after !== undefined) throw new CursorError('give before or after, not both');
  return { ...(before === undefined ? {} : { before }), ...(after === undefined ? {} : { after }) };
}

/** An unknown visitor's page: empty and, polled after a cursor, saying to poll from there again. */
const unknownPage = (cursors: { after?: string }): TrajectoryPage => ({ events: [], ...(cursors.after === undefined ? {} : { newer: cursors.after }) });

/** What a page shows: the store's page, or, for an id that is not a visitor's, what an unknown one gets. */
async function pageOf(context: ServerContext, id: string, cursors: { before?: string; after?: string }): Promise<TrajectoryPage> {
  const store = context.store();
  // Not a visitor id at all (v1 sessions are [a-z0-9] too): nothing, without asking the store.
  if (store === null || !VISITOR_ID.test(id)) return unknownPage(cursors);
  const page = await store.trajectory({ visitor: id, ...cursors, limit: context.pageEvents, maxBytes: context.pageBytes });
  // Only v2 events: a v1 session id is ~52 random bits beside a timestamp, not a capability, so
  // its events never show here (they have no `visitor` of their own); a page left with none is
  // answered as for an unknown id, cursors included.
  const events = page.events.filter((event: StoredEvent) => event.event.visitor === event.visitor);
  if (events.length === 0 && page.events.length > 0) return unknownPage(cursors);
  return { ...page, events };
}

export async function handleTrajectoryPage(
  req: IncomingMessage, res: ServerResponse, context: ServerContext, path: { id: string; rest: string }, query: URLSearchParams,
): Promise<void> {
  // One key per client (IPv6 by /64, a trusted proxy's forwarded address) for both page limits.
  const address = context.addressOf(req);
  const wait = context.pageLimiter.take(address);
  if (wait > 0) return sendJson(res, 429, { error: 'too many requests: retry later' }, { ...PRIVATE_HEADERS, 'retry-after': String(wait) });
  if (req.method !== 'GET' && req.method !== 'HEAD') return sendJson(res, 405, { error: 'GET only' }, { ...PRIVATE_HEADERS, allow: 'GET, HEAD' });
  if (path.rest === '' || path.rest === '/') {
    // In the language the browser asks for; for each language, one document whatever the id.
    const language = pickLanguage(req.headers['accept-language']);
    return sendHtml(req, res, consoleHtml(context.consoleFiles.dir, 'trajectory', context.imageOrigins, language), context.consoleCsp,
      { ...PRIVATE_HEADERS, vary: 'Accept-Language', 'content-language': HTML_LANG[language] });
  }
  if (path.rest !== '/events') return sendJson(res, 404, { error: 'not found' }, PRIVATE_HEADERS);
  let cursors: { before?: string; after?: string };
  try {
    cursors = cursorsOf(query);
  } catch (error) {
    return sendJson(res, 400, { error: (error as Error).message }, PRIVATE_HEADERS);
  }
  // Held until the answer has reached the socket (or the connection is gone).
  const leave = context.pageReads.enter(`reads\0${address}`);
  if (leave === null) return sendJson(res, 429, { error: 'too many page reads at once: retry later' }, { ...PRIVATE_HEADERS, 'retry-after': '1' });
  res.once('finish', leave);
  res.once('close', leave);
  let id: string;
  try {
    id = decodeURIComponent(path.id);
  } catch {
    id = '';
  }
  let page: TrajectoryPage;
  try {
    page = await pageOf(context, id, cursors);
  } catch (error) {
    // A fixed text: a database message could quote the id.
    context.logger.error(`reading a trajectory failed (${(error as Error).name})`);
    return sendJson(res, 503, { error: 'the store is unavailable: retry later' }, { ...PRIVATE_HEADERS, 'retry-after': '1' });
  }
  sendJson(res, 200, page, PRIVATE_HEADERS);
}
