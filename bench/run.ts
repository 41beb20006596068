// `npm run bench`: every ratio of issue 8 measured in one run, against one Temporal dev server and one worker process
// with the app's settings. Writes bench/results/latest.json and latest.md and prints the table. Sizes come from the
// environment (BENCH_*), with the issue's minimums as defaults; see README "Benchmarks".
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';
import type { Client } from '@temporalio/client';
import { Client as PgClient } from 'pg';
import { createCaptchaService } from '../api/use-cases/captcha';
import { createApprovalUseCases } from '../api/use-cases/approvals';
import { createAuthorisationRequestUseCases } from '../api/use-cases/authorisation-requests';
import { createRegistrationUseCases } from '../api/use-cases/registration';
import { confirmPasswordUpdate, registrationWorkflowId } from '../domain/contracts';
import { normaliseEmail } from '../domain/email-rules';
import { createDb, type Db } from '../lib/db';
import { startInfrastructure } from '../lib/infrastructure';
import { readOrCreateLocalKeys } from '../lib/payload-codec';
import { hashPassword, sha256Hex } from '../lib/secrets';
import { connectTemporalClient, createPayloadCodec, FAILURE_CONVERTER_PATH } from '../lib/temporal-connection';
import { seedDemoApprovers } from '../prisma/seed';
import { AdminHttp } from '../test/support/admin-http';
import { freePort } from '../test/support/free-port';
import { call } from '../test/support/http';
import { fillRequests, insertAccounts, insertOperators } from './fixtures';
import { listeningPort, startAppChild, type AppChild } from './processes';
import { writeResults, table, type BenchResult } from './report';
import { percentile, round, since, summarise } from './stats';

const MINIMUMS = { BENCH_CONCURRENCY: 50, BENCH_WAITING: 5000, BENCH_ADMIN_ROWS: 100_000 };
const sizes = {
  concurrency: envInt('BENCH_CONCURRENCY', MINIMUMS.BENCH_CONCURRENCY),
  throughputSeconds: envInt('BENCH_THROUGHPUT_SECONDS', 20),
  decisions: envInt('BENCH_DECISIONS', 100),
  waiting: envInt('BENCH_WAITING', MINIMUMS.BENCH_WAITING),
  adminRows: envInt('BENCH_ADMIN_ROWS', MINIMUMS.BENCH_ADMIN_ROWS),
  adminSamples: envInt('BENCH_ADMIN_SAMPLES', 200),
};
const TASK_QUEUE = 'bench';
const RESULTS = path.join(__dirname, 'results');
const say = (line: string) => process.stdout.write(`[bench] ${line}\n`);

