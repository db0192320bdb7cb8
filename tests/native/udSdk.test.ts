// The native drop-in as built (dist/native/ud-sdk.js, `npm test` builds it), loaded in Node
// with a stubbed `wx` global, as a native mini program would load it from utils/.
import { readFileSync } from 'fs';
import { join } from 'path';
import { parse } from 'acorn';
import { buildSessionFrom } from 'taro-udesk/core';
import { createFakePlatform } from '../support/fakePlatform';
import type { FakePlatform } from '../support/fakePlatform';

const file = join(__dirname, '..', '..', 'dist', 'native', 'ud-sdk.js');
const config = { appId: 'wx1', companyToken: 't', companyDomain: 'demo.udesk.cn', endpoint: 'https://c.example.com/b' };
const order = (no: string) => ({ order_no: no, name: 'o', price: 1, order_at: new Date(0), status: 'paid' as const });
// What an app's backend signed for this customer (signCustomerIdentity): 64 hex digits.
const HASH = '4288b238d51733afec4d53f2b86ffefafbdb1ff1a198429a1682d9e472b06542';

type UdSdk = {
  init(c: object): void;
  trace(type: string, data: object): boolean;
  flush(): Promise<{ pending: number }>;
  buildSessionFrom(input: object): string;
  identify(customer: object | null): void;
  trajectoryLink(): string | undefined;
  subscribe(listener: () => void): () => void;
  default: UdSdk;
};

/** A fresh launch: the file evaluated again with `wx` set to this platform. */
const launch = (p: FakePlatform): UdSdk => {
  (globalThis as Record<string, unknown>).wx = p.api;
  let sdk: UdSdk | undefined;
  jest.isolateModules(() => {
    sdk = require(file);
  });
  return sdk!;
};

beforeEach(() => jest.useFakeTimers());
afterEach(() => {
  jest.useRealTimers();
  delete (globalThis as Record<string, unknown>).wx;
});

