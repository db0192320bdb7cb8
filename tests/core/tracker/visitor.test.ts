import fc from 'fast-check';
import { createTracker, UdeskValidationError } from 'taro-udesk/core';
import type { Tracker, TrackerConfig, UdeskError } from 'taro-udesk/core';
import { createVisitorId } from '../../../src/core/tracker/createVisitorId';
import { createFakePlatform } from '../../support/fakePlatform';
import type { FakePlatform } from '../../support/fakePlatform';

const base = {
  appId: 'wx123',
  companyToken: 'secret-company-token-0000',
  companyDomain: 'demo.udesk.cn',
  endpoint: 'https://collector.example.com/batch',
  trajectoryUrl: 'https://trajectory.example.com/',
};
const product = (n: number) => ({ name: `Product ${n}` });
const order = (no: number) => ({ order_no: String(no), name: `Order ${no}`, price: 9.9, order_at: 0, status: 'paid' as const });
const UNIONID = 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o';
const HEX32 = /^[0-9a-f]{32}$/;
// What the app's backend signed for customer_token c-42 (any 64 hex digits: the server checks it).
const HASH = '4288b238d51733afec4d53f2b86ffefafbdb1ff1a198429a1682d9e472b06542';

let warn: jest.SpyInstance;
beforeEach(() => {
  jest.useFakeTimers();
  warn = jest.spyOn(console, 'warn').mockImplementation(() => {});
});
afterEach(() => {
  jest.useRealTimers();
  warn.mockRestore();
});

const settle = () => jest.advanceTimersByTimeAsync(0);
const start = (p: FakePlatform, config: Partial<TrackerConfig> = {}, errors: UdeskError[] = []): Tracker => {
  const t = createTracker({ platform: p.api });
  t.init({ ...base, onError: (e) => errors.push(e), ...config } as TrackerConfig);
  return t;
};
const storedVisitor = (p: FakePlatform) => JSON.parse(p.storage.get('taro-udesk:queue') as string).visitor;