function envInt(name: string, fallback: number): number {
  const text = process.env[name];
  if (text === undefined || text === '') return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a positive integer, not ${text}`);
  return value;
}

/** `concurrency` loops, each starting the next operation when its previous one completed, for `seconds`. */
async function closedLoop(concurrency: number, seconds: number, operation: (n: number) => Promise<void>) {
  const started = performance.now();
  const end = started + seconds * 1000;
  let next = 0;
  let completed = 0;
  const errors: string[] = [];
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (performance.now() < end) {
      try {
        await operation(next++);
        completed += 1;
      } catch (error) {
        errors.push((error as Error).message);
      }
    }
  }));
  const elapsed = since(started) / 1000;
  if (errors.length) throw new Error(`${errors.length} operations failed, first: ${errors[0]}`);
  return { completed, seconds: round(elapsed), perSecond: round(completed / elapsed) };
}

/** Runs `operation` over `items`, at most `concurrency` at a time. */
async function inParallel<T>(items: T[], concurrency: number, operation: (item: T) => Promise<void>): Promise<void> {
  let index = 0;
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, async () => {
    while (index < items.length) await operation(items[index++]!);
  }));
}

async function until<T>(probe: () => Promise<T>, done: (value: T) => boolean, timeoutMs: number, what: string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`${what}: not reached within ${timeoutMs} ms (last: ${JSON.stringify(value)})`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const median = (values: number[]) => percentile(values, 50);

async function main() {
  const began = Date.now();
  const tag = crypto.randomBytes(4).toString('hex');
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'traces-bench-'));
  fs.chmodSync(dataDir, 0o755);
  const below = Object.entries(MINIMUMS).filter(([name, min]) => envInt(name, min) < min).map(([name]) => name);
  if (below.length) say(`below the issue's minimum (a development run): ${below.join(', ')}`);
  say(`sizes ${JSON.stringify(sizes)}; data in ${dataDir}`);

  say('starting embedded PostgreSQL and the Temporal dev server, bundling the workflows …');
  const [infra, bundle] = await Promise.all([
    startInfrastructure({
      namespace: 'default', dataDir, postgresPort: await freePort(), temporalPort: await freePort(),
      temporalCliPath: process.env.TEMPORAL_CLI_PATH, log: (line) => say(line),
    }),
    bundleWorkflowCode({
      workflowsPath: require.resolve('./workflows'), failureConverterPath: FAILURE_CONVERTER_PATH,
      logger: { log() {}, trace() {}, debug() {}, info() {}, warn: say, error: say },
    }),
  ]);
  const children: AppChild[] = [];
  let temporal: Client | undefined;
  let db: Db | undefined;
  try {
    const bundlePath = path.join(dataDir, 'workflow-bundle.js');
    fs.writeFileSync(bundlePath, bundle.code);
    const keys = readOrCreateLocalKeys(dataDir);
    const codec = createPayloadCodec({ keys, dataDir });
    db = createDb(infra.databaseUrl, { poolSize: 20 });
    temporal = await connectTemporalClient({ address: infra.temporalAddress, namespace: 'default', codec });
    const demoPassword = `Bench-${crypto.randomBytes(6).toString('hex')}-9!`;
    await seedDemoApprovers(db, demoPassword);

    const webPort = await freePort();
    const baseUrl = `http://127.0.0.1:${webPort}`;
    const common = {
      DATABASE_URL: infra.databaseUrl, TEMPORAL_ADDRESS: infra.temporalAddress, TEMPORAL_TASK_QUEUE: TASK_QUEUE,
      PAYLOAD_ENCRYPTION_KEYS: keys, DATA_DIR: dataDir, MAIL_DIR: path.join(dataDir, 'mail'), PUBLIC_URL: baseUrl,
      WORKFLOW_BUNDLE_PATH: bundlePath,
    };
    const startWorker = async () => {
      const worker = await startAppChild({ ...common, ROLE: 'worker' });
      children.push(worker);
      return worker;
    };
    say('starting the worker and the web server as child processes …');
    let [worker, web] = await Promise.all([startWorker(), startAppChild({
      ...common, ROLE: 'web', PORT: String(webPort), DEMO_PASSWORD: demoPassword,
      SESSION_SECRET: crypto.randomBytes(32).toString('base64url'), ADMIN_JS_TMP_DIR: path.join(dataDir, '.adminjs'),
    })]);
    children.push(web);
    if (listeningPort(web) !== webPort) throw new Error('the web server is not on its port');

    const captcha = createCaptchaService({ db, provider: 'none' });
    const registrations = createRegistrationUseCases({ db, temporal, captcha, linkTtlMs: 90 * 60_000, taskQueue: TASK_QUEUE });
    const requests = createAuthorisationRequestUseCases({
      db, temporal, approvals: createApprovalUseCases({ db, temporal }), taskQueue: TASK_QUEUE,
      reminderAfterMs: 3 * 86_400_000, expiresAfterMs: 30 * 86_400_000,
    });
    const passwordHash = await hashPassword('Bench-Password-42!');
    const d = db;
    const t = temporal;

    /** The empty workflow, started and awaited (start-to-result). */
    const emptyWorkflow = (n: string) =>
      t.workflow.execute('emptyWorkflow', { workflowId: `empty:${tag}:${n}`, taskQueue: TASK_QUEUE, args: [] });

    /**
     * One registration from start to ACTIVE as the API drives it: the registration use-case (application row,
     * update-with-start: pending account, link, mail), then the confirmPassword update with a stored password
     * submission, then the closed workflow. The API's scrypt hash (≈0.3 s of CPU per password, on purpose) is taken
     * once beforehand: it measures the hash function, not the flow.
     */
    const registration = async (n: string) => {
      const email = `reg.${tag}.${n}@agri.example.be`;
      const view = await registrations.register({
        firstName: 'Bench', lastName: 'Person', email, confirmEmail: email, emailLanguage: 'en', privacyStatementAccepted: true,
      });
      const token = await d.verificationToken.findFirstOrThrow({
        where: { registrationId: view.registrationId, consumedAt: null, supersededAt: null }, select: { id: true },
      });
      const submission = await d.passwordSubmission.create({ data: { tokenId: token.id, passwordHash } });
      const handle = t.workflow.getHandle(registrationWorkflowId(sha256Hex(normaliseEmail(email))));
      await handle.executeUpdate(confirmPasswordUpdate, { args: [{ tokenId: token.id, submissionId: submission.id }] });
      await d.passwordSubmission.deleteMany({ where: { id: submission.id } });
      const result = await handle.result();
      if (result.status !== 'ACTIVE') throw new Error(`registration ended ${result.status}`);
    };

    // ---- Throughput -------------------------------------------------------------------------------------------
    say(`throughput: warm-up, then ${sizes.throughputSeconds} s each, ${sizes.concurrency} in flight`);
    await closedLoop(sizes.concurrency, 3, (n) => emptyWorkflow(`warm-${n}`));
    await closedLoop(sizes.concurrency, 3, (n) => registration(`warm-${n}`));
    const emptyThroughput = await closedLoop(sizes.concurrency, sizes.throughputSeconds, (n) => emptyWorkflow(`tp-${n}`));
    say(`  empty workflows: ${emptyThroughput.perSecond}/s`);
    const registrationThroughput = await closedLoop(sizes.concurrency, sizes.throughputSeconds, (n) => registration(`tp-${n}`));
    say(`  registrations:   ${registrationThroughput.perSecond}/s`);

    // ---- History events ---------------------------------------------------------------------------------------
    await emptyWorkflow('history');
    await registration('history');
    const events = async (workflowId: string) => (await t.workflow.getHandle(workflowId).fetchHistory()).events?.length ?? 0;
    const emptyEvents = await events(`empty:${tag}:history`);
    const registrationEvents = await events(registrationWorkflowId(sha256Hex(normaliseEmail(`reg.${tag}.history@agri.example.be`))));

    // ---- Decision latency -------------------------------------------------------------------------------------
    say(`decision latency: ${sizes.decisions} decisions over the API, each beside an empty workflow`);
    const [operator] = await insertOperators(d, `${tag}-decide`, 1, 'BE');
    const applicants = await insertAccounts(d, `${tag}-decide`, sizes.decisions);
    const open: Array<{ id: string; workflowId: string }> = [];
    await inParallel(applicants, 10, async (accountId) => {
      open.push(await requests.startRequest({ environment: 'production', kind: 'OPERATOR', accountId, organisationId: operator! }));
    });
    await until(() => d.authorisationRequest.count({ where: { id: { in: open.map((r) => r.id) }, expiresAt: { not: null } } }),
      (n) => n === open.length, 120_000, 'requests announced');
    const login = await call(baseUrl, 'POST', '/api/sessions', { email: 'cca-be@example.eu', password: demoPassword });
    if (login.status !== 200) throw new Error(`approver login failed: ${login.status}`);
    const approver = { authorization: `Bearer ${login.body.token}` };
    const emptyLatency: number[] = [];
    const decisionLatency: number[] = [];
    for (const [i, request] of open.entries()) {
      let started = performance.now();
      await emptyWorkflow(`latency-${i}`);
      emptyLatency.push(since(started));
      started = performance.now();
      const decided = await call(baseUrl, 'POST', `/api/approvals/${request.id}/decision`, { decision: 'APPROVE' }, approver);
      if (decided.status !== 200) throw new Error(`decision failed: ${decided.status} ${JSON.stringify(decided.body)}`);
      while ((await d.authorisationRequest.findUniqueOrThrow({ where: { id: request.id }, select: { status: true } })).status !== 'VALID');
      decisionLatency.push(since(started));
    }
    const approved = open[0]!;
    await until(() => d.mailOutbox.count({ where: { idempotencyKey: `request:${approved.id}:approved`, status: 'SENT' } }),
      (n) => n === 1, 60_000, 'approval mailed');
    const approvalEvents = await events(approved.workflowId);

    // ---- Worker memory ----------------------------------------------------------------------------------------
    say(`worker memory: a fresh worker, then ${sizes.waiting} requests waiting for a decision`);
    await worker.stop();
    worker = await startWorker();
    const memoryOperators = await insertOperators(d, `${tag}-wait`, 50, 'BE');
    const warmAccounts = await insertAccounts(d, `${tag}-warm`, 50);
    await inParallel(warmAccounts, 10, async (accountId) => {
      await requests.startRequest({ environment: 'production', kind: 'OPERATOR', accountId, organisationId: memoryOperators[0]! });
    });
    await closedLoop(10, 2, (n) => emptyWorkflow(`memory-warm-${n}`));
    const sampleRss = async () => {
      const samples: number[] = [];
      for (let i = 0; i < 5; i++) {
        await pause(1000);
        samples.push(worker.rssMb());
      }
      return median(samples);
    };
    await pause(3000);
    const idleRssMb = await sampleRss();
    const waitingAccounts = await insertAccounts(d, `${tag}-wait`, sizes.waiting);
    const waitingIds: string[] = [];
    let startedAt = performance.now();
    await inParallel(waitingAccounts.map((accountId, i) => ({ accountId, organisationId: memoryOperators[i % memoryOperators.length]! })),
      sizes.concurrency, async (input) => {
        waitingIds.push((await requests.startRequest({ environment: 'production', kind: 'OPERATOR', ...input })).id);
      });
    const waitingStartSeconds = since(startedAt) / 1000;
    await until(() => d.authorisationRequest.count({ where: { id: { in: waitingIds }, status: 'REQUESTED', expiresAt: { not: null } } }),
      (n) => n === sizes.waiting, 600_000, 'all requests waiting');
    await pause(3000);
    const waitingRssMb = await sampleRss();

    // ---- Back-office list -------------------------------------------------------------------------------------
    say(`back-office list: filling the request table to ${sizes.adminRows} rows …`);
    startedAt = performance.now();
    await fillRequests(d, tag, sizes.adminRows);
    const adminListRows = await d.authorisationRequest.count();
    say(`  ${adminListRows} rows (${round(since(startedAt) / 1000)} s)`);
    const admin = new AdminHttp(baseUrl);
    if (!(await admin.login('cca-be@example.eu', demoPassword))) throw new Error('back-office login failed');
    const listPath = '/resources/AuthorisationRequest/actions/list?filters.status=REQUESTED&sortBy=createdAt&direction=asc&page=1';
    const adminList = async () => {
      const started = performance.now();
      const response = await admin.api('GET', listPath);
      const ms = since(started);
      if (response.status !== 200 || !Array.isArray(response.body?.records)) throw new Error(`list failed: ${response.status} ${response.text.slice(0, 300)}`);
      return { ms, total: response.body.meta.total as number, ids: (response.body.records as Array<{ id: string }>).map((r) => r.id) };
    };
    const pg = new PgClient({ connectionString: infra.databaseUrl });
    await pg.connect();
    const ccaBe = await d.account.findUniqueOrThrow({ where: { email: 'cca-be@example.eu' } });
    const handWritten = await handWrittenList(pg, ccaBe.id);
    const adminMs: number[] = [];
    const sqlMs: number[] = [];
    for (let i = 0; i < 10; i++) {
      await adminList();
      await handWritten();
    }
    let checked: { adminTotal: number; sqlTotal: number; samePage: boolean } | undefined;
    for (let i = 0; i < sizes.adminSamples; i++) {
      const page = await adminList();
      adminMs.push(page.ms);
      const started = performance.now();
      const sql = await handWritten();
      sqlMs.push(since(started));
      checked ??= { adminTotal: page.total, sqlTotal: sql.total, samePage: sql.ids.join() === page.ids.join() };
    }
    await pg.end();
    if (!checked || checked.adminTotal !== checked.sqlTotal || !checked.samePage) {
      throw new Error(`the hand-written SQL does not list what the back-office lists: ${JSON.stringify(checked)}`);
    }

    // ---- Results ----------------------------------------------------------------------------------------------
    const empty = summarise(emptyLatency);
    const decision = summarise(decisionLatency);
    const admins = summarise(adminMs);
    const sqls = summarise(sqlMs);
    const result: BenchResult = {
      registrationThroughputRatio: round(registrationThroughput.perSecond / emptyThroughput.perSecond, 3),
      historyEventsRatio: round(registrationEvents / emptyEvents, 2),
      approvalHistoryEvents: approvalEvents,
      decisionLatencyP50Ratio: round(decision.p50 / empty.p50, 2),
      decisionLatencyP95Ratio: round(decision.p95 / empty.p95, 2),
      adminListRows,
      adminListP95Ms: admins.p95,
      adminListRatio: round(admins.p95 / sqls.p95, 2),
      workerMbPer1000Waiting: round(((waitingRssMb - idleRssMb) * 1000) / sizes.waiting, 1),
      details: {
        throughput: { concurrency: sizes.concurrency, empty: emptyThroughput, registration: registrationThroughput },
        historyEvents: { empty: emptyEvents, registration: registrationEvents, approval: approvalEvents },
        latencyMs: { emptyWorkflow: empty, decision },
        adminList: { approver: 'cca-be@example.eu', queue: checked.adminTotal, backOfficeMs: admins, handWrittenSqlMs: sqls },
        workerMemory: {
          waiting: sizes.waiting, idleRssMb: round(idleRssMb, 1), waitingRssMb: round(waitingRssMb, 1),
          totalMbPer1000Waiting: round((waitingRssMb * 1000) / sizes.waiting, 1), startSeconds: round(waitingStartSeconds, 1),
        },
      },
      run: {
        at: new Date().toISOString(), seconds: Math.round((Date.now() - began) / 1000), sizes,
        belowIssueMinimums: below,
        machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, memoryGb: round(os.totalmem() / 2 ** 30, 1), node: process.version },
      },
    };
    const details = [
      `Run ${result.run && (result.run as { at: string }).at}, ${os.cpus().length} CPUs, Node ${process.version}, ` +
        `${(result.run as { seconds: number }).seconds} s in all.`,
      `Throughput (${sizes.concurrency} in flight, ${sizes.throughputSeconds} s each): empty ${emptyThroughput.perSecond}/s, ` +
        `registration ${registrationThroughput.perSecond}/s. History events: empty ${emptyEvents}, registration ${registrationEvents}.`,
      `Latency (ms, p50/p95): empty workflow ${empty.p50}/${empty.p95}, decision ${decision.p50}/${decision.p95}.`,
      `Back-office list (${checked.adminTotal} open requests in cca-be's queue, ms p50/p95): ${admins.p50}/${admins.p95}; ` +
        `hand-written SQL ${sqls.p50}/${sqls.p95}.`,
      `Worker RSS: ${round(idleRssMb)} MB idle, ${round(waitingRssMb)} MB with ${sizes.waiting} requests waiting.`,
    ].join('\n');
    const files = writeResults(RESULTS, result, details);
    process.stdout.write(`\n${table(result)}\n\n${details}\n\nwritten: ${files.json}, ${files.md}\n`);
  } finally {
    for (const child of children.reverse()) await child.stop().catch(() => undefined);
    await temporal?.connection.close().catch(() => undefined);
    await db?.$disconnect().catch(() => undefined);
    await infra.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

/**
 * The back-office's default list (cca-be: open requests of Belgian organisations that the national authority decides,
 * oldest first, 10 a page, with the total) as one would write it by hand: one query for the page, one for the total.
 */
async function handWrittenList(pg: PgClient, approverId: string) {
  const where = `
    WHERE r.status = 'REQUESTED' AND r."accountId" <> $1 AND o."countryCode" = 'BE'
      AND r.environment IN ('production', 'acceptance', 'training')
      AND (r.type = 'OPERATOR_CREATION'
           OR (NOT o."isCommission" AND (o.kind <> 'AUTHORITY' OR o."authorityRoleCode" IS DISTINCT FROM 'CCA')))`;
  return async () => {
    const page = await pg.query<{ id: string }>(`
      SELECT r.id, r."createdAt", r.environment, r.type, r.kind, r.status, r."expiresAt",
             o.id AS "organisationId", o.name AS organisation, a.id AS "accountId", a.email AS account
      FROM "AuthorisationRequest" r
      JOIN "Organisation" o ON o.id = r."organisationId"
      JOIN "Account" a ON a.id = r."accountId"
      ${where}
      ORDER BY r."createdAt" ASC, r.id ASC LIMIT 10`, [approverId]);
    const total = await pg.query<{ count: string }>(`
      SELECT count(*) AS count FROM "AuthorisationRequest" r JOIN "Organisation" o ON o.id = r."organisationId" ${where}`, [approverId]);
    return { ids: page.rows.map((r) => r.id), total: Number(total.rows[0]!.count) };
  };
}

main().catch((error) => {
  process.stderr.write(`bench failed: ${(error as Error).stack ?? error}\n`);
  process.exit(1);
});
