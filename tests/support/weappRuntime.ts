// Runs Taro's compiled mini program output in Node: WeChat's (and, alike, QQ's, Alipay's and
// Douyin's). The platform's API object (`wx`, `qq`, `my`, `tt`), `App`, `Page` and
// `getCurrentPages` are stubs, the rest is exactly what Taro built. Pages render through
// `setData`, whose payloads are applied to `page.data` as the platform would, so tests read the
// same tree the base templates bind.
import { readFileSync } from 'fs';
import { join } from 'path';

export type TaroNode = Record<string, unknown> & { nn?: string; uid?: string; v?: string; cn?: TaroNode[] };

export interface WeappPage {
  route: string;
  data: { root?: TaroNode };
  onLoad?(query: Record<string, string>): void;
  onShow?(): void;
  onHide?(): void;
  onUnload?(): void;
  onReady?(): void;
  [key: string]: unknown;
}

export type MiniPlatform = 'weapp' | 'qq' | 'alipay' | 'tt';

/** Each platform's global API object and the file Taro writes its templates to. */
export const MINI_PLATFORMS: Record<MiniPlatform, { api: string; baseTemplate: string }> = {
  weapp: { api: 'wx', baseTemplate: 'base.wxml' },
  qq: { api: 'qq', baseTemplate: 'base.qml' },
  alipay: { api: 'my', baseTemplate: 'base.axml' },
  tt: { api: 'tt', baseTemplate: 'base.ttml' },
};

/** The template Taro generated for a tag in the base template: its node name and attribute -> data key. */
export function templateOf(dir: string, tag: string, platform: MiniPlatform = 'weapp'): { nn: string; keys: Record<string, string> } {
  const { baseTemplate } = MINI_PLATFORMS[platform];
  const wxml = readFileSync(join(dir, baseTemplate), 'utf8');
  const m = new RegExp(`<template name="tmpl_0_([\\w-]+)">\\s*<${tag}\\s([^>]*)>`).exec(wxml);
  if (!m) throw new Error(`no <${tag}> template in ${baseTemplate}`);
  const keys: Record<string, string> = {};
  for (const [, attr, key] of m[2].matchAll(/([\w-]+)="\{\{[^}]*?\bi\.(\w+)[^}]*\}\}"/g)) keys[attr] = key;
  return { nn: m[1], keys };
}

/** Applies a setData payload (`root.cn[0].cn[1].v`-style paths) to `data`. */
function applySetData(data: Record<string, unknown>, payload: Record<string, unknown>) {
  for (const [path, value] of Object.entries(payload)) {
    const parts = path.replace(/\[(\d+)\]/g, '.$1').split('.');
    let target = data as Record<string, unknown>;
    for (let i = 0; i < parts.length - 1; i++) {
      if (target[parts[i]] == null) target[parts[i]] = /^\d+$/.test(parts[i + 1]) ? [] : {};
      target = target[parts[i]] as Record<string, unknown>;
    }
    target[parts[parts.length - 1]] = value;
  }
}

export function findNodes(node: TaroNode | undefined, match: (n: TaroNode) => boolean, out: TaroNode[] = []): TaroNode[] {
  if (!node) return out;
  if (match(node)) out.push(node);
  for (const child of node.cn || []) findNodes(child, match, out);
  return out;
}

/** All text under a node, as the user would read it. */
export const textOf = (node: TaroNode): string => (node.v || '') + (node.cn || []).map(textOf).join('');

export interface WeappRuntime {
  /** The platform's API object as the app sees it (`wx`, `qq`, `my` or `tt`). */
  wx: Record<string, unknown>;
  /** Creates a page instance the way WeChat does and runs onLoad, onShow, onReady. */
  openPage(route: string, query?: Record<string, string>): Promise<WeappPage>;
  app: Record<string, unknown>;
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

/**
 * Loads `app.js` of a compiled weapp build with `wx` (extra stubs may be passed) and returns
 * a runtime that opens pages. Each call is a fresh launch of the app.
 */
export function loadWeapp(dir: string, wxStubs: Record<string, unknown> = {}): WeappRuntime {
  return loadMiniProgram(dir, 'weapp', wxStubs);
}

/**
 * Loads `app.js` of a compiled build for `platform` with its API object under the platform's
 * global name (`apiStubs` replace or add members) and returns a runtime that opens pages. Each
 * call is a fresh launch of the app.
 */
export function loadMiniProgram(dir: string, platform: MiniPlatform, apiStubs: Record<string, unknown> = {}): WeappRuntime {
  jest.resetModules(); // a fresh launch: app.js and the pages evaluate again
  const pages: Record<string, Record<string, unknown>> = {};
  const stack: WeappPage[] = [];
  let app: Record<string, unknown> = {};
  let registering = '';
  const wx: Record<string, unknown> = {
    getSystemInfoSync: () => ({ platform: 'devtools', windowWidth: 375, windowHeight: 667, pixelRatio: 2, SDKVersion: '3.0.0' }),
    getWindowInfo: () => ({ windowWidth: 375, windowHeight: 667, pixelRatio: 2 }),
    canIUse: () => true,
    // A quiet network and storage unless the test brings its own.
    request: () => ({ abort() {} }),
    getStorage: (o: { fail(e: unknown): void }) => Promise.resolve().then(() => o.fail({ errMsg: 'getStorage:fail data not found' })),
    setStorage: () => undefined,
    onAppShow: () => undefined,
    onAppHide: () => undefined,
    onNetworkStatusChange: () => undefined,
    ...apiStubs,
  };
  // Only this platform's API object exists, as on the device: Taro code may detect by it.
  for (const { api } of Object.values(MINI_PLATFORMS)) delete (globalThis as Record<string, unknown>)[api];
  // Alipay's JS runtime has a `navigator` (Taro's Alipay runtime reads its userAgent); Node 20's has none.
  if (platform === 'alipay' && typeof navigator === 'undefined') Object.assign(globalThis, { navigator: { userAgent: '' } });
  Object.assign(globalThis, {
    [MINI_PLATFORMS[platform].api]: wx,
    App: (config: Record<string, unknown>) => {
      app = config;
    },
    Page: (config: Record<string, unknown>) => {
      pages[registering] = config;
    },
    Component: () => undefined,
    getApp: () => app,
    getCurrentPages: () => stack,
  });
  require(join(dir, 'app.js'));
  (app.onLaunch as ((o: unknown) => void) | undefined)?.call(app, { path: '', query: {}, scene: 1001 });
  (app.onShow as ((o: unknown) => void) | undefined)?.call(app, { path: '', query: {}, scene: 1001 });
  return {
    wx,
    app,
    async openPage(route, query = {}) {
      registering = route;
      require(join(dir, route + '.js'));
      const page = Object.create(pages[route]) as WeappPage;
      page.route = route;
      page.data = {};
      page.setData = (payload: Record<string, unknown>, cb?: () => void) => {
        applySetData(page.data, payload);
        if (cb) cb();
      };
      stack.push(page);
      page.onLoad?.call(page, query);
      page.onShow?.call(page);
      page.onReady?.call(page);
      for (let i = 0; i < 50 && !page.data.root; i++) await tick();
      return page;
    },
  };
}
