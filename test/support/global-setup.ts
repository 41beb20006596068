// Starts the real servers once for the whole run: embedded PostgreSQL and the Temporal dev server, unless
// TEST_DATABASE_URL / TEST_TEMPORAL_ADDRESS name running ones. Builds the workflow bundle once.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { startInfrastructure } from '../../lib/infrastructure';
import { readOrCreateLocalKeys } from '../../lib/payload-codec';
import { readOrCreateLocalWorkflowIdKey } from '../../lib/workflow-id-key';
import { seedReferenceData } from '../../prisma/seed';
import { buildWorkflowBundle } from '../../worker/worker';
import { freePort } from './free-port';
import { copyDatabase, withDatabase } from './test-databases';

export default async function globalSetup(): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'traces-test-'));
  fs.chmodSync(dataDir, 0o755);
  const log = (line: string) => process.stderr.write(`[test setup] ${line}\n`);
  const [infra, bundle] = await Promise.all([
    startInfrastructure({
      databaseUrl: process.env.TEST_DATABASE_URL,
      temporalAddress: process.env.TEST_TEMPORAL_ADDRESS,
      namespace: 'default',
      dataDir,
      postgresPort: await freePort(),
      temporalPort: await freePort(),
      temporalCliPath: process.env.TEMPORAL_CLI_PATH,
      log,
      seed: seedReferenceData,
    }),
    buildWorkflowBundle({ log() {}, trace() {}, debug() {}, info() {}, warn: log, error: log }),
  ]);
  if (!process.env.TEST_DATABASE_URL) await throwawayCluster(infra.databaseUrl);
  const bundlePath = path.join(dataDir, 'workflow-bundle.js');
  fs.writeFileSync(bundlePath, bundle.code);
  // The migrated and seeded database becomes the template of one database per test file (test/support/file-database.ts).
  const prefix = `traces_t${process.pid}_`;
  const template = `${prefix}template`;
  await copyDatabase(infra.databaseUrl, new URL(infra.databaseUrl).pathname.slice(1), template);
  process.env.TEST_SERVER_DATABASE_URL = infra.databaseUrl;
  process.env.TEST_TEMPLATE_DATABASE = template;
  process.env.TEST_DATABASE_PREFIX = prefix;
  // Each test file replaces it by its own copy (nothing may connect to the template).
  process.env.DATABASE_URL = infra.databaseUrl;
  process.env.TEMPORAL_ADDRESS = infra.temporalAddress;
  process.env.TEST_DATA_DIR = dataDir;
  process.env.TEST_WORKFLOW_BUNDLE = bundlePath;
  // The run's payload key and workflow-id key in TEST_DATA_DIR (read by test/support/stack.ts), made here once: test
  // files run in parallel jest workers, which would otherwise race to create them (one reading a half-written file).
  readOrCreateLocalKeys(dataDir);
  readOrCreateLocalWorkflowIdKey(dataDir);
  (globalThis as { __TRACES_INFRA__?: unknown }).__TRACES_INFRA__ = { infra, dataDir, prefix };
}

/**
 * The embedded cluster lives in a temporary folder and is thrown away after the run: it need not survive a machine
 * crash, so commits and checkpoints skip the disk flushes (the run writes several GB: a database copy per test file).
 * The fault test that stops PostgreSQL on purpose starts a server of its own with the app's settings.
 */
async function throwawayCluster(databaseUrl: string): Promise<void> {
  const client = new Client({ connectionString: withDatabase(databaseUrl, 'postgres') });
  await client.connect();
  try {
    for (const setting of ['fsync = off', 'synchronous_commit = off', 'full_page_writes = off'])
      await client.query(`ALTER SYSTEM SET ${setting}`);
    await client.query('SELECT pg_reload_conf()');
  } finally {
    await client.end();
  }
}
