// GET /metrics (Prometheus' text format) and GET /v1/delivery (the console's delivery figures):
// both behind the admin token (handleRequest.ts checks it), both never CORS-enabled.
import type { ServerResponse } from 'http';
import type { ServerContext } from './ServerContext';
import { BASE_HEADERS, sendJson } from './respond';

export async function sendMetrics(res: ServerResponse, context: ServerContext): Promise<void> {
  const body = await context.metrics.text();
  res.writeHead(200, { ...BASE_HEADERS, 'content-type': context.metrics.contentType, 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

/**
 * `{ settleMs, readAt, apps: [{ appId, settledVisitors, expected, missing, lossRatio, activeVisitors, pending }] }`
 * (docs/server.md, "Delivery loss"); 503 while the store cannot be read.
 */
export async function sendDelivery(res: ServerResponse, context: ServerContext): Promise<void> {
  let figures;
  try {
    figures = await context.figures.read();
  } catch (error) {
    context.logger.error(`reading the delivery figures failed (${(error as Error).name})`);
    return sendJson(res, 503, { error: 'the store is unavailable: retry later' }, { 'retry-after': '1' });
  }
  sendJson(res, 200, { settleMs: context.deliverySettleMs, readAt: figures.readAt, apps: figures.delivery });
}
