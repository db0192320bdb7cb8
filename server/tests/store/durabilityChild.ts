// Child process of durability.test.ts: inserts the ids of a JSON file in batches of 10 from 50
// concurrent writers, and prints each batch's ids (and how many were already stored) on one line once its insert has resolved (its
// commit is done). The parent SIGKILLs it mid-load. stdout to a pipe is synchronous on Linux, so
// a printed line was written before any kill that follows it.
import { readFileSync } from 'fs';
import { createPgliteStore, createPostgresStore, type TrajectoryStore } from '../../src/store';

async function main(): Promise<void> {
  const [kind, location, idsFile] = process.argv.slice(2);
  const ids: string[] = JSON.parse(readFileSync(idsFile, 'utf8'));
  const store: TrajectoryStore =
    kind === 'pglite' ? await createPgliteStore({ dataDir: location }) : await createPostgresStore({ connectionString: location });
  process.stdout.write('ready\n');
  let next = 0;
  const writer = async (): Promise<void> => {
    while (next < ids.length) {
      const batch = ids.slice(next, next + 10);
      next += batch.length;
      const result = await store.insert(
        'durability',
        batch.map((id) => ({ id, visitor: `v${id.length}`, customer: null, type: 'product', at: Date.now(), event: { id } })),
      );
      process.stdout.write(`${JSON.stringify({ ids: batch, duplicates: result.duplicates })}\n`);
    }
  };
  await Promise.all(Array.from({ length: 50 }, writer));
  await store.close();
  process.stdout.write('done\n');
}

main().catch((error) => {
  process.stderr.write(`${(error as Error).stack}\n`);
  process.exit(1);
});
