// A trajectory server for tests: a real embedded store (PGlite) in a temp folder, on a free
// loopback port, with one known app and admin token.
import { mkdtempSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { request } from 'http';
import { connect } from 'net';
import { createTrajectoryServer, signCustomerIdentity } from '../../src';
import { makePgliteDataDir } from './pgliteDataDir';
import type { TrajectoryServer, TrajectoryServerOptions, Logger } from '../../src';

export const APP_ID = 'wx-test-app';
export const COMPANY_TOKEN = 'company-token-of-the-test-app';
export const ADMIN_TOKEN = 'admin-token-for-tests-0123456789';
/** The test app's identity secret: what its backend signs customers with. */
export const IDENTITY_SECRET = 'identity-secret-of-the-test-app-0123456789';

/** The customer as the test app's client sends it once its backend signed it (`identity_hash`). */
export const verified = <C extends { customer_token?: string; unionid?: string; openid?: string }>(customer: C) =>
  ({ ...customer, identity_hash: signCustomerIdentity({ secret: IDENTITY_SECRET, customer }) });

/** Collects what the server logs, so tests can check no secret ever reaches a log. */
export function recordingLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  return { lines, info: (m) => lines.push(m), warn: (m) => lines.push(m), error: (m) => lines.push(m) };
}

export const tempDir = (prefix: string) => mkdtempSync(join(tmpdir(), prefix));

export async function startServer(options: TrajectoryServerOptions = {}): Promise<TrajectoryServer & { logger: ReturnType<typeof recordingLogger> }> {
  const logger = recordingLogger();
  const server = createTrajectoryServer({
    dataDir: options.store || options.databaseUrl ? undefined : (await makePgliteDataDir()).dir,
    apps: { [APP_ID]: COMPANY_TOKEN },
    identitySecrets: { [APP_ID]: IDENTITY_SECRET },
    adminToken: ADMIN_TOKEN,
    logger,
    ...options,
  });
  await server.listen(0);
  return Object.assign(server, { logger });
}

export const event = (visitor: string, seq: number, data: Record<string, unknown> = { name: `p${seq}` }) =>
  ({ id: `${visitor}.${seq}`, session: visitor, seq, type: 'product', at: 1_700_000_000_000 + seq, data });

export const batch = (events: unknown[], appId = APP_ID) =>
  ({ v: 1, appId, companyDomain: 'demo.udesk.cn', sentAt: 1_700_000_001_000, events });

export function postBatch(origin: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${origin}/v1/batch`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-udesk-company-token': COMPANY_TOKEN, ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

export function adminGet(origin: string, path: string, token = ADMIN_TOKEN): Promise<Response> {
  return fetch(`${origin}${path}`, { headers: { authorization: `Bearer ${token}` } });
}

/** Sends raw bytes and resolves with the raw answer (until the server closes or `ms` passes). */
export function rawRequest(origin: string, text: string, ms = 2000): Promise<string> {
  const { hostname, port } = new URL(origin);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => socket.write(text));
    let answer = '';
    socket.on('data', (chunk) => {
      answer += chunk.toString('latin1');
    });
    const timer = setTimeout(() => socket.destroy(), ms);
    socket.on('close', () => {
      clearTimeout(timer);
      resolve(answer);
    });
    socket.on('error', reject);
  });
}

export { request };
