// Builds the demo with Taro for a platform, unless build/<platform> is newer than every source
// it is made from (a fresh clone always builds). Used by jest's globalSetup, once per run, so
// parallel test files never build into the same folder at once.
import { execFileSync } from 'child_process';
import { existsSync, readdirSync, statSync } from 'fs';
import { join } from 'path';

export const root = join(__dirname, '..', '..');
export const buildDir = (platform: string) => join(root, 'build', platform);
const STAMP = '.taro-udesk-built';

function newestMtime(path: string): number {
  const s = statSync(path);
  if (!s.isDirectory()) return s.mtimeMs;
  return readdirSync(path).reduce((max, name) => Math.max(max, newestMtime(join(path, name))), s.mtimeMs);
}

export function buildDemo(platform: 'weapp' | 'h5'): void {
  const stamp = join(buildDir(platform), STAMP);
  const sources = ['src', 'demo', 'config', 'babel.config.js', 'package.json'].map((p) => join(root, p));
  if (existsSync(stamp) && statSync(stamp).mtimeMs > Math.max(...sources.map(newestMtime))) return;
  // NODE_ENV is 'test' under jest; Taro builds for production (and babel.config.js keys on it).
  execFileSync(join(root, 'node_modules', '.bin', 'taro'), ['build', '--type', platform], {
    cwd: root,
    env: { ...process.env, NODE_ENV: 'production' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  execFileSync(process.execPath, ['-e', `require('fs').writeFileSync(${JSON.stringify(stamp)}, '')`]);
}
