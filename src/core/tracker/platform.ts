// The platform is a mini program API object: `wx`, Taro's `Taro`, or Alipay's `my` can be
// passed as they are, since they share these callback-style signatures. Only what the tracker
// uses is typed, loosely enough for all three.

export interface RequestResult {
  statusCode?: number;
  /** Alipay's name for statusCode. */
  status?: number;
  data?: unknown;
  /** Response headers (`Retry-After` is read from them). */
  header?: Record<string, unknown>;
  /** Alipay's name for header. */
  headers?: Record<string, unknown>;
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
  /** WeChat's cryptographic random bytes (`wx.getRandomValues`), for the visitor id. */
  getRandomValues?(options: { length: number; success(result: { randomValues: ArrayBuffer }): void; fail?(error: unknown): void }): unknown;
  onAppShow?(listener: () => void): unknown;
  onAppHide?(listener: () => void): unknown;
  offAppShow?(listener: () => void): unknown;
  offAppHide?(listener: () => void): unknown;
  onNetworkStatusChange?(listener: (result: { isConnected: boolean }) => void): unknown;
  offNetworkStatusChange?(listener: (result: { isConnected: boolean }) => void): unknown;
}
