// One test file's system: the real worker (own task queue) and the real HTTP API on a free port, over the
// PostgreSQL and Temporal server started by global-setup.ts. Nothing is mocked.
import crypto from 'node:crypto';
import fs from 'node:fs';
import type { Server } from 'node:http';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { Runtime, type Worker } from '@temporalio/worker';
import { createApiApp } from '../../api/app';
import type { CaptchaGenerator } from '../../api/use-cases/captcha';
import { createDb, type Db } from '../../lib/db';
import { createLogger } from '../../lib/logger';
import { createMailer } from '../../lib/mailer';
import { createWorker } from '../../worker/worker';

let runtimeInstalled = false;

export interface TestStackOptions {
  linkTtlMs?: number;
  captchaProvider?: 'builtin' | 'none';
  captchaGenerator?: CaptchaGenerator;
  sessionTtlMs?: number;
  /** Start without a worker (a test may start and kill its own). */
  worker?: boolean;
}

export interface TestStack {
  baseUrl: string;
  db: Db;
  temporal: Client;
  taskQueue: string;
  mailDir: string;
  startWorker(): Promise<Worker>;
  stopWorker(): Promise<void>;
  stop(): Promise<void>;
}

export async function startTestStack(options: TestStackOptions = {}): Promise<TestStack> {
  if (!runtimeInstalled) {
    // Quiet SDK logs in tests; failures still surface through assertions.
    Runtime.install({ logger: { log() {}, trace() {}, debug() {}, info() {}, warn() {}, error: (m: string) => process.stderr.write(`${m}\n`) } as never });
    runtimeInstalled = true;
  }
  const databaseUrl = required('DATABASE_URL');
  const address = required('TEMPORAL_ADDRESS');
  const taskQueue = `test-${crypto.randomUUID()}`;
  const mailDir = fs.mkdtempSync(path.join(required('TEST_DATA_DIR'), 'mail-'));
  const publicUrl = 'http://traces.test';
  const db = createDb(databaseUrl, { poolSize: 8 });
  const connection = await Connection.connect({ address });
  const temporal = new Client({ connection, namespace: 'default' });
  const logger = createLogger('error');

  let worker: Worker | undefined;
  let running: Promise<void> | undefined;
  const startWorker = async () => {
    worker = await createWorker({
      address, namespace: 'default', taskQueue,
      deps: { db, mailer: createMailer({ from: 'test@traces.test', dir: mailDir }), publicUrl },
      workflowBundle: { code: fs.readFileSync(required('TEST_WORKFLOW_BUNDLE'), 'utf8') },
    });
    running = worker.run();
    return worker;
  };
  const stopWorker = async () => {
    if (worker && worker.getState() === 'RUNNING') worker.shutdown();
    await running;
    worker = undefined;
  };
  if (options.worker !== false) await startWorker();

  const app = createApiApp({
    db, temporal, logger, publicUrl, taskQueue,
    captchaProvider: options.captchaProvider ?? 'none',
    captchaGenerator: options.captchaGenerator,
    linkTtlMs: options.linkTtlMs ?? 90 * 60_000,
    sessionTtlMs: options.sessionTtlMs ?? 3_600_000,
  });
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const port = (server.address() as { port: number }).port;

  return {
    baseUrl: `http://127.0.0.1:${port}`,
    db,
    temporal,
    taskQueue,
    mailDir,
    startWorker,
    stopWorker,
    async stop() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await stopWorker();
      await connection.close();
      await db.$disconnect();
    },
  };
}

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run the tests with npm test (global-setup starts the servers)`);
  return value;
}
