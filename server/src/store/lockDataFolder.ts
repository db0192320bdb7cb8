// One engine per embedded data folder (issue 17, finding 4): two servers writing one folder lost
// acknowledged events and corrupted its index. A lock file in the folder, created with O_EXCL,
// names the holder; a second taker is refused at once. A lock whose holder is gone is taken over:
// on the same host when that process no longer runs (a SIGKILLed server, a reboot), from another
// host (a shared volume) when the holder stopped refreshing it. Node has no flock(2) without a
// native addon, and lock libraries without one detect a dead holder only by age.
import { randomBytes } from 'crypto';
import { closeSync, linkSync, mkdirSync, openSync, readFileSync, renameSync, statSync, unlinkSync, utimesSync, writeSync } from 'fs';
import { hostname } from 'os';
import { join, resolve } from 'path';
import { DataFolderInUseError, type LockHolder } from './dataFolderErrors';
import { isProcessRunning } from './isProcessRunning';

export const LOCK_FILE = 'taro-udesk-server.lock';
/** How often the holder touches its lock, and how old a lock from another host must be to be taken. */
const REFRESH_MS = 10_000;
const STALE_MS = 60_000;

interface StoredHolder extends LockHolder {
  token: string;
}

export interface DataFolderLock {
  /** Removes the lock file (when it is still this one's). */
  release(): void;
}

export interface LockEnvironment {
  pid: number;
  host: string;
  now: () => number;
  isRunning: (pid: number, since: number) => boolean;
}

const realEnvironment = (): LockEnvironment => ({ pid: process.pid, host: hostname(), now: Date.now, isRunning: isProcessRunning });

/** Folders this process holds, and since when: a second store in the same process is refused as well. */
const heldHere = new Map<string, string>();

function readHolder(path: string): { text: string; holder: StoredHolder | null; ageMs: number } | null {
  try {
    const text = readFileSync(path, 'utf8');
    const ageMs = Date.now() - statSync(path).mtimeMs;
    let holder: StoredHolder | null = null;
    try {
      const parsed = JSON.parse(text);
      if (Number.isInteger(parsed.pid) && typeof parsed.host === 'string' && typeof parsed.since === 'string') holder = parsed;
    } catch {
      holder = null;
    }
    return { text, holder, ageMs };
  } catch {
    return null; // gone meanwhile
  }
}

/** Why the lock may not be taken (the message's last words), or null when its holder is gone. */
function stillHeld(found: NonNullable<ReturnType<typeof readHolder>>, env: LockEnvironment): string | null {
  const { holder, ageMs } = found;
  // Being written this very moment, or written by a holder killed between create and write.
  if (holder === null) return ageMs < REFRESH_MS ? '' : null;
  if (holder.host === env.host) {
    if (holder.pid === env.pid) return null; // this process holds no such lock: a previous one with the same pid did
    return env.isRunning(holder.pid, Date.parse(holder.since)) ? '' : null;
  }
  if (ageMs > STALE_MS) return null;
  return ` (it is on another host: if it is gone, its lock is taken over ${Math.round(STALE_MS / 1000)} s after its last refresh)`;
}

/** Takes `dataDir` for this process (creating it when missing), or throws DataFolderInUseError. */
export function lockDataFolder(dataDir: string, env: LockEnvironment = realEnvironment()): DataFolderLock {
  const folder = resolve(dataDir);
  const path = join(folder, LOCK_FILE);
  const heldSince = heldHere.get(folder);
  if (heldSince !== undefined) {
    throw new DataFolderInUseError(dataDir, { pid: env.pid, host: env.host, since: heldSince }, ' (this very process holds it: close the other store first)');
  }
  mkdirSync(folder, { recursive: true });
  const token = randomBytes(16).toString('hex');
  const holder: StoredHolder = { pid: env.pid, host: env.host, since: new Date(env.now()).toISOString(), token };
  for (let attempt = 0; attempt < 5; attempt += 1) {
    let descriptor: number;
    try {
      descriptor = openSync(path, 'wx', 0o644);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const found = readHolder(path);
      if (found === null) continue;
      const hint = stillHeld(found, env);
      if (hint !== null) {
        const shown = found.holder ?? { pid: 0, host: 'unknown', since: 'just now' };
        throw new DataFolderInUseError(dataDir, { pid: shown.pid, host: shown.host, since: shown.since }, hint);
      }
      takeAway(path, found.text);
      continue;
    }
    writeSync(descriptor, JSON.stringify(holder));
    closeSync(descriptor);
    return holdLock(folder, path, holder);
  }
  throw new DataFolderInUseError(dataDir, { pid: 0, host: 'unknown', since: 'just now' }, ' (other servers are starting on it at this moment)');
}

/**
 * Removes a stale lock, and only that one: it is renamed aside first (atomic), and put back when
 * what was renamed is not what was judged stale (another starter replaced it meanwhile).
 */
function takeAway(path: string, staleText: string): void {
  const aside = `${path}.${randomBytes(6).toString('hex')}`;
  try {
    renameSync(path, aside);
  } catch {
    return; // gone already
  }
  let text = '';
  try {
    text = readFileSync(aside, 'utf8');
  } catch {
    text = '';
  }
  if (text !== staleText) {
    try {
      linkSync(aside, path); // fails when a third starter holds it by now: then that one keeps it
    } catch {
      // ignore
    }
  }
  try {
    unlinkSync(aside);
  } catch {
    // ignore
  }
}

function holdLock(folder: string, path: string, { token, since }: StoredHolder): DataFolderLock {
  heldHere.set(folder, since);
  const refresh = setInterval(() => {
    try {
      const now = new Date();
      utimesSync(path, now, now);
    } catch {
      // The folder went away: nothing to refresh.
    }
  }, REFRESH_MS);
  refresh.unref();
  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    clearInterval(refresh);
    heldHere.delete(folder);
    process.off('exit', release);
    try {
      if (JSON.parse(readFileSync(path, 'utf8')).token === token) unlinkSync(path);
    } catch {
      // Not ours any more, or gone.
    }
  };
  // A process that exits without closing its store (an uncaught error) still lets go.
  process.on('exit', release);
  return { release };
}
