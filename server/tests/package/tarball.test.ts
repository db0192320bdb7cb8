// taro-udesk-server as a stranger gets it: `npm pack` of server/, installed into an empty project
// with its dependencies from the npm registry (once, into .fixtures/server-consumer; later runs
// reinstall only a changed tarball), its command started as `npx taro-udesk-server` would.
import { execFileSync, spawn } from 'child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join, posix, relative } from 'path';
import { FIXTURES, packLibrary, SERVER_DIR, tarballFiles, type PackedLibrary } from '../../../tests/support/packLibrary';
import { folderBytes } from '../../../tests/support/folderBytes';
import { root } from '../../../tests/support/buildDemo';

jest.setTimeout(60_000);

const project = join(FIXTURES, 'server-consumer');
const installed = join(project, 'node_modules', 'taro-udesk-server');
let packed: PackedLibrary;
let files: string[];

function install(spec: string) {
  execFileSync('npm', ['install', '--no-audit', '--no-fund', spec], { cwd: project, stdio: 'pipe' });
}

beforeAll(() => {
  packed = packLibrary(SERVER_DIR);
  files = tarballFiles(packed.tarball).map((f) => f.replace(/^package\//, ''));
  const stamp = join(project, '.installed');
  const spec = 'file:' + relative(project, packed.tarball);
  if (!existsSync(stamp)) {
    rmSync(project, { recursive: true, force: true }); // a half-made project from an interrupted run
    mkdirSync(project, { recursive: true });
    writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'empty-backend', version: '1.0.0', private: true }));
  }
  if (!existsSync(stamp) || readFileSync(stamp, 'utf8') !== packed.hash) install(spec);
  writeFileSync(stamp, packed.hash);
}, 600_000);

describe('the packed taro-udesk-server', () => {
  it('holds its build, console, README and documents, and nothing of the repository', () => {
    expect(files).toEqual(expect.arrayContaining(['package.json', 'README.md', 'docs/server.md', 'docs/protocol.md', 'docs/console.png',
      'dist/index.js', 'dist/index.mjs', 'dist/index.d.ts', 'dist/cli.js',
      'dist/console/index.html', 'dist/console/console.js', 'dist/console/trajectory.html', 'dist/console/trajectory.js',
      'dist/console/favicon.svg', 'docs/agent-page.png']));
    expect(files.filter((f) => /^(src|tests|scripts)\//.test(f) || f.endsWith('.ts') && !f.endsWith('.d.ts') && !f.endsWith('.d.mts'))).toEqual([]);
  });

  it('links only to files it ships, from its README and its documents', () => {
    for (const doc of ['README.md', 'docs/server.md']) {
      const text = readFileSync(join(installed, doc), 'utf8');
      const links = [...text.matchAll(/\]\(([^)\s#]+)[^)]*\)/g)].map((m) => m[1]).filter((href) => !/^[a-z]+:/i.test(href));
      for (const href of links) expect(files).toContain(posix.normalize(posix.join(posix.dirname(doc), href)));
    }
  });

  it('depends on its store drivers, address parsing and the metrics writer only, and has the version of the client it was released with', () => {
    const pkg = JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8'));
    expect(Object.keys(pkg.dependencies).sort()).toEqual(['@electric-sql/pglite', 'ipaddr.js', 'pg', 'prom-client', 'proxy-addr']);
    expect(pkg.version).toBe(JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version);
    // The core it uses is bundled in: no taro-udesk is installed beside it.
    expect(readdirSync(join(project, 'node_modules'))).not.toContain('taro-udesk');
  });

  it('loads from the installed folder with its documented exports', () => {
    const out = execFileSync(process.execPath, ['-e', `const s = require('taro-udesk-server');
      const t = require('taro-udesk-server').signWebImCustomer({ webToken: 'u1', imUserKey: 'k', nonce: 'n', timestamp: 1700000000000 });
      let threw; try { s.signWebImCustomer({}); } catch (e) { threw = e instanceof s.UdeskValidationError; }
      const hash = s.signCustomerIdentity({ secret: 'taro-udesk-example-identity-secret-0123456789', customer: { customer_token: 'test_token' } });
      let identityThrew; try { s.signCustomerIdentity({ secret: 'short', customer: {} }); } catch (e) { identityThrew = e instanceof s.UdeskValidationError; }
      console.log(JSON.stringify({ create: typeof s.createTrajectoryServer, signature: t.signature.length, threw, hash, identityThrew }));`], { cwd: project, encoding: 'utf8' });
    // The hash is protocol.md's first test vector.
    expect(JSON.parse(out)).toEqual({ create: 'function', signature: 40, threw: true,
      hash: '4288b238d51733afec4d53f2b86ffefafbdb1ff1a198429a1682d9e472b06542', identityThrew: true });
    console.log(`npm install taro-udesk-server: ${readdirSync(join(project, 'node_modules')).filter((n) => !n.startsWith('.')).length} packages, ${folderBytes(join(project, 'node_modules'))} B on disk`);
  });

  it('starts its command, answers /healthz, and stops with 0 on SIGTERM', async () => {
    const bin = join(project, 'node_modules', '.bin', 'taro-udesk-server');
    expect(execFileSync(bin, ['--version'], { encoding: 'utf8' }).trim()).toBe(JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8')).version);
    const data = mkdtempSync(join(tmpdir(), 'taro-udesk-server-installed-'));
    const child = spawn(bin, ['--port', '0', '--data', join(data, 'store'), '--app', 'wx1:company-token'], { cwd: project, stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      let output = '';
      const origin = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no start-up line in 45 s:\n${output}`)), 45_000);
        const read = (chunk: Buffer) => {
          output += chunk.toString();
          const match = /batches: POST (http:\/\/[^\s]+)\/v1\/batch/.exec(output);
          if (match) {
            clearTimeout(timer);
            resolve(match[1]);
          }
        };
        child.stdout.on('data', read);
        child.stderr.on('data', read);
        child.on('exit', (code) => reject(new Error(`exited ${code} before listening:\n${output}`)));
      });
      const health = await fetch(`${origin}/healthz`);
      expect(health.status).toBe(200);
      const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    } finally {
      child.kill('SIGKILL');
      rmSync(data, { recursive: true, force: true });
    }
  });
});
