// The platform is a mini program API object: `wx`, Taro's `Taro`, or Alipay's `my` can be
// passed as they are, since they share these callback-style signatures. Only what the tracker
// uses is typed, loosely enough for all three.

export interface RequestResult {
  statusCode?: number;
  /** Alipay's name for statusCode. */
  status?: number;
  data?: unknown;
}

export interface MiniProgramApi {
  request(options: {
    url: string;
    method: 'POST';
    data: string;
    header: Record<string, string>;
    headers?: Record<string, string>;
    timeout: number;
    dataType?: string;
    success(result: RequestResult): void;
    fail(error: { errMsg?: string; errorMessage?: string }): void;
  }): { abort?(): void } | unknown;
  getStorage(options: { key: string; success(result: { data: unknown }): void; fail(error: unknown): void }): unknown;
  setStorage(options: { key: string; data: unknown; success?(): void; fail?(error: unknown): void }): unknown;
  onAppShow?(listener: () => void): unknown;
  onAppHide?(listener: () => void): unknown;
  offAppShow?(listener: () => void): unknown;
  offAppHide?(listener: () => void): unknown;
  onNetworkStatusChange?(listener: (result: { isConnected: boolean }) => void): unknown;
  offNetworkStatusChange?(listener: (result: { isConnected: boolean }) => void): unknown;
}

export type RequestOutcome =
  | { status: number; data?: unknown }
  | { error: string };

/** One POST, settled as a status or an error message; a platform that ignores `timeout` is cut off by our own timer. */
export function post(api: MiniProgramApi, url: string, body: string, header: Record<string, string>, timeout: number): Promise<RequestOutcome> {
  return new Promise((resolve) => {
    let done = false;
    let task: { abort?(): void } | undefined;
    const settle = (outcome: RequestOutcome) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      resolve(outcome);
    };
    const timer = setTimeout(() => {
      if (task && task.abort) task.abort();
      settle({ error: 'request:fail timeout' });
    }, timeout + 100);
    try {
      task = api.request({
        url,
        method: 'POST',
        data: body,
        header,
        headers: header,
        timeout,
        dataType: 'text',
        success: (res) => settle({ status: (res.statusCode ?? res.status) as number, data: res.data }),
        fail: (err) => settle({ error: String((err && (err.errMsg || err.errorMessage)) || 'request:fail') }),
      }) as { abort?(): void } | undefined;
    } catch (e) {
      settle({ error: String(e) });
    }
  });
}

/** Reads a storage key; resolves undefined when it is missing or unreadable. */
export function readStorage(api: MiniProgramApi, key: string): Promise<unknown> {
  return new Promise((resolve) => {
    try {
      api.getStorage({ key, success: (res) => resolve(res && res.data), fail: () => resolve(undefined) });
    } catch {
      resolve(undefined);
    }
  });
}

/** Writes a storage key; resolves true once written. */
export function writeStorage(api: MiniProgramApi, key: string, data: unknown): Promise<boolean> {
  return new Promise((resolve) => {
    try {
      api.setStorage({ key, data, success: () => resolve(true), fail: () => resolve(false) });
    } catch {
      resolve(false);
    }
  });
}
