// `taro-udesk-server` in a child process, bundled from src/cli/main.ts with esbuild as the build
// does (the drivers stay in node_modules), for hostile cases that must not share the test's heap:
// its memory is read from /proc, and a crash is the child's, not jest's.
import { spawn, type ChildProcess } from 'child_process';
import { buildSync } from 'esbuild';
import { mkdirSync, readFileSync } from 'fs';
import { createServer } from 'net';
import { join } from 'path';
import { ADMIN_TOKEN, APP_ID, COMPANY_TOKEN } from './trajectoryServer';

const cliDir = join(__dirname, '../../../node_modules/.cache/taro-udesk-tests');

/** Bundles the command once per test file; returns the bundle's path. */
export function buildServeCli(name = 'serveCliChild.cjs'): string {
  mkdirSync(cliDir, { recursive: true });
  const outfile = join(cliDir, name);
  buildSync({
    entryPoints: [join(__dirname, '../../src/cli/main.ts')],
    bundle: true, platform: 'node', format: 'cjs', outfile, logLevel: 'warning',
    external: ['pg', '@electric-sql/pglite', 'esbuild'],
  });
  return outfile;
}

export const freePort = (): Promise<number> => new Promise((resolve) => {
  const probe = createServer().listen(0, '127.0.0.1', () => {
    const { port } = probe.address() as { port: number };
    probe.close(() => resolve(port));
  });
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface ChildServer {
  child: ChildProcess;
  origin: string;
  /** Resident memory now, bytes (VmRSS); 0 once the process is gone. */
  rss(): number;
  /** Whether the process has exited (a crash included). */
  exited(): boolean;
  stop(): Promise<void>;
}

/** Starts the bundled command on a free port with the test app and admin token, plus `args`. */
export async function startChildServer(cli: string, args: string[], nodeArgs: string[] = []): Promise<ChildServer> {
  const port = await freePort();
  const stderr: string[] = [];
  const child = spawn(process.execPath, [...nodeArgs, cli, '--port', String(port), '--app', `${APP_ID}:${COMPANY_TOKEN}`,
    '--admin-token', ADMIN_TOKEN, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
  child.stderr?.on('data', (chunk: Buffer) => stderr.push(chunk.toString()));
  let exitCode: number | null | undefined;
  child.once('exit', (code, signal) => {
    exitCode = code ?? (signal ? -1 : null);
  });
  const origin = `http://127.0.0.1:${port}`;
  for (let tries = 0; ; tries++) {
    if (exitCode !== undefined) throw new Error(`the server exited at start: ${stderr.join('')}`);
    if (await fetch(`${origin}/healthz`).then((r) => r.ok, () => false)) break;
    if (tries > 600) {
      child.kill('SIGKILL');
      throw new Error('the server did not start');
    }
    await sleep(50);
  }
  return {
    child,
    origin,
    rss() {
      try {
        const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
        return match ? Number(match[1]) * 1024 : 0;
      } catch {
        return 0;
      }
    },
    exited: () => exitCode !== undefined,
    async stop() {
      if (exitCode !== undefined) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGKILL');
      await exited;
    },
  };
}
