// The library as users get it: `npm pack` of the built package (npm test builds first), kept
// in .fixtures/ under a name made from its content, so an unchanged build is never reinstalled
// and parallel test files that pack at once write the same file.
import { execFileSync } from 'child_process';
import { createHash } from 'crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync } from 'fs';
import { join } from 'path';
import { root } from './buildDemo';

export const FIXTURES = join(root, '.fixtures');

export interface PackedLibrary {
  /** Absolute path of the tarball. */
  tarball: string;
  /** First 12 hex digits of its sha256. */
  hash: string;
}

export function packLibrary(): PackedLibrary {
  if (!existsSync(join(root, 'dist', 'index.js'))) throw new Error('dist/ is missing: run "npm run build" first (npm test does)');
  mkdirSync(FIXTURES, { recursive: true });
  const scratch = mkdtempSync(join(FIXTURES, 'pack-'));
  try {
    const out = execFileSync('npm', ['pack', '--json', '--pack-destination', scratch], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    const packed = join(scratch, JSON.parse(out)[0].filename);
    const hash = createHash('sha256').update(readFileSync(packed)).digest('hex').slice(0, 12);
    const tarball = join(FIXTURES, `taro-udesk-${hash}.tgz`);
    if (!existsSync(tarball)) renameSync(packed, tarball);
    removeUnusedTarballs(tarball);
    return { tarball, hash };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** Earlier tarballs that no fixture app's package.json names any more. */
function removeUnusedTarballs(current: string) {
  const named = readdirSync(FIXTURES)
    .map((name) => join(FIXTURES, name, 'package.json'))
    .filter(existsSync)
    .map((file) => readFileSync(file, 'utf8'))
    .join('\n');
  for (const name of readdirSync(FIXTURES)) {
    if (/^taro-udesk-\w+\.tgz$/.test(name) && join(FIXTURES, name) !== current && !named.includes(name)) rmSync(join(FIXTURES, name), { force: true });
  }
}

/** The file names in the tarball (`package/…`). */
export function tarballFiles(tarball: string): string[] {
  return execFileSync('tar', ['-tzf', tarball], { encoding: 'utf8' }).trim().split('\n');
}
