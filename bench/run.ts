// `npm run bench`: every ratio of the README's benchmark table measured in one run, against one Temporal dev server and one worker process
// with the app's settings. Writes bench/results/latest.json and latest.md and prints the table. Sizes come from the
// environment (BENCH_*), with the README's minimum sizes as defaults; see README "Benchmarks".
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';
import type { Client } from '@temporalio/client';
import { temporal as proto } from '@temporalio/proto';
import { Client as PgClient } from 'pg';
import { createCaptchaService } from '../api/use-cases/captcha';
import { createApprovalUseCases } from '../api/use-cases/approvals';
import { createAuthorisationRequestUseCases } from '../api/use-cases/authorisation-requests';
import { createRegistrationUseCases } from '../api/use-cases/registration';
import { confirmPasswordUpdate } from '../domain/contracts';
import { normaliseEmail } from '../domain/email-rules';
import { LIMIT_VARIABLES } from '../lib/abuse-limit-config';
import { createDb, type Db } from '../lib/db';
import { startInfrastructure } from '../lib/infrastructure';
import { readOrCreateLocalKeys } from '../lib/payload-codec';
import { hashPassword } from '../lib/secrets';
import { createAccountWorkflowIds, type AccountWorkflowIds } from '../lib/workflow-ids';
import { readOrCreateLocalWorkflowIdKey } from '../lib/workflow-id-key';
import { connectTemporalClient, createPayloadCodec, FAILURE_CONVERTER_PATH } from '../lib/temporal-connection';
import { seedDemoApprovers, seedReferenceData } from '../prisma/seed';
import { freePort } from '../lib/free-port';
import { call } from '../client/http';
import { adminLists } from './admin-lists';
import { backOfficeBrowser } from './back-office-browser';
import { directoryBench } from './directory';
import { cpuDelta, cpuSeconds } from './cpu';
import { insertAccounts, insertOperators } from './fixtures';
import { listeningPort, startAppChild, workerHeapMb, type AppChild } from './processes';
import { writeResults, table, type BenchResult } from './report';
import { onCluster } from './cluster';
import { loadTest } from './load-test';
import { loginCapacity } from './logins';
import { closedLoop } from './loops';
import { percentile, round, since, summarise } from './stats';

const MINIMUMS = {
  BENCH_CONCURRENCY: 50,
  BENCH_WAITING: 5000,
  BENCH_ADMIN_ROWS: 1_000_000,
  BENCH_DIRECTORY_ORGS: 100_000,
};
const sizes = {
  concurrency: envInt('BENCH_CONCURRENCY', MINIMUMS.BENCH_CONCURRENCY),
  throughputSeconds: envInt('BENCH_THROUGHPUT_SECONDS', 20),
  decisions: envInt('BENCH_DECISIONS', 100),
  waiting: envInt('BENCH_WAITING', MINIMUMS.BENCH_WAITING),
  adminRows: envInt('BENCH_ADMIN_ROWS', MINIMUMS.BENCH_ADMIN_ROWS),
  adminSamples: envInt('BENCH_ADMIN_SAMPLES', 200),
  browserSamples: envInt('BENCH_BROWSER_SAMPLES', 20),
  directoryOrgs: envInt('BENCH_DIRECTORY_ORGS', 100_000),
  loginConcurrency: envInt('BENCH_LOGIN_CONCURRENCY', 16),
  loginSeconds: envInt('BENCH_LOGIN_SECONDS', 15),
  loadRate: envInt('BENCH_LOAD_RATE', 10),
  loadSeconds: envInt('BENCH_LOAD_SECONDS', 10),
};
const TASK_QUEUE = 'bench';
/**
 * The load test and the login loop come from one address: the abuse limits stay in the path (every round trip of
 * theirs is made) but with points enough for a benchmark.
 */
const UNLIMITED = Object.fromEntries(LIMIT_VARIABLES.map((name) => [name, '1000000/1h']));
const EventType = proto.api.enums.v1.EventType;
const RESULTS = path.join(__dirname, 'results');
const say = (line: string) => process.stdout.write(`[bench] ${line}\n`);

