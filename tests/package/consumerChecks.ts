// What the package tests check in a consumer app's compiled WeChat output, run in Node with a
// stubbed `wx`: the button's session-from and the traced request.
import { readFileSync } from 'fs';
import * as acorn from 'acorn';
import { buildSessionFrom } from 'taro-udesk';
import { jsFiles } from '../support/buildConsumer';
import { findNodes, loadWeapp, templateOf } from '../support/weappRuntime';

/** The page's input (tests/package/app/index.tsx), and the init of tests/package/app/app.ts. */
export const pageSession = { nickName: 'jack', customer: { customer_name: 'Jack', customer_token: 'consumer-1' }, note: { title: 'Order 1' } };
export const ENDPOINT = 'https://api.example.com/udesk/trajectory';
export const TOKEN = 'consumer-company-token';

interface Sent {
  url: string;
  method?: string;
  header: Record<string, string>;
  body: { events: Array<{ type: string; data: Record<string, unknown> }> };
}

/** Opens the page of a weapp build; returns the button's session-from and the requests sent after the app hid. */
export async function runWeappPage(dir: string): Promise<{ sessionFrom: unknown; sent: Sent[] }> {
  const sent: Sent[] = [];
  const appHide: Array<() => void> = [];
  const runtime = loadWeapp(dir, {
    request(o: { url: string; method?: string; data: string; header: Record<string, string>; success(r: unknown): void }) {
      sent.push({ url: o.url, method: o.method, header: o.header, body: JSON.parse(o.data) });
      Promise.resolve().then(() => o.success({ statusCode: 200, data: '{}', header: {}, errMsg: 'request:ok' }));
      return { abort() {} };
    },
    onAppHide: (listener: () => void) => appHide.push(listener),
  });
  const page = await runtime.openPage('pages/index/index');
  const button = templateOf(dir, 'button');
  const [node] = findNodes(page.data.root, (n) => n.nn === button.nn);
  await new Promise((r) => setTimeout(r, 50));
  appHide.forEach((listener) => listener()); // product views wait for a batch, or for the app to hide
  for (let i = 0; i < 50 && !sent.length; i++) await new Promise((r) => setTimeout(r, 10));
  return { sessionFrom: node && node[button.keys['session-from']], sent };
}

export function expectPageWorks({ sessionFrom, sent }: Awaited<ReturnType<typeof runWeappPage>>): void {
  expect(sessionFrom).toBe(buildSessionFrom(pageSession));
  expect(sent).toHaveLength(1);
  expect(sent[0].url).toBe(ENDPOINT);
  expect(Object.values(sent[0].header)).toContain(TOKEN);
  expect(sent[0].body.events.map((e) => [e.type, e.data.name])).toEqual([['product', 'Consumer fixture product']]);
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
