import { Client } from 'pg';
import { createPgliteStore, createPostgresStore } from '../../src/store';
import { makePgliteDataDir, type PgliteDataDir } from '../support/pgliteDataDir';
import { startPostgres, type PostgresCluster } from '../support/postgres';
import { describeStoreContract } from './storeContract';
import { MIGRATIONS } from '../../src/store/schemaSql';

// The first suite of a machine builds the PGlite and PostgreSQL templates (initdb: seconds).
jest.setTimeout(120_000);

describe('PGlite', () => {
  let dataDir: PgliteDataDir;
  beforeAll(async () => {
    dataDir = await makePgliteDataDir();
  });
  afterAll(() => dataDir.remove());
  describeStoreContract('the embedded PGlite store (in a worker thread, the default)', () => ({
    open: () => createPgliteStore({ dataDir: dataDir.dir }),
  }));
});

describe('PGlite on the main thread', () => {
  let dataDir: PgliteDataDir;
  beforeAll(async () => {
    dataDir = await makePgliteDataDir();
  });
  afterAll(() => dataDir.remove());
  describeStoreContract('the embedded PGlite store (thread: main)', () => ({
    open: () => createPgliteStore({ dataDir: dataDir.dir, thread: 'main' }),
  }));
});

describe('PostgreSQL', () => {
  let cluster: PostgresCluster;
  beforeAll(async () => {
    cluster = await startPostgres();
  });
  afterAll(async () => {
    await cluster.stop();
  });
  describeStoreContract('the PostgreSQL store', () => ({
    open: () => createPostgresStore({ connectionString: cluster.connectionString }),
  }));

  test('several server instances starting at once on one database migrate it once', async () => {
    const admin = new Client({ connectionString: cluster.connectionString });
    await admin.connect();
    await admin.query('CREATE DATABASE fresh');
    await admin.end();
    const connectionString = cluster.connectionString.replace(/\/postgres$/, '/fresh');
    const stores = await Promise.all(Array.from({ length: 4 }, () => createPostgresStore({ connectionString })));
    const reader = new Client({ connectionString });
    await reader.connect();
    const { rows } = await reader.query('SELECT version FROM taro_udesk_migrations');
    await reader.end();
    expect(rows).toEqual(MIGRATIONS.map((_, index) => ({ version: index + 1 })));
    await Promise.all(stores.map((store) => store.close()));
  });
});
