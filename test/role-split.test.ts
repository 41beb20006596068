// Web servers and workers scale apart: scripts/start.ts runs once as ROLE=web and once as ROLE=worker (two processes,
// as in docker-compose.yml) against the test run's one Temporal server and one PostgreSQL, and a registration goes
// through them: the web process starts the workflow, the worker process runs it and sends the mail.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { connectTracesClient, TASK_QUEUE, type TracesClient } from '../client';
import { newPayloadKey } from '../lib/payload-codec';
import { startChildApp, type ChildApp } from './support/child-app';
import { freePort } from './support/free-port';
import { call } from './support/http';
import { eventually, linkToken, readMails } from './support/mail';

const keys = `${newPayloadKey('split2')},${newPayloadKey('split1')}`;
const dir = fs.mkdtempSync(path.join(process.env.TEST_DATA_DIR!, 'role-split-'));
const mailDir = path.join(dir, 'mail');
let web: ChildApp;
let worker: ChildApp;
let webUrl: string;
let workerUrl: string;
let traces: TracesClient;

beforeAll(async () => {
  const [webPort, workerPort, sdkMetricsPort] = await Promise.all([freePort(), freePort(), freePort()]);
  const workflowIdKey = crypto.randomBytes(32).toString('base64');
  const common = {
    // The one Temporal and PostgreSQL of the run (global setup), the default task queue, one set of keys.
    DATABASE_URL: process.env.DATABASE_URL!,
    TEMPORAL_ADDRESS: process.env.TEMPORAL_ADDRESS!,
    TEMPORAL_TASK_QUEUE: TASK_QUEUE,
    PAYLOAD_ENCRYPTION_KEYS: keys,
    WORKFLOW_ID_KEY: workflowIdKey,
    PUBLIC_URL: 'http://traces.test',
    CAPTCHA_PROVIDER: 'none',
    DEMO_PASSWORD: `Split-${crypto.randomBytes(6).toString('hex')}-9!`,
    MAIL_DIR: mailDir,
  };
  web = startChildApp({
    ...common,
    ROLE: 'web',
    PORT: String(webPort),
    DATA_DIR: path.join(dir, 'web'),
    SESSION_SECRET: crypto.randomBytes(32).toString('base64url'),
  });
  worker = startChildApp({
    ...common,
    ROLE: 'worker',
    PORT: String(workerPort),
    DATA_DIR: path.join(dir, 'worker'),
    TEMPORAL_METRICS_PORT: String(sdkMetricsPort),
    WORKFLOW_BUNDLE_PATH: process.env.TEST_WORKFLOW_BUNDLE!,
  });
  webUrl = `http://127.0.0.1:${webPort}`;
  workerUrl = `http://127.0.0.1:${workerPort}`;
  // The banner comes after the server listens; a child that exits first fails here with its output.
  await Promise.all([web.waitFor('TRACES onboarding is up'), worker.waitFor('TRACES onboarding is up')]);
  traces = await connectTracesClient({
    address: process.env.TEMPORAL_ADDRESS!,
    payloadEncryptionKeys: keys,
    workflowIdKey,
  });
});

afterAll(async () => {
  await traces?.close();
  await Promise.all([web?.kill(), worker?.kill()]);
});

test('a registration goes through ROLE=web and ROLE=worker processes', async () => {
  const email = `split.${crypto.randomUUID().slice(0, 8)}@agri.example.be`;
  const registered = await call(webUrl, 'POST', '/api/registrations', {
    firstName: 'Lotte',
    lastName: 'Claes',
    email,
    confirmEmail: email,
    emailLanguage: 'en',
    privacyStatementAccepted: true,
  });
  expect(registered.status).toBe(202);

  // Only the worker process sends mail: the web process has no worker.
  const [mail] = await eventually(
    () => readMails(mailDir, email),
    (mails) => mails.length === 1,
    30_000,
  );
  expect(mail!.text).toContain('http://traces.test/set-password?token=');
  expect(await traces.registration(email).status()).toMatchObject({ status: 'PENDING_VERIFICATION' });

  const setup = await call(webUrl, 'POST', '/api/password-setup', {
    token: linkToken(mail!),
    password: 'Split-Roles-2024',
  });
  expect(setup.status).toBe(200);
  expect(setup.body).toEqual({ accountId: expect.any(String), status: 'ACTIVE' });
  const session = await call(webUrl, 'POST', '/api/sessions', { email, password: 'Split-Roles-2024' });
  expect(session.status).toBe(200);
  expect(await traces.temporal.workflow.getHandle(traces.registration(email).workflowId).result()).toMatchObject({
    status: 'ACTIVE',
  });
});

test('each process serves its own health and metrics; the worker adds the Temporal SDK metrics', async () => {
  const workerHealth = await call(workerUrl, 'GET', '/health');
  expect(workerHealth.body).toEqual({ status: 'ok', database: 'ok', worker: 'RUNNING' });
  expect((await call(webUrl, 'GET', '/health')).body).toMatchObject({ status: 'ok', database: 'ok', temporal: 'ok' });

  const workerMetrics = await (await fetch(`${workerUrl}/metrics`)).text();
  expect(workerMetrics).toMatch(/^traces_mails_sent_total [1-9]/m);
  // The SDK's own series (Core's Prometheus exporter, merged in): polls, slots, completed workflow tasks …
  expect(workerMetrics).toMatch(/^temporal_\w+/m);
  expect(workerMetrics).toMatch(/^temporal_workflow_task_\w+\{[^}]*task_queue="traces-onboarding"/m);

  const webMetrics = await (await fetch(`${webUrl}/metrics`)).text();
  expect(webMetrics).toMatch(/^traces_workflow_starts_total\{workflow_type="registrationWorkflow"\} [1-9]/m);
  expect(webMetrics).toMatch(
    /^traces_http_request_duration_seconds_count\{method="POST",route="\/api\/password-setup",status="200"\} 1$/m,
  );
  expect(webMetrics).not.toMatch(/^temporal_/m);
});

test('both stop gracefully on SIGTERM: the web server closes, the worker drains, exit code 0', async () => {
  const [webCode, workerCode] = await Promise.all([web.kill('SIGTERM'), worker.kill('SIGTERM')]);
  expect(webCode).toBe(0);
  expect(workerCode).toBe(0);
  expect(worker.output()).toContain('stopped');
  expect(web.output()).toContain('stopped');
  expect(
    await fetch(`${webUrl}/health`).then(
      () => 'answered',
      () => 'refused',
    ),
  ).toBe('refused');
});
