// A package as users get it: `npm pack` of the built package (npm test builds first), kept in
// .fixtures/ under a name made from its content, so an unchanged build is never reinstalled and
// parallel test files that pack at once write the same file. The client (the repository's root)
// and the server (server/) are packed alike.
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

export const SERVER_DIR = join(root, 'server');

/** Packs the package in `dir` (default: taro-udesk, the root) into .fixtures/<name>-<hash>.tgz. */
export function packLibrary(dir = root): PackedLibrary {
  const { name } = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name: string };
  if (!existsSync(join(dir, 'dist', 'index.js'))) throw new Error(`${dir}/dist is missing: run "npm run build" first (npm test does)`);
  mkdirSync(FIXTURES, { recursive: true });
  const scratch = mkdtempSync(join(FIXTURES, 'pack-'));
  try {
    const out = execFileSync('npm', ['pack', '--json', '--pack-destination', scratch], { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    const packed = join(scratch, JSON.parse(out)[0].filename);
    const hash = createHash('sha256').update(readFileSync(packed)).digest('hex').slice(0, 12);
    const tarball = join(FIXTURES, `${name}-${hash}.tgz`);
    if (!existsSync(tarball)) renameSync(packed, tarball);
    removeUnusedTarballs(name, tarball);
    return { tarball, hash };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** Earlier tarballs of `name` that no fixture app's package.json names any more. */
function removeUnusedTarballs(name: string, current: string) {
  const named = readdirSync(FIXTURES)
    .map((entry) => join(FIXTURES, entry, 'package.json'))
    .filter(existsSync)
    .map((file) => readFileSync(file, 'utf8'))
    .join('\n');
  const ofThisPackage = new RegExp(`^${name}-[0-9a-f]{12}\\.tgz$`);
  for (const entry of readdirSync(FIXTURES)) {
    if (ofThisPackage.test(entry) && join(FIXTURES, entry) !== current && !named.includes(entry)) rmSync(join(FIXTURES, entry), { force: true });
  }
}

/** The file names in the tarball (`package/…`). */
export function tarballFiles(tarball: string): string[] {
  return execFileSync('tar', ['-tzf', tarball], { encoding: 'utf8' }).trim().split('\n');
}
