// The store the server uses: the one given, else PostgreSQL from a URL, else the embedded PGlite
// folder. Loaded lazily so the embedded store's WASM is never read by a PostgreSQL server.
import type { TrajectoryStore } from './store/TrajectoryStore';
import type { StoreLog } from './store/restartingExecutor';

export const DEFAULT_DATA_DIR = '.taro-udesk-data';

export interface OpenedStore {
  store: TrajectoryStore;
  /** Whether the server opened it, and so closes it. */
  owned: boolean;
  description: string;
}

export interface OpenStoreOptions {
  store?: TrajectoryStore;
  databaseUrl?: string;
  dataDir?: string;
  /** How long one statement may take (PostgreSQL's statement_timeout; PGlite's engine is replaced past it), ms. */
  timeoutMs?: number;
  /** Where the embedded store says its engine failed and was opened again. */
  log?: StoreLog;
}

export async function openStore(options: OpenStoreOptions): Promise<OpenedStore> {
  if (options.store) return { store: options.store, owned: false, description: 'the given store' };
  const { timeoutMs, log } = options;
  if (options.databaseUrl) {
    const { createPostgresStore } = await import('./store/createPostgresStore');
    return { store: await createPostgresStore({ connectionString: options.databaseUrl, timeoutMs, log }), owned: true, description: 'PostgreSQL' };
  }
  const dataDir = options.dataDir ?? DEFAULT_DATA_DIR;
  const { createPgliteStore } = await import('./store/createPgliteStore');
  return { store: await createPgliteStore({ dataDir, timeoutMs, log }), owned: true, description: `the embedded store in ${dataDir}` };
}