describe('dist/native/ud-sdk.js', () => {
  const code = readFileSync(file, 'utf8');

  it('is one ES5 file with no imports', () => {
    expect(() => parse(code, { ecmaVersion: 5 })).not.toThrow();
    expect(code).not.toMatch(/\brequire\(|regeneratorRuntime/);
  });

  it('is used as Udesk documents: default export with init and trace, and buildSessionFrom', () => {
    const sdk = launch(createFakePlatform());
    expect(sdk.default).toBe(sdk);
    expect(typeof sdk.init).toBe('function');
    const input = { nickName: 'x|customer^{}', customer: { customer_name: 'J', customer_token: 't1' } };
    expect(sdk.buildSessionFrom(input)).toBe(buildSessionFrom(input));
  });

  it('delivers traces from before and after init, through a failing network and a relaunch, each once', async () => {
    jest.spyOn(console, 'warn').mockImplementation(() => {});
    const first = createFakePlatform(() => 'network');
    const a = launch(first);
    expect(a.trace('product', { name: 'before init' })).toBe(true);
    a.init(config);
    a.trace('order', order('1'));
    a.trace('product', { name: 'after init' });
    await jest.advanceTimersByTimeAsync(3000); // sends fail; the queue is stored
    first.hide();
    await jest.advanceTimersByTimeAsync(10);
    first.kill();
    expect(first.server.accepted).toHaveLength(0);

    const second = createFakePlatform(() => 200, first.storage, first.server);
    const b = launch(second);
    b.init(config);
    b.trace('order', order('2'));
    await jest.advanceTimersByTimeAsync(100);
    expect(await b.flush()).toEqual({ pending: 0 });
    const got = first.server.accepted.map((e) => (e.type === 'order' ? `order ${e.data.order_no}` : e.data.name));
    expect(got).toEqual(['before init', 'order 1', 'after init', 'order 2']);
    expect(first.server.duplicates).toBe(0);
    expect(new Set(first.server.accepted.map((e) => e.id)).size).toBe(4);
  });

  it('identify: later events carry the customer, a bad field throws naming it, identify(null) is a new visitor kept across a relaunch', async () => {
    const p = createFakePlatform();
    const sdk = launch(p);
    expect(() => sdk.identify({ customer_token: 'c-7', identity_hash: 'not-hex' })).toThrow(expect.objectContaining({ name: 'UdeskValidationError', path: 'customer.identity_hash' }));
    sdk.identify({ customer_token: 'c-7', identity_hash: HASH }); // before init; the hash from the app's backend
    expect(() => sdk.identify({ unionid: 'x' })).toThrow(expect.objectContaining({ name: 'UdeskValidationError', path: 'customer.unionid' }));
    sdk.init({ ...config, trajectoryUrl: 'https://t.example.com' });
    let heard = 0;
    sdk.subscribe(() => heard++);
    expect(sdk.trajectoryLink()).toBeUndefined();
    sdk.trace('order', order('1'));
    await jest.advanceTimersByTimeAsync(100);
    const first = sdk.trajectoryLink();
    expect(first).toMatch(/^https:\/\/t\.example\.com\/t\/[0-9a-f]{32}$/);
    expect(heard).toBe(1);
    sdk.identify(null);
    sdk.trace('order', order('2'));
    await jest.advanceTimersByTimeAsync(100);
    const second = sdk.trajectoryLink();
    expect(second).not.toBe(first);
    expect(p.server.accepted.map((e) => [e.customer, 't/' + e.visitor])).toEqual([
      [{ customer_token: 'c-7', identity_hash: HASH }, first!.slice(first!.indexOf('t/', 9))],
      [undefined, second!.slice(second!.indexOf('t/', 9))],
    ]);
    const relaunch = launch(createFakePlatform(undefined, p.storage));
    relaunch.init({ ...config, trajectoryUrl: 'https://t.example.com' });
    await jest.advanceTimersByTimeAsync(100);
    expect(relaunch.trajectoryLink()).toBe(second);
  });

  it('without a global crypto (WeChat), makes the visitor id from wx.getRandomValues; with no source at all, no link', async () => {
    const saved = Object.getOwnPropertyDescriptor(globalThis, 'crypto');
    Object.defineProperty(globalThis, 'crypto', { value: undefined, configurable: true });
    try {
      const p = createFakePlatform();
      p.api.getRandomValues = (o) => o.success({ randomValues: new Uint8Array([...Array(16).keys()].map((i) => i * 17)).buffer });
      const sdk = launch(p);
      sdk.init({ ...config, trajectoryUrl: 'https://t.example.com' });
      await jest.advanceTimersByTimeAsync(100);
      expect(sdk.trajectoryLink()).toBe('https://t.example.com/t/00112233445566778899aabbccddeeff');
      jest.spyOn(console, 'warn').mockImplementation(() => {});
      const none = launch(createFakePlatform());
      none.init({ ...config, trajectoryUrl: 'https://t.example.com' });
      none.trace('order', order('1'));
      await jest.advanceTimersByTimeAsync(2000);
      expect(none.trajectoryLink()).toBeUndefined();
    } finally {
      Object.defineProperty(globalThis, 'crypto', saved!);
    }
  });

  it('rejects invalid data without throwing into the page', () => {
    jest.spyOn(console, 'warn').mockImplementation(() => {});
    const sdk = launch(createFakePlatform());
    const onError = jest.fn();
    sdk.init({ ...config, onError });
    expect(sdk.trace('order', { name: 'no number' })).toBe(false);
    expect(onError.mock.calls[0][0]).toMatchObject({ path: 'order.order_no', name: 'UdeskValidationError' });
  });

  describe('the edge fixes of the core (issue 13, defects 1-3)', () => {
    beforeEach(() => jest.spyOn(console, 'warn').mockImplementation(() => {}));
    afterEach(() => jest.restoreAllMocks());
    const stored = (p: FakePlatform) => JSON.parse(String(p.storage.get('taro-udesk:queue'))).events as Array<{ data: { name: string } }>;

    it('1: never overwrites the stored queue when wx.getStorage fails', async () => {
      const first = createFakePlatform(() => 'network');
      const a = launch(first);
      a.init(config);
      for (let i = 0; i < 20; i++) a.trace('product', { name: `old ${i}` });
      await jest.advanceTimersByTimeAsync(1000);
      first.hide();
      await jest.advanceTimersByTimeAsync(10);
      first.kill();

      const second = createFakePlatform(() => 'network', first.storage);
      second.api.getStorage = (o: { fail(e: unknown): void }) => Promise.resolve().then(() => o.fail({ errMsg: 'getStorage:fail internal error' }));
      const b = launch(second);
      b.init(config);
      b.trace('order', order('new'));
      await jest.advanceTimersByTimeAsync(20_000);
      second.hide();
      await jest.advanceTimersByTimeAsync(10);
      second.kill();
      expect(stored(second).map((e) => e.data.name)).toEqual(Array.from({ length: 20 }, (_, i) => `old ${i}`));
    });

    it('2: refuses an event over 32 KB at trace(), and drops malformed stored events at load', async () => {
      const onError = jest.fn();
      const storage = new Map<string, unknown>([['taro-udesk:queue', JSON.stringify({ v: 1, events: [{ id: 'x.1' }] })]]);
      const p = createFakePlatform(() => 200, storage);
      const sdk = launch(p);
      sdk.init({ ...config, onError });
      expect(sdk.trace('product', { name: 'x'.repeat(70_000) })).toBe(false);
      sdk.trace('order', order('1'));
      await jest.advanceTimersByTimeAsync(100);
      expect(p.server.accepted.map((e) => e.data.order_no)).toEqual(['1']);
      expect(p.server.requests.every((r) => r.body.events.every((e) => e.data))).toBe(true);
      expect(onError).toHaveBeenCalledTimes(2);
    });

    it('3: caps the stored queue by bytes, so that it fits one storage key', async () => {
      const p = createFakePlatform(() => 'network');
      const sdk = launch(p);
      sdk.init(config);
      for (let i = 0; i < 500; i++) sdk.trace('product', { name: `View ${i} ` + 'x'.repeat(2200) });
      await jest.advanceTimersByTimeAsync(1000);
      const text = String(p.storage.get('taro-udesk:queue'));
      expect(text.length).toBeLessThanOrEqual(512 * 1024);
      const events = stored(p);
      expect(events[events.length - 1].data.name).toMatch(/^View 499 /);
    });
  });
});