describe('the visitor id', () => {
  it('is 128 random bits, given to events traced before it was read, and the same for the whole launch', async () => {
    const p = createFakePlatform();
    const t = createTracker({ platform: p.api });
    t.trace('product', product(0)); // before init
    t.init(base as TrackerConfig);
    t.trace('product', product(1)); // before the stored queue answered
    expect(t.trajectoryLink()).toBeUndefined();
    await settle();
    t.trace('order', order(1));
    await jest.advanceTimersByTimeAsync(6000);
    const visitors = p.server.accepted.map((e) => e.visitor);
    expect(p.server.accepted).toHaveLength(3);
    expect(visitors[0]).toMatch(HEX32);
    expect(new Set(visitors).size).toBe(1);
    expect(p.server.requests.every((r) => r.body.v === 2)).toBe(true);
    expect(storedVisitor(p)).toBe(visitors[0]);
    t.destroy();
  });

  it('survives a relaunch, and differs between devices', async () => {
    const first = createFakePlatform();
    const a = start(first);
    await settle();
    const link = a.trajectoryLink();
    a.destroy();
    const relaunch = createFakePlatform(undefined, first.storage);
    const b = start(relaunch);
    expect(b.trajectoryLink()).toBeUndefined();
    await settle();
    expect(b.trajectoryLink()).toBe(link);
    b.trace('order', order(1));
    await settle();
    expect(relaunch.server.accepted[0].visitor).toBe(storedVisitor(first));
    const other = start(createFakePlatform());
    await settle();
    expect(other.trajectoryLink()).not.toBe(link);
    b.destroy();
    other.destroy();
  });

  it('is given to the events an older version stored without one', async () => {
    const storage = new Map<string, unknown>();
    const old = { id: 'old.1', session: 'old', seq: 1, type: 'product', at: 1, data: { name: 'Left over' } };
    storage.set('taro-udesk:queue', JSON.stringify({ v: 1, events: [old] }));
    const p = createFakePlatform(undefined, storage);
    const t = start(p);
    await settle();
    expect(p.server.accepted.map((e) => e.id)).toEqual(['old.1']);
    expect(p.server.accepted[0].visitor).toBe(storedVisitor(p));
    t.destroy();
  });

  it('identify(null) starts a new visitor, stored for the next launch; events queued before keep the old one', async () => {
    const p = createFakePlatform((n) => (n === 0 ? 'hold' : 200));
    const t = start(p);
    await settle();
    const before = storedVisitor(p);
    t.trace('order', order(1)); // held in flight
    await settle();
    t.identify(null);
    await settle();
    expect(storedVisitor(p)).toMatch(HEX32);
    expect(storedVisitor(p)).not.toBe(before);
    expect(t.trajectoryLink()).toBe('https://trajectory.example.com/t/' + storedVisitor(p));
    t.trace('order', order(2));
    p.server.release(200);
    await jest.advanceTimersByTimeAsync(100);
    expect(p.server.accepted.map((e) => e.visitor)).toEqual([before, storedVisitor(p)]);
    t.destroy();
    const relaunch = start(createFakePlatform(undefined, p.storage));
    await settle();
    expect(relaunch.trajectoryLink()).toBe(t.trajectoryLink());
    relaunch.destroy();
  });

  it('identify(null) before the stored id is read replaces it all the same', async () => {
    const first = createFakePlatform();
    const a = start(first);
    await settle();
    const old = storedVisitor(first);
    a.destroy();
    const t = createTracker({ platform: createFakePlatform(undefined, first.storage).api });
    t.identify(null);
    t.init(base as TrackerConfig);
    await settle();
    expect(t.trajectoryLink()).toMatch(/\/t\/[0-9a-f]{32}$/);
    expect(t.trajectoryLink()).not.toContain(old);
    t.destroy();
  });

  it('storage that never answers: after 3 s this launch is a new visitor and nothing is lost', async () => {
    const p = createFakePlatform();
    p.api.getStorage = () => undefined;
    const t = start(p);
    t.trace('order', order(1));
    await jest.advanceTimersByTimeAsync(2999);
    expect(p.server.requests).toHaveLength(0);
    await jest.advanceTimersByTimeAsync(1);
    expect(p.server.accepted).toHaveLength(1);
    expect(p.server.accepted[0].visitor).toMatch(HEX32);
    t.destroy();
  });

  it('storage that fails to read or write: events still go, with the visitor, and it never appears in a report', async () => {
    const p = createFakePlatform();
    const errors: UdeskError[] = [];
    let reads = 0;
    const getStorage = p.api.getStorage;
    p.api.getStorage = (o) => (reads++ < 2 ? o.fail({ errMsg: 'getStorage:fail io error' }) : getStorage(o));
    p.api.setStorage = (o) => o.fail && o.fail({ errMsg: 'setStorage:fail quota' });
    const t = start(p, {}, errors);
    for (let i = 0; i < 3; i++) t.trace('product', product(i));
    t.trace('order', order(1));
    await jest.advanceTimersByTimeAsync(10000);
    expect(p.server.accepted).toHaveLength(4);
    const visitor = p.server.accepted[0].visitor!;
    expect(visitor).toMatch(HEX32);
    expect(errors.length).toBeGreaterThan(0);
    for (const e of errors) expect(e.message).not.toContain(visitor);
    for (const call of warn.mock.calls) expect(JSON.stringify(call)).not.toContain(visitor);
    t.destroy();
  });
});

/** Runs `body` as WeChat does: no global `crypto` (restored afterwards, also when it throws). */
async function withoutWebCrypto<T>(body: () => T | Promise<T>): Promise<T> {
  const saved = Object.getOwnPropertyDescriptor(globalThis, 'crypto');
  Object.defineProperty(globalThis, 'crypto', { value: undefined, configurable: true });
  try {
    return await body();
  } finally {
    Object.defineProperty(globalThis, 'crypto', saved!);
  }
}

const bytesOf = (values: number[]) => new Uint8Array(values).buffer;
const PATTERN = [...Array(16).keys()].map((i) => i * 17); // 00 11 22 … ff

