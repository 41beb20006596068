// Start-up migrations: replicas starting together against one new database all come up (ROLE=web and ROLE=worker
// started at once, or several web replicas), and an up-to-date database is recognised as such.
import crypto from 'node:crypto';
import { Client } from 'pg';
import { migrateDatabase, pendingMigrations } from '../lib/migrate';

const adminUrl = process.env.DATABASE_URL!;
let databaseUrl: string;
let name: string;

async function sql<T extends object = object>(url: string, text: string): Promise<T[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(text)).rows;
  } finally {
    await client.end();
  }
}

beforeAll(async () => {
  name = `migrate_${crypto.randomBytes(4).toString('hex')}`;
  await sql(adminUrl, `CREATE DATABASE ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  databaseUrl = url.toString();
});

afterAll(async () => {
  await sql(adminUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
});

test('four processes migrating one new database at the same time all succeed, and every migration is applied once', async () => {
  const committed = await pendingMigrations(databaseUrl);
  expect(committed).toEqual([
    '20261127000000_init',
    '20261127100000_request_queue_indexes',
    '20261201000000_accounts',
    '20261201000000_one_live_request',
    '20261201000000_second_factor',
    '20261202000000_shared_second_factor_limit',
    '20261202000000_work_queue',
    '20261202010000_operator_duplicates',
    '20261202020000_million_row_lists',
  ]);

  const results = await Promise.allSettled([1, 2, 3, 4].map(() => migrateDatabase(databaseUrl)));
  expect(results.map((result) => (result.status === 'rejected' ? String(result.reason).slice(0, 300) : 'ok'))).toEqual([
    'ok',
    'ok',
    'ok',
    'ok',
  ]);

  expect(await pendingMigrations(databaseUrl)).toEqual([]);
  const applied = await sql<{ migration_name: string }>(
    databaseUrl,
    'SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL ORDER BY migration_name',
  );
  expect(applied.map((row) => row.migration_name)).toEqual(committed);
  // The schema is really there (a table of the first migration, an index of the second).
  const index = await sql<{ indexname: string }>(
    databaseUrl,
    `SELECT indexname FROM pg_indexes WHERE indexname = 'AuthorisationRequest_status_createdAt_idx'`,
  );
  expect(index).toHaveLength(1);
}, 180_000);

test('a migration recorded as rolled back counts as pending again', async () => {
  await sql(
    databaseUrl,
    `UPDATE _prisma_migrations SET rolled_back_at = now() WHERE migration_name = '20261127100000_request_queue_indexes'`,
  );
  expect(await pendingMigrations(databaseUrl)).toEqual(['20261127100000_request_queue_indexes']);
  await sql(databaseUrl, `UPDATE _prisma_migrations SET rolled_back_at = NULL`);
  expect(await pendingMigrations(databaseUrl)).toEqual([]);
});
