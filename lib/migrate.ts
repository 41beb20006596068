// Applies the committed migrations with `prisma migrate deploy` (JS schema engine, offline).
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';

const run = promisify(execFile);
const ROOT = path.resolve(__dirname, '..');
const MIGRATIONS_DIR = path.join(ROOT, 'prisma', 'migrations');
const LOCK_ATTEMPTS = 3;

/** The committed migrations not (successfully) applied to the database, in order; all of them on an empty database. */
export async function pendingMigrations(databaseUrl: string): Promise<string[]> {
  const committed = fs
    .readdirSync(MIGRATIONS_DIR)
    .filter((name) => fs.existsSync(path.join(MIGRATIONS_DIR, name, 'migration.sql')))
    .sort();
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const table = await client.query<{ exists: boolean }>(
      `SELECT to_regclass('_prisma_migrations') IS NOT NULL AS exists`,
    );
    if (!table.rows[0]!.exists) return committed;
    const applied = await client.query<{ migration_name: string }>(
      'SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL',
    );
    const done = new Set(applied.rows.map((row) => row.migration_name));
    return committed.filter((name) => !done.has(name));
  } finally {
    await client.end();
  }
}

/**
 * Brings the database up to date. The CLI runs only when a migration is pending: its schema engine keeps the process
 * alive for 10 s after the work (a timer of its own), which every start-up would otherwise pay.
 * Replicas starting together are serialised by Prisma's advisory lock; a start that gave up waiting for it tries again.
 */
export async function migrateDatabase(databaseUrl: string): Promise<void> {
  if ((await pendingMigrations(databaseUrl)).length === 0) return;
  const cli = require.resolve('prisma/build/index.js', { paths: [ROOT] });
  for (let attempt = 1; ; attempt += 1) {
    try {
      await run(process.execPath, [cli, 'migrate', 'deploy'], {
        cwd: ROOT,
        env: { ...process.env, DATABASE_URL: databaseUrl, PRISMA_HIDE_UPDATE_MESSAGE: '1', CHECKPOINT_DISABLE: '1' },
      });
      return;
    } catch (error) {
      const failure = error as { stdout?: string; stderr?: string; message: string };
      const output = `${failure.stderr ?? ''}${failure.stdout ?? ''}` || failure.message;
      if (attempt < LOCK_ATTEMPTS && /advisory lock/i.test(output)) continue;
      throw new Error(`prisma migrate deploy failed: ${output}`);
    }
  }
}
