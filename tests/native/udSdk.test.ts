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

type UdSdk = {
  init(c: object): void;
  trace(type: string, data: object): boolean;
  flush(): Promise<{ pending: number }>;
  buildSessionFrom(input: object): string;
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

  it('rejects invalid data without throwing into the page', () => {
    jest.spyOn(console, 'warn').mockImplementation(() => {});
    const sdk = launch(createFakePlatform());
    const onError = jest.fn();
    sdk.init({ ...config, onError });
    expect(sdk.trace('order', { name: 'no number' })).toBe(false);
    expect(onError.mock.calls[0][0]).toMatchObject({ path: 'order.order_no', name: 'UdeskValidationError' });
  });
});
