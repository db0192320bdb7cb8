// Taro 3.6 with React 18, where many production apps still are: the packed library installed
// into a minimal 3.6 app (.fixtures/taro36, installed once), built for WeChat and H5 in
// production, the WeChat output run in Node. This is what peerDependencies' >=3.6 rests on.
import { existsSync, readFileSync } from 'fs';
import { join } from 'path';
import { buildConsumer, ecmaVersionOf } from '../support/buildConsumer';
import { consumerApp } from '../support/consumerApp';
import { packLibrary, type PackedLibrary } from '../support/packLibrary';
import { TARO36 } from '../support/taro36App';
import { expectPageWorks, filesNewerThan, runWeappPage } from './consumerChecks';

jest.setTimeout(60_000);

let packed: PackedLibrary;
let app: string;
const out: Record<string, string> = {};

beforeAll(() => {
  packed = packLibrary();
  app = consumerApp('taro36', packed);
  out.weapp = buildConsumer(app, 'weapp', 'library', packed);
  out.h5 = buildConsumer(app, 'h5', 'library', packed);
}, 20 * 60_000);

describe(`taro-udesk packed, in a Taro ${TARO36} React 18 app`, () => {
  it('runs on Taro 3.6 itself', () => {
    const version = (name: string) => JSON.parse(readFileSync(join(app, 'node_modules', name, 'package.json'), 'utf8')).version;
    expect(version('@tarojs/taro')).toBe(TARO36);
    expect(version('@tarojs/runtime')).toBe(TARO36);
    expect(version('react')).toMatch(/^18\./);
  });

  it('gives the WeChat button the session-from and sends the traced product view', async () => {
    expectPageWorks(await runWeappPage(out.weapp));
  });

  it('builds for H5', () => {
    expect(existsSync(join(out.h5, 'index.html'))).toBe(true);
  });

  it("has no ES syntax newer than the app's target (Taro 3.6's template: ES5)", () => {
    const edition = ecmaVersionOf(app);
    expect(edition).toBe(5);
    expect(filesNewerThan(out.weapp, edition)).toEqual([]);
  });
});
