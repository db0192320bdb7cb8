// The store the server uses: the one given, else PostgreSQL from a URL, else the embedded PGlite
// folder. Loaded lazily so the embedded store's WASM is never read by a PostgreSQL server.
import type { TrajectoryStore } from './store/TrajectoryStore';

export const DEFAULT_DATA_DIR = '.taro-udesk-data';

export interface OpenedStore {
  store: TrajectoryStore;
  /** Whether the server opened it, and so closes it. */
  owned: boolean;
  description: string;
}

export async function openStore(options: { store?: TrajectoryStore; databaseUrl?: string; dataDir?: string }): Promise<OpenedStore> {
  if (options.store) return { store: options.store, owned: false, description: 'the given store' };
  if (options.databaseUrl) {
    const { createPostgresStore } = await import('./store/createPostgresStore');
    return { store: await createPostgresStore({ connectionString: options.databaseUrl }), owned: true, description: 'PostgreSQL' };
  }
  const dataDir = options.dataDir ?? DEFAULT_DATA_DIR;
  const { createPgliteStore } = await import('./store/createPgliteStore');
  return { store: await createPgliteStore({ dataDir }), owned: true, description: `the embedded store in ${dataDir}` };
}
