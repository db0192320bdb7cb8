// Erasure and access (PIPL articles 47 and 45; issue 19, item 3), admin routes:
// - DELETE /v1/visitors/<visitor id> and DELETE /v1/customers?customer_token=|unionid=|openid=
//   erase in bounded steps (each one transaction: batches and reads go between them) and answer
//   how many events went; the store remembers the erasure, so a re-sent queue stores nothing.
// - GET /v1/export?visitor=|customer_token=|unionid=|openid= streams the data as NDJSON.
import type { ServerResponse } from 'http';
import type { ErasureTarget, TrajectoryStore } from './store/TrajectoryStore';
import { sendJson } from './respond';
import { isQueryError } from './readRoutes';
import { CUSTOMER_PARAMETER_NAMES, QueryError, checkParameters, customerKeyFromQuery, identifierParameter } from './customerQuery';
import { MAX_ID_LENGTH } from './validateEvent';
import { streamExport } from './streamExport';

const TARGET_PARAMETERS = ['visitor', ...CUSTOMER_PARAMETER_NAMES];

/** `/v1/visitors/<id>` → the visitor id, decoded; null for any other path. */
export function visitorPath(pathname: string): string | null {
  const match = /^\/v1\/visitors\/([^/]+)$/.exec(pathname);
  if (match === null) return null;
  try {
    return decodeURIComponent(match[1]);
  } catch {
    return '';
  }
}

/** The one visitor or customer a query names. */
export function targetFromQuery(query: URLSearchParams, allowVisitor: boolean): ErasureTarget {
  checkParameters(query, allowVisitor ? TARGET_PARAMETERS : CUSTOMER_PARAMETER_NAMES);
  const visitor = allowVisitor ? identifierParameter(query, 'visitor') : undefined;
  const customer = customerKeyFromQuery(query);
  if (visitor !== undefined && customer !== undefined) throw new QueryError('give a visitor or a customer, not both');
  if (visitor !== undefined) return { visitor };
  if (customer !== undefined) return { customer };
  throw new QueryError(`give one of ${(allowVisitor ? TARGET_PARAMETERS : CUSTOMER_PARAMETER_NAMES).join(', ')}`);
}

/** Erases the target to the end, step after step; how many events and visitors went. */
export async function eraseAll(store: TrajectoryStore, target: ErasureTarget): Promise<{ events: number; visitors: number }> {
  if (store.erase === undefined) throw new Error('this store cannot erase');
  let events = 0;
  let visitors = 0;
  for (;;) {
    const step = await store.erase(target);
    events += step.events;
    visitors = Math.max(visitors, step.visitors);
    if (!step.more) return { events, visitors };
    // Batches waiting for the store go before the next step.
    await new Promise((resolve) => setImmediate(resolve));
  }
}

async function answerErasure(res: ServerResponse, store: TrajectoryStore, target: () => ErasureTarget): Promise<void> {
  let chosen: ErasureTarget;
  try {
    chosen = target();
  } catch (error) {
    if (isQueryError(error)) return sendJson(res, 400, { error: error.message });
    throw error;
  }
  if (store.erase === undefined) return sendJson(res, 501, { error: 'this store cannot erase' });
  try {
    sendJson(res, 200, await eraseAll(store, chosen));
  } catch (error) {
    if (isQueryError(error)) return sendJson(res, 400, { error: error.message });
    // What went stays gone and the erasure is remembered: asking again finishes it.
    sendJson(res, 503, { error: 'the store is unavailable: ask again to finish the erasure' }, { 'retry-after': '1' });
  }
}

/** DELETE /v1/visitors/<id>: `{ events, visitors }`. */
export function eraseVisitor(res: ServerResponse, store: TrajectoryStore, visitor: string): Promise<void> {
  return answerErasure(res, store, () => {
    if (visitor.length === 0 || visitor.length > MAX_ID_LENGTH) throw new QueryError(`the visitor id must be 1 to ${MAX_ID_LENGTH} characters`);
    return { visitor };
  });
}

/** DELETE /v1/customers?customer_token=…: `{ events, visitors }`. */
export function eraseCustomer(res: ServerResponse, store: TrajectoryStore, query: URLSearchParams): Promise<void> {
  return answerErasure(res, store, () => targetFromQuery(query, false));
}

/** GET /v1/export?…: NDJSON. */
export async function exportData(res: ServerResponse, store: TrajectoryStore, query: URLSearchParams): Promise<void> {
  let target: ErasureTarget;
  try {
    target = targetFromQuery(query, true);
  } catch (error) {
    if (isQueryError(error)) return sendJson(res, 400, { error: error.message });
    throw error;
  }
  return streamExport(res, store, target);
}
