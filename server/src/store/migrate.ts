import type { SqlExecutor } from './sqlExecutor';
import {
  MIGRATIONS,
  MIGRATION_LOCK_SQL,
  MIGRATION_RECORD_SQL,
  MIGRATION_SETUP_SQL,
  MIGRATION_VERSION_SQL,
} from './schemaSql';

/**
 * Brings the schema up to date, idempotently. One transaction under an advisory lock: when several
 * server instances start at once on one database, the first applies what is missing and the others
 * then find it applied. Returns the versions this call applied.
 */
export async function migrate(executor: SqlExecutor): Promise<number[]> {
  return executor.transaction(async (query) => {
    await query(MIGRATION_LOCK_SQL);
    await query(MIGRATION_SETUP_SQL);
    const [{ version }] = await query<{ version: number }>(MIGRATION_VERSION_SQL);
    const applied: number[] = [];
    for (let next = Number(version) + 1; next <= MIGRATIONS.length; next += 1) {
      for (const statement of MIGRATIONS[next - 1]) await query(statement);
      await query(MIGRATION_RECORD_SQL, [next]);
      applied.push(next);
    }
    return applied;
  });
}
