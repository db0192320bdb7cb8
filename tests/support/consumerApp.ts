// Fresh Taro apps that install the packed library as a user would: Taro 4.2.1's own template
// (`taro init`, offline), the same template with its whole toolchain at 4.2.0 (the last release
// with the QQ, Alipay and Douyin platform plugins), and a minimal Taro 3.6 React 18 app. Each is
// installed once into .fixtures/<kind>/ and reused; only the tarball is reinstalled, when its
// content changed.
import { execFileSync } from 'child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join, relative } from 'path';
import { root } from './buildDemo';
import { FIXTURES, type PackedLibrary } from './packLibrary';
import { writeTaro36App } from './taro36App';

export type AppKind = 'taro42' | 'taro420' | 'taro36';

/** Taro 4.2.0: `@tarojs/plugin-platform-qq`, `-alipay` and `-tt` are published up to 4.2.0 only. */
export const TARO420 = '4.2.0';

/** What each `taro init` app is built with: its Taro version and the platforms it keeps. */
const INIT_APPS: Record<'taro42' | 'taro420', { version: string; platforms: string[] }> = {
  taro42: { version: '4.2.1', platforms: ['weapp', 'h5'] },
  taro420: { version: TARO420, platforms: ['weapp', 'h5', 'qq', 'alipay', 'tt'] },
};

const APP_SOURCES = join(root, 'tests', 'package', 'app');
const INSTALLED = '.taro-udesk-installed';

// Listed by Taro 4.2.1's template but missing from the registry here (ETARGET), platforms the
// app does not build, or lint and commit tooling that has nothing to do with building: left out
// of the generated app.
const dropped = (platforms: string[]) => [
  /^@tarojs\/plugin-generator$/,
  new RegExp(`^@tarojs/plugin-platform-(?!(${platforms.join('|')})$)`),
  /^eslint/, /^stylelint/, /^@commitlint\//, /^husky$/, /^lint-staged$/,
];

/** Runs a command, with its stderr's tail in the error when it fails. */
export function run(command: string, args: string[], cwd: string, env: Record<string, string> = {}): string {
  try {
    return execFileSync(command, args, { cwd, env: { ...process.env, ...env }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 << 20 });
  } catch (e) {
    const { stderr, stdout } = e as { stderr?: string; stdout?: string };
    throw new Error(`${command} ${args.join(' ')} failed in ${cwd}:\n${String(stderr || '').slice(-3000)}\n${String(stdout || '').slice(-2000)}`);
  }
}

const npmInstall = (dir: string, args: string[] = []) =>
  run('npm', ['install', '--no-audit', '--no-fund', '--ignore-scripts', ...args], dir);

function editJson(file: string, edit: (json: Record<string, Record<string, string>>) => void) {
  const json = JSON.parse(readFileSync(file, 'utf8'));
  edit(json);
  writeFileSync(file, JSON.stringify(json, null, 2) + '\n');
}

/**
 * An app from the repository's `taro init` (Taro 4.2.1's template), its Taro packages pinned to
 * `version`: every `@tarojs/*` and babel-preset-taro, so the toolchain is one release throughout.
 */
function writeTaroInitApp(dir: string, kind: 'taro42' | 'taro420', tarballSpec: string) {
  const { version, platforms } = INIT_APPS[kind];
  const DROPPED = dropped(platforms);
  const home = mkdtempSync(join(tmpdir(), 'taro-home-')); // taro init writes to ~/.taro*
  run(join(root, 'node_modules', '.bin', 'taro'), ['init', kind, '--name', kind, '--description', 'taro-udesk consumer',
    '--typescript', '--no-build-es5', '--framework', 'React', '--compiler', 'Webpack5', '--css', 'None',
    '--template', 'default', '--npm', 'Npm', '--no-autoInstall'], FIXTURES, { HOME: home });
  rmSync(home, { recursive: true, force: true });
  editJson(join(dir, 'package.json'), (pkg) => {
    for (const field of ['dependencies', 'devDependencies']) {
      for (const name of Object.keys(pkg[field])) {
        if (DROPPED.some((re) => re.test(name))) delete pkg[field][name];
        else if (name.startsWith('@tarojs/') || name === 'babel-preset-taro') pkg[field][name] = version;
      }
    }
    delete pkg.scripts.prepare; // husky
    pkg.dependencies['taro-udesk'] = tarballSpec;
  });
  // Two switches for the tests: where to build, and the stand-in that measures the library's size.
  const configFile = join(dir, 'config', 'index.ts');
  const config = readFileSync(configFile, 'utf8')
    .replace(/plugins: \[\s*"@tarojs\/plugin-generator"\s*\]/, 'plugins: []')
    .replace("outputRoot: 'dist',", `outputRoot: process.env.FIXTURE_OUT || 'dist',
    alias: process.env.TARO_UDESK_STANDIN ? { 'taro-udesk': path.resolve(__dirname, '..', 'src', 'standin.tsx') } : {},`);
  if (!config.includes('FIXTURE_OUT') || config.includes('plugin-generator')) throw new Error(`Taro's template changed: ${configFile}`);
  writeFileSync(configFile, `import path from 'path'\n${config}`);
}

