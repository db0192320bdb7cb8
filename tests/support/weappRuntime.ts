// Runs Taro's compiled WeChat output in Node: `wx`, `App`, `Page` and `getCurrentPages` are
// stubs, the rest is exactly what Taro built. Pages render through `setData`, whose payloads are
// applied to `page.data` as WeChat would, so tests read the same tree the WXML templates bind.
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

/** The template Taro generated for a tag in base.wxml: its node name and attribute -> data key. */
export function templateOf(dir: string, tag: string): { nn: string; keys: Record<string, string> } {
  const wxml = readFileSync(join(dir, 'base.wxml'), 'utf8');
  const m = new RegExp(`<template name="tmpl_0_(\\w+)">\\s*<${tag}\\s([^>]*)>`).exec(wxml);
  if (!m) throw new Error(`no <${tag}> template in base.wxml`);
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
    ...wxStubs,
  };
  Object.assign(globalThis, {
    wx,
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
