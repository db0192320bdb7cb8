import { PGlite } from '@electric-sql/pglite';
import { cpSync, existsSync, mkdtempSync, renameSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';

// PGlite runs initdb in WASM on a fresh directory (6–20 s on this machine); copying an initialised
// one takes well under a second. Suites get a fresh directory copied from a template made once per
// machine (renamed into place, so a parallel suite never sees half of one). The store's own
// migrations still run on the copy: the template holds no taro-udesk table.

const TEMPLATE = join(tmpdir(), 'taro-udesk-pglite-template-0.5');

async function templateDir(): Promise<string> {
  if (existsSync(join(TEMPLATE, 'PG_VERSION'))) return TEMPLATE;
  const building = join(mkdtempSync(join(tmpdir(), 'taro-udesk-pglite-initdb-')), 'data');
  const db = await PGlite.create({ dataDir: building });
  await db.close();
  try {
    renameSync(building, TEMPLATE);
  } catch {
    // Another suite's template is already in place.
  }
  rmSync(join(building, '..'), { recursive: true, force: true });
  return TEMPLATE;
}

export interface PgliteDataDir {
  dir: string;
  remove(): void;
}

/** A fresh, initialised PGlite data directory in a temp dir. */
export async function makePgliteDataDir(): Promise<PgliteDataDir> {
  const template = await templateDir();
  const parent = mkdtempSync(join(tmpdir(), 'taro-udesk-pglite-'));
  const dir = join(parent, 'data');
  cpSync(template, dir, { recursive: true });
  return { dir, remove: () => rmSync(parent, { recursive: true, force: true }) };
}
