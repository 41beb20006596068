// `npm start`: PostgreSQL, Temporal, the worker, the HTTP API and the back-office (ROLE=all|worker|web).
import crypto from 'node:crypto';
import type { Server } from 'node:http';
import { Runtime, type Worker } from '@temporalio/worker';
import { loadConfig } from '../lib/config';
import { createDb } from '../lib/db';
import { startInfrastructure } from '../lib/infrastructure';
import { createLogger, sdkLogger } from '../lib/logger';
import { createMailer } from '../lib/mailer';
import { countingMailer, createMetrics, workflowClientObserver } from '../lib/metrics';
import { parsePayloadKeys, readOrCreateLocalKeys } from '../lib/payload-codec';
import { connectTemporalClient, createPayloadCodec } from '../lib/temporal-connection';
import { seedDemoApprovers, seedReferenceData } from '../prisma/seed';
import { DEMO_APPROVERS } from '../prisma/seed-data';
import { accountDepsFromConfig } from '../lib/account-deps';
import { createWebApp } from '../web/app';
import { createWorkerOpsApp } from '../worker/ops-server';
import { createWorker } from '../worker/worker';

async function main() {
  const config = loadConfig();
  const logger = createLogger(config.logLevel, { role: config.role });
  const say = (line: string) => process.stdout.write(`${line}\n`);

  const sdkMetrics =
    config.role !== 'web' && config.temporalMetricsPort ? `127.0.0.1:${config.temporalMetricsPort}` : undefined;
  if (config.role !== 'web') {
    // Before anything uses the SDK's runtime (the local dev server does too): the SDK logs through our logger and exports its metrics, merged into /metrics.
    Runtime.install({
      logger: sdkLogger(logger),
      ...(sdkMetrics && { telemetryOptions: { metrics: { prometheus: { bindAddress: sdkMetrics } } } }),
    });
  }
  const infra = await startInfrastructure({
    databaseUrl: config.databaseUrl,
    temporalAddress: config.temporal.address,
    namespace: config.temporal.namespace,
    dataDir: config.dataDir,
    postgresPort: config.localPostgresPort,
    temporalPort: config.temporal.localPort,
    temporalUiPort: config.temporal.uiPort,
    // The back-office session opens it: the operator ticks "include cross-origin credentials" in the UI's codec settings.
    temporalUiCodecEndpoint: `${config.publicUrl}/admin/codec`,
    temporalCliPath: config.temporal.cliPath,
    log: say,
    seed: seedReferenceData,
  });
  const db = createDb(infra.databaseUrl);
  const codec = createPayloadCodec({ keys: config.payloadEncryptionKeys, dataDir: config.dataDir });
  const atRestKeys = parsePayloadKeys(config.payloadEncryptionKeys ?? readOrCreateLocalKeys(config.dataDir));
  const metrics = createMetrics({ sdkMetricsUrl: sdkMetrics && `http://${sdkMetrics}/metrics` });
  const temporal = await connectTemporalClient({
    address: infra.temporalAddress,
    tls: config.temporal.tls,
    namespace: config.temporal.namespace,
    codec,
    interceptors: [workflowClientObserver(metrics, logger)],
  });

  let demoPassword: string | undefined;
  if (config.seedDemoData && config.role !== 'worker') {
    demoPassword = config.demoPassword ?? crypto.randomBytes(9).toString('base64url') + 'a1!';
    await seedDemoApprovers(db, demoPassword);
  }

  let worker: Worker | undefined;
  let workerDone: Promise<void> | undefined;
  if (config.role !== 'web') {
    worker = await createWorker({
      address: infra.temporalAddress,
      tls: config.temporal.tls,
      namespace: config.temporal.namespace,
      taskQueue: config.temporal.taskQueue,
      maxCachedWorkflows: config.temporal.maxCachedWorkflows,
      deps: {
        db,
        mailer: countingMailer(createMailer(config.mail), metrics),
        publicUrl: config.publicUrl,
        accountMailIntervalMs: config.accounts.mailIntervalMs,
        linkSecret: codec.deriveSecret('link tokens'),
      },
      payloadCodec: codec,
    });
    workerDone = worker.run();
  }

  let server: Server | undefined;
  const accounts = config.role !== 'worker' ? accountDepsFromConfig(config, infra.databaseUrl) : undefined;
  if (accounts) {
    const app = await createWebApp({
      accounts,
      db,
      temporal,
      logger,
      publicUrl: config.publicUrl,
      captchaProvider: config.captchaProvider,
      taskQueue: config.temporal.taskQueue,
      metrics,
      codec: { payloadCodec: codec, authToken: config.codec.authToken, corsOrigins: config.codec.corsOrigins },
      linkTtlMs: config.durations.registrationLinkTtlMs,
      sessionTtlMs: config.durations.sessionTtlMs,
      approvalReminderAfterMs: config.durations.approvalReminderAfterMs,
      approvalExpiresAfterMs: config.durations.approvalExpiresAfterMs,
      roleHistoryBound: config.roleHistoryBound,
      atRestKeys,
      backOffice: {
        databaseUrl: infra.databaseUrl,
        approverMfa: config.approverMfa,
        temporalUi: {
          url: config.temporal.uiUrl ?? infra.temporalUiUrl ?? `http://localhost:${config.temporal.uiPort}`,
          namespace: config.temporal.namespace,
        },
        sessionSecret: config.sessionSecret ?? crypto.randomBytes(32).toString('base64url'),
        secureCookies: config.publicUrl.startsWith('https://'),
      },
    });
    server = await new Promise<Server>((resolve, reject) => {
      const s = app.listen(config.port, () => resolve(s)).on('error', reject);
    });
  } else if (worker) {
    const ops = createWorkerOpsApp({ db, worker, metrics });
    server = await new Promise<Server>((resolve, reject) => {
      const s = ops.listen(config.port, () => resolve(s)).on('error', reject);
    });
  }

  const address = server?.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  say('');
  say(`TRACES onboarding is up (ROLE=${config.role})`);
  if (server && config.role === 'worker') say(`  Health and metrics: http://localhost:${port}/health, /metrics`);
  if (server && config.role !== 'worker') {
    say(`  Metrics:      http://localhost:${port}/metrics   API docs: http://localhost:${port}/api/docs`);
    say(`  API:          http://localhost:${port}/api  (OpenAPI: /api/openapi.json, health: /health)`);
    say(`  Portal:       http://localhost:${port}/`);
    say(`  Back-office:  http://localhost:${port}/admin`);
  }
  say(`  Temporal UI:  ${infra.temporalUiUrl ?? `(Temporal at ${infra.temporalAddress})`}`);
  if (demoPassword) {
    say(`  Demo approvers (password ${config.demoPassword ? 'from DEMO_PASSWORD' : `"${demoPassword}"`}):`);
    for (const a of DEMO_APPROVERS) say(`    ${a.email}`);
  }
  say('');

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    say(`${signal}: stopping …`);
    // No new connections; requests in flight may finish within SHUTDOWN_TIMEOUT, then the rest are cut.
    const closed = new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    await Promise.race([closed, new Promise((resolve) => setTimeout(resolve, config.shutdownTimeoutMs).unref())]);
    server?.closeAllConnections();
    if (worker) {
      // Drains: no new tasks, running activities get the worker's shutdownGraceTime. The SDK's runtime also reacts
      // to SIGINT/SIGTERM by shutting the worker down.
      if (worker.getState() === 'RUNNING') worker.shutdown();
      await workerDone?.catch(() => undefined);
    }
    await temporal.connection.close().catch(() => undefined);
    await accounts?.limits.close().catch(() => undefined);
    await db.$disconnect().catch(() => undefined);
    await infra.stop();
    say('stopped');
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  workerDone?.catch((error) => {
    logger.error('worker failed', { error: (error as Error).message });
    void shutdown('worker failure');
  });
}

main().catch((error) => {
  process.stderr.write(`start failed: ${(error as Error).stack ?? error}\n`);
  process.exit(1);
});
