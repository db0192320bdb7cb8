// `taro-udesk-server` as it runs for real: the CLI bundled by esbuild (as durability.test.ts does),
// started in a child process on a free port, its output kept for the test to read.
import { spawn, type ChildProcess } from 'child_process';
import { buildSync } from 'esbuild';
import { createHash } from 'crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'fs';
import { createServer } from 'net';
import { join } from 'path';

const cliDir = join(__dirname, '../../../node_modules/.cache/taro-udesk-tests');
let built: string | undefined;

/**
 * Bundles src/cli/main.ts once per test file, into a file named by its content: suites running in
 * parallel write the same bytes, each by an atomic rename, and the cache holds one per version.
 */
export function buildCli(): string {
  if (built) return built;
  mkdirSync(cliDir, { recursive: true });
  const [output] = buildSync({
    entryPoints: [join(__dirname, '../../src/cli/main.ts')],
    bundle: true, platform: 'node', format: 'cjs', outfile: join(cliDir, 'childCli.cjs'), logLevel: 'warning', write: false,
    external: ['pg', '@electric-sql/pglite', 'esbuild'],
  }).outputFiles;
  const file = join(cliDir, `childCli-${createHash('sha256').update(output.contents).digest('hex').slice(0, 12)}.cjs`);
  const partial = `${file}.${process.pid}`;
  writeFileSync(partial, output.contents);
  renameSync(partial, file);
  built = file;
  return file;
}

export const freePort = () => new Promise<number>((resolve) => {
  const probe = createServer().listen(0, '127.0.0.1', () => {
    const { port } = probe.address() as { port: number };
    probe.close(() => resolve(port));
  });
});

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface ChildServer {
  child: ChildProcess;
  port: number;
  origin: string;
  /** Everything written to stdout and stderr so far. */
  output(): string;
  /** Resolves with the exit code (or the signal's name) once the process has exited. */
  exited: Promise<number | string>;
  /** Whether the process has exited (a crash included). */
  hasExited(): boolean;
  /** Resident memory now, bytes (VmRSS, read from /proc); 0 once the process is gone. */
  rss(): number;
  /** Sends a signal; resolves once the process has exited (SIGKILL after `graceMs` if it has not). */
  stop(signal?: NodeJS.Signals, graceMs?: number): Promise<number | string>;
}

export interface StartChildOptions {
  env?: Record<string, string>;
  /** Waits for /healthz to answer 200 (default); false resolves at once (a start expected to fail). */
  waitHealthy?: boolean;
  port?: number;
  /** Node's own flags, before the script (e.g. --max-old-space-size). */
  nodeArgs?: string[];
}

export async function startChild(args: string[], options: StartChildOptions = {}): Promise<ChildServer> {
  const port = options.port ?? await freePort();
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), buildCli(), '--port', String(port), ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...options.env },
  });
  let text = '';
  child.stdout!.on('data', (chunk) => (text += chunk));
  child.stderr!.on('data', (chunk) => (text += chunk));
  const exited = new Promise<number | string>((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal ?? -1)));
  let done = false;
  void exited.then(() => (done = true));
  const server: ChildServer = {
    child,
    port,
    origin: `http://127.0.0.1:${port}`,
    output: () => text,
    exited,
    hasExited: () => done,
    rss() {
      try {
        const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
        return match ? Number(match[1]) * 1024 : 0;
      } catch {
        return 0;
      }
    },
    async stop(signal = 'SIGTERM', graceMs = 30_000) {
      if (!done) child.kill(signal);
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
  };
  if (options.waitHealthy === false) return server;
  // Start-up takes 1 s on a quiet machine, 25 s on a loaded one.
  for (let tries = 0; tries < 2400 && !done; tries++) {
    const ok = await fetch(`${server.origin}/healthz`).then((r) => r.ok, () => false);
    if (ok) return server;
    await sleep(50);
  }
  await server.stop('SIGKILL');
  throw new Error(`the server did not start:\n${text}`);
}
