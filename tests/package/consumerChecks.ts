// What the package tests check in a consumer app's compiled mini program output, run in Node
// with the platform's API object stubbed (`wx`, `qq`, `my`, `tt`): the contact button's
// attributes and the traced request.
import { readFileSync } from 'fs';
import * as acorn from 'acorn';
import { buildSessionFrom } from 'taro-udesk';
import { jsFiles } from '../support/buildConsumer';
import { findNodes, loadMiniProgram, templateOf, type MiniPlatform, type TaroNode } from '../support/weappRuntime';

/** The page's input (tests/package/app/index.tsx), and the init of tests/package/app/app.ts. */
export const pageSession = { nickName: 'jack', customer: { customer_name: 'Jack', customer_token: 'consumer-1' }, note: { title: 'Order 1' } };
/** What the page gives Alipay's contact-button and Douyin's IM button. */
export const pageAlipay = { tntInstId: 'consumer-tnt', scene: 'consumer-scene' };
export const pageImId = 'consumer-douyin';
export const ENDPOINT = 'https://api.example.com/udesk/trajectory';
export const TOKEN = 'consumer-company-token';

interface Sent {
  url: string;
  method?: string;
  header: Record<string, string>;
  body: { events: Array<{ type: string; data: Record<string, unknown> }> };
}

/** How each platform answers a request and a read of a key never written, as its documentation
 * gives them: WeChat's and QQ's `statusCode`/`header` and "data not found"; Douyin's
 * `statusCode`/`header` and `data: ""` (tt.request, tt.getStorage); Alipay's `status`/`headers`
 * (my.request, my.httpRequest) and `data: null`. Taro passes them through its adapter as it does
 * on the device. */
const ANSWERS: Record<MiniPlatform, { ok: Record<string, unknown>; notStored(o: StorageRead): void }> = {
  weapp: { ok: { statusCode: 200, data: '{}', header: {}, errMsg: 'request:ok' }, notStored: (o) => o.fail({ errMsg: 'getStorage:fail data not found' }) },
  qq: { ok: { statusCode: 200, data: '{}', header: {}, errMsg: 'request:ok' }, notStored: (o) => o.fail({ errMsg: 'getStorage:fail data not found' }) },
  tt: { ok: { statusCode: 200, data: '{}', header: {}, errMsg: 'request:ok' }, notStored: (o) => o.success({ data: '', errMsg: 'getStorage:ok' }) },
  alipay: { ok: { status: 200, data: '{}', headers: {} }, notStored: (o) => o.success({ data: null }) },
};

interface StorageRead {
  key: string;
  success(result: { data: unknown; errMsg?: string }): void;
  fail(error: unknown): void;
}

export interface PlatformRun {
  /** The rendered `tag`'s attributes, by the names the base template binds them to. */
  attributes: Record<string, unknown>;
  /** The rendered node itself (its data keys). */
  node?: TaroNode;
  /** Requests sent after the app hid. */
  sent: Sent[];
  /** The platform's request and storage APIs the app called, by name, in order. */
  calls: string[];
  /** What the app stored, by key. */
  storage: Map<string, unknown>;
}

/**
 * Opens the page of a build for `platform` in Node, with the platform's API object stubbed as it
 * answers; returns the rendered `tag` (read through the base template's attribute -> key mapping)
 * and the platform calls made until the traced view was sent after the app hid. `hasRequest`
 * false is an Alipay base library without my.request (Taro then binds my.httpRequest).
 */
export async function runPlatformPage(dir: string, platform: MiniPlatform, tag: string, hasRequest = true): Promise<PlatformRun> {
  const sent: Sent[] = [];
  const calls: string[] = [];
  const storage = new Map<string, unknown>();
  const appHide: Array<() => void> = [];
  const answers = ANSWERS[platform];
  const request = (name: string) => (o: { url: string; method?: string; data: string; header?: Record<string, string>; headers?: Record<string, string>; success(r: unknown): void }) => {
    calls.push(name);
    sent.push({ url: o.url, method: o.method, header: o.header || o.headers || {}, body: JSON.parse(o.data) });
    Promise.resolve().then(() => o.success({ ...answers.ok }));
    return { abort() {} };
  };
  const runtime = loadMiniProgram(dir, platform, {
    canIUse: (name: string) => hasRequest || name !== 'request',
    request: request('request'),
    ...(platform === 'alipay' ? { httpRequest: request('httpRequest') } : {}),
    getStorage(o: StorageRead) {
      calls.push('getStorage');
      Promise.resolve().then(() => (storage.has(o.key) ? o.success({ data: storage.get(o.key) }) : answers.notStored(o)));
    },
    setStorage(o: { key: string; data: unknown; success?(r: unknown): void }) {
      calls.push('setStorage');
      storage.set(o.key, o.data);
      Promise.resolve().then(() => o.success && o.success({}));
    },
    onAppHide: (listener: () => void) => appHide.push(listener),
  });
  const page = await runtime.openPage('pages/index/index');
  const template = templateOf(dir, tag, platform);
  const [node] = findNodes(page.data.root, (n) => n.nn === template.nn);
  const attributes: Record<string, unknown> = {};
  for (const [attribute, key] of Object.entries(template.keys)) if (node && node[key] !== undefined) attributes[attribute] = node[key];
  await new Promise((r) => setTimeout(r, 50));
  appHide.forEach((listener) => listener()); // product views wait for a batch, or for the app to hide
  for (let i = 0; i < 50 && !sent.length; i++) await new Promise((r) => setTimeout(r, 10));
  return { attributes, node, sent, calls, storage };
}

/** Opens the page of a weapp build; returns the button's session-from and the requests sent after the app hid. */
export async function runWeappPage(dir: string): Promise<{ sessionFrom: unknown; sent: Sent[] }> {
  const { attributes, sent } = await runPlatformPage(dir, 'weapp', 'button');
  return { sessionFrom: attributes['session-from'], sent };
}

/** The traced product view, sent once to the endpoint with the company token. */
export function expectViewSent(sent: Sent[]): void {
  expect(sent).toHaveLength(1);
  expect(sent[0].url).toBe(ENDPOINT);
  expect(Object.values(sent[0].header)).toContain(TOKEN);
  expect(sent[0].body.events.map((e) => [e.type, e.data.name])).toEqual([['product', 'Consumer fixture product']]);
}

export function expectPageWorks({ sessionFrom, sent }: Awaited<ReturnType<typeof runWeappPage>>): void {
  expect(sessionFrom).toBe(buildSessionFrom(pageSession));
  expectViewSent(sent);
}

/** Files of a build whose JavaScript holds any of `texts`, with the texts found. */
export function filesContaining(dir: string, texts: string[]): string[] {
  return jsFiles(dir).flatMap((file) => {
    const code = readFileSync(file, 'utf8');
    const found = texts.filter((text) => code.includes(text));
    return found.length ? [`${file}: ${found.map((t) => JSON.stringify(t)).join(', ')}`] : [];
  });
}

/** Files of a build that do not parse as `ecmaVersion` (scripts for weapp, modules tolerated for H5). */
export function filesNewerThan(dir: string, ecmaVersion: number): string[] {
  return jsFiles(dir).flatMap((file) => {
    try {
      acorn.parse(readFileSync(file, 'utf8'), { ecmaVersion: ecmaVersion as acorn.ecmaVersion, sourceType: 'script' });
      return [];
    } catch (e) {
      return [`${file}: ${(e as Error).message}`];
    }
  });
}
