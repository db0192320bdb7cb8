// The platforms Taro publishes only up to 4.2.0 (QQ, Alipay, Douyin): the packed library in a
// Taro 4.2.0 app (.fixtures/taro420, the 4.2.1 template with its whole toolchain at 4.2.0,
// installed once and reused), built in production for qq, alipay and tt (and weapp and h5), each
// mini program output run in Node with its platform's API object stubbed as it answers.
import { existsSync, readFileSync } from 'fs';
import { join } from 'path';
import { buildSessionFrom } from 'taro-udesk';
import { buildConsumer, ecmaVersionOf, type Platform } from '../support/buildConsumer';
import { consumerApp, TARO420 } from '../support/consumerApp';
import { packLibrary, type PackedLibrary } from '../support/packLibrary';
import type { MiniPlatform } from '../support/weappRuntime';
import { expectPageWorks, expectViewSent, filesNewerThan, pageAlipay, pageImId, pageSession, runPlatformPage, runWeappPage } from './consumerChecks';

jest.setTimeout(60_000);

const PLATFORMS: Platform[] = ['qq', 'alipay', 'tt', 'weapp', 'h5'];
let app: string;
const out: Partial<Record<Platform, string>> = {};

beforeAll(() => {
  const packed: PackedLibrary = packLibrary();
  app = consumerApp('taro420', packed);
  for (const platform of PLATFORMS) out[platform] = buildConsumer(app, platform, 'library', packed);
}, 30 * 60_000);

const read = (...path: string[]) => readFileSync(join(...path), 'utf8');

describe(`taro-udesk packed, in a Taro ${TARO420} app built for QQ, Alipay and Douyin`, () => {
  it(`is Taro ${TARO420} throughout: every @tarojs package and babel-preset-taro`, () => {
    const pkg = JSON.parse(read(app, 'package.json'));
    const taro = Object.keys({ ...pkg.dependencies, ...pkg.devDependencies }).filter((name) => name.startsWith('@tarojs/') || name === 'babel-preset-taro');
    expect(taro).toEqual(expect.arrayContaining(['@tarojs/plugin-platform-qq', '@tarojs/plugin-platform-alipay', '@tarojs/plugin-platform-tt', 'babel-preset-taro']));
    const installed = (name: string) => JSON.parse(read(app, 'node_modules', name, 'package.json')).version;
    expect(Object.fromEntries(taro.map((name) => [name, installed(name)]))).toEqual(Object.fromEntries(taro.map((name) => [name, TARO420])));
    expect(installed('@tarojs/service')).toBe(TARO420); // what the platform plugins are built on
  });

  it('QQ: the button binds session-from (as base.qml maps it), and the view goes through qq.request', async () => {
    const run = await runPlatformPage(out.qq!, 'qq', 'button');
    console.log(`qq: button ${JSON.stringify(run.attributes)}; calls ${run.calls.join(', ')}`);
    expect(run.attributes['open-type']).toBe('contact');
    expect(run.attributes['session-from']).toBe(buildSessionFrom(pageSession));
    expectViewSent(run.sent);
    expect(run.calls).toEqual(expect.arrayContaining(['getStorage', 'request', 'setStorage']));
  });

  it.each([
    ['my.request', true],
    ['my.httpRequest (base libraries without my.request)', false],
  ])('Alipay: renders its <contact-button> with tnt-inst-id and scene, and the view goes through %s', async (api, hasRequest) => {
    const run = await runPlatformPage(out.alipay!, 'alipay', 'contact-button', hasRequest);
    console.log(`alipay: contact-button ${JSON.stringify(run.attributes)}; calls ${run.calls.join(', ')}`);
    expect(run.attributes).toMatchObject({ 'tnt-inst-id': pageAlipay.tntInstId, scene: pageAlipay.scene });
    expectViewSent(run.sent);
    expect(run.calls).toEqual(expect.arrayContaining(['getStorage', api.replace(/^my\.| .*$/g, ''), 'setStorage']));
    expect(run.calls).not.toContain(hasRequest ? 'httpRequest' : 'request');
  });

  it("Douyin: renders the package's IM button with the account, which its template binds to Douyin's data-im-id", async () => {
    const run = await runPlatformPage(out.tt!, 'tt', 'udesk-im-button');
    console.log(`tt: udesk-im-button ${JSON.stringify(run.attributes)}; calls ${run.calls.join(', ')}`);
    expect(run.attributes['im-id']).toBe(pageImId);
    expectViewSent(run.sent);
    expect(run.calls).toEqual(expect.arrayContaining(['getStorage', 'request', 'setStorage']));

    // The page declares the component, Taro copied it, and it renders Douyin's documented button:
    // <button open-type="im" data-im-id="{{imId}}">, imId being the property `im-id` sets.
    const using = JSON.parse(read(out.tt!, 'pages', 'index', 'index.json')).usingComponents['udesk-im-button'];
    const component = join(out.tt!, using);
    for (const ext of ['.js', '.json', '.ttml']) expect(existsSync(component + ext)).toBe(true);
    expect(JSON.parse(read(component + '.json')).component).toBe(true);
    const button = /<button\s([^>]*)>/.exec(read(component + '.ttml'))![1];
    expect(button).toMatch(/\bopen-type="im"/);
    const property = /\bdata-im-id="\{\{(\w+)\}\}"/.exec(button)![1];
    expect(property).toBe('imId'); // Douyin gives attribute im-id to property imId
    let registered: { properties: Record<string, unknown> } | undefined;
    Object.assign(globalThis, { Component: (config: typeof registered) => (registered = config) });
    jest.isolateModules(() => require(component + '.js'));
    expect(Object.keys(registered!.properties)).toEqual([property]);
  });

  it(`WeChat: the same ${TARO420} app gives the button its session-from and sends the view`, async () => {
    expectPageWorks(await runWeappPage(out.weapp!));
  });

  it('builds for H5', () => {
    expect(existsSync(join(out.h5!, 'index.html'))).toBe(true);
  });

  it.each(['qq', 'alipay', 'tt', 'weapp'] as MiniPlatform[])("%s: no ES syntax newer than the app's target", (platform) => {
    expect(filesNewerThan(out[platform]!, ecmaVersionOf(app))).toEqual([]);
  });
});
