// The packed tarball as the registry gets it: what is in it, what its README links to, and the
// entry points resolved from an unpacked copy laid out as node_modules/taro-udesk.
import { execFileSync } from 'child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join, posix } from 'path';
import { packLibrary, tarballFiles, type PackedLibrary } from '../support/packLibrary';
import { folderBytes } from '../support/folderBytes';

let packed: PackedLibrary;
let files: string[];
let installRoot: string;
const installed = () => join(installRoot, 'node_modules', 'taro-udesk');

beforeAll(() => {
  packed = packLibrary();
  files = tarballFiles(packed.tarball).map((f) => f.replace(/^package\//, ''));
  installRoot = mkdtempSync(join(tmpdir(), 'taro-udesk-installed-'));
  mkdirSync(installed(), { recursive: true });
  execFileSync('tar', ['-xzf', packed.tarball, '-C', installed(), '--strip-components=1']);
}, 60_000);
afterAll(() => rmSync(installRoot, { recursive: true, force: true }));

describe('the packed tarball', () => {
  it('holds the build, the README and its documents, and nothing of the repository', () => {
    expect(files).toEqual(expect.arrayContaining(['package.json', 'README.md', 'docs/protocol.md',
      'dist/index.js', 'dist/index.mjs', 'dist/index.d.ts', 'dist/cli.js', 'dist/native/ud-sdk.js']));
    expect(files.filter((f) => /^(src|tests|demo|config|scripts|server)\/|^\.browserslistrc$|^\.fixtures/.test(f))).toEqual([]);
  });

  it('carries no runtime dependency, and none of the server (its database drivers, its console)', () => {
    const pkg = JSON.parse(readFileSync(join(installed(), 'package.json'), 'utf8'));
    expect(pkg.dependencies).toBeUndefined();
    expect(Object.keys(pkg.exports)).not.toContain('./server');
    expect(files.filter((f) => /server|console|pglite|\bpg\b/i.test(f))).toEqual([]);
  });

  it("publishes no browserslist: the targets are the demo's, in .browserslistrc", () => {
    const pkg = JSON.parse(readFileSync(join(installed(), 'package.json'), 'utf8'));
    expect(pkg.browserslist).toBeUndefined();
    expect(existsSync(join(installed(), '.browserslistrc'))).toBe(false);
  });

  it('has a README that starts with the install command and links only to files it ships', () => {
    const readme = readFileSync(join(installed(), 'README.md'), 'utf8');
    const firstCode = /```\w*\n([^`]*)```/.exec(readme)![1];
    expect(firstCode.trim()).toBe('npm install taro-udesk');
    const links = [...readme.matchAll(/\]\(([^)\s#]+)[^)]*\)/g)].map((m) => m[1]).filter((href) => !/^[a-z]+:/i.test(href));
    expect(links.length).toBeGreaterThan(0);
    for (const href of links) expect(files).toContain(posix.normalize(href));
  });

  it('has whole tables in its README: every run of table rows starts with a header', () => {
    const lines = readFileSync(join(installed(), 'README.md'), 'utf8').split('\n');
    const broken = lines.flatMap((line, i) =>
      line.startsWith('|') && !(lines[i - 1] || '').startsWith('|') && !/^\|(\s*:?-+:?\s*\|)+$/.test(lines[i + 1] || '') ? [`line ${i + 1}: ${line.slice(0, 40)}`] : []);
    expect(broken).toEqual([]);
  });

  it('resolves every documented entry point, the native file included', () => {
    // In a separate Node, as an app beside node_modules would (jest maps module ids itself).
    const resolve = (id: string) =>
      execFileSync(process.execPath, ['-p', `require.resolve(${JSON.stringify(id)})`], { cwd: installRoot, encoding: 'utf8' }).trim();
    expect(resolve('taro-udesk')).toBe(join(installed(), 'dist', 'index.js'));
    expect(resolve('taro-udesk/core')).toBe(join(installed(), 'dist', 'core', 'index.js'));
    expect(resolve('taro-udesk/native/ud-sdk.js')).toBe(join(installed(), 'dist', 'native', 'ud-sdk.js'));
    expect(resolve('taro-udesk/package.json')).toBe(join(installed(), 'package.json'));
  });

  it('runs the installed command', () => {
    const bin = JSON.parse(readFileSync(join(installed(), 'package.json'), 'utf8')).bin['taro-udesk'];
    const out = execFileSync(process.execPath, [join(installed(), bin), '--version'], { encoding: 'utf8' });
    expect(out.trim()).toBe(JSON.parse(readFileSync(join(installed(), 'package.json'), 'utf8')).version);
  });
});

describe('npm install of the packed client into an empty project', () => {
  let project: string;
  beforeAll(() => {
    project = mkdtempSync(join(tmpdir(), 'taro-udesk-empty-'));
    writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'empty-app', version: '1.0.0', private: true }));
    // Offline: a package with no dependency needs nothing from the registry.
    execFileSync('npm', ['install', '--no-audit', '--no-fund', '--offline', packed.tarball], { cwd: project, stdio: 'pipe' });
  }, 120_000);
  afterAll(() => rmSync(project, { recursive: true, force: true }));

  it('adds taro-udesk and nothing else', () => {
    const modules = readdirSync(join(project, 'node_modules')).filter((name) => !name.startsWith('.'));
    expect(modules).toEqual(['taro-udesk']);
    expect(existsSync(join(project, 'node_modules', 'taro-udesk', 'node_modules'))).toBe(false);
    const lock = JSON.parse(readFileSync(join(project, 'package-lock.json'), 'utf8'));
    expect(Object.keys(lock.packages).filter((key) => key !== '')).toEqual(['node_modules/taro-udesk']);
    const bytes = folderBytes(join(project, 'node_modules'));
    // The figure for the closing note; the bound keeps a database from creeping back in.
    console.log(`npm install taro-udesk: 1 package, ${bytes} B on disk`);
    expect(bytes).toBeLessThan(1_000_000);
  });
});
