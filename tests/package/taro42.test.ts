// The package as users get it: packed, installed into a fresh app made by Taro 4.2.1's own
// `taro init` template, built in production for WeChat and H5, the WeChat output run in Node.
// First run installs the app into .fixtures/taro42 (a few minutes); later runs reuse it.
import { existsSync } from 'fs';
import { join } from 'path';
import { buildConsumer, ecmaVersionOf, gzipBytes } from '../support/buildConsumer';
import { consumerApp, run } from '../support/consumerApp';
import { devOnlyText } from '../support/devOnlyText';
import { packLibrary, type PackedLibrary } from '../support/packLibrary';
import { buildSessionFrom } from 'taro-udesk';
import { expectPageWorks, filesContaining, filesNewerThan, pageSession, runWeappPage } from './consumerChecks';

jest.setTimeout(60_000);

let packed: PackedLibrary;
let app: string;
const out: Record<string, string> = {};

beforeAll(() => {
  packed = packLibrary();
  app = consumerApp('taro42', packed);
  out.weapp = buildConsumer(app, 'weapp', 'library', packed);
  out.h5 = buildConsumer(app, 'h5', 'library', packed);
  out.standin = buildConsumer(app, 'weapp', 'standin', packed);
  out.button = buildConsumer(app, 'weapp', 'library', packed, 'button');
  out.buttonStandin = buildConsumer(app, 'weapp', 'standin', packed, 'button');
}, 20 * 60_000);

describe('taro-udesk packed, in a Taro 4.2.1 app from taro init', () => {
  it('installs from the tarball, not from the repository', () => {
    const installed = join(app, 'node_modules', 'taro-udesk');
    expect(existsSync(join(installed, 'dist', 'index.js'))).toBe(true);
    expect(existsSync(join(installed, 'src'))).toBe(false);
    const resolved = run(process.execPath, ['-p', "require.resolve('taro-udesk/native/ud-sdk.js')"], app).trim();
    expect(resolved).toBe(join(installed, 'dist', 'native', 'ud-sdk.js'));
  });

  it('gives the WeChat button the session-from and sends the traced product view', async () => {
    expectPageWorks(await runWeappPage(out.weapp));
  });

  it('builds for H5', () => {
    expect(existsSync(join(out.h5, 'index.html'))).toBe(true);
  });

  it('ships no development-only text in production builds', () => {
    const texts = devOnlyText();
    expect(texts.length).toBeGreaterThan(15); // the list is real
    expect(filesContaining(out.weapp, texts)).toEqual([]);
    expect(filesContaining(out.h5, texts)).toEqual([]);
  });

  it("has no ES syntax newer than the app's target", () => {
    const edition = ecmaVersionOf(app);
    expect(filesNewerThan(out.weapp, edition)).toEqual([]);
  });

  it.each([
    ['node16 (CommonJS and ESM files)', ['--module', 'node16', '--moduleResolution', 'node16', 'typecheck/consumer.ts', 'typecheck/consumer.mts']],
    ['bundler', ['--module', 'esnext', '--moduleResolution', 'bundler', 'typecheck/consumer.ts']],
    ['node (node10)', ['--module', 'commonjs', '--moduleResolution', 'node', 'typecheck/consumer.ts']],
  ])('type-checks a consumer file against the packed types under %s resolution', (_, args) => {
    // skipLibCheck: Taro's own component types do not pass --strict. The consumer file's
    // expected error (ts-expect-error) fails if the packed types degrade to any.
    run(join(app, 'node_modules', '.bin', 'tsc'), ['--noEmit', '--strict', '--skipLibCheck', '--jsx', 'react-jsx', '--target', 'es2019', 'types/global.d.ts', ...args], app);
  });

  // Issue 12's floor is 6,000 B; item 2 alone met it (5,757 B) on the tracker before issue 13.
  // Issue 13's edge fixes and issue 11's visitor id and trajectory link took it to 9,142 B (both
  // measured in this test), so the floor is reported as blocked and this is a ceiling that only
  // moves down, like scripts/bench/sizes.cjs. Issue 17's identity_hash in identify() took it from
  // 9,142 to 9,232 B (both measured in this test): the ceiling moved by those 90 B. Raised for
  // issue 16 (client branch), measured here after each item: 9,142 -> 9,205 (item 3: the visitor
  // id from Taro.getRandomValues, or none) -> 9,242 (item 2: the link store that keeps the tracker
  // out of a button-only page) -> 9,401 (item 6: sdk delivery keeps the event Udesk's module threw
  // on) -> 9,400. Both, merged on main and measured here: 9,492 B. Raised for issue 18 point 3
  // (agentview branch): the moment of contact (tracker.contact(), what the page shows, the link
  // store's contact and the button's tap), measured here 9,492 -> 9,772 B; then the button's own
  // page passed to contact() (Taro's router), 9,772 -> 9,852 B.
  // Issues 18 and 19 merged (contact, visitorSeq) measured together here: 9,997 B.
  const ADDED_CEILING = 9997;
  it(`adds at most ${ADDED_CEILING} gzip bytes to the production WeChat app (ContactButton, useUdeskTrace, UdeskSdk)`, () => {
    const added = gzipBytes(out.weapp) - gzipBytes(out.standin);
    console.log(`taro-udesk adds ${added} B gzip to the Taro 4.2.1 weapp app (${gzipBytes(out.weapp)} B with it, ${gzipBytes(out.standin)} B with the stand-in)`);
    expect(added).toBeGreaterThan(1000); // the stand-in really stands in
    expect(added).toBeLessThanOrEqual(ADDED_CEILING);
  });

  describe('a page with only the button (no tracker, no init)', () => {
    it('gives the WeChat button the session-from and sends nothing', async () => {
      const { sessionFrom, sent } = await runWeappPage(out.button);
      expect(sessionFrom).toBe(buildSessionFrom(pageSession));
      expect(sent).toEqual([]);
    });

    it("carries none of the tracker's code", () => {
      // The header name is delivery's own text: in the full page's build, and only there.
      const trackerText = ['x-udesk-company-token'];
      expect(filesContaining(out.weapp, trackerText)).not.toEqual([]);
      expect(filesContaining(out.button, trackerText)).toEqual([]);
    });

    // Issue 16's floor is 4,500 B (building a session-from alone is ~3.4 KB): 9,143 B before the
    // link store, 3,496 B with it. A ceiling that only moves down. Raised for issue 18 point 3:
    // the button records the moment of contact through the link store, measured here 3,553 B
    // (the ceiling was 3,550); then 3,599 B with the button's own page passed to contact().
    // Measured 3,600 B with the observe branch merged (gzip's window over the merged tracker-free code).
    const BUTTON_CEILING = 3600;
    it(`adds at most ${BUTTON_CEILING} gzip bytes to the production WeChat app`, () => {
      const added = gzipBytes(out.button) - gzipBytes(out.buttonStandin);
      console.log(`taro-udesk's ContactButton alone adds ${added} B gzip to the Taro 4.2.1 weapp app (${gzipBytes(out.button)} B with it, ${gzipBytes(out.buttonStandin)} B with the stand-in)`);
      expect(added).toBeGreaterThan(1000);
      expect(added).toBeLessThanOrEqual(BUTTON_CEILING);
    });
  });
});
