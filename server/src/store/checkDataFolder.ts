// Before PGlite opens a folder: what it would not say itself. Opening a damaged folder ends in
// WASM's "Aborted()", and a folder without PG_VERSION would get a new database made on top of what
// it holds. Each check names the file at fault and what to do.
import { readdirSync, readFileSync, statSync } from 'fs';
import { join } from 'path';
import { DataFolderDamagedError } from './dataFolderErrors';
import { LOCK_FILE } from './lockDataFolder';

/** The PostgreSQL major version of the bundled PGlite (its folders' PG_VERSION). */
export const ENGINE_MAJOR = '18';
/** PostgreSQL's control file is one 8 KiB page. */
const CONTROL_FILE_BYTES = 8192;

export const RESTORE_ADVICE = 'Restore the folder from a backup; or, to start over with an empty store, move the folder aside ' +
  '(its events stay in it) and start again with --data pointing at a new folder.';

function entriesOf(folder: string): string[] {
  try {
    return readdirSync(folder);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}

/** Throws DataFolderDamagedError when `dataDir` holds something PGlite cannot (or must not) open. */
export function checkDataFolder(dataDir: string): void {
  const entries = entriesOf(dataDir).filter((name) => name !== LOCK_FILE);
  if (entries.length === 0) return; // new: PGlite makes the database
  if (!entries.includes('PG_VERSION')) {
    throw new DataFolderDamagedError(dataDir, 'it holds files but no PG_VERSION, so it is not an embedded store\'s folder (or its PG_VERSION was lost)',
      'Give --data an empty or new folder. If it is a store whose PG_VERSION was lost, restore it from a backup.');
  }
  const version = readFileSync(join(dataDir, 'PG_VERSION'), 'utf8').trim();
  if (version !== ENGINE_MAJOR) {
    throw new DataFolderDamagedError(dataDir, `PostgreSQL ${version} made it, and this server's embedded engine is PostgreSQL ${ENGINE_MAJOR}`,
      'Start the taro-udesk-server version that made it, or restore a backup made by this one.');
  }
  let controlBytes = -1;
  try {
    controlBytes = statSync(join(dataDir, 'global', 'pg_control')).size;
  } catch {
    controlBytes = -1;
  }
  if (controlBytes === -1) throw new DataFolderDamagedError(dataDir, 'global/pg_control (PostgreSQL\'s control file) is missing', RESTORE_ADVICE);
  if (controlBytes !== CONTROL_FILE_BYTES) {
    throw new DataFolderDamagedError(dataDir, `global/pg_control (PostgreSQL's control file) is ${controlBytes} bytes instead of ${CONTROL_FILE_BYTES}: it is damaged`, RESTORE_ADVICE);
  }
  if (!entriesOf(join(dataDir, 'pg_wal')).some((name) => /^[0-9A-F]{24}$/.test(name))) {
    throw new DataFolderDamagedError(dataDir, 'pg_wal holds no WAL segment: the log of its latest changes is gone', RESTORE_ADVICE);
  }
}

/** What PGlite's own failure to open a folder that passed the checks above says, in words. */
export function openFailure(dataDir: string, error: unknown): Error {
  const message = error instanceof Error ? error.message : String(error);
  if (!/Aborted\(\)|failed to initialize/i.test(message)) return error instanceof Error ? error : new Error(message);
  return new DataFolderDamagedError(dataDir, 'the embedded PostgreSQL engine stopped while opening it: a file in it is damaged', RESTORE_ADVICE);
}
