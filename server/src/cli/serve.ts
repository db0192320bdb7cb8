// `taro-udesk-server`: the trajectory server from the command line (docs/server.md). Flags win
// over the environment (DATABASE_URL, TARO_UDESK_APPS, TARO_UDESK_ADMIN_TOKEN,
// TARO_UDESK_IDENTITY_SECRETS). Secrets are best given in files or the environment: the command
// line shows in `ps` to every user of the machine. SIGINT/SIGTERM stop it gently: no new
// connections, in-flight batches committed, the store closed, exit 0 (1 when that takes too long).
import { readFileSync } from 'fs';
import { parseArgs } from 'util';
import { createTrajectoryServer } from '../createTrajectoryServer';
import { DEFAULT_DATA_DIR } from '../openStore';
import { identitySecretsFrom } from './identitySecrets';
import { createLogger, LOG_FORMATS, type LogFormat } from '../createLogger';

export const SERVE_USAGE = `usage: taro-udesk-server [--port 4318] [--host 127.0.0.1] [--data DIR | --database URL]
                         [--apps-file FILE | --app APPID:COMPANYTOKEN...]
                         [--admin-token-file FILE | --admin-token TOKEN]
                         [--identity-secret-file APPID:PATH]...
                         [--cors-origin ORIGIN]... [--public-url URL] [--rate-limit N]
                         [--page-rate-limit N] [--trust-proxy ADDRESS|RANGE]...
                         [--app-events-per-minute N] [--app-bytes-per-minute N] [--image-origin ORIGIN]...
                         [--delivery-settle-hours N] [--log-format text|json]
                         [--retain-days N (default 180; 0 keeps everything)]
       taro-udesk-server --version
Environment: DATABASE_URL, TARO_UDESK_APPS=appId:token,appId:token, TARO_UDESK_ADMIN_TOKEN,
             TARO_UDESK_IDENTITY_SECRETS=appId:secret,appId:secret.
--apps-file: one APPID:COMPANYTOKEN a line (# comments).`;

class UsageError extends Error {}

function parseApps(values: string[]): Array<[string, string]> {
  return values.map((value) => {
    const colon = value.indexOf(':');
    if (colon <= 0 || colon === value.length - 1) throw new UsageError('--app takes APPID:COMPANYTOKEN');
    return [value.slice(0, colon), value.slice(colon + 1)];
  });
}

