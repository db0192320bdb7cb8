// Issue 17, finding 8: `--admin-token` and `--app` put secrets where `ps` shows them to every user
// of the machine. They can come from files (`--admin-token-file`, `--apps-file`) or the environment,
// and the command line still works but warns.
import { chmodSync, writeFileSync } from 'fs';
import { join } from 'path';
import { runServe } from '../../src/cli/serve';
import { fakeServeIo } from '../support/fakeServeIo';
import { makePgliteDataDir } from '../support/pgliteDataDir';
import { tempDir } from '../support/trajectoryServer';

jest.setTimeout(120_000);


/** The server's origin once it prints it; throws when runServe ended first (a usage error). */
async function originOf(out: string[], running: Promise<number>): Promise<string> {
  let ended = false;
  void running.then(() => (ended = true));
  while (!out.some((line) => line.startsWith('console:'))) {
    if (ended) throw new Error(`the server did not start: exit ${await running}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return out.find((line) => line.startsWith('console:'))!.split(' ').pop()!.replace('/console', '');
}

const post = (origin: string, appId: string, token: string) => fetch(`${origin}/v1/batch`, { method: 'POST',
  headers: { 'x-udesk-company-token': token }, body: JSON.stringify({ v: 1, appId, companyDomain: 'd', sentAt: 1, events: [] }) });

describe('secrets kept out of the command line', () => {
  it('reads the admin token and the apps from files, and warns about nothing', async () => {
    const dir = tempDir('secrets-');
    const adminFile = join(dir, 'admin-token');
    const appsFile = join(dir, 'apps');
    writeFileSync(adminFile, 'admin-token-from-a-file-0123456789\n');
    writeFileSync(appsFile, '# appId:company token, one a line\nwx1:token-one\n\n  wx2:token-two  \n');
    chmodSync(adminFile, 0o600);
    const { io, out, err, stop } = fakeServeIo();
    const running = runServe(['--port', '0', '--data', (await makePgliteDataDir()).dir, '--admin-token-file', adminFile, '--apps-file', appsFile], io);
    const origin = await originOf(out, running);
    expect((await post(origin, 'wx2', 'token-two')).status).toBe(200);
    expect((await post(origin, 'wx1', 'token-one')).status).toBe(200);
    expect((await post(origin, 'wx1', 'token-two')).status).toBe(401);
    expect((await fetch(`${origin}/v1/visitors`, { headers: { authorization: 'Bearer admin-token-from-a-file-0123456789' } })).status).toBe(200);
    expect([...out, ...err].join('\n')).not.toMatch(/token-one|token-two|admin-token-from/);
    expect(err.join('\n')).not.toMatch(/warning/);
    stop();
    expect(await running).toBe(0);
  });

  it('warns when a secret comes on the command line, naming the safer ways', async () => {
    const { io, out, err, stop } = fakeServeIo();
    const running = runServe(['--port', '0', '--data', (await makePgliteDataDir()).dir,
      '--admin-token', 'admin-token-on-the-command-line', '--app', 'wx1:token-on-the-command-line'], io);
    await originOf(out, running);
    const warnings = err.join('\n');
    expect(warnings).toMatch(/warning: --admin-token .*ps.*--admin-token-file.*TARO_UDESK_ADMIN_TOKEN/);
    expect(warnings).toMatch(/warning: --app .*ps.*--apps-file.*TARO_UDESK_APPS/);
    expect(warnings).not.toMatch(/on-the-command-line/);
    stop();
    expect(await running).toBe(0);
  });

  it.each([
    [['--admin-token-file', '/nonexistent/admin-token'], /--admin-token-file: cannot read \/nonexistent\/admin-token/],
    [['--apps-file', '/nonexistent/apps'], /--apps-file: cannot read \/nonexistent\/apps/],
    [['--admin-token', 'admin-token-0123456789', '--admin-token-file', '/x'], /--admin-token or --admin-token-file, not both/],
  ])('exits 2 for %j', async (args, message) => {
    const { io, err } = fakeServeIo();
    expect(await runServe(args as string[], io)).toBe(2);
    expect(err.join('\n')).toMatch(message);
  });
});
