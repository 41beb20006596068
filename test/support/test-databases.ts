// One database per test file, copied from a template that global-setup.ts migrated and seeded once: no test file
// sees another's rows, so none filters around them. PostgreSQL copies a database in a fraction of a second.
import crypto from 'node:crypto';
import { Client } from 'pg';

/** The same server as `url`, with another database. */
export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

async function onMaintenanceDb<T>(url: string, run: (client: Client) => Promise<T>): Promise<T> {
  // template1 is never the source of a copy here, so being connected to it blocks nothing.
  const client = new Client({ connectionString: withDatabase(url, 'template1') });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** CREATE DATABASE `name` TEMPLATE `template`, retried while a closing connection still holds the template. */
export async function copyDatabase(url: string, template: string, name: string): Promise<string> {
  await onMaintenanceDb(url, async (client) => {
    for (let attempt = 1; ; attempt++) {
      try {
        await client.query(`CREATE DATABASE ${quote(name)} TEMPLATE ${quote(template)}`);
        return;
      } catch (error) {
        // 55006: "source database is being accessed by other users" (a pool that is just closing).
        if ((error as { code?: string }).code !== '55006' || attempt >= 50) throw error;
        await client.query('SELECT pg_sleep(0.1)');
      }
    }
  });
  return withDatabase(url, name);
}

/** Drops the databases whose names start with `prefix` (the run's template and copies), closing their sessions. */
export async function dropDatabases(url: string, prefix: string): Promise<void> {
  await onMaintenanceDb(url, async (client) => {
    const { rows } = await client.query<{ datname: string }>(
      'SELECT datname FROM pg_database WHERE starts_with(datname, $1)',
      [prefix],
    );
    for (const { datname } of rows) await client.query(`DROP DATABASE IF EXISTS ${quote(datname)} WITH (FORCE)`);
  });
}

/** A new database name for one test file of the run. */
export const fileDatabaseName = (prefix: string) => `${prefix}f_${crypto.randomBytes(6).toString('hex')}`;
