// POST /v1/batch (docs/protocol.md): limit per client address before reading, read within limits,
// check the app and its quotas, store the good events in one transaction and answer only once they
// are committed. No limit keys on what the client says (its visitor id): it would pick a fresh one.
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'http';
import type { BatchResponse } from 'taro-udesk/core';
import type { ServerContext } from './ServerContext';
import { batchCorsHeaders } from './cors';
import { parseBatch } from './parseBatch';
import { readBody } from './readBody';
import { sendJson, sendJsonAndClose } from './respond';
import { isAdmittedApp } from './secrets';

const UNKNOWN_APP = { error: 'unknown app or x-udesk-company-token' };

export async function handleBatch(req: IncomingMessage, res: ServerResponse, context: ServerContext): Promise<void> {
  const cors = batchCorsHeaders(req, context.corsOrigins);
  const token = req.headers['x-udesk-company-token'];
  if (context.apps.size > 0 && typeof token !== 'string') return sendJsonAndClose(req, res, 401, UNKNOWN_APP, cors);
  const wait = context.limiter.take(context.addressOf(req));
  if (wait > 0) return sendJsonAndClose(req, res, 429, { error: 'too many batches from this address: retry later' }, { ...cors, 'retry-after': String(wait) });
  const body = await readBody(req, context.maxBodyBytes, context.bodyTimeoutMs);
  if (body.kind === 'aborted') return;
  if (body.kind === 'tooLarge') {
    return sendJsonAndClose(req, res, 413, { error: `the body is over ${context.maxBodyBytes} bytes: send smaller batches` }, cors);
  }
  if (body.kind === 'timeout') {
    return sendJsonAndClose(req, res, 408, { error: `the body did not arrive within ${context.bodyTimeoutMs} ms` }, cors);
  }
  // Identity hashes are checked only for an admitted app: a stranger's batch costs no HMAC.
  const parsed = parseBatch(body.text, (appId) => (isAdmittedApp(context.apps, appId, token) ? context.identityCheckFor(appId) : undefined));
  if (!parsed.ok) return sendJson(res, 400, { error: parsed.error }, cors);
  const { appId, events, rejected, rejectedKinds } = parsed.batch;
  if (!isAdmittedApp(context.apps, appId, token)) return sendJson(res, 401, UNKNOWN_APP, cors);
  const quotaWait = context.quotas.take(appId, events.length, body.bytes);
  if (quotaWait > 0) return sendJson(res, 429, { error: 'this app is over its quota of events or bytes a minute: retry later' }, { ...cors, 'retry-after': String(quotaWait) });
  const store = context.store();
  const unavailable: OutgoingHttpHeaders = { ...cors, 'retry-after': '1' };
  // A batch that began before close() is finished (close waits for it); the store refuses any
  // later one, answered 503 below so the client resends it elsewhere or later.
  if (store === null) return sendJson(res, 503, { error: 'not ready: retry later' }, unavailable);

  let stored = 0;
  let duplicates = 0;
  if (events.length > 0) {
    try {
      const result = await store.insert(appId, events);
      stored = result.stored.length;
      duplicates = result.duplicates;
      context.live.publish(result.stored);
    } catch (error) {
      // The store's trouble, not the client's: 503 so the tracker keeps the events and retries.
      context.logger.error(`storing a batch failed: ${(error as Error).message}`);
      return sendJson(res, 503, { error: 'the store is unavailable: retry later' }, unavailable);
    }
  }
  context.stats.accepted += stored;
  context.stats.duplicates += duplicates;
  context.stats.rejected += rejected.length;
  context.metrics.events(stored, duplicates, rejectedKinds);
  const answer: BatchResponse = { accepted: stored, duplicates, rejected };
  sendJson(res, 200, answer, cors);
}
