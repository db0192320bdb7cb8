// `taro-udesk-server`'s identity secrets: from a file per app (`--identity-secret-file APPID:PATH`,
// twice for one app while rotating) or TARO_UDESK_IDENTITY_SECRETS, never a flag's value; bad
// input is a usage error naming what is wrong; the secret never reaches the output.
import { writeFileSync } from 'fs';
import { join } from 'path';
import { runServe } from '../../src/cli/serve';
import { identitySecretsFrom } from '../../src/cli/identitySecrets';
import { signCustomerIdentity } from '../../src';
import { fakeServeIo } from '../support/fakeServeIo';
import { makePgliteDataDir } from '../support/pgliteDataDir';
import { tempDir } from '../support/trajectoryServer';

jest.setTimeout(60_000);

const OLD_SECRET = 'the-old-identity-secret-0123456789abcdef';
const NEW_SECRET = 'the-new-identity-secret-0123456789abcdef';


describe('identity secrets on the command line', () => {
  it('reads each file (trimmed), prefers files to the environment, and reads the environment otherwise', () => {
    const files: Record<string, string> = { '/run/a': `${OLD_SECRET}\n`, '/run/b': NEW_SECRET };
    const read = (path: string) => files[path];
    expect(identitySecretsFrom(['wx1:/run/a', 'wx1:/run/b'], 'wx9:ignored', read)).toEqual([['wx1', OLD_SECRET], ['wx1', NEW_SECRET]]);
    expect(identitySecretsFrom(undefined, ` wx1:${OLD_SECRET} , wx2:${NEW_SECRET}`, read)).toEqual([['wx1', OLD_SECRET], ['wx2', NEW_SECRET]]);
    expect(identitySecretsFrom(undefined, undefined, read)).toEqual([]);
  });

  it.each([
    [['--identity-secret-file', 'no-colon'], {}, /--identity-secret-file takes APPID:PATH/],
    [['--identity-secret-file', 'wx1:/nonexistent/secret'], {}, /--identity-secret-file: cannot read \/nonexistent\/secret \(ENOENT\)/],
    [[], { TARO_UDESK_IDENTITY_SECRETS: 'wx1' }, /TARO_UDESK_IDENTITY_SECRETS takes appId:secret/],
    [[], { TARO_UDESK_IDENTITY_SECRETS: 'wx1:too-short' }, /identitySecrets: the secret of "wx1" must be a string of at least 32 characters/],
    [['--app', 'wx1:token'], { TARO_UDESK_IDENTITY_SECRETS: `wx2:${OLD_SECRET}` }, /identitySecrets: "wx2" is not one of the apps/],
    [['--identity-secret', OLD_SECRET], {}, /Unknown option '--identity-secret'/],
  ])('exits 2 with the usage for %j %j', async (args, env, message) => {
    const { io, err } = fakeServeIo(env as Record<string, string>);
    expect(await runServe(args as string[], io)).toBe(2);
    expect(err.join('\n')).toMatch(message);
    expect(err.join('\n')).toMatch(/--identity-secret-file APPID:PATH/);
    expect(err.join('\n')).not.toContain(OLD_SECRET);
  });

  it('verifies with either secret of a rotation, given as files', async () => {
    const { dir } = await makePgliteDataDir();
    const secrets = tempDir('identity-secrets-');
    writeFileSync(join(secrets, 'old'), `${OLD_SECRET}\n`);
    writeFileSync(join(secrets, 'new'), NEW_SECRET);
    const { io, out, err, stop } = fakeServeIo({ TARO_UDESK_ADMIN_TOKEN: 'admin-token-of-the-secrets-test' });
    const running = runServe(['--port', '0', '--data', dir, '--app', 'wx1:token-one',
      '--identity-secret-file', `wx1:${join(secrets, 'old')}`, '--identity-secret-file', `wx1:${join(secrets, 'new')}`], io);
    while (!out.some((line) => line.startsWith('console:'))) await new Promise((resolve) => setTimeout(resolve, 50));
    const origin = out.find((line) => line.startsWith('console:'))!.split(' ').pop()!.replace('/console', '');
    const events = [OLD_SECRET, NEW_SECRET, 'a-secret-the-server-does-not-have-0123456789'].map((secret, index) => ({
      id: `s.${index}`, session: 's', seq: index, visitor: 'Rotation-visitor-0123456789', type: 'product', at: 1_700_000_000_000, data: { name: 'p' },
      customer: { customer_token: 'c-1', identity_hash: signCustomerIdentity({ secret, customer: { customer_token: 'c-1' } }) },
    }));
    const response = await fetch(`${origin}/v1/batch`, { method: 'POST', headers: { 'x-udesk-company-token': 'token-one' },
      body: JSON.stringify({ v: 2, appId: 'wx1', companyDomain: 'd', sentAt: 1, events }) });
    expect((await response.json()).accepted).toBe(3);
    const stored = await (await fetch(`${origin}/v1/events?app=wx1`, { headers: { authorization: 'Bearer admin-token-of-the-secrets-test' } })).json();
    expect(stored.events.map((event: { verified: boolean }) => event.verified)).toEqual([true, true, false]);
    expect([...out, ...err].join('\n')).not.toMatch(/the-old-identity|the-new-identity/);
    stop();
    expect(await running).toBe(0);
  });
});
