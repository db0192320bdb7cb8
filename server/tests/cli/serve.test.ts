// taro-udesk-server's contract: flags and environment, usage errors, the start-up lines (the
// development warning, a generated admin token printed once), and a gentle stop with exit 0.
import { runServe } from '../../src/cli/serve';
import { fakeServeIo } from '../support/fakeServeIo';
import { makePgliteDataDir } from '../support/pgliteDataDir';

jest.setTimeout(60_000);


describe('taro-udesk-server', () => {
  it.each([
    [['--app', 'no-colon'], /--app takes APPID:COMPANYTOKEN/],
    [['--data', 'a', '--database', 'postgres://x'], /not both/],
    [['--port', 'http'], /--port takes a whole number/],
    [['--rate-limit', '0'], /--rate-limit takes a whole number from 1/],
    [['--bogus'], /Unknown option/],
    [['--admin-token', 'short'], /adminToken: must be a string of at least 16 characters/],
    [['--cors-origin', '*'], /corsOrigins/],
    [['--public-url', 'track.example.com'], /publicUrl: must be an http\(s\) URL/],
    [['--public-url', 'https://track.example.com/?a=1'], /publicUrl/],
    [['--page-rate-limit', '0'], /--page-rate-limit takes a whole number from 1/],
    [['--image-origin', 'ftp://img.example.com'], /imageOrigins: ftp:\/\/img.example.com is not an http\(s\) origin/],
    [['--image-origin', '*'], /imageOrigins/],
  ])('exits 2 with the usage for %j', async (args, message) => {
    const { io, err } = fakeServeIo();
    expect(await runServe(args as string[], io)).toBe(2);
    expect(err.join('\n')).toMatch(message);
    expect(err.join('\n')).toMatch(/usage: taro-udesk-server/);
  });

  it('starts, warns that any app is accepted, prints a generated admin token once, and stops with 0', async () => {
    const { dir } = await makePgliteDataDir();
    const { io, out, err, stop } = fakeServeIo();
    const running = runServe(['--port', '0', '--data', dir], io);
    while (!out.some((line) => line.startsWith('console:'))) await new Promise((resolve) => setTimeout(resolve, 50));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(err.join('\n')).toMatch(/ANY app/);
    const tokenLines = out.filter((line) => line.startsWith('admin token'));
    expect(tokenLines).toHaveLength(1);
    const token = tokenLines[0].split(': ').pop()!;
    const origin = out.find((line) => line.startsWith('console:'))!.split(' ').pop()!.replace('/console', '');
    expect((await fetch(`${origin}/v1/events`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
    expect(out.filter((line) => line.includes(token))).toHaveLength(1);
    stop();
    expect(await running).toBe(0);
  });

  it('takes its apps and admin token from the environment', async () => {
    const { dir } = await makePgliteDataDir();
    const adminToken = 'admin-token-from-the-environment';
    const { io, out, err, stop } = fakeServeIo({ TARO_UDESK_APPS: 'wx1:token-one, wx2:token-two', TARO_UDESK_ADMIN_TOKEN: adminToken });
    const running = runServe(['--port', '0', '--data', dir], io);
    while (!out.some((line) => line.startsWith('console:'))) await new Promise((resolve) => setTimeout(resolve, 50));
    const origin = out.find((line) => line.startsWith('console:'))!.split(' ').pop()!.replace('/console', '');
    const post = (appId: string, token: string) => fetch(`${origin}/v1/batch`, { method: 'POST', headers: { 'x-udesk-company-token': token },
      body: JSON.stringify({ v: 1, appId, companyDomain: 'd', sentAt: 1, events: [] }) });
    expect((await post('wx2', 'token-two')).status).toBe(200);
    expect((await post('wx2', 'token-one')).status).toBe(401);
    expect((await fetch(`${origin}/v1/visitors`, { headers: { authorization: `Bearer ${adminToken}` } })).status).toBe(200);
    expect([...out, ...err].join('\n')).not.toMatch(/token-one|token-two|admin-token-from/);
    expect(err.join('\n')).not.toMatch(/ANY app/);
    stop();
    expect(await running).toBe(0);
  });

  it('prints the public URL as the base of the trajectory links (the tracker\'s trajectoryUrl)', async () => {
    const { dir } = await makePgliteDataDir();
    const { io, out, stop } = fakeServeIo({ TARO_UDESK_ADMIN_TOKEN: 'admin-token-for-the-public-url' });
    const running = runServe(['--port', '0', '--data', dir, '--public-url', 'https://track.example.com/udesk/', '--page-rate-limit', '5'], io);
    while (!out.some((line) => line.startsWith('trajectory links'))) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(out).toContain('console: https://track.example.com/udesk/console');
    expect(out).toContain("trajectory links (the tracker's trajectoryUrl): https://track.example.com/udesk");
    stop();
    expect(await running).toBe(0);
  });

  it('lets the pages show images from the origins given with --image-origin, and only those', async () => {
    const { dir } = await makePgliteDataDir();
    const { io, out, stop } = fakeServeIo({ TARO_UDESK_ADMIN_TOKEN: 'admin-token-for-the-image-origins' });
    const running = runServe(['--port', '0', '--data', dir, '--image-origin', 'https://img.shop.example.com', '--image-origin', 'http://cdn.example.com:8080/'], io);
    while (!out.some((line) => line.startsWith('console:'))) await new Promise((resolve) => setTimeout(resolve, 50));
    const origin = out.find((line) => line.startsWith('console:'))!.split(' ').pop()!.replace('/console', '');
    for (const path of ['/console', '/t/SomeVisitor_0123456789abcdef']) {
      const csp = (await fetch(`${origin}${path}`)).headers.get('content-security-policy');
      expect(csp).toContain("img-src 'self' data: https://img.shop.example.com http://cdn.example.com:8080;");
    }
    stop();
    expect(await running).toBe(0);
  });
});
