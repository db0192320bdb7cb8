// `taro-udesk-server`: the trajectory server from the command line (docs/server.md). Flags win
// over the environment (DATABASE_URL, TARO_UDESK_APPS, TARO_UDESK_ADMIN_TOKEN). SIGINT/SIGTERM
// stop it gently: no new connections, in-flight batches committed, the store closed, exit 0.
import { parseArgs } from 'util';
import { createTrajectoryServer } from '../createTrajectoryServer';
import { DEFAULT_DATA_DIR } from '../openStore';

export const SERVE_USAGE = `usage: taro-udesk-server [--port 4318] [--host 127.0.0.1] [--data DIR | --database URL]
                         [--app APPID:COMPANYTOKEN]... [--admin-token TOKEN]
                         [--cors-origin ORIGIN]... [--public-url URL] [--rate-limit N]
                         [--page-rate-limit N] [--image-origin ORIGIN]...
       taro-udesk-server --version
Environment: DATABASE_URL, TARO_UDESK_APPS=appId:token,appId:token, TARO_UDESK_ADMIN_TOKEN.`;

class UsageError extends Error {}

function parseApps(values: string[]): Array<[string, string]> {
  return values.map((value) => {
    const colon = value.indexOf(':');
    if (colon <= 0 || colon === value.length - 1) throw new UsageError('--app takes APPID:COMPANYTOKEN');
    return [value.slice(0, colon), value.slice(colon + 1)];
  });
}

function whole(name: string, value: string | undefined, fallback: number, min: number, max: number): number {
  if (value === undefined) return fallback;
  const number = Number(value);
  if (!/^\d+$/.test(value) || number < min || number > max) throw new UsageError(`--${name} takes a whole number from ${min} to ${max}`);
  return number;
}

export interface ServeIo {
  env: Record<string, string | undefined>;
  out: (line: string) => void;
  err: (line: string) => void;
  /** Registers the stop signals; returns their cleanup. */
  onStop: (stop: () => void) => () => void;
}

const processIo: ServeIo = {
  env: process.env,
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
  onStop(stop) {
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    return () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
    };
  },
};

/** Runs until stopped by a signal; resolves with the exit code. */
export async function runServe(args: string[], io: ServeIo = processIo): Promise<number> {
  let settings;
  try {
    const { values } = parseArgs({
      args,
      strict: true,
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        data: { type: 'string' },
        database: { type: 'string' },
        app: { type: 'string', multiple: true },
        'admin-token': { type: 'string' },
        'cors-origin': { type: 'string', multiple: true },
        'public-url': { type: 'string' },
        'page-rate-limit': { type: 'string' },
        'rate-limit': { type: 'string' },
        'image-origin': { type: 'string', multiple: true },
        help: { type: 'boolean' },
      },
    });
    if (values.help) {
      io.out(SERVE_USAGE);
      return 0;
    }
    const databaseUrl = values.database ?? (values.data === undefined ? io.env.DATABASE_URL : undefined) ?? undefined;
    if (values.data !== undefined && values.database !== undefined) throw new UsageError('give --data or --database, not both');
    const appsFromEnv = (io.env.TARO_UDESK_APPS ?? '').split(',').map((entry) => entry.trim()).filter(Boolean);
    settings = {
      port: whole('port', values.port, 4318, 0, 65535),
      host: values.host ?? '127.0.0.1',
      options: {
        databaseUrl: databaseUrl || undefined,
        dataDir: databaseUrl ? undefined : values.data ?? DEFAULT_DATA_DIR,
        apps: parseApps(values.app ?? appsFromEnv),
        adminToken: values['admin-token'] ?? (io.env.TARO_UDESK_ADMIN_TOKEN || undefined),
        corsOrigins: values['cors-origin'],
        imageOrigins: values['image-origin'],
        publicUrl: values['public-url'],
        rateLimit: values['rate-limit'] === undefined ? undefined : whole('rate-limit', values['rate-limit'], 100, 1, 1_000_000),
        pageRateLimit: values['page-rate-limit'] === undefined ? undefined : whole('page-rate-limit', values['page-rate-limit'], 20, 1, 1_000_000),
        logger: { info: io.out, warn: (line: string) => io.err(`warning: ${line}`), error: (line: string) => io.err(`error: ${line}`) },
      },
    };
  } catch (error) {
    io.err(`${(error as Error).message}\n${SERVE_USAGE}`);
    return 2;
  }
  let server;
  try {
    server = createTrajectoryServer(settings.options);
  } catch (error) {
    io.err(`${(error as Error).message}\n${SERVE_USAGE}`);
    return 2;
  }
  let stopping: Promise<void> | undefined;
  const stopped = new Promise<void>((resolve) => {
    const cleanup = io.onStop(() => {
      cleanup(); // a second signal then stops the process at once (Node's default)
      io.out('stopping: finishing in-flight batches');
      stopping ??= server.close().then(resolve);
    });
  });
  try {
    const origin = await server.listen(settings.port, settings.host);
    io.out(`batches: POST ${origin}/v1/batch`);
    io.out(`console: ${origin}/console`);
    // The tracker's trajectoryUrl: the links in the chat are <this>/t/<visitor id>.
    io.out(`trajectory links (the tracker's trajectoryUrl): ${origin}`);
    // Printed once, to the terminal that started it; never logged otherwise.
    if (server.adminTokenGenerated) io.out(`admin token (generated, give --admin-token to keep one): ${server.adminToken}`);
  } catch (error) {
    io.err(`error: cannot start: ${(error as Error).message}`);
    await server.close().catch(() => undefined);
    return 1;
  }
  await stopped;
  return 0;
}
