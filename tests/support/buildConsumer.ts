// Production builds of a consumer app, kept under <app>/out/<platform>-<variant> and redone only
// when the tarball or the app's sources changed; plus what the tests measure in them.
import { createHash } from 'crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'fs';
import { createRequire } from 'module';
import { join } from 'path';
import { gzipSync } from 'zlib';
import { root } from './buildDemo';
import { run } from './consumerApp';
import type { PackedLibrary } from './packLibrary';

export type Variant = 'library' | 'standin';

const APP_SOURCES = join(root, 'tests', 'package', 'app');

/** Which page: the full one (ContactButton, useUdeskTrace, UdeskSdk.init) or the button alone (no tracker). */
export type Page = 'full' | 'button';

/** Builds the app in production for `platform`, with the library or with the stand-in. */
export type Platform = 'weapp' | 'h5' | 'qq' | 'alipay' | 'tt';

export function buildConsumer(dir: string, platform: Platform, variant: Variant, packed: PackedLibrary, page: Page = 'full'): string {
  const out = join(dir, 'out', `${platform}-${variant}${page === 'button' ? '-button' : ''}`);
  const stamp = join(out, '.taro-udesk-built');
  const sources = createHash('sha256');
  for (const name of readdirSync(APP_SOURCES).sort()) sources.update(readFileSync(join(APP_SOURCES, name)));
  const key = `${packed.hash} ${sources.digest('hex')}`;
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === key) return out;
  run(join(dir, 'node_modules', '.bin', 'taro'), ['build', '--type', platform], dir, {
    NODE_ENV: 'production',
    FIXTURE_OUT: out,
    TARO_UDESK_STANDIN: variant === 'standin' ? '1' : '',
    FIXTURE_SOURCE: page === 'button' ? 'src-button' : '',
  });
  writeFileSync(stamp, key);
  return out;
}

export function jsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? jsFiles(path) : name.endsWith('.js') ? [path] : [];
  });
}

/** gzip -9 bytes of all the JavaScript of a build, as the bench measures the demo. */
export const gzipBytes = (dir: string) =>
  jsFiles(dir).reduce((sum, file) => sum + gzipSync(readFileSync(file), { level: 9 }).length, 0);

// Syntax each ECMAScript edition added, as @babel/preset-env's plugins for it.
const SYNTAX_BY_EDITION: Array<[number, string[]]> = [
  [2015, ['transform-arrow-functions', 'transform-block-scoping', 'transform-classes', 'transform-template-literals', 'transform-destructuring', 'transform-parameters', 'transform-spread', 'transform-shorthand-properties', 'transform-computed-properties', 'transform-for-of']],
  [2016, ['transform-exponentiation-operator']],
  [2017, ['transform-async-to-generator']],
  [2018, ['transform-object-rest-spread', 'transform-async-generator-functions']],
  [2019, ['transform-optional-catch-binding']],
  [2020, ['transform-optional-chaining', 'transform-nullish-coalescing-operator']],
  [2021, ['transform-logical-assignment-operators', 'transform-numeric-separator']],
  [2022, ['transform-class-properties', 'transform-private-methods', 'transform-class-static-block']],
];

/**
 * The newest ECMAScript edition whose syntax every browser of the app's browserslist runs
 * natively (5 when even ES2015's is missing), by Babel's compatibility data from the app's own
 * node_modules: the ecmaVersion its output may use.
 */
export function ecmaVersionOf(appDir: string): number {
  const load = createRequire(join(appDir, 'package.json'));
  const targets = load('@babel/helper-compilation-targets');
  const browsers = JSON.parse(readFileSync(join(appDir, 'package.json'), 'utf8')).browserslist;
  const resolved = (targets.default || targets)({ browsers });
  let edition = 5;
  for (const [year, plugins] of SYNTAX_BY_EDITION) {
    if (plugins.some((plugin) => targets.isRequired(plugin, resolved))) break;
    edition = year;
  }
  return edition;
}
