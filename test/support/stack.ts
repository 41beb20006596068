// One test file's system: the real worker (own task queue) and the real HTTP API on a free port, over the
// PostgreSQL and Temporal server started by global-setup.ts. Nothing is mocked.
import crypto from 'node:crypto';
import fs from 'node:fs';
import type { Server } from 'node:http';
import path from 'node:path';
import type { Client } from '@temporalio/client';
import { Runtime, type Worker } from '@temporalio/worker';
import type { Express } from 'express';
import { parseLimit, type LimitsConfig } from '../../lib/abuse-limit-config';
import { createAccountDeps, type AccountDeps } from '../../lib/account-deps';
import { createDb, type Db } from '../../lib/db';
import { createLogger, type Logger } from '../../lib/logger';
import { createMailer } from '../../lib/mailer';
import { countingMailer, createMetrics, workflowClientObserver, type AppMetrics } from '../../lib/metrics';
import { parsePayloadKeys, readOrCreateLocalKeys, type AesGcmPayloadCodec } from '../../lib/payload-codec';
import { connectTemporalClient, createPayloadCodec } from '../../lib/temporal-connection';
import { createWebApp } from '../../web/app';
import { createWorker } from '../../worker/worker';

let runtimeInstalled = false;

export interface TestStackOptions {
  linkTtlMs?: number;
  captchaProvider?: 'builtin' | 'none';
  sessionTtlMs?: number;
  /** Authorisation requests: reminder and expiry (defaults 3 days and 30 days, as APPROVAL_* in lib/config.ts). */
  approvalReminderAfterMs?: number;
  approvalExpiresAfterMs?: number;
  /** History events before a role's workflow continues as new (default ROLE_HISTORY_BOUND). */
  roleHistoryBound?: number;
  /** Start without a worker (a test may start and kill its own). */
  worker?: boolean;
  logger?: Logger;
  /** The operator token of the codec endpoint (/codec); without it only Commission sessions may use it. */
  codecAuthToken?: string;
  /**
   * Abuse limits (lib/abuse-limit-config.ts). Unset ones keep their defaults, except the per-address ones, which are
   * raised here: every test talks from 127.0.0.1. Counters are this stack's own (a key prefix of its own).
   */
  limits?: Partial<LimitsConfig>;
  passwordResetTtlMs?: number;
  emailChangeTtlMs?: number;
  /** ACCOUNT_MAIL_INTERVAL (default 15 minutes). */
  accountMailIntervalMs?: number;
  /** PUBLIC_URL and the port to listen on (a passkey needs PUBLIC_URL to be the address the browser opens). */
  publicUrl?: string;
  port?: number;
}

const ROOMY_PER_ADDRESS: Partial<LimitsConfig> = {
  LIMIT_REGISTRATION_PER_IP: parseLimit('100000/1h'),
  LIMIT_RESEND_PER_IP: parseLimit('100000/1h'),
  LIMIT_RESET_PER_IP: parseLimit('100000/1h'),
  LIMIT_LOGIN_PER_IP: parseLimit('100000/15m'),
};

export interface TestStack {
  baseUrl: string;
  db: Db;
  temporal: Client;
  taskQueue: string;
  mailDir: string;
  /** The payload codec of every client and worker of the run (PAYLOAD_ENCRYPTION_KEYS, shared with child processes). */
  codec: AesGcmPayloadCodec;
  metrics: AppMetrics;
  /** The Express app behind baseUrl (web/app.ts; its routes are checked against the OpenAPI document). */
  app: Express;
  /** Abuse limits and keyed workflow ids (workflowIds.registration(email) …). */
  accounts: AccountDeps;
  /** Starts the worker, on the run's workflow bundle or on another version of the workflow code. */
  startWorker(workflowBundle?: { code: string }): Promise<Worker>;
  stopWorker(): Promise<void>;
  stop(): Promise<void>;
}

