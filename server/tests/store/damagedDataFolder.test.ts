// Issue 17, finding 8: a damaged data folder ended start-up with PGlite's "Aborted(). Build with
// -sASSERTIONS for more info". The server now names the folder, what is wrong and what to do, and
// never lets PGlite make a new database on top of a folder that holds something else.
import { mkdirSync, readdirSync, rmSync, truncateSync, writeFileSync } from 'fs';
import { join } from 'path';
import { makePgliteDataDir } from '../support/pgliteDataDir';
import { tempDir } from '../support/trajectoryServer';
import { startChild } from '../support/childServer';

jest.setTimeout(300_000);

async function startOn(dir: string): Promise<{ code: number | string; output: string }> {
  const child = await startChild(['--data', dir, '--admin-token', 'admin-token-for-tests-0123456789'], { waitHealthy: false });
  let timer: NodeJS.Timeout | undefined;
  const stillRunning = new Promise<string>((resolve) => {
    timer = setTimeout(() => resolve('still running'), 120_000);
  });
  const code = await Promise.race([child.exited, stillRunning]);
  // Left pending, each start's 120 s timer kept jest from exiting after the run (issue 16 item 7).
  clearTimeout(timer);
  await child.stop('SIGKILL');
  return { code, output: child.output() };
}

describe('a damaged data folder', () => {
  it.each([
    ['global/pg_control is missing', (dir: string) => rmSync(join(dir, 'global', 'pg_control')), /global\/pg_control/],
    ['global/pg_control is cut short', (dir: string) => truncateSync(join(dir, 'global', 'pg_control'), 100), /global\/pg_control/],
    ['pg_wal holds no segment', (dir: string) => readdirSync(join(dir, 'pg_wal')).filter((name) => /^[0-9A-F]{24}$/.test(name))
      .forEach((name) => rmSync(join(dir, 'pg_wal', name))), /pg_wal/],
    ['another PostgreSQL made it', (dir: string) => writeFileSync(join(dir, 'PG_VERSION'), '15\n'), /PostgreSQL 15/],
  ])('ends start-up with a message that names the folder and says what to do when %s', async (_, damage, what) => {
    const { dir, remove } = await makePgliteDataDir();
    damage(dir);
    const { code, output } = await startOn(dir);
    expect(code).toBe(1);
    expect(output).toContain(dir);
    expect(output).toMatch(what);
    expect(output).toMatch(/backup/);
    expect(output).not.toMatch(/Aborted\(\)|ASSERTIONS/);
    remove();
  });

  it('refuses a folder that holds something else, and writes nothing into it', async () => {
    const dir = join(tempDir('not-a-store-'), 'photos');
    mkdirSync(dir);
    writeFileSync(join(dir, 'holiday.jpg'), 'not a database');
    const { code, output } = await startOn(dir);
    expect(code).toBe(1);
    expect(output).toContain(dir);
    expect(output).toMatch(/PG_VERSION/);
    expect(readdirSync(dir)).toEqual(['holiday.jpg']);
  });
});
