// Runs the built command as a user would (`npx taro-udesk inspect`): `npm test` builds first.
import { spawnSync } from 'child_process';
import { existsSync } from 'fs';
import { join } from 'path';
import { buildSessionFrom } from 'taro-udesk/core';
import { specInput } from '../fixtures/specExample';

const root = join(__dirname, '..', '..');
const bin = join(root, require(join(root, 'package.json')).bin['taro-udesk']);
const run = (args: string[], input?: string) => spawnSync(process.execPath, [bin, ...args], { input, encoding: 'utf8' });

beforeAll(() => {
  if (!existsSync(bin)) throw new Error(`${bin} is missing: run "npm run build" first (npm test does)`);
});

describe('taro-udesk inspect', () => {
  const value = buildSessionFrom(specInput);

  it('decodes a valid value and exits 0', () => {
    const r = run(['inspect', value]);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain(`session-from: ${Buffer.byteLength(value)} / 1000 bytes`);
    expect(r.stdout).toContain('"customer_token": "test_token"');
    expect(r.stdout).toContain('unionid  ocpX10_1hQmCVGXzKrMwu-g7yuzU');
    expect(r.stdout).toMatch(/OK: a valid Udesk session-from within budget\n$/);
  });

  it('reads the value from stdin, without the newline a pipe adds', () => {
    const r = run(['inspect'], value + '\n');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('OK');
  });

  it('exits 1 and lists the problems of a cut value', () => {
    const cut = (value + '|note^' + JSON.stringify({ title: 'x'.repeat(1200) })).slice(0, 1024);
    const r = run(['inspect', '-', '--max-bytes', '1000'], cut);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('INVALID');
    expect(r.stdout).toContain('WeChat cut this value');
  });

  it('prints JSON with --json', () => {
    const r = run(['inspect', value, '--json']);
    expect(JSON.parse(r.stdout)).toMatchObject({ bytes: Buffer.byteLength(value), warnings: [] });
  });

  it('exits 2 with usage on a wrong command', () => {
    const r = run(['nope']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/usage: taro-udesk inspect/);
  });
});