describe('the visitor id without Web Crypto (WeChat)', () => {
  it("comes from the platform's getRandomValues, and Math.random plays no part in it", async () => {
    await withoutWebCrypto(async () => {
      const p = createFakePlatform();
      p.api.getRandomValues = (o) => setTimeout(() => o.success({ randomValues: bytesOf(PATTERN) }), 5);
      const random = jest.spyOn(Math, 'random').mockReturnValue(0.5);
      const t = start(p);
      t.trace('order', order(1));
      await jest.advanceTimersByTimeAsync(10);
      expect(p.server.accepted.map((e) => e.visitor)).toEqual(['00112233445566778899aabbccddeeff']);
      expect(t.trajectoryLink()).toBe('https://trajectory.example.com/t/00112233445566778899aabbccddeeff');
      random.mockRestore();
      t.destroy();
    });
  });

  it('after identify(null), events traced while the new id is being made get the new id, not the last person\'s', async () => {
    await withoutWebCrypto(async () => {
      const p = createFakePlatform();
      let next = 0;
      p.api.getRandomValues = (o) => setTimeout(() => o.success({ randomValues: bytesOf(Array(16).fill(next++)) }), 5);
      const t = start(p);
      await jest.advanceTimersByTimeAsync(10);
      t.trace('order', order(1));
      await jest.advanceTimersByTimeAsync(10);
      t.identify(null);
      t.trace('order', order(2)); // before the platform answers
      await jest.advanceTimersByTimeAsync(10);
      expect(p.server.accepted.map((e) => e.visitor)).toEqual(['00'.repeat(16), '01'.repeat(16)]);
      expect(t.trajectoryLink()).toBe('https://trajectory.example.com/t/' + '01'.repeat(16));
      t.destroy();
    });
  });

  it.each([
    ['neither Web Crypto nor the platform has a source', (_p: FakePlatform) => undefined],
    ['the platform fails', (p: FakePlatform) => { p.api.getRandomValues = (o) => o.fail && o.fail({ errMsg: 'getRandomValues:fail' }); }],
    ['the platform throws', (p: FakePlatform) => { p.api.getRandomValues = () => { throw new Error('no'); }; }],
    ['the platform answers fewer than 16 bytes', (p: FakePlatform) => { p.api.getRandomValues = (o) => o.success({ randomValues: bytesOf([1, 2, 3]) }); }],
    ['the platform succeeds without bytes (Taro H5 in production)', (p: FakePlatform) => { p.api.getRandomValues = (o) => o.success({ errMsg: 'not supported' } as never); }],
    ['the platform never answers', (p: FakePlatform) => { p.api.getRandomValues = () => undefined; }],
  ])('%s: no guessable id, no trajectory link, events still go (v1, filed under their session), reported once', async (_, setUp) => {
    await withoutWebCrypto(async () => {
      const p = createFakePlatform();
      setUp(p);
      const errors: UdeskError[] = [];
      const heard: Array<string | undefined> = [];
      const t = createTracker({ platform: p.api });
      t.subscribe(() => heard.push(t.trajectoryLink()));
      t.init({ ...base, onError: (e) => errors.push(e) } as TrackerConfig);
      t.trace('order', order(1));
      await jest.advanceTimersByTimeAsync(5000);
      t.identify(null); // a new person: still no source
      t.trace('order', order(2));
      await jest.advanceTimersByTimeAsync(5000);
      expect(t.trajectoryLink()).toBeUndefined();
      expect(heard.filter((link) => link !== undefined)).toEqual([]);
      expect(p.server.accepted.map((e) => e.data.order_no)).toEqual(['1', '2']);
      expect(p.server.accepted.every((e) => e.visitor === undefined)).toBe(true);
      expect(p.server.requests.every((r) => r.body.v === 1)).toBe(true);
      // The next person is not filed with the last: a new session after identify(null).
      expect(p.server.accepted[0].session).not.toBe(p.server.accepted[1].session);
      expect(storedVisitor(p)).toBeUndefined();
      expect(errors.map((e) => e.message).filter((m) => /random/.test(m))).toEqual([expect.stringMatching(/no cryptographic random source/)]);
      t.destroy();
    });
  });

  it('a stored id (made with a cryptographic source) is kept; after identify(null) without a source it is forgotten, also in storage', async () => {
    const first = createFakePlatform();
    const a = start(first);
    await settle();
    const link = a.trajectoryLink();
    a.destroy();
    await withoutWebCrypto(async () => {
      const p = createFakePlatform(undefined, first.storage);
      const t = start(p);
      await settle();
      expect(t.trajectoryLink()).toBe(link);
      t.identify(null);
      await jest.advanceTimersByTimeAsync(2000);
      expect(t.trajectoryLink()).toBeUndefined();
      t.trace('order', order(1));
      await jest.advanceTimersByTimeAsync(100);
      expect(p.server.accepted.map((e) => e.visitor)).toEqual([undefined]);
      expect(storedVisitor(p)).toBeUndefined();
      t.destroy();
    });
  });
});

