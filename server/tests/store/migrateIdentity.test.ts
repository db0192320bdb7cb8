// Migration 3 (identity verification) on a store written before it, on both stores: every event
// stays readable, none is verified, and the links old claims made are gone (each visitor's page is
// its own again) until a verified event arrives.
import { PGlite } from '@electric-sql/pglite';
import { Client } from 'pg';
import { createPgliteStore, createPostgresStore, type TrajectoryStore } from '../../src/store';
import { MIGRATIONS, MIGRATION_RECORD_SQL, MIGRATION_SETUP_SQL } from '../../src/store/schemaSql';
import { makePgliteDataDir } from '../support/pgliteDataDir';
import { startPostgres, type PostgresCluster } from '../support/postgres';

jest.setTimeout(120_000);

type Run = (text: string, values?: unknown[]) => Promise<unknown>;

/** Schema version 2 and what its INSERT wrote: a phone and a stranger both claiming one customer. */
async function writeVersion2(run: Run): Promise<void> {
  await run(MIGRATION_SETUP_SQL);
  for (const [index, statements] of MIGRATIONS.slice(0, 2).entries()) {
    for (const statement of statements as readonly string[]) await run(statement);
    await run(MIGRATION_RECORD_SQL, [index + 1]);
  }
  const rows: Array<[string, string, string | null, number]> = [
    ['p.1', 'Phone-visitor-0123456789', null, 1000],
    ['p.2', 'Phone-visitor-0123456789', 'token:old-customer', 2000],
    ['s.1', 'Stranger-visitor-0123456789', 'token:old-customer', 3000],
  ];
  for (const [id, visitor, customer, at] of rows) {
    await run(`INSERT INTO taro_udesk_events (app_id, id, visitor, customer, type, at, received_at, event)
      VALUES ('old-app', $1, $2, $3, 'product', $4, $4, $5::jsonb)`, [id, visitor, customer, at, JSON.stringify({ id, visitor, data: { name: id } })]);
  }
  await run(`INSERT INTO taro_udesk_visitors (app_id, visitor, customer, events, first_at, last_at, last_order) VALUES
    ('old-app', 'Phone-visitor-0123456789', 'token:old-customer', 2, 1000, 2000, 2),
    ('old-app', 'Stranger-visitor-0123456789', 'token:old-customer', 1, 3000, 3000, 3)`);
}

async function expectReadableAndUnlinked(store: TrajectoryStore): Promise<void> {
  const all = (await store.events({ appId: 'old-app', limit: 10 })).events;
  expect(all.map((event) => [event.id, event.customer, event.verified])).toEqual([
    ['p.1', null, false], ['p.2', 'token:old-customer', false], ['s.1', 'token:old-customer', false],
  ]);
  expect(all[0].event).toEqual({ id: 'p.1', visitor: 'Phone-visitor-0123456789', data: { name: 'p.1' } });
  const page = async (visitor: string) => (await store.events({ trajectoryOf: visitor, limit: 10 })).events.map((event) => event.id);
  expect(await page('Phone-visitor-0123456789')).toEqual(['p.1', 'p.2']);
  expect(await page('Stranger-visitor-0123456789')).toEqual(['s.1']);
  const summary = (await store.visitors({ limit: 10 })).visitors;
  expect(summary.map((visitor) => [visitor.visitor, visitor.customer, visitor.verifiedCustomer, visitor.events])).toEqual([
    ['Stranger-visitor-0123456789', 'token:old-customer', null, 1], ['Phone-visitor-0123456789', 'token:old-customer', null, 2],
  ]);
  // A verified event now links the phone's events to the customer, and only the phone's.
  await store.insert('old-app', [{ id: 'p.3', visitor: 'Phone-visitor-0123456789', customer: 'token:old-customer', verified: true, type: 'order', at: 4000, event: { id: 'p.3' } }]);
  expect((await store.events({ customer: 'token:old-customer', limit: 10 })).events.map((event) => event.id)).toEqual(['p.1', 'p.2', 's.1', 'p.3']);
  expect(await page('Stranger-visitor-0123456789')).toEqual(['s.1']);
}

test('PGlite: a version-2 folder migrates, stays readable and unlinked', async () => {
  const dataDir = await makePgliteDataDir();
  try {
    const db = await PGlite.create({ dataDir: dataDir.dir });
    await writeVersion2((text, values) => db.query(text, values));
    await db.close();
    const store = await createPgliteStore({ dataDir: dataDir.dir });
    try {
      await expectReadableAndUnlinked(store);
    } finally {
      await store.close();
    }
  } finally {
    dataDir.remove();
  }
});

describe('PostgreSQL', () => {
  let cluster: PostgresCluster;
  beforeAll(async () => {
    cluster = await startPostgres();
  });
  afterAll(() => cluster?.stop());

  test('a version-2 database migrates, stays readable and unlinked', async () => {
    const client = new Client({ connectionString: cluster.connectionString });
    await client.connect();
    await writeVersion2((text, values) => client.query(text, values));
    await client.end();
    const store = await createPostgresStore({ connectionString: cluster.connectionString });
    try {
      await expectReadableAndUnlinked(store);
    } finally {
      await store.close();
    }
  });
});