function envInt(name: string, fallback: number): number {
  const text = process.env[name];
  if (text === undefined || text === '') return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a positive integer, not ${text}`);
  return value;
}

/** Runs `operation` over `items`, at most `concurrency` at a time. */
async function inParallel<T>(items: T[], concurrency: number, operation: (item: T) => Promise<void>): Promise<void> {
  let index = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, items.length) }, async () => {
      while (index < items.length) await operation(items[index++]!);
    }),
  );
}

async function until<T>(
  probe: () => Promise<T>,
  done: (value: T) => boolean,
  timeoutMs: number,
  what: string,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (done(value)) return value;
    if (Date.now() > deadline)
      throw new Error(`${what}: not reached within ${timeoutMs} ms (last: ${JSON.stringify(value)})`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const median = (values: number[]) => percentile(values, 50);

export interface Bench {
  tag: string;
  db: Db;
  databaseUrl: string;
  temporal: Client;
  baseUrl: string;
  demoPassword: string;
  /** Where the app's mailer writes its .eml files. */
  mailDir: string;
  worker: AppChild;
  /** A fresh worker process, whose garbage the bench can have collected before it samples the memory. */
  restartWorker(): Promise<AppChild>;
  registrations: ReturnType<typeof createRegistrationUseCases>;
  workflowIds: AccountWorkflowIds;
  requests: ReturnType<typeof createAuthorisationRequestUseCases>;
  /** The same use-cases on another Temporal client (bench/cluster.ts). */
  useCasesOn(client: Client): Pick<Bench, 'temporal' | 'registrations' | 'requests'>;
  /** The variables every app process of the bench gets (its data folder, keys, bundle, task queue, mail folder). */
  appEnv: Record<string, string>;
  passwordHash: string;
  /** CPU seconds so far of the Temporal server, PostgreSQL, the worker, the web server and this process. */
  cpu(): Record<string, number>;
}

/** The empty workflow, started and awaited (start-to-result). */
const emptyWorkflow = (b: Bench, n: string) =>
  b.temporal.workflow.execute('emptyWorkflow', { workflowId: `empty:${b.tag}:${n}`, taskQueue: TASK_QUEUE, args: [] });

const registrationEmail = (b: Bench, n: string) => `reg.${b.tag}.${n}@agri.example.be`;

/**
 * One registration from start to ACTIVE as the API drives it: the registration use-case (application row,
 * update-with-start: pending account, first link mailed), then the confirmPassword update with a stored password
 * submission, then the closed workflow. The API's scrypt hash (≈0.3 s of CPU per password, on purpose) is taken once
 * beforehand: it would measure the hash function, not the flow.
 */
async function registration(b: Bench, n: string): Promise<void> {
  const email = registrationEmail(b, n);
  await b.registrations.register({
    firstName: 'Bench',
    lastName: 'Person',
    email,
    confirmEmail: email,
    emailLanguage: 'en',
    privacyStatementAccepted: true,
  });
  const handle = b.temporal.workflow.getHandle(b.workflowIds.registration(email));
  for (let attempt = 1; ; attempt++) {
    const token = await currentLink(b, email);
    const submission = await b.db.passwordSubmission.create({
      data: { tokenId: token.id, passwordHash: b.passwordHash },
    });
    try {
      await handle.executeUpdate(confirmPasswordUpdate, { args: [{ tokenId: token.id, submissionId: submission.id }] });
      break;
    } catch (error) {
      // A first workflow task that outlived its timeout on an overloaded machine ran its local activity again and
      // mailed a second link: the person uses the newest one, as the refusal tells them.
      const refusal = ((error as Error).cause as Error | undefined)?.message ?? '';
      if (attempt >= 3 || !/superseded/.test(refusal)) throw error;
    } finally {
      await b.db.passwordSubmission.deleteMany({ where: { id: submission.id } });
    }
  }
  const result = await handle.result();
  if (result.status !== 'ACTIVE') throw new Error(`registration ended ${result.status}`);
}

/**
 * The registration's live link, once the worker recorded it (the answer does not wait for the workflow). Looked for
 * every 20 ms: polling faster made the bench's queries a visible share of a registration's CPU.
 */
async function currentLink(b: Bench, email: string): Promise<{ id: string }> {
  for (;;) {
    const token = await b.db.verificationToken.findFirst({
      where: { registration: { account: { email: normaliseEmail(email) } }, consumedAt: null, supersededAt: null },
      select: { id: true },
    });
    if (token) return token;
    await pause(20);
  }
}

async function history(b: Bench, workflowId: string) {
  const events = (await b.temporal.workflow.getHandle(workflowId).fetchHistory()).events ?? [];
  return { count: events.length, types: events.map((e) => EventType[e.eventType ?? 0].replace('EVENT_TYPE_', '')) };
}

/** Authorisation requests of `accounts` to `operators` (round robin), as the API starts them; resolves once announced. */
async function openRequests(b: Bench, accounts: string[], operators: string[], concurrency: number) {
  const opened: Array<{ id: string; workflowId: string }> = [];
  await inParallel(
    accounts.map((accountId, i) => ({ accountId, organisationId: operators[i % operators.length]! })),
    concurrency,
    async (input) => {
      opened.push(await b.requests.startRequest({ environment: 'production', kind: 'OPERATOR', ...input }));
    },
  );
  const ids = opened.map((r) => r.id);
  await until(
    () =>
      b.db.authorisationRequest.count({ where: { id: { in: ids }, status: 'REQUESTED', expiresAt: { not: null } } }),
    (n) => n === ids.length,
    600_000,
    'requests waiting for a decision',
  );
  return opened;
}

const phases = {
  logins: (b: Bench) => loginCapacity(b, { concurrency: sizes.loginConcurrency, seconds: sizes.loginSeconds }),
  loadTest: (b: Bench) => loadTest(b, { rate: sizes.loadRate, seconds: sizes.loadSeconds }),
  async throughput(b: Bench) {
    say(`throughput: warm-up, then ${sizes.throughputSeconds} s each, ${sizes.concurrency} in flight`);
    await closedLoop(sizes.concurrency, 3, (n) => emptyWorkflow(b, `warm-${n}`));
    await closedLoop(sizes.concurrency, 3, (n) => registration(b, `warm-${n}`));
    /** The loop's rate, with the CPU each process spent per completed operation (ms): what bounds the rate. */
    const measured = async (operation: (n: number) => Promise<void>) => {
      const before = b.cpu();
      const loop = await closedLoop(sizes.concurrency, sizes.throughputSeconds, operation);
      const used = cpuDelta(before, b.cpu());
      const cpuMsPerOperation = Object.fromEntries(
        Object.entries(used).map(([name, seconds]) => [name, round((seconds * 1000) / loop.finished, 1)]),
      );
      const busy =
        Object.values(used).reduce((a, c) => a + Math.max(c, 0), 0) /
        (loop.seconds + loop.drainSeconds) /
        os.cpus().length;
      return { ...loop, cpuMsPerOperation, cpuBusy: round(busy, 2) };
    };
    const empty = await measured((n) => emptyWorkflow(b, `tp-${n}`));
    say(`  empty workflows: ${empty.perSecond}/s, CPU ms each ${JSON.stringify(empty.cpuMsPerOperation)}`);
    const registrations = await measured((n) => registration(b, `tp-${n}`));
    say(
      `  registrations:   ${registrations.perSecond}/s, CPU ms each ${JSON.stringify(registrations.cpuMsPerOperation)}`,
    );
    return {
      fields: { registrationThroughputRatio: round(registrations.perSecond / empty.perSecond, 3) },
      details: { throughput: { concurrency: sizes.concurrency, empty, registration: registrations } },
      text:
        `Throughput (${sizes.concurrency} in flight, ${sizes.throughputSeconds} s each): empty workflows ${empty.perSecond}/s, ` +
        `registrations ${registrations.perSecond}/s.`,
    };
  },

  async history(b: Bench) {
    say('history events: an empty workflow, a registration, an approved authorisation request');
    await emptyWorkflow(b, 'history');
    await registration(b, 'history');
    const empty = await history(b, `empty:${b.tag}:history`);
    const registered = await history(b, b.workflowIds.registration(registrationEmail(b, 'history')));
    const [operator] = await insertOperators(b.db, `${b.tag}-history`, 1, 'BE');
    const [applicant] = await insertAccounts(b.db, `${b.tag}-history`, 1);
    const [request] = await openRequests(b, [applicant!], [operator!], 1);
    const approver = await b.db.account.findUniqueOrThrow({ where: { email: 'cca-be@example.eu' } });
    await createApprovalUseCases({ db: b.db, temporal: b.temporal }).decide({
      requestId: request!.id,
      actorAccountId: approver.id,
      decision: 'APPROVE',
    });
    // Approved, role created and the applicant told: the request then waits (as a role) until it is deleted.
    await until(
      () => b.db.mailOutbox.count({ where: { idempotencyKey: `request:${request!.id}:approved`, status: 'SENT' } }),
      (n) => n === 1,
      60_000,
      'approval mailed',
    );
    await until(
      () =>
        b.temporal.workflow
          .getHandle(request!.workflowId)
          .fetchHistory()
          .then((h) => h.events!.at(-1)!.eventType),
      (type) => type === EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED,
      60_000,
      'approval settled',
    );
    const approved = await history(b, request!.workflowId);
    return {
      fields: { historyEventsRatio: round(registered.count / empty.count, 2), approvalHistoryEvents: approved.count },
      details: { historyEvents: { empty, registration: registered, approval: approved } },
      text: `History events: empty workflow ${empty.count}, registration ${registered.count}, approved request ${approved.count}.`,
    };
  },

  async decisions(b: Bench) {
    say(`decision latency: ${sizes.decisions} decisions over the API, one at a time, each beside an empty workflow`);
    const operators = await insertOperators(b.db, `${b.tag}-decide`, 10, 'BE');
    const open = await openRequests(b, await insertAccounts(b.db, `${b.tag}-decide`, sizes.decisions), operators, 10);
    const login = await call(b.baseUrl, 'POST', '/api/sessions', {
      email: 'cca-be@example.eu',
      password: b.demoPassword,
    });
    if (login.status !== 200) throw new Error(`approver login failed: ${login.status}`);
    const approver = { authorization: `Bearer ${login.body.token}` };
    const watch = new PgClient({ connectionString: b.databaseUrl });
    await watch.connect();
    const waiting = await b.temporal.workflow.start('waitingWorkflow', {
      workflowId: `waiting:${b.tag}`,
      taskQueue: TASK_QUEUE,
      args: [],
    });
    const emptyMs: number[] = [];
    const updateMs: number[] = [];
    const decisionMs: number[] = [];
    const calledAt = new Map<string, number>();
    for (const [i, request] of open.entries()) {
      let started = performance.now();
      await emptyWorkflow(b, `latency-${i}`);
      emptyMs.push(since(started));
      started = performance.now();
      await waiting.executeUpdate('bareUpdate');
      updateMs.push(since(started));
      started = performance.now();
      // VALID is committed by the decision's activity, before the Update (and so the API call) completes: the database
      // is watched from the moment of the call, every millisecond, on a plain connection of its own.
      const answer = call(
        b.baseUrl,
        'POST',
        `/api/approvals/${request.id}/decision`,
        { decision: 'APPROVE' },
        approver,
      );
      while (
        (await watch.query('SELECT status::text FROM "AuthorisationRequest" WHERE id = $1', [request.id])).rows[0]
          ?.status !== 'VALID'
      ) {
        await pause(1);
      }
      decisionMs.push(since(started));
      const decided = await answer;
      if (decided.status !== 200) throw new Error(`decision failed: ${decided.status} ${JSON.stringify(decided.body)}`);
      calledAt.set(request.workflowId, performance.timeOrigin + started);
      // The applicant's mail goes out after the decision: let it, so that each pair is measured on an idle system.
      await until(
        () => b.db.mailOutbox.count({ where: { idempotencyKey: `request:${request.id}:approved`, status: 'SENT' } }),
        (n) => n === 1,
        60_000,
        'approval mailed',
      );
    }
    await waiting.signal('finish');
    await watch.end();
    const stages = await decisionStages(b, calledAt);
    const empty = summarise(emptyMs);
    const update = summarise(updateMs);
    const decision = summarise(decisionMs);
    return {
      fields: {
        decisionLatencyP50Ratio: round(decision.p50 / empty.p50, 2),
        decisionLatencyP95Ratio: round(decision.p95 / empty.p95, 2),
      },
      details: { latencyMs: { emptyWorkflow: empty, bareUpdate: update, decision, decisionStagesP50: stages } },
      text:
        `Latency in ms (p50/p95): empty workflow start-to-result ${empty.p50}/${empty.p95}, ` +
        `an Update that does nothing on a waiting workflow ${update.p50}/${update.p95}, ` +
        `decision API call to VALID in the database ${decision.p50}/${decision.p95}. Where a decision's time goes ` +
        `(p50 in ms, from its workflow history): ${Object.entries(stages)
          .map(([stage, ms]) => `${stage} ${ms}`)
          .join(', ')}.`,
    };
  },

  async memory(b: Bench) {
    say(`worker memory: a fresh worker, then ${sizes.waiting} requests waiting for a decision`);
    const worker = await b.restartWorker();
    const operators = await insertOperators(b.db, `${b.tag}-wait`, 50, 'BE');
    // Warm-up: the code paths of a request and of the empty workflow have run once before the idle measure.
    await openRequests(b, await insertAccounts(b.db, `${b.tag}-warm`, 50), operators, 10);
    await closedLoop(10, 2, (n) => emptyWorkflow(b, `memory-warm-${n}`));
    /** Median of five samples, each after a full collection in every thread of the worker; and one before. */
    const sampleRss = async () => {
      const beforeCollection = worker.rssMb();
      const samples: number[] = [];
      for (let i = 0; i < 5; i++) {
        worker.collectGarbage();
        await pause(1000);
        samples.push(worker.rssMb());
      }
      return { beforeCollection, collected: median(samples), heap: await workerHeapMb(worker) };
    };
    await pause(3000);
    const idle = await sampleRss();
    const started = performance.now();
    await openRequests(b, await insertAccounts(b.db, `${b.tag}-wait`, sizes.waiting), operators, sizes.concurrency);
    const openSeconds = round(since(started) / 1000, 1);
    await pause(3000);
    const waiting = await sampleRss();
    const perThousand = round(((waiting.collected - idle.collected) * 1000) / sizes.waiting, 1);
    const mb = (value: number) => round(value, 1);
    return {
      fields: { workerMbPer1000Waiting: perThousand },
      details: {
        workerMemory: {
          waiting: sizes.waiting,
          openSeconds,
          idleRssMb: mb(idle.collected),
          waitingRssMb: mb(waiting.collected),
          beforeCollection: { idleRssMb: mb(idle.beforeCollection), waitingRssMb: mb(waiting.beforeCollection) },
          mainThreadHeapMb: { idle: idle.heap, waiting: waiting.heap },
          totalRssMbPer1000Waiting: mb((waiting.collected * 1000) / sizes.waiting),
        },
      },
      text:
        `Worker RSS after a full collection: ${mb(idle.collected)} MB idle (after warm-up), ${mb(waiting.collected)} MB ` +
        `with ${sizes.waiting} requests waiting (opened in ${openSeconds} s); before the collection ` +
        `${mb(idle.beforeCollection)} and ${mb(waiting.beforeCollection)} MB.`,
    };
  },

  admin: (b: Bench) => adminLists({ ...b, say }, sizes.adminRows, sizes.adminSamples),
  directory: (b: Bench) => directoryBench({ ...b, say }, sizes.directoryOrgs, sizes.adminSamples),
  async browser(b: Bench) {
    say(`back-office in Chromium: ${sizes.browserSamples} requests opened and approved`);
    const openForOne = async (count: number) => {
      const [applicantId] = await insertAccounts(b.db, `${b.tag}-browser`, 1);
      const operators = await insertOperators(b.db, `${b.tag}-browser`, count, 'BE');
      const opened = await openRequests(b, Array(count).fill(applicantId), operators, 10);
      return { applicantId: applicantId!, requestIds: opened.map((r) => r.id) };
    };
    return backOfficeBrowser({ ...b, openRequests: openForOne, say }, sizes.browserSamples);
  },

  /** The throughput and decision measures again on the `npm run cluster` topology (BENCH_CLUSTER=0: left out). */
  cluster: (b: Bench) => onCluster(b, [phases.throughput, phases.decisions], say),
};