describe('identify', () => {
  it('before init: every later event carries the customer, earlier ones do not', async () => {
    const p = createFakePlatform();
    const t = createTracker({ platform: p.api });
    t.trace('product', product(0));
    t.identify({ customer_token: 'c-42', nick_name: '小明', unionid: UNIONID, openid: '' });
    t.trace('product', product(1));
    t.init(base as TrackerConfig);
    t.trace('order', order(1));
    await jest.advanceTimersByTimeAsync(100);
    expect(p.server.accepted.map((e) => e.customer)).toEqual([
      undefined,
      { customer_token: 'c-42', nick_name: '小明', unionid: UNIONID },
      { customer_token: 'c-42', nick_name: '小明', unionid: UNIONID },
    ]);
    t.destroy();
  });

  it('after init, and identify(null) forgets the customer', async () => {
    const p = createFakePlatform();
    const t = start(p);
    await settle();
    t.identify({ openid: UNIONID });
    t.trace('order', order(1));
    t.identify(null);
    t.trace('order', order(2));
    await jest.advanceTimersByTimeAsync(100);
    expect(p.server.accepted.map((e) => e.customer)).toEqual([{ openid: UNIONID }, undefined]);
    t.destroy();
  });

  it('carries the backend’s identity_hash with the customer, in either case of hex digits', async () => {
    const p = createFakePlatform();
    const t = start(p);
    t.identify({ customer_token: 'c-42', nick_name: '小明', identity_hash: HASH });
    t.trace('order', order(1));
    t.identify({ unionid: UNIONID, identity_hash: HASH.toUpperCase() });
    t.trace('order', order(2));
    await jest.advanceTimersByTimeAsync(100);
    expect(p.server.accepted.map((e) => e.customer)).toEqual([
      { customer_token: 'c-42', nick_name: '小明', identity_hash: HASH },
      { unionid: UNIONID, identity_hash: HASH.toUpperCase() },
    ]);
    t.destroy();
  });

  it.each([
    [{ customer_token: 42 }, 'customer.customer_token', /a string/],
    [{ unionid: 'short' }, 'customer.unionid', /unionid/],
    [{ openid: 'has spaces in it, twenty+' }, 'customer.openid', /unionid/],
    [{ nick_name: ['x'] }, 'customer.nick_name', /a string/],
    [{ name: 'x' }, 'customer.name', /identity_hash/],
    [{}, 'customer', /one of/],
    ['c-42', 'customer', /object/],
    [{ customer_token: 'c-42', identity_hash: HASH.slice(1) }, 'customer.identity_hash', /^must be 64 hex digits: HMAC-SHA256/],
    [{ customer_token: 'c-42', identity_hash: `${HASH.slice(1)}g` }, 'customer.identity_hash', /64 hex digits/],
    [{ customer_token: 'c-42', identity_hash: 42 }, 'customer.identity_hash', /64 hex digits/],
    [{ nick_name: '小明', identity_hash: HASH }, 'customer.identity_hash', /^needs customer_token, unionid or openid$/],
  ])('throws a typed error naming the field and the rule for %p', (input, path, rule) => {
    const t = createTracker({ platform: createFakePlatform().api });
    let thrown: unknown;
    try {
      t.identify(input as never);
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(UdeskValidationError);
    expect((thrown as UdeskValidationError).path).toBe(path);
    expect((thrown as UdeskValidationError).rule).toMatch(rule);
  });

  it('takes an identity_hash exactly when it is 64 hex digits (property)', () => {
    const t = createTracker({ platform: createFakePlatform().api });
    const hexDigit = fc.constantFrom(...'0123456789abcdefABCDEF');
    const candidate = fc.oneof(fc.string({ maxLength: 70 }), fc.string({ unit: hexDigit, minLength: 60, maxLength: 68 }));
    fc.assert(fc.property(candidate, (hash) => {
      const take = () => t.identify({ customer_token: 'c-42', identity_hash: hash });
      if (hash === '' || /^[0-9a-f]{64}$/i.test(hash)) expect(take).not.toThrow();
      else expect(take).toThrow(expect.objectContaining({ path: 'customer.identity_hash' }));
    }), { numRuns: 300 });
  });
});

describe('trajectoryLink and subscribe', () => {
  it('is undefined until the id is read, then <trajectoryUrl>/t/<id>; listeners hear each change until unsubscribed', async () => {
    const p = createFakePlatform();
    const t = createTracker({ platform: p.api });
    const heard: Array<string | undefined> = [];
    const unsubscribe = t.subscribe(() => heard.push(t.trajectoryLink()));
    expect(t.trajectoryLink()).toBeUndefined();
    t.init(base as TrackerConfig);
    await settle();
    expect(heard).toEqual([`https://trajectory.example.com/t/${storedVisitor(p)}`]);
    t.identify(null);
    await settle();
    expect(heard).toHaveLength(2);
    expect(heard[1]).toBe(`https://trajectory.example.com/t/${storedVisitor(p)}`);
    unsubscribe();
    t.identify(null);
    await settle();
    expect(heard).toHaveLength(2);
    t.destroy();
  });

  it('is undefined without trajectoryUrl, and trajectoryUrl must be https or loopback http', async () => {
    const t = start(createFakePlatform(), { trajectoryUrl: undefined });
    await settle();
    expect(t.trajectoryLink()).toBeUndefined();
    t.destroy();
    for (const trajectoryUrl of ['http://example.com', 'ftp://x', 'trajectory.example.com', 42]) {
      expect(() => createTracker({ platform: createFakePlatform().api }).init({ ...base, trajectoryUrl } as never)).toThrow(/trajectoryUrl/);
    }
    const local = start(createFakePlatform(), { trajectoryUrl: 'http://127.0.0.1:8787' });
    await settle();
    expect(local.trajectoryLink()).toMatch(/^http:\/\/127\.0\.0\.1:8787\/t\/[0-9a-f]{32}$/);
    local.destroy();
  });
});

describe('createVisitorId', () => {
  const withoutWebCrypto = (run: () => void) => {
    const saved = Object.getOwnPropertyDescriptor(globalThis, 'crypto');
    Object.defineProperty(globalThis, 'crypto', { value: undefined, configurable: true });
    try {
      run();
    } finally {
      Object.defineProperty(globalThis, 'crypto', saved!);
    }
  };

  it("uses the platform's getRandomValues (wx) when there is no Web Crypto", () => {
    const ids: Array<string | undefined> = [];
    const api = createFakePlatform().api;
    api.getRandomValues = (o) => o.success({ randomValues: new Uint8Array([...Array(16).keys()].map((i) => i * 17)).buffer });
    withoutWebCrypto(() => createVisitorId(api, (id) => ids.push(id)));
    expect(ids).toEqual(['00112233445566778899aabbccddeeff']);
  });

  it('makes none (never one from Math.random) when neither exists, the platform fails, or it answers a number', () => {
    const ids: Array<string | undefined> = [];
    const failing = createFakePlatform().api;
    failing.getRandomValues = (o) => o.fail && o.fail({ errMsg: 'getRandomValues:fail' });
    const numeric = createFakePlatform().api;
    numeric.getRandomValues = (o) => o.success({ randomValues: 16 as never }); // would be 16 zero bytes
    withoutWebCrypto(() => {
      createVisitorId(undefined, (id) => ids.push(id));
      createVisitorId(failing, (id) => ids.push(id));
      createVisitorId(numeric, (id) => ids.push(id));
    });
    expect(ids).toEqual([undefined, undefined, undefined]);
  });

  it('answers once, whatever the platform calls', () => {
    const ids: Array<string | undefined> = [];
    const api = createFakePlatform().api;
    api.getRandomValues = (o) => {
      o.success({ randomValues: new Uint8Array(16).fill(7).buffer });
      if (o.fail) o.fail({});
      o.success({ randomValues: new Uint8Array(16).fill(9).buffer });
    };
    withoutWebCrypto(() => createVisitorId(api, (id) => ids.push(id)));
    expect(ids).toEqual(['07'.repeat(16)]);
  });
});
