// `taro-udesk inspect`, the built command run as a child process.
import fc from 'fast-check';
import { buildSessionFrom } from 'taro-udesk/core';
import { specInput } from '../fixtures/specExample';
import { runCli as run } from './runCli';

// What a terminal would act on: C0 and C1 controls, DEL, bidi overrides.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const TERMINAL_CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

describe('taro-udesk inspect', () => {
  const value = buildSessionFrom(specInput);

  it('decodes a valid value and exits 0', () => {
    const r = run(['inspect', value]);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain(`session-from: ${Buffer.byteLength(value)} / 1000 bytes`);
    expect(r.stdout).toContain('"customer_token": "test_token"');
    expect(r.stdout).toContain('unionid  ocpX10_1hQmCVGXzKrMwu-g7yuzU');
    expect(r.stdout).toMatch(/OK: a valid Udesk session-from within budget\n$/);
  });

  it('reads the value from stdin, without the newline a pipe adds', () => {
    const r = run(['inspect'], value + '\n');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('OK');
  });

  it('exits 1 and lists the problems of a cut value', () => {
    const cut = (value + '|note^' + JSON.stringify({ title: 'x'.repeat(1200) })).slice(0, 1024);
    const r = run(['inspect', '-', '--max-bytes', '1000'], cut);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('INVALID');
    expect(r.stdout).toContain('WeChat cut this value');
  });

  it('prints JSON with --json', () => {
    const r = run(['inspect', value, '--json']);
    expect(JSON.parse(r.stdout)).toMatchObject({ bytes: Buffer.byteLength(value), warnings: [] });
  });

  it.each(['15', '1025', '2000', '0', '-1', '1e3', '100.5', 'abc', ''])('rejects --max-bytes %p as a usage error (exit 2)', (n) => {
    const r = run(['inspect', `--max-bytes=${n}`, value]);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('must be a whole number from 16 to 1024');
  });

  it.each(['16', '1024'])('accepts --max-bytes %s, the ends of the range', (n) => {
    const r = run(['inspect', '--max-bytes', n, 'udesk||']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain(`/ ${n} bytes`);
  });

  it('shows no segments for a value that is not Udesk\'s, only its size and why', () => {
    const r = run(['inspect', 'hello|world|x']);
    expect(r.status).toBe(1);
    expect(r.stdout).not.toMatch(/nickName|avatar|\(empty\)/);
    expect(r.stdout.split('\n')[1]).toBe('INVALID: 1 problem(s)');
    expect(r.stdout).toContain('not a Udesk session-from');
  });

  it('escapes control characters in every printed value', () => {
    // NUL cannot be an argument: this value comes on stdin.
    const evil = `udesk|a\u001b[2J\u0007b|https://x/\u009b31m|customer^${JSON.stringify({ customer_name: 'n\u009b\u202e' })}|x\u001b^y\u0000`;
    const r = run(['inspect'], evil);
    expect(r.stdout).not.toMatch(TERMINAL_CONTROL);
    expect(r.stdout).toContain('nickName a\\x1b[2J\\x07b');
    expect(r.stdout).toContain('avatar   https://x/\\x9b31m');
    expect(r.stdout).toContain('"customer_name": "n\\x9b\\u202e"');
    expect(r.stdout).toContain('x\\x1b    y\\x00  (segment not documented by Udesk)');
  });

  it('escapes control characters in the problems, which quote the value', () => {
    const r = run(['inspect', '\u001b]0;pwned\u0007']);
    expect(r.stdout).not.toMatch(TERMINAL_CONTROL);
    expect(r.stdout).toContain('got "\\x1b]0;pwned\\x07"');
  });

  it('keeps --json output valid JSON with no raw control characters', () => {
    const nick = 'a\u001b\u009b\u202e';
    const r = run(['inspect', '--json', `udesk|${nick}||`]);
    expect(r.stdout).not.toMatch(TERMINAL_CONTROL);
    expect(JSON.parse(r.stdout).parsed.nickName).toBe(nick);
  });

  it('prints no raw control character for any value (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 40 }), (text) => {
        // eslint-disable-next-line no-control-regex -- matching control characters is the point
        const arg = text.replace(/\u0000/g, ''); // an argument cannot hold NUL
        const r = run(['inspect', '--', `udesk|${arg}|${arg}|x^${arg}`]);
        return !TERMINAL_CONTROL.test(r.stdout.replace(/\n/g, ''));
      }),
      { numRuns: 10 },
    );
  });

  it('reports invalid UTF-8 on stdin as invalid', () => {
    const bytes = Buffer.concat([Buffer.from('udesk|'), Buffer.from([0xff, 0xc3]), Buffer.from('||')]);
    const r = run(['inspect'], bytes);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('INVALID');
    expect(r.stdout).toContain('stdin is not valid UTF-8');
  });

  it('reads valid multi-byte UTF-8 from stdin as it is', () => {
    const r = run(['inspect', '--json'], Buffer.from('udesk|张三|'));
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ bytes: 13, parsed: { nickName: '张三' } });
  });

  it('inspects a value starting with -- after --', () => {
    const r = run(['inspect', '--max-bytes', '100', '--', '--json']);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('session-from: 6 / 100 bytes');
    expect(r.stdout).toContain('got "--json"');
  });

  it('rejects an unknown option, pointing at --, as a usage error', () => {
    const r = run(['inspect', '--nick']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("Unknown option '--nick'");
    expect(r.stderr).toContain('--');
  });

  it('rejects two values as a usage error', () => {
    const r = run(['inspect', 'udesk||', 'udesk||']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('one value at a time');
  });
});
