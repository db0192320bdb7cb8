import type { MiniProgramApi } from './platform';

/** How one request ended: an HTTP answer (`status`, its parsed body and headers) or a failure (`error`). */
export interface DeliveryResult {
  status: number;
  error?: string;
  body?: unknown;
  headers?: Record<string, unknown>;
}

export interface Delivery {
  /** A request is in flight. */
  readonly busy: () => boolean;
  /** POSTs `data`; `done` is called once, also when no answer came within the timeout. */
  send(data: string, done: (result: DeliveryResult) => void): void;
  /** Forgets the request in flight: its answer is ignored. */
  cancel(): void;
}

export interface DeliveryOptions {
  url: string;
  companyToken: string;
  /** ms; the platform is asked for it, and our own guard fires 100 ms later. */
  timeout: number;
}

/** The answer's body as JSON when it is JSON text, else as given. */
const parseBody = (data: unknown): unknown => {
  if (typeof data !== 'string') return data;
  try {
    return JSON.parse(data);
  } catch {
    return undefined;
  }
};

/**
 * Delivery: one request in flight at a time, each with a guard timer, since not every platform
 * honours `timeout`. The token goes in a header only.
 */
export function createDelivery(api: MiniProgramApi, options: DeliveryOptions): Delivery {
  let current: { task?: { abort?(): void }; guard?: ReturnType<typeof setTimeout>; done?: (result: DeliveryResult) => void } | undefined;
  const header = { 'content-type': 'application/json', 'x-udesk-company-token': options.companyToken };
  const finish = (request: NonNullable<typeof current>, result: DeliveryResult) => {
    if (current !== request) return; // answered twice, timed out already, or cancelled
    current = undefined;
    clearTimeout(request.guard);
    request.done!(result);
  };
  return {
    busy: () => !!current,
    send(data, done) {
      const request: NonNullable<typeof current> = { done };
      current = request;
      request.guard = setTimeout(() => {
        if (request.task && request.task.abort) request.task.abort();
        finish(request, { status: 0, error: 'timeout' });
      }, options.timeout + 100);
      try {
        request.task = api.request({
          url: options.url,
          method: 'POST',
          data,
          header,
          headers: header, // Alipay's name
          timeout: options.timeout,
          dataType: 'text',
          success: (res) =>
            finish(request, { status: Number(res.statusCode || res.status) || 0, body: parseBody(res.data), headers: res.header || res.headers }),
          fail: (err) => finish(request, { status: 0, error: (err && (err.errMsg || err.errorMessage)) || 'request:fail' }),
        }) as { abort?(): void };
      } catch (e) {
        finish(request, { status: 0, error: 'request threw: ' + String(e) });
      }
    },
    cancel() {
      if (current) clearTimeout(current.guard);
      current = undefined;
    },
  };
}
