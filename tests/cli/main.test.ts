// The command's own flags and its dispatch to commands, as a shell user meets them.
import { packageJson, runCli } from './runCli';

describe('taro-udesk', () => {
  it.each(['--help', '-h'])('%s prints the usage to stdout and exits 0', (flag) => {
    const r = runCli([flag]);
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/^usage: taro-udesk <command>/);
    expect(r.stdout).toMatch(/^ {2}inspect {3}decode and check/m);
  });

  it.each(['--version', '-v'])('%s prints the package version and exits 0', (flag) => {
    const r = runCli([flag]);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(`${packageJson.version}\n`);
  });

  it('prints the usage to stderr and exits 2 without a command', () => {
    const r = runCli([]);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^usage: taro-udesk <command>/);
  });

  it.each(['nope', 'toString', '__proto__'])('exits 2 naming an unknown command (%s)', (name) => {
    const r = runCli([name]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`^unknown command: ${name}\n`));
  });

  it('says where the server went when asked to serve, and exits 2', () => {
    const r = runCli(['serve', '--port', '4318']);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/npm install taro-udesk-server/);
    expect(runCli(['--help']).stdout).not.toMatch(/^ {2}serve/m);
  });

  it('inspect --help prints the command usage to stdout and exits 0', () => {
    const r = runCli(['inspect', '--help']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^usage: taro-udesk inspect/);
    expect(r.stdout).toContain('--max-bytes N');
  });
});
