import type { SqlExecutor } from './sqlExecutor';
import {
  MIGRATIONS,
  MIGRATION_LOCK_SQL,
  MIGRATION_RECORD_SQL,
  MIGRATION_SETUP_SQL,
  MIGRATION_VERSION_SQL,
} from './schemaSql';

export type Engine = 'postgres' | 'pglite';

/** Which engine answers: PGlite says so in its version string. */
async function engineOf(query: SqlExecutor['query']): Promise<Engine> {
  const [{ version }] = await query<{ version: string }>('SELECT version() AS version');
  return /PGlite/.test(version) ? 'pglite' : 'postgres';
}

/**
 * Brings the schema up to date, idempotently. One transaction under an advisory lock: when several
 * server instances start at once on one database, the first applies what is missing and the others
 * then find it applied. Returns the versions this call applied.
 */
export async function migrate(executor: SqlExecutor, engine?: Engine): Promise<number[]> {
  return executor.transaction(async (query) => {
    await query(MIGRATION_LOCK_SQL);
    await query(MIGRATION_SETUP_SQL);
    const [{ version }] = await query<{ version: number }>(MIGRATION_VERSION_SQL);
    const applied: number[] = [];
    const on = engine ?? (await engineOf(query));
    for (let next = Number(version) + 1; next <= MIGRATIONS.length; next += 1) {
      const migration = MIGRATIONS[next - 1];
      const statements = 'postgres' in migration ? migration[on] : migration;
      for (const statement of statements) await query(statement);
      await query(MIGRATION_RECORD_SQL, [next]);
      applied.push(next);
    }
    return applied;
  });
}
