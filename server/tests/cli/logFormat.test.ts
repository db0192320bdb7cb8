// `--log-format text|json` (docs/server.md, "Logs"): JSON lines an operator's collector can parse,
// each `{ time, level, message }` and nothing else, one line whatever a message holds, and never a
// token, a visitor id or event data, through a start, a batch, a failed store and a stop.
import { runServe } from '../../src/cli/serve';
import { createLogger } from '../../src/createLogger';
import { fakeServeIo } from '../support/fakeServeIo';
import { makePgliteDataDir } from '../support/pgliteDataDir';

jest.setTimeout(60_000);

const ADMIN = 'admin-token-of-the-log-test-0123';
const COMPANY = 'company-token-of-the-log-test';
const VISITOR = 'Logged-visitor-never-0123456789';


const parsed = (line: string) => JSON.parse(line) as Record<string, unknown>;

describe('createLogger', () => {
  const at = () => new Date(Date.UTC(2026, 11, 4, 23, 0, 0));

  it('writes one JSON object a line, time level message only; errors and warnings to stderr', () => {
    const out: string[] = [];
    const err: string[] = [];
    const logger = createLogger('json', { out: (line) => out.push(line), err: (line) => err.push(line) }, at);
    logger.info('listening');
    logger.warn('two\nlines "quoted"');
    logger.error('broken');
    expect(out).toEqual(['{"time":"2026-12-04T23:00:00.000Z","level":"info","message":"listening"}']);
    expect(err.map(parsed)).toEqual([
      { time: '2026-12-04T23:00:00.000Z', level: 'warn', message: 'two\nlines "quoted"' },
      { time: '2026-12-04T23:00:00.000Z', level: 'error', message: 'broken' },
    ]);
    for (const line of [...out, ...err]) expect(line).not.toContain('\n');
  });

  it('writes text as before: warnings and errors prefixed, one line each', () => {
    const lines: string[] = [];
    const logger = createLogger('text', { out: (line) => lines.push(`out ${line}`), err: (line) => lines.push(`err ${line}`) }, at);
    logger.info('listening');
    logger.warn('two\nlines');
    logger.error('broken');
    expect(lines).toEqual(['out listening', 'err warning: two lines', 'err error: broken']);
  });
});

describe('taro-udesk-server --log-format', () => {
  it.each([
    [['--log-format', 'yaml'], {}, /--log-format takes text or json/],
    [['--log-format', 'json'], {}, /--log-format json needs an admin token/],
  ])('exits 2 with the usage for %j', async (args, env, message) => {
    const { io, out, err } = fakeServeIo(env);
    expect(await runServe(args as string[], io)).toBe(2);
    expect(err.join('\n')).toMatch(message);
    expect(out).toEqual([]);
  });

  it('logs JSON lines from start to stop, with no token, visitor id or event data', async () => {
    const { dir } = await makePgliteDataDir();
    const { io, out, err, stop } = fakeServeIo({ TARO_UDESK_ADMIN_TOKEN: ADMIN, TARO_UDESK_APPS: `wx1:${COMPANY}` });
    const running = runServe(['--port', '0', '--data', dir, '--log-format', 'json', '--admin-token', ADMIN], io);
    const messages = () => out.map(parsed).map((line) => String(line.message));
    while (!messages().some((message) => message.startsWith('console:'))) await new Promise((resolve) => setTimeout(resolve, 50));
    const origin = messages().find((message) => message.startsWith('console:'))!.split(' ').pop()!.replace('/console', '');
    const events = [1, 2].map((seq) => ({ id: `s.${seq}`, session: 's', seq, visitor: VISITOR, visitorSeq: seq, type: 'product', at: 1_700_000_000_000, data: { name: 'secret product name' } }));
    const response = await fetch(`${origin}/v1/batch`, { method: 'POST', headers: { 'x-udesk-company-token': COMPANY },
      body: JSON.stringify({ v: 2, appId: 'wx1', companyDomain: 'd', sentAt: 1, events: [...events, { id: 'bad', visitor: VISITOR }] }) });
    expect((await response.json()).accepted).toBe(2);
    expect((await fetch(`${origin}/metrics`, { headers: { authorization: `Bearer ${ADMIN}` } })).status).toBe(200);
    stop();
    expect(await running).toBe(0);
    const lines = [...out, ...err];
    expect(lines.length).toBeGreaterThan(4);
    for (const line of lines) {
      const entry = parsed(line);
      expect(Object.keys(entry)).toEqual(['time', 'level', 'message']);
      expect(new Date(entry.time as string).toISOString()).toBe(entry.time);
      expect(['info', 'warn', 'error']).toContain(entry.level);
    }
    expect(err.map(parsed).map((entry) => entry.message)).toContain(
      '--admin-token on the command line shows in ps to every user of this machine: use --admin-token-file FILE or TARO_UDESK_ADMIN_TOKEN');
    expect(messages()).toContain('stopped');
    const all = lines.join('\n');
    for (const secret of [ADMIN, COMPANY, VISITOR, 'secret product name']) expect(all).not.toContain(secret);
  });
});