/**
 * The stages of each decision, read from its workflow history (server clock, the same machine): the API's checks and
 * the call to Temporal, the Update's workflow task waiting for and running on the worker, the activity waiting and
 * running (it commits VALID), and the rest of the call. Medians in ms.
 */
async function decisionStages(b: Bench, calledAt: Map<string, number>): Promise<Record<string, number>> {
  const stages: Record<string, number[]> = {
    'API checks and call to Temporal': [],
    'workflow task queued': [],
    'workflow task on the worker': [],
    'activity queued': [],
    'activity running (commits VALID)': [],
  };
  const at = (event: proto.api.history.v1.IHistoryEvent) =>
    Number(event.eventTime!.seconds) * 1000 + Math.floor((event.eventTime!.nanos ?? 0) / 1e6);
  for (const [workflowId, called] of calledAt) {
    const events = (await b.temporal.workflow.getHandle(workflowId).fetchHistory()).events ?? [];
    const first = (
      type: number,
      from: number,
      where: (e: proto.api.history.v1.IHistoryEvent) => boolean = () => true,
    ) => events.find((e, i) => i >= from && e.eventType === type && where(e));
    // The decision's workflow task is the first one after the call (the request was waiting, nothing else ran).
    const scheduled = first(EventType.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED, 0, (e) => at(e) >= called - 1);
    const from = scheduled ? events.indexOf(scheduled) : events.length;
    const started = first(EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED, from);
    const completed = first(EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED, from);
    const activity = first(EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED, from);
    const ofActivity = (e: proto.api.history.v1.IHistoryEvent) =>
      String((e.activityTaskStartedEventAttributes ?? e.activityTaskCompletedEventAttributes)?.scheduledEventId) ===
      String(activity?.eventId);
    const activityStarted = first(EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED, from, ofActivity);
    const activityCompleted = first(EventType.EVENT_TYPE_ACTIVITY_TASK_COMPLETED, from, ofActivity);
    if (!scheduled || !started || !completed || !activity || !activityStarted || !activityCompleted) continue;
    stages['API checks and call to Temporal']!.push(at(scheduled) - called);
    stages['workflow task queued']!.push(at(started) - at(scheduled));
    stages['workflow task on the worker']!.push(at(completed) - at(started));
    stages['activity queued']!.push(at(activityStarted) - at(activity));
    stages['activity running (commits VALID)']!.push(at(activityCompleted) - at(activityStarted));
  }
  return Object.fromEntries(Object.entries(stages).map(([stage, values]) => [stage, round(median(values), 1)]));
}

