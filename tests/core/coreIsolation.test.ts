// The built `taro-udesk/core` must load in a plain Node process (a backend decoding WeChat's
// push) and pull in nothing of React or Taro.
import { spawnSync } from 'child_process';
import { readdirSync, readFileSync } from 'fs';
import { join } from 'path';

const root = join(__dirname, '..', '..');
const node = (code: string, flags: string[] = []) =>
  spawnSync(process.execPath, [...flags, '-e', code], { cwd: root, encoding: 'utf8' });

describe('taro-udesk/core', () => {
  it('requires in plain Node and loads no React or Taro module', () => {
    const r = node(`
      const Module = require('module');
      const loaded = [];
      const load = Module._load;
      Module._load = function (request) { loaded.push(request); return load.apply(this, arguments); };
      const core = require('taro-udesk/core');
      const value = core.buildSessionFrom({ nickName: 'n', customer: { customer_name: 'c' } });
      console.log(JSON.stringify({ loaded, value, parsed: core.parseSessionFrom(value),
        errors: typeof core.UdeskValidationError + typeof core.UdeskParseError + typeof core.UdeskOverflowError }));
    `);
    expect(r.stderr).toBe('');
    const out = JSON.parse(r.stdout);
    expect(out.value).toBe('udesk|n||customer^{"customer_name":"c"}');
    expect(out.parsed.customer).toEqual({ customer_name: 'c' });
    expect(out.errors).toBe('functionfunctionfunction');
    expect(out.loaded.filter((m: string) => /react|@tarojs/.test(m))).toEqual([]);
  });

  it('imports as ESM in plain Node', () => {
    const r = node(`import('taro-udesk/core').then((c) => console.log(typeof c.buildSessionFrom, typeof c.parseSessionFrom))`);
    expect(r.stdout.trim()).toBe('function function');
  });

  it('shares its error classes with the root entry', () => {
    // The root entry needs Taro's components, which only Taro's build provides: stand in for them.
    const r = node(`
      const Module = require('module');
      const load = Module._load;
      Module._load = function (request) { return /^@tarojs\\//.test(request) ? {} : load.apply(this, arguments); };
      console.log(require('taro-udesk').UdeskValidationError === require('taro-udesk/core').UdeskValidationError);
    `);
    expect(r.stderr).toBe('');
    expect(r.stdout.trim()).toBe('true');
  });

  it('names the field and the rule in production too, with the explanation only in development', () => {
    const messages = (env: string) => {
      const r = spawnSync(process.execPath, ['-e', `
        const core = require('taro-udesk/core');
        const message = (f) => { try { f(); } catch (e) { return e.message; } };
        console.log(JSON.stringify([
          message(() => core.buildSessionFrom({ customer: { owner_id: 'x' } })),
          message(() => core.createTracker().init({ appId: 'a', companyToken: 't', companyDomain: 'a.udesk.cn' })),
        ]));
      `], { cwd: root, encoding: 'utf8', env: { ...process.env, NODE_ENV: env } });
      expect(r.stderr).toBe('');
      return JSON.parse(r.stdout);
    };
    expect(messages('production')).toEqual([
      'customer.owner_id: must be a numeric id',
      'endpoint: delivery is explicit: give sdk or endpoint',
    ]);
    const [owner, delivery] = messages('development');
    expect(owner).toBe('customer.owner_id: must be a numeric id (a whole number or digits)');
    expect(delivery).toMatch(/^endpoint: delivery is explicit: give sdk or endpoint \(sdk: .*docs\/protocol.md/);
  });

  it('has no import of React or Taro in its source', () => {
    const files: string[] = [];
    const walk = (dir: string) =>
      readdirSync(dir, { withFileTypes: true }).forEach((e) =>
        e.isDirectory() ? walk(join(dir, e.name)) : files.push(join(dir, e.name)),
      );
    walk(join(root, 'src', 'core'));
    expect(files.length).toBeGreaterThan(3);
    for (const f of files) {
      expect(readFileSync(f, 'utf8')).not.toMatch(/from ['"](react|@tarojs\/[^'"]*)['"]|require\(['"](react|@tarojs)/);
    }
  });
});
