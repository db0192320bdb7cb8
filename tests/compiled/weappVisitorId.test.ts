// The visitor id as Taro compiled the demo for WeChat, run in Node as WeChat runs it: no global
// `crypto` (WeChat's JS runtime has none). The id opens the agent's page, so its bits must come
// from wx.getRandomValues (through Taro.getRandomValues), never from Math.random; with no
// cryptographic source at all, there is no link and events still go.
import { parseSessionFrom } from 'taro-udesk';
import type { QueuedEvent } from 'taro-udesk/core';
import { TRAJECTORY_FIELD } from '../../demo/session';
import { buildDir } from '../support/buildDemo';
import { findNodes, loadWeapp, templateOf } from '../support/weappRuntime';

const dir = buildDir('weapp');
const tick = (ms = 0) => new Promise((r) => setTimeout(r, ms));
const PATTERN = [...Array(16).keys()].map((i) => i * 17); // 00 11 22 … ff

let savedCrypto: PropertyDescriptor | undefined;
beforeEach(() => {
  savedCrypto = Object.getOwnPropertyDescriptor(globalThis, 'crypto');
  Object.defineProperty(globalThis, 'crypto', { value: undefined, configurable: true });
});
afterEach(() => {
  Object.defineProperty(globalThis, 'crypto', savedCrypto!);
  jest.restoreAllMocks();
});

/** Opens the contact page, then the product page, hides the app; returns the button's link and what was sent. */
async function browse(randomValues?: (o: { length: number; success(r: { randomValues: ArrayBuffer }): void }) => void) {
  const sent: Array<{ v: number; events: QueuedEvent[] }> = [];
  const appHide: Array<() => void> = [];
  const warnings: string[] = [];
  jest.spyOn(console, 'warn').mockImplementation((...args: unknown[]) => warnings.push(args.map(String).join(' ')));
  const stubs: Record<string, unknown> = {
    request(o: { data: string; success(r: unknown): void }) {
      sent.push(JSON.parse(o.data));
      Promise.resolve().then(() => o.success({ statusCode: 200, data: '{}', header: {}, errMsg: 'request:ok' }));
      return { abort() {} };
    },
    onAppHide: (l: () => void) => appHide.push(l),
    reLaunch: () => undefined,
  };
  if (randomValues) stubs.getRandomValues = randomValues;
  const runtime = loadWeapp(dir, stubs);
  const contact = await runtime.openPage('pages/contact/index');
  const button = templateOf(dir, 'button');
  const sessionFrom = () => {
    const node = findNodes(contact.data.root, (n) => n.uid === 'contact')[0];
    return String(node[button.keys['session-from']]);
  };
  for (let i = 0; i < 50 && !sessionFrom().includes(TRAJECTORY_FIELD); i++) await tick(10);
  const fields = parseSessionFrom(sessionFrom()).customer?.custom_fields as Record<string, unknown> | undefined;
  await runtime.openPage('pages/product/index', { id: '2' });
  await tick(20);
  appHide.forEach((l) => l());
  for (let i = 0; i < 100 && !sent.length; i++) await tick(10);
  return { link: fields && fields[TRAJECTORY_FIELD], sent, warnings };
}

describe('compiled weapp without a global crypto', () => {
  it('makes the visitor id from wx.getRandomValues, not from Math.random', async () => {
    const asked: number[] = [];
    const random = jest.spyOn(Math, 'random');
    const { link, sent } = await browse((o) => {
      asked.push(o.length);
      setTimeout(() => o.success({ randomValues: new Uint8Array(PATTERN).buffer }), 1);
    });
    expect(asked).toEqual([16]);
    expect(link).toBe('http://127.0.0.1:4318/t/00112233445566778899aabbccddeeff');
    expect(sent.flatMap((batch) => batch.events.map((e) => e.visitor))).toEqual(['00112233445566778899aabbccddeeff']);
    expect(sent.every((batch) => batch.v === 2)).toBe(true);
    expect(random).toHaveBeenCalled(); // still used, for the session and retry jitter: the id is not made of it
  });

  it('with no cryptographic source at all (an old base library): no link, and the product view still goes, without a visitor', async () => {
    const { link, sent } = await browse();
    expect(link).toBeUndefined();
    const events = sent.flatMap((batch) => batch.events);
    expect(events.map((e) => [e.type, e.visitor])).toEqual([['product', undefined]]);
    expect(sent.every((batch) => batch.v === 1)).toBe(true);
  });
});
