import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { Client } from 'pg';
import { createPgliteStore, createPostgresStore } from '../../../src/server/store';
import { startPostgres, type PostgresCluster } from '../../support/postgres';
import { describeStoreContract } from './storeContract';

// Opening a store may run initdb (PGlite: several seconds on a fresh directory).
jest.setTimeout(120_000);

describe('PGlite', () => {
  const dir = mkdtempSync(join(tmpdir(), 'taro-udesk-pglite-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  describeStoreContract('the embedded PGlite store', () => ({ open: () => createPgliteStore({ dataDir: dir }) }));
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
    expect(rows).toEqual([{ version: 1 }]);
    await Promise.all(stores.map((store) => store.close()));
  });
});
