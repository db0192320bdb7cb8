import { execFileSync } from 'child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, renameSync, rmSync } from 'fs';
import { createServer } from 'net';
import { tmpdir } from 'os';
import { join } from 'path';

// A real, throwaway PostgreSQL cluster for a test suite (no mock): `initdb` and `pg_ctl` from
// Debian's `postgresql` package, in a fresh temp directory, on a free port, trust auth on
// 127.0.0.1 only, its unix socket inside the temp directory. As root, PostgreSQL refuses to run,
// so the binaries run as the `postgres` user (`runuser -u postgres --`).

export interface PostgresCluster {
  /** `postgres://postgres@127.0.0.1:<port>/postgres` */
  connectionString: string;
  port: number;
  /** Stops the cluster and removes its directory. */
  stop(): Promise<void>;
  /** Stops the server (fast shutdown), keeping its data: PostgreSQL is down. */
  halt(): void;
  /** Starts it again on the same port and data. */
  resume(): void;
}

export interface StartPostgresOptions {
  /** fsync on commit; off by default, since a test cluster is never power-cut (the bench turns it on). */
  fsync?: boolean;
}

/** The newest `/usr/lib/postgresql/<major>/bin` holding `initdb`. */
export function findPostgresBin(): string {
  const root = '/usr/lib/postgresql';
  const majors = existsSync(root)
    ? readdirSync(root)
        .filter((name) => /^\d+$/.test(name) && existsSync(join(root, name, 'bin', 'initdb')))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  if (majors.length === 0) {
    throw new Error('PostgreSQL not found under /usr/lib/postgresql/<major>/bin: apt-get install postgresql (.ci/run does)');
  }
  return join(root, majors[0], 'bin');
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

const asRoot = typeof process.getuid === 'function' && process.getuid() === 0;

function runAsPostgres(command: string, args: string[]): void {
  const [file, fileArgs] = asRoot ? ['runuser', ['-u', 'postgres', '--', command, ...args]] : [command, args];
  execFileSync(file, fileArgs, { stdio: ['ignore', 'pipe', 'pipe'] });
}

function postgresOwner(): { uid: number; gid: number } {
  const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
  const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
  return { uid, gid };
}

/** A directory only the postgres user may enter, for a data directory inside it. */
function makeOwnedTempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  if (asRoot) {
    const owner = postgresOwner();
    chownSync(dir, owner.uid, owner.gid);
  }
  return dir;
}

/**
 * initdb takes ~2.4 s here; copying its result takes ~0.2 s. So the first cluster of a machine
 * runs initdb into a template (renamed into place, so a parallel suite never sees half of one)
 * and every cluster starts from a copy of it.
 */
function templateDataDir(bin: string): string {
  const template = join(tmpdir(), `taro-udesk-pg-template-${bin.split('/').slice(-2)[0]}`);
  if (existsSync(join(template, 'PG_VERSION'))) return template;
  const building = makeOwnedTempDir('taro-udesk-pg-initdb-');
  const dataDir = join(building, 'data');
  runAsPostgres(join(bin, 'initdb'), ['-D', dataDir, '-U', 'postgres', '-A', 'trust', '--no-sync', '-E', 'UTF8', '--locale=C']);
  try {
    renameSync(dataDir, template);
  } catch {
    // Another suite put its template in place first: use that one.
  }
  rmSync(building, { recursive: true, force: true });
  return template;
}

export async function startPostgres(options: StartPostgresOptions = {}): Promise<PostgresCluster> {
  const bin = findPostgresBin();
  const template = templateDataDir(bin);
  const dir = makeOwnedTempDir('taro-udesk-pg-');
  const dataDir = join(dir, 'data');
  const port = await freePort();
  const serverOptions = [
    `-p ${port}`,
    `-k ${dir}`,
    '-c listen_addresses=127.0.0.1',
    `-c fsync=${options.fsync ? 'on' : 'off'}`,
    '-c max_connections=50',
  ].join(' ');
  const stopNow = (): void => {
    try {
      runAsPostgres(join(bin, 'pg_ctl'), ['stop', '-D', dataDir, '-m', 'immediate', '-s']);
    } catch {
      // Not running (any more).
    }
    rmSync(dir, { recursive: true, force: true });
  };
  // A suite that dies before stop() must not leave a server behind.
  process.once('exit', stopNow);
  try {
    runAsPostgres('cp', ['-a', template, dataDir]);
    runAsPostgres(join(bin, 'pg_ctl'), ['start', '-D', dataDir, '-w', '-s', '-l', join(dir, 'log'), '-o', serverOptions]);
  } catch (error) {
    stopNow();
    process.removeListener('exit', stopNow);
    const stderr = (error as { stderr?: Buffer }).stderr?.toString() ?? '';
    throw new Error(`could not start PostgreSQL: ${(error as Error).message}\n${stderr}`);
  }
  return {
    connectionString: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    halt: () => runAsPostgres(join(bin, 'pg_ctl'), ['stop', '-D', dataDir, '-m', 'fast', '-w', '-s']),
    resume: () => runAsPostgres(join(bin, 'pg_ctl'), ['start', '-D', dataDir, '-w', '-s', '-l', join(dir, 'log'), '-o', serverOptions]),
    async stop() {
      process.removeListener('exit', stopNow);
      try {
        runAsPostgres(join(bin, 'pg_ctl'), ['stop', '-D', dataDir, '-m', 'fast', '-w', '-s']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
