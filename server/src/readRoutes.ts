// The admin reads: GET /v1/events and GET /v1/visitors, paginated with the store's opaque
// cursors. Both need the admin token and are never CORS-enabled.
import type { ServerResponse } from 'http';
import type { TrajectoryStore } from './store/TrajectoryStore';
import { sendJson } from './respond';
import { InvalidCursorError, InvalidStoreInputError } from './store/storeErrors';
import { unstorableStringReason } from './store/storableText';
import { CUSTOMER_PARAMETER_NAMES, QueryError, checkParameters, customerKeyFromQuery, identifierParameter, singleParameter } from './customerQuery';

export const DEFAULT_PAGE = 100;
export const MAX_PAGE = 1000;

const EVENT_PARAMETERS = ['app', 'visitor', ...CUSTOMER_PARAMETER_NAMES, 'after', 'limit'];
const VISITOR_PARAMETERS = ['after', 'limit'];

function limitOf(query: URLSearchParams, fallback: number): number {
  const raw = singleParameter(query, 'limit');
  if (raw === undefined) return fallback;
  const limit = Number(raw);
  if (!/^\d+$/.test(raw) || limit < 1 || limit > MAX_PAGE) throw new QueryError(`limit must be a whole number from 1 to ${MAX_PAGE}`);
  return limit;
}

function optional(query: URLSearchParams, name: string): string | undefined {
  const value = singleParameter(query, name);
  if (value === undefined) return undefined;
  if (value.length === 0 || value.length > 4096 || unstorableStringReason(value) !== null) {
    throw new QueryError(`${name} must be a non-empty string`);
  }
  return value;
}

/** Whether an error is the caller's (400), not the store's. */
export const isQueryError = (error: unknown): error is Error =>
  error instanceof QueryError || error instanceof InvalidCursorError || error instanceof InvalidStoreInputError;

async function answer(res: ServerResponse, read: () => Promise<unknown>): Promise<void> {
  try {
    sendJson(res, 200, await read());
  } catch (error) {
    if (isQueryError(error)) sendJson(res, 400, { error: error.message });
    // The store's trouble (down, full, hung), not a bug of this route: 503, as for batches.
    else sendJson(res, 503, { error: 'the store is unavailable: retry later' }, { 'retry-after': '1' });
  }
}

export function readEvents(res: ServerResponse, store: TrajectoryStore, query: URLSearchParams): Promise<void> {
  return answer(res, async () => {
    checkParameters(query, EVENT_PARAMETERS);
    return store.events({
      appId: identifierParameter(query, 'app'),
      visitor: identifierParameter(query, 'visitor'),
      customer: customerKeyFromQuery(query),
      after: optional(query, 'after'),
      limit: limitOf(query, DEFAULT_PAGE),
    });
  });
}

export function readVisitors(res: ServerResponse, store: TrajectoryStore, query: URLSearchParams): Promise<void> {
  return answer(res, async () => {
    checkParameters(query, VISITOR_PARAMETERS);
    return store.visitors({ after: optional(query, 'after'), limit: limitOf(query, 20) });
  });
}