export async function startTestStack(options: TestStackOptions = {}): Promise<TestStack> {
  if (!runtimeInstalled) {
    // Quiet SDK logs in tests; failures still surface through assertions.
    Runtime.install({
      logger: {
        log() {},
        trace() {},
        debug() {},
        info() {},
        warn() {},
        error: (m: string) => process.stderr.write(`${m}\n`),
      } as never,
    });
    runtimeInstalled = true;
  }
  const databaseUrl = required('DATABASE_URL');
  const address = required('TEMPORAL_ADDRESS');
  const taskQueue = `test-${crypto.randomUUID()}`;
  const mailDir = fs.mkdtempSync(path.join(required('TEST_DATA_DIR'), 'mail-'));
  const publicUrl = options.publicUrl ?? 'http://traces.test';
  const db = createDb(databaseUrl, { poolSize: 8 });
  // One key for the whole run, in the environment so that child processes (scripts/start.ts) inherit it.
  process.env.PAYLOAD_ENCRYPTION_KEYS ??= readOrCreateLocalKeys(required('TEST_DATA_DIR'));
  const codec = createPayloadCodec({ keys: process.env.PAYLOAD_ENCRYPTION_KEYS, dataDir: required('TEST_DATA_DIR') });
  const metrics = createMetrics();
  const logger = options.logger ?? createLogger('error');
  const temporal = await connectTemporalClient({
    address,
    namespace: 'default',
    codec,
    interceptors: [workflowClientObserver(metrics, logger)],
  });

  let worker: Worker | undefined;
  let running: Promise<void> | undefined;
  const startWorker = async (workflowBundle?: { code: string }) => {
    worker = await createWorker({
      address,
      namespace: 'default',
      taskQueue,
      deps: {
        db,
        mailer: countingMailer(createMailer({ from: 'test@traces.test', dir: mailDir }), metrics),
        publicUrl,
        accountMailIntervalMs: options.accountMailIntervalMs,
        linkSecret: codec.deriveSecret('link tokens'),
      },
      payloadCodec: codec,
      workflowBundle: workflowBundle ?? { code: fs.readFileSync(required('TEST_WORKFLOW_BUNDLE'), 'utf8') },
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

  const accounts = createAccountDeps({
    databaseUrl,
    dataDir: required('TEST_DATA_DIR'),
    limits: { ...ROOMY_PER_ADDRESS, ...options.limits },
    passwordResetTtlMs: options.passwordResetTtlMs,
    emailChangeTtlMs: options.emailChangeTtlMs,
    limitKeyPrefix: taskQueue,
  });
  // The web process as scripts/start.ts composes it, without the back-office (AdminJS cannot load in Jest).
  const app = await createWebApp({
    db,
    temporal,
    logger,
    publicUrl,
    taskQueue,
    accounts,
    captchaProvider: options.captchaProvider ?? 'none',
    linkTtlMs: options.linkTtlMs ?? 90 * 60_000,
    sessionTtlMs: options.sessionTtlMs ?? 3_600_000,
    approvalReminderAfterMs: options.approvalReminderAfterMs ?? 3 * 86_400_000,
    approvalExpiresAfterMs: options.approvalExpiresAfterMs ?? 30 * 86_400_000,
    roleHistoryBound: options.roleHistoryBound,
    metrics,
    // As in production: the codec endpoint is always mounted; without a token only Commission sessions may use it.
    codec: { payloadCodec: codec, authToken: options.codecAuthToken, corsOrigins: ['http://localhost:8233'] },
    atRestKeys: parsePayloadKeys(process.env.PAYLOAD_ENCRYPTION_KEYS),
  });
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(options.port ?? 0, '127.0.0.1', () => resolve(s));
  });
  const port = (server.address() as { port: number }).port;

  return {
    baseUrl: `http://127.0.0.1:${port}`,
    db,
    temporal,
    taskQueue,
    mailDir,
    codec,
    metrics,
    app,
    accounts,
    startWorker,
    stopWorker,
    async stop() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await stopWorker();
      await temporal.connection.close();
      await accounts.limits.close();
      await db.$disconnect();
    },
  };
}

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run the tests with npm test (global-setup starts the servers)`);
  return value;
}