/**
 * A third switch, added to apps made before it too: which source folder to build, `src` (the
 * full page) or `src-button` (the button-only page), each with its stand-in (Taro compiles only
 * what is under the source folder).
 */
function addSourceSwitch(dir: string) {
  const configFile = join(dir, 'config', 'index.ts');
  const config = readFileSync(configFile, 'utf8');
  if (config.includes('FIXTURE_SOURCE')) return;
  const source = "process.env.FIXTURE_SOURCE || 'src'";
  const switched = config
    .replace("sourceRoot: 'src',", `sourceRoot: ${source},`)
    .replace("path.resolve(__dirname, '..', 'src', 'standin.tsx')", `path.resolve(__dirname, '..', ${source}, 'standin.tsx')`);
  if (switched.split('FIXTURE_SOURCE').length !== 3) throw new Error(`Taro's template changed: ${configFile}`);
  writeFileSync(configFile, switched);
}

/** Copies the page, app and stand-in sources into the app, touching only what changed. */
function syncSources(dir: string) {
  const copies: Array<[string, string]> = [
    ['app.ts', 'src/app.ts'],
    ['index.tsx', 'src/pages/index/index.tsx'],
    ['index.config.ts', 'src/pages/index/index.config.ts'],
    ['standin.tsx', 'src/standin.tsx'],
    ['consumer.ts', 'typecheck/consumer.ts'],
    ['consumer.ts', 'typecheck/consumer.mts'],
    // The button-only page: its own source folder, the same stand-in.
    ['buttonApp.ts', 'src-button/app.ts'],
    ['buttonApp.config.ts', 'src-button/app.config.ts'],
    ['buttonIndex.tsx', 'src-button/pages/index/index.tsx'],
    ['buttonIndex.config.ts', 'src-button/pages/index/index.config.ts'],
    ['standin.tsx', 'src-button/standin.tsx'],
  ];
  for (const [from, to] of copies) {
    const target = join(dir, to);
    const body = readFileSync(join(APP_SOURCES, from));
    if (existsSync(target) && readFileSync(target).equals(body)) continue;
    mkdirSync(join(target, '..'), { recursive: true });
    copyFileSync(join(APP_SOURCES, from), target);
  }
}

/**
 * The app of `kind` with `packed` installed: created and installed on first use (minutes),
 * then only the tarball is reinstalled when it changed. Returns the app's folder.
 */
export function consumerApp(kind: AppKind, packed: PackedLibrary): string {
  const dir = join(FIXTURES, kind);
  const stamp = join(dir, INSTALLED);
  const spec = 'file:' + relative(dir, packed.tarball);
  if (!existsSync(stamp)) {
    rmSync(dir, { recursive: true, force: true }); // a half-made app from an interrupted run
    mkdirSync(FIXTURES, { recursive: true });
    if (kind === 'taro36') writeTaro36App(dir, spec);
    else writeTaroInitApp(dir, kind, spec);
    syncSources(dir);
    npmInstall(dir);
  } else if (readFileSync(stamp, 'utf8') !== packed.hash) {
    npmInstall(dir, [spec]);
  }
  syncSources(dir);
  if (kind === 'taro42') addSourceSwitch(dir);
  writeFileSync(stamp, packed.hash);
  return dir;
}
