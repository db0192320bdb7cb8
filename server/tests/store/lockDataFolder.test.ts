// The data folder's lock on its own: who may take it over and who is refused, with the host, the
// process table and the clock passed in (the cross-process cases run in dataFolderLock.test.ts).
import { readFileSync, utimesSync, writeFileSync, existsSync } from 'fs';
import { join } from 'path';
import { LOCK_FILE, lockDataFolder, type LockEnvironment } from '../../src/store/lockDataFolder';
import { DataFolderInUseError } from '../../src/store/dataFolderErrors';
import { tempDir } from '../support/trajectoryServer';

const env = (overrides: Partial<LockEnvironment> = {}): LockEnvironment =>
  ({ pid: 4242, host: 'this-host', now: () => Date.parse('2026-12-04T10:00:00Z'), isRunning: () => true, ...overrides });

function plant(dir: string, holder: Record<string, unknown>, ageMs = 0): void {
  const path = join(dir, LOCK_FILE);
  writeFileSync(path, JSON.stringify({ token: 'theirs', ...holder }));
  const at = new Date(Date.now() - ageMs);
  utimesSync(path, at, at);
}

describe('lockDataFolder', () => {
  it('creates the folder, writes who holds it, and removes the lock on release', () => {
    const dir = join(tempDir('lock-'), 'data');
    const lock = lockDataFolder(dir, env());
    expect(JSON.parse(readFileSync(join(dir, LOCK_FILE), 'utf8'))).toMatchObject({ pid: 4242, host: 'this-host', since: '2026-12-04T10:00:00.000Z' });
    expect(() => lockDataFolder(dir, env({ pid: 777 }))).toThrow(DataFolderInUseError);
    lock.release();
    expect(existsSync(join(dir, LOCK_FILE))).toBe(false);
    lockDataFolder(dir, env()).release();
  });

  it('refuses while the holder runs on this host, naming it', () => {
    const dir = tempDir('lock-');
    plant(dir, { pid: 99, host: 'this-host', since: '2026-12-04T09:00:00.000Z' });
    expect(() => lockDataFolder(dir, env())).toThrow(
      /the data folder .* is in use by another taro-udesk-server \(pid 99 on this-host, since 2026-12-04T09:00:00.000Z\)/);
  });

  it('takes over from a holder on this host that no longer runs (SIGKILL, reboot, a reused pid)', () => {
    const dir = tempDir('lock-');
    plant(dir, { pid: 99, host: 'this-host', since: '2026-12-04T09:00:00.000Z' });
    const asked: number[] = [];
    const lock = lockDataFolder(dir, env({ isRunning: (pid) => asked.push(pid) < 0 }));
    expect(asked).toEqual([99]);
    expect(JSON.parse(readFileSync(join(dir, LOCK_FILE), 'utf8')).pid).toBe(4242);
    lock.release();
  });

  it('takes over a lock that names this very pid but that this process never took (a container\'s pid 1 restarted)', () => {
    const dir = tempDir('lock-');
    plant(dir, { pid: 4242, host: 'this-host', since: '2026-12-04T09:00:00.000Z' });
    lockDataFolder(dir, env()).release();
  });

  it('refuses a holder on another host while it refreshes its lock, and takes over once it stopped a minute ago', () => {
    const dir = tempDir('lock-');
    plant(dir, { pid: 1, host: 'other-host', since: '2026-12-04T09:00:00.000Z' }, 5_000);
    expect(() => lockDataFolder(dir, env())).toThrow(/pid 1 on other-host.*another host/);
    plant(dir, { pid: 1, host: 'other-host', since: '2026-12-04T09:00:00.000Z' }, 61_000);
    lockDataFolder(dir, env()).release();
  });

  it('refuses a lock being written this moment, and takes over one left empty long ago', () => {
    const dir = tempDir('lock-');
    writeFileSync(join(dir, LOCK_FILE), '');
    expect(() => lockDataFolder(dir, env())).toThrow(DataFolderInUseError);
    const old = new Date(Date.now() - 30_000);
    utimesSync(join(dir, LOCK_FILE), old, old);
    lockDataFolder(dir, env()).release();
  });

  it('does not remove a lock another process holds by the time it is released', () => {
    const dir = tempDir('lock-');
    const lock = lockDataFolder(dir, env());
    plant(dir, { pid: 5, host: 'this-host', since: '2026-12-04T11:00:00.000Z' });
    lock.release();
    expect(JSON.parse(readFileSync(join(dir, LOCK_FILE), 'utf8')).pid).toBe(5);
  });
});