type Phase = keyof typeof phases;

async function main() {
  const began = Date.now();
  const loadAtStart = os.loadavg().map((l) => round(l, 1));
  const only = process.env.BENCH_ONLY ? process.env.BENCH_ONLY.split(',').map((p) => p.trim()) : undefined;
  const unknown = only?.filter((p) => !(p in phases));
  if (unknown?.length)
    throw new Error(`BENCH_ONLY: unknown phase ${unknown.join(', ')} (phases: ${Object.keys(phases).join(', ')})`);
  const selected = (Object.keys(phases) as Phase[])
    .filter((p) => !only || only.includes(p))
    .filter((p) => p !== 'cluster' || process.env.BENCH_CLUSTER !== '0');
  const tag = crypto.randomBytes(4).toString('hex');
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'traces-bench-'));
  fs.chmodSync(dataDir, 0o755);
  const below = Object.entries(MINIMUMS)
    .filter(([name, min]) => envInt(name, min) < min)
    .map(([name]) => name);
  if (below.length) say(`below the minimum sizes (a development run): ${below.join(', ')}`);
  say(`phases ${selected.join(', ')}; sizes ${JSON.stringify(sizes)}; data in ${dataDir}`);

  say('starting embedded PostgreSQL and the Temporal dev server, bundling the workflows …');
  const [infra, bundle] = await Promise.all([
    startInfrastructure({
      namespace: 'default',
      dataDir,
      postgresPort: await freePort(),
      temporalPort: await freePort(),
      temporalCliPath: process.env.TEMPORAL_CLI_PATH,
      log: (line) => say(line),
      seed: seedReferenceData,
    }),
    bundleWorkflowCode({
      workflowsPath: require.resolve('./workflows'),
      failureConverterPath: FAILURE_CONVERTER_PATH,
      logger: { log() {}, trace() {}, debug() {}, info() {}, warn: say, error: say },
    }),
  ]);
  const children = new Set<AppChild>();
  let temporal: Client | undefined;
  let db: Db | undefined;
  try {
    const bundlePath = path.join(dataDir, 'workflow-bundle.js');
    fs.writeFileSync(bundlePath, bundle.code);
    const keys = readOrCreateLocalKeys(dataDir);
    const codec = createPayloadCodec({ keys, dataDir });
    const workflowIds = createAccountWorkflowIds(readOrCreateLocalWorkflowIdKey(dataDir));
    db = createDb(infra.databaseUrl, { poolSize: 20 });
    temporal = await connectTemporalClient({ address: infra.temporalAddress, namespace: 'default', codec });
    const demoPassword = `Bench-${crypto.randomBytes(6).toString('hex')}-9!`;
    await seedDemoApprovers(db, demoPassword);

    const webPort = await freePort();
    const baseUrl = `http://127.0.0.1:${webPort}`;
    const common = {
      DATABASE_URL: infra.databaseUrl,
      TEMPORAL_ADDRESS: infra.temporalAddress,
      TEMPORAL_TASK_QUEUE: TASK_QUEUE,
      PAYLOAD_ENCRYPTION_KEYS: keys,
      DATA_DIR: dataDir,
      MAIL_DIR: path.join(dataDir, 'mail'),
      PUBLIC_URL: baseUrl,
      WORKFLOW_BUNDLE_PATH: bundlePath,
    };
    const startWorker = async (collectable = false) => {
      const child = await startAppChild(
        { ...common, ROLE: 'worker' },
        { collectable, profileDir: process.env.BENCH_PROFILE_DIR },
      );
      children.add(child);
      return child;
    };
    say('starting the worker and the web server as child processes …');
    // One after the other: each start-up runs the (already applied) migrations under an advisory lock.
    const worker = await startWorker();
    const web = await startAppChild(
      {
        ...common,
        ROLE: 'web',
        PORT: String(webPort),
        DEMO_PASSWORD: demoPassword,
        SESSION_SECRET: crypto.randomBytes(32).toString('base64url'),
        ADMIN_JS_TMP_DIR: path.join(dataDir, '.adminjs'),
        ...UNLIMITED,
      },
      { profileDir: process.env.BENCH_PROFILE_DIR },
    );
    children.add(web);
    if (listeningPort(web) !== webPort) throw new Error('the web server is not on its port');

    const dbOnce = db;
    /** The use-cases the bench drives as the API does, on a Temporal client (the dev server's, or the cluster's). */
    const useCasesOn = (client: Client) => ({
      temporal: client,
      registrations: createRegistrationUseCases({
        db: dbOnce,
        temporal: client,
        captcha: createCaptchaService({ db: dbOnce, provider: 'none' }),
        linkTtlMs: 90 * 60_000,
        taskQueue: TASK_QUEUE,
        workflowIds,
      }),
      requests: createAuthorisationRequestUseCases({
        db: dbOnce,
        temporal: client,
        approvals: createApprovalUseCases({ db: dbOnce, temporal: client }),
        taskQueue: TASK_QUEUE,
        reminderAfterMs: 3 * 86_400_000,
        expiresAfterMs: 30 * 86_400_000,
      }),
    });
    const bench: Bench = {
      tag,
      db,
      databaseUrl: infra.databaseUrl,
      baseUrl,
      demoPassword,
      mailDir: common.MAIL_DIR,
      worker,
      async restartWorker() {
        await bench.worker.stop();
        children.delete(bench.worker);
        bench.worker = await startWorker(true);
        return bench.worker;
      },
      workflowIds,
      ...useCasesOn(temporal),
      useCasesOn,
      appEnv: common,
      passwordHash: await hashPassword('Bench-Password-42!'),
      cpu: () => {
        const own = process.cpuUsage();
        return {
          ...cpuSeconds({
            temporalServer: (p) => p.cmdline.includes(path.join(dataDir, 'temporal.db')),
            postgres: (p) => p.cmdline.includes(path.join(dataDir, 'postgres')) && !p.cmdline.includes('temporal.db'),
            worker: (p) => p.pid === bench.worker.pid,
            web: (p) => p.pid === web.pid,
          }),
          benchClient: (own.user + own.system) / 1e6,
        };
      },
    };

    const fields: Record<string, number> = {};
    const details: Record<string, unknown> = {};
    const text: string[] = [];
    for (const phase of selected) {
      const measured = await phases[phase](bench);
      say(`  ${measured.text}`);
      Object.assign(fields, measured.fields);
      Object.assign(details, measured.details);
      text.push(measured.text);
    }
    const run = {
      at: new Date().toISOString(),
      seconds: Math.round((Date.now() - began) / 1000),
      sizes,
      belowIssueMinimums: below,
      machine: {
        cpus: os.cpus().length,
        cpuModel: os.cpus()[0]?.model,
        memoryGb: round(os.totalmem() / 2 ** 30, 1),
        node: process.version,
      },
      loadAverage: { atStart: loadAtStart, atEnd: os.loadavg().map((l) => round(l, 1)) },
    };
    text.unshift(
      `Run of ${run.at}: ${run.machine.cpus} CPUs (${run.machine.cpuModel}), Node ${run.machine.node}, ${run.seconds} s in all; ` +
        `load average (1, 5, 15 min) ${run.loadAverage.atStart.join(' ')} at the start, ${run.loadAverage.atEnd.join(' ')} at the end.`,
    );
    if (only) {
      process.stdout.write(
        `\n${JSON.stringify({ ...fields, details }, null, 2)}\n\n${text.join('\n')}\n(BENCH_ONLY: results not written)\n`,
      );
      return;
    }
    const result = { ...fields, details, run } as unknown as BenchResult;
    const files = writeResults(RESULTS, result, text.join('\n\n'));
    process.stdout.write(`\n${table(result)}\n\n${text.join('\n')}\n\nwritten: ${files.json}, ${files.md}\n`);
  } catch (error) {
    // What the app's processes said last, to tell a bench failure from an app failure.
    for (const child of children)
      process.stderr.write(`---- output of process ${child.pid}:\n${child.output().slice(-3000)}\n`);
    throw error;
  } finally {
    for (const child of children) await child.stop().catch(() => undefined);
    await temporal?.connection.close().catch(() => undefined);
    await db?.$disconnect().catch(() => undefined);
    await infra.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  process.stderr.write(`bench failed: ${(error as Error).stack ?? error}\n`);
  process.exit(1);
});