/** A secret file's text; a usage error that names the flag when it cannot be read. */
function readSecretFile(flag: string, path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new UsageError(`--${flag}: cannot read ${path} (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
}

const appLines = (text: string) => text.split(/\r?\n/).map((line) => line.trim()).filter((line) => line !== '' && !line.startsWith('#'));

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
        'apps-file': { type: 'string' },
        'admin-token': { type: 'string' },
        'admin-token-file': { type: 'string' },
        'identity-secret-file': { type: 'string', multiple: true },
        'trust-proxy': { type: 'string', multiple: true },
        'app-events-per-minute': { type: 'string' },
        'app-bytes-per-minute': { type: 'string' },
        'cors-origin': { type: 'string', multiple: true },
        'public-url': { type: 'string' },
        'page-rate-limit': { type: 'string' },
        'rate-limit': { type: 'string' },
        'image-origin': { type: 'string', multiple: true },
        'delivery-settle-hours': { type: 'string' },
        'log-format': { type: 'string' },
        'retain-days': { type: 'string' },
        help: { type: 'boolean' },
      },
    });
    if (values.help) {
      io.out(SERVE_USAGE);
      return 0;
    }
    const databaseUrl = values.database ?? (values.data === undefined ? io.env.DATABASE_URL : undefined) ?? undefined;
    if (values.data !== undefined && values.database !== undefined) throw new UsageError('give --data or --database, not both');
    if (values.app !== undefined && values['apps-file'] !== undefined) throw new UsageError('give --app or --apps-file, not both');
    if (values['admin-token'] !== undefined && values['admin-token-file'] !== undefined) {
      throw new UsageError('give --admin-token or --admin-token-file, not both');
    }
    const appsFromEnv = (io.env.TARO_UDESK_APPS ?? '').split(',').map((entry) => entry.trim()).filter(Boolean);
    const appsFromFile = values['apps-file'] === undefined ? undefined : appLines(readSecretFile('apps-file', values['apps-file']));
    const adminTokenFromFile = values['admin-token-file'] === undefined ? undefined : readSecretFile('admin-token-file', values['admin-token-file']).trim();
    const logFormat = (values['log-format'] ?? 'text') as LogFormat;
    if (!LOG_FORMATS.includes(logFormat)) throw new UsageError('--log-format takes text or json');
    const adminToken = values['admin-token'] ?? adminTokenFromFile ?? (io.env.TARO_UDESK_ADMIN_TOKEN || undefined);
    // A generated token is printed once; in JSON the print would be a log line, and tokens never are.
    if (logFormat === 'json' && adminToken === undefined) {
      throw new UsageError('--log-format json needs an admin token (--admin-token-file FILE or TARO_UDESK_ADMIN_TOKEN): a generated one would be printed into the logs');
    }
    const logger = createLogger(logFormat, { out: io.out, err: io.err });
    const perMinute = (name: 'app-events-per-minute' | 'app-bytes-per-minute') =>
      values[name] === undefined ? undefined : whole(name, values[name], 1, 1, Number.MAX_SAFE_INTEGER);
    settings = {
      port: whole('port', values.port, 4318, 0, 65535),
      host: values.host ?? '127.0.0.1',
      options: {
        databaseUrl: databaseUrl || undefined,
        dataDir: databaseUrl ? undefined : values.data ?? DEFAULT_DATA_DIR,
        apps: parseApps(values.app ?? appsFromFile ?? appsFromEnv),
        adminToken,
        identitySecrets: identitySecretsFrom(values['identity-secret-file'], io.env.TARO_UDESK_IDENTITY_SECRETS),
        corsOrigins: values['cors-origin'],
        imageOrigins: values['image-origin'],
        publicUrl: values['public-url'],
        rateLimit: values['rate-limit'] === undefined ? undefined : whole('rate-limit', values['rate-limit'], 100, 1, 1_000_000),
        pageRateLimit: values['page-rate-limit'] === undefined ? undefined : whole('page-rate-limit', values['page-rate-limit'], 20, 1, 1_000_000),
        trustedProxies: values['trust-proxy'],
        appEventsPerMinute: perMinute('app-events-per-minute'),
        appBytesPerMinute: perMinute('app-bytes-per-minute'),
        deliverySettleMs: values['delivery-settle-hours'] === undefined ? undefined
          : whole('delivery-settle-hours', values['delivery-settle-hours'], 24, 0, 24 * 366) * 60 * 60 * 1000,
        logger,
        retainDays: values['retain-days'] === undefined ? undefined : whole('retain-days', values['retain-days'], 180, 0, 100_000),
      },
      logger,
    };
    if (values['admin-token'] !== undefined) {
      logger.warn('--admin-token on the command line shows in ps to every user of this machine: use --admin-token-file FILE or TARO_UDESK_ADMIN_TOKEN');
    }
    if (values.app !== undefined) {
      logger.warn('--app on the command line shows its company token in ps to every user of this machine: use --apps-file FILE or TARO_UDESK_APPS');
    }
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
  const { logger } = settings;
  let stopping: Promise<void> | undefined;
  const stopped = new Promise<number>((resolve) => {
    const cleanup = io.onStop(() => {
      cleanup(); // a second signal then stops the process at once (Node's default)
      logger.info('stopping: finishing in-flight batches');
      stopping ??= server.close().then(() => resolve(0), (error: Error) => {
        logger.error(error.message);
        resolve(1);
      });
    });
  });
  try {
    const origin = await server.listen(settings.port, settings.host);
    logger.info(`batches: POST ${origin}/v1/batch`);
    logger.info(`console: ${origin}/console`);
    logger.info(`metrics: ${origin}/metrics (Authorization: Bearer <admin token>)`);
    // The tracker's trajectoryUrl: the links in the chat are <this>/t/<visitor id>.
    logger.info(`trajectory links (the tracker's trajectoryUrl): ${origin}`);
    // Printed once, to the terminal that started it; never logged otherwise.
    if (server.adminTokenGenerated) io.out(`admin token (generated, give --admin-token to keep one): ${server.adminToken}`);
  } catch (error) {
    logger.error(`cannot start: ${(error as Error).message}`);
    await server.close().catch(() => undefined);
    return 1;
  }
  return stopped;
}
