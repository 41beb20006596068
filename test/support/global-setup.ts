// Starts the real servers once for the whole run: embedded PostgreSQL and the Temporal dev server, unless
// TEST_DATABASE_URL / TEST_TEMPORAL_ADDRESS name running ones. Builds the workflow bundle once.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startInfrastructure } from '../../lib/infrastructure';
import { seedReferenceData } from '../../prisma/seed';
import { buildWorkflowBundle } from '../../worker/worker';
import { freePort } from './free-port';
import { copyDatabase } from './test-databases';

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
  (globalThis as { __TRACES_INFRA__?: unknown }).__TRACES_INFRA__ = { infra, dataDir, prefix };
}
