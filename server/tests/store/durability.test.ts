import { spawn } from 'child_process';
import { buildSync } from 'esbuild';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { createInterface } from 'readline';
import { createPgliteStore, createPostgresStore, type TrajectoryStore } from '../../src/store';
import { makePgliteDataDir } from '../support/pgliteDataDir';
import { startPostgres, type PostgresCluster } from '../support/postgres';

// Nothing lost: a writer process is SIGKILLed mid-load three times and restarted, resending what
// it had not confirmed; every id it confirmed (insert resolved) must be stored, none twice.

jest.setTimeout(300_000);

const TOTAL = 6000;
const KILLS = 3;

// The child runs as plain Node: bundled by esbuild next to node_modules so it resolves pg/PGlite.
const childDir = join(__dirname, '../../../node_modules/.cache/taro-udesk-tests');
const childFile = join(childDir, 'durabilityChild.cjs');

beforeAll(() => {
  mkdirSync(childDir, { recursive: true });
  buildSync({
    entryPoints: [join(__dirname, 'durabilityChild.ts')],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    external: ['pg', '@electric-sql/pglite'],
    outfile: childFile,
    logLevel: 'warning',
  });
});

interface RunOutcome {
  confirmed: string[];
  /** Ids resent after a kill that the killed run had committed without confirming. */
  duplicates: number;
  killed: boolean;
}

/** Runs the child on `ids`; kills it with SIGKILL once `killAfter` batches are confirmed (if given). */
function runChild(args: string[], ids: string[], killAfter?: number): Promise<RunOutcome> {
  const idsDir = mkdtempSync(join(tmpdir(), 'taro-udesk-ids-'));
  const idsFile = join(idsDir, 'ids.json');
  writeFileSync(idsFile, JSON.stringify(ids));
  const child = spawn(process.execPath, [childFile, ...args, idsFile], { stdio: ['ignore', 'pipe', 'pipe'] });
  const confirmed: string[] = [];
  let batches = 0;
  let duplicates = 0;
  let killed = false;
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += chunk));
  createInterface({ input: child.stdout }).on('line', (line) => {
    if (!line.startsWith('{')) return;
    const batch = JSON.parse(line) as { ids: string[]; duplicates: number };
    confirmed.push(...batch.ids);
    duplicates += batch.duplicates;
    batches += 1;
    if (killAfter !== undefined && batches === killAfter) {
      killed = child.kill('SIGKILL');
    }
  });
  return new Promise((resolve, reject) => {
    child.on('close', (code, signal) => {
      rmSync(idsDir, { recursive: true, force: true });
      if (code === 0 || (killed && signal === 'SIGKILL')) resolve({ confirmed, duplicates, killed });
      else reject(new Error(`child exited ${code ?? signal}: ${stderr}`));
    });
  });
}

async function storedIds(store: TrajectoryStore): Promise<string[]> {
  const ids: string[] = [];
  let after: string | undefined;
  do {
    const page = await store.events({ appId: 'durability', after, limit: 1000 });
    ids.push(...page.events.map((event) => event.id));
    after = page.next;
  } while (after !== undefined);
  return ids;
}

async function killThreeTimes(args: string[], open: () => Promise<TrajectoryStore>): Promise<void> {
  const all = Array.from({ length: TOTAL }, (_, index) => `d.${index}`);
  const confirmed = new Set<string>();
  let kills = 0;
  const runs: string[] = [];
  for (let run = 0; run <= KILLS; run += 1) {
    const unconfirmed = all.filter((id) => !confirmed.has(id));
    // Kill after a different number of confirmed batches each time, well before the run ends.
    const outcome = await runChild(args, unconfirmed, run < KILLS ? 40 + run * 37 : undefined);
    outcome.confirmed.forEach((id) => confirmed.add(id));
    if (outcome.killed) kills += 1;
    runs.push(`${outcome.confirmed.length} confirmed, ${outcome.duplicates} resent already stored`);
  }
  // The counts for the closing note: TARO_UDESK_DURABILITY_LOG=1 npx jest server/tests/store/durability
  if (process.env.TARO_UDESK_DURABILITY_LOG) console.log(`${args[0]}: ${runs.join('; ')}`);
  expect(kills).toBe(KILLS);
  expect(confirmed.size).toBe(TOTAL);
  const store = await open();
  const stored = await storedIds(store);
  await store.close();
  expect(new Set(stored).size).toBe(stored.length);
  expect(stored.filter((id) => !confirmed.has(id))).toEqual([]);
  expect(stored).toHaveLength(TOTAL);
}

test('PGlite: SIGKILL three times mid-load loses no confirmed id and stores none twice', async () => {
  const dataDir = await makePgliteDataDir();
  try {
    await killThreeTimes(['pglite', dataDir.dir], () => createPgliteStore({ dataDir: dataDir.dir }));
  } finally {
    dataDir.remove();
  }
});

describe('PostgreSQL', () => {
  let cluster: PostgresCluster;
  beforeAll(async () => {
    cluster = await startPostgres();
  });
  afterAll(async () => {
    await cluster.stop();
  });
  test('SIGKILL three times mid-load loses no confirmed id and stores none twice', async () => {
    await killThreeTimes(['postgres', cluster.connectionString], () =>
      createPostgresStore({ connectionString: cluster.connectionString }),
    );
  });
});
