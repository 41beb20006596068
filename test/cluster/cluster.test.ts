// The production topology as `npm run cluster` runs it (scripts/cluster.ts, a child process here): a Temporal cluster
// of separate processes on PostgreSQL behind a mutual-TLS frontend, two web and two worker processes. One history node
// and one worker are SIGKILLed with 240 flows in flight: the shards move, every flow completes, nothing happens twice.
// Then a deploy: the workers restart one by one (SIGHUP) onto a changed workflow while requests and roles wait.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Connection, WithStartWorkflowOperation, type Client } from '@temporalio/client';
import { Client as PgClient } from 'pg';
import { createDb, type Db } from '../../lib/db';
import { CLUSTER_SETTINGS } from '../../lib/cluster-settings';
import type { TlsFiles } from '../../lib/cluster-tls';
import { resolveTemporalCli } from '../../lib/local-temporal';
import { clientTls, portsOf, readShardOwners } from '../../lib/temporal-cluster';
import { connectTemporalClient, createPayloadCodec } from '../../lib/temporal-connection';
import { buildWorkflowBundle } from '../../worker/worker';
import {
  authorisationWorkflowId,
  requestViewUpdate,
  TASK_QUEUE,
  WorkflowType,
  type AuthorisationRequestInput,
} from '../../domain/contracts';
import { launchBrowser, screenshot } from '../support/browser';
import {
  auditCounts,
  belgianAuthority,
  callUntilAnswered,
  type Caller,
  closedWorkflows,
  inParallel,
  people,
  requestToJoin,
} from '../faults/support';
import { bundleWith, NEXT_DEPLOY } from '../faults/workflow-bundle';
import { freePort } from '../support/free-port';
import { call } from '../support/http';
import { eventually, readMails } from '../support/mail';
import { newOperator } from '../support/organisations';
import type { TestStack } from '../support/stack';

const ROOT = path.resolve(__dirname, '..', '..');
const FLOWS = 240;
const DEMO_PASSWORD = `Demo-${Math.random().toString(36).slice(2, 10)}-9!`;
const figures: Record<string, string> = {};

interface StackState {
  databaseUrl: string;
  temporalAddress: string;
  uiUrl: string;
  webUrls: string[];
  tls: TlsFiles;
  nodes: Array<{ name: string; pid: number; identity?: string }>;
}

let script: ChildProcess;
let output = '';
let state: StackState;
let db: Db;
let pg: PgClient;
let temporal: Client;
let dataDir: string;
let bundlePath: string;
/** The next deploy's workflow bundle (built while the cluster comes up). */
let nextBundle: Promise<{ code: string }>;
const mailDir = () => path.join(dataDir, 'mail');
const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};
/**
 * A live process of this stack: pids wrap at 32768 here, so a killed node's pid may belong to someone else's process
 * minutes later; the stack's processes all carry this run's DATA_DIR in their environment.
 */
const ours = (pid: number) => {
  if (!alive(pid)) return false;
  try {
    return fs.readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0').includes(`DATA_DIR=${dataDir}`);
  } catch {
    return true;
  }
};
const node = (name: string) => state.nodes.find((n) => n.name === name)!;

const isFree = (port: number) =>
  new Promise<boolean>((resolve) => {
    const server = net.createServer().once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });

/** A block of ports (`count` from `base`, and base + 100) all free, below Temporal's SMALLINT limit of 32767. */
async function freeBlock(count: number, check: (base: number) => number[]): Promise<number> {
  for (;;) {
    const base = 20_000 + 2 * Math.floor(Math.random() * 5_000);
    const ports = check(base);
    if (ports.length === count && (await Promise.all(ports.map(isFree))).every(Boolean)) return base;
  }
}

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'traces-cluster-'));
  // The embedded PostgreSQL runs as its own user when the tests run as root.
  fs.chmodSync(dataDir, 0o755);
  const bundle = await buildWorkflowBundle();
  bundlePath = path.join(dataDir, 'workflow-bundle.js');
  fs.writeFileSync(bundlePath, bundle.code);
  const historyNodes = CLUSTER_SETTINGS.historyNodes;
  const temporalPorts = (base: number) => [
    ...(['frontend', 'matching', 'worker'] as const).flatMap((r) => Object.values(portsOf(base, r))),
    ...Array.from({ length: historyNodes }, (_, i) => Object.values(portsOf(base, 'history', i))).flat(),
  ];
  const frontendPort = await freeBlock(temporalPorts(0).length, temporalPorts);
  const webPort = await freeBlock(4, (base) => [base, base + 1, base + 50, base + 51]);
  const started = Date.now();
  script = spawn(process.execPath, ['--import', 'tsx', 'scripts/cluster.ts'], {
    cwd: ROOT,
    env: {
      ...process.env,
      DATA_DIR: dataDir,
      LOCAL_POSTGRES_PORT: String(await freePort()),
      CLUSTER_HISTORY_NODES: String(historyNodes),
      CLUSTER_FRONTEND_PORT: String(frontendPort),
      CLUSTER_UI_PORT: String(await freePort()),
      CLUSTER_WEB_PORT: String(webPort),
      // Read by every app process of the stack.
      MAIL_DIR: path.join(dataDir, 'mail'),
      CAPTCHA_PROVIDER: 'none',
      LOG_LEVEL: 'warn',
      WORKFLOW_BUNDLE_PATH: bundlePath,
      // Reminders after 4 s, expiry after 90 s: the decisions get through first, the expiries outlive both kills.
      APPROVAL_REMINDER_AFTER: '4s',
      APPROVAL_EXPIRES_AFTER: '90s',
      DEMO_PASSWORD,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  nextBundle = bundleWith(NEXT_DEPLOY, dataDir);
  script.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  script.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  await eventually(
    async () => {
      if (script.exitCode !== null) throw new Error(`npm run cluster failed:\n${output.slice(-4000)}`);
      return output.includes('The cluster is up');
    },
    (up) => up,
    600_000,
  );
  figures.bringUp = `${Math.round((Date.now() - started) / 1000)} s`;
  state = JSON.parse(fs.readFileSync(path.join(dataDir, 'temporal-cluster', 'stack.json'), 'utf8')) as StackState;
  db = createDb(state.databaseUrl);
  const temporalDb = new URL(state.databaseUrl);
  temporalDb.pathname = `/${CLUSTER_SETTINGS.databases.temporal}`;
  pg = new PgClient({ connectionString: temporalDb.toString() });
  await pg.connect();
  temporal = await connectTemporalClient({
    address: state.temporalAddress,
    tls: clientTls(state.tls),
    namespace: 'default',
    codec: createPayloadCodec({ dataDir }),
  });
}, 900_000);

afterAll(async () => {
  process.stderr.write(`[cluster] figures: ${JSON.stringify(figures)}\n`);
  await temporal?.connection.close();
  await db?.$disconnect();
  await pg?.end();
  if (script && script.exitCode === null) {
    // Ctrl-C stops the whole stack: every process it started is gone afterwards.
    const exited = new Promise((resolve) => script.once('exit', resolve));
    script.kill('SIGINT');
    await exited;
    expect(output).toContain('stopped');
    for (const { name, pid } of state?.nodes ?? []) expect([name, ours(pid)]).toEqual([name, false]);
  }
  fs.rmSync(dataDir, { recursive: true, force: true });
}, 180_000);

test('only clients with a certificate of the cluster reach the frontend; the CLI with its own does', async () => {
  const { temporalAddress: address, tls } = state;
  const refused = async (options: Parameters<typeof Connection.connect>[0]) => {
    const connection = await Connection.connect({ ...options, connectTimeout: 5_000 }).catch((e: Error) => e);
    if (connection instanceof Error) return connection;
    const answer = await connection.workflowService.getSystemInfo({}).catch((e: Error) => e);
    await connection.close();
    return answer;
  };
  // Plain gRPC, and TLS that trusts the server but shows no certificate of its own.
  expect(await refused({ address })).toBeInstanceOf(Error);
  const noCert = { serverNameOverride: tls.serverName, serverRootCACertificate: fs.readFileSync(tls.caCert) };
  expect(await refused({ address, tls: noCert })).toBeInstanceOf(Error);
  // With the client certificate, the same call is answered.
  const withCert = await refused({
    address,
    tls: { ...noCert, clientCertPair: { crt: fs.readFileSync(tls.clientCert), key: fs.readFileSync(tls.clientKey) } },
  });
  expect(withCert).not.toBeInstanceOf(Error);

  const cli = resolveTemporalCli(process.env.TEMPORAL_CLI_PATH)!;
  const tlsArgs = ['--tls-ca-path', tls.caCert, '--tls-server-name', tls.serverName];
  const certArgs = ['--tls-cert-path', tls.clientCert, '--tls-key-path', tls.clientKey];
  const list = (args: string[]) =>
    execFileSync(cli, ['operator', 'namespace', 'describe', '-n', 'default', '--address', address, ...args], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  expect(list([...tlsArgs, ...certArgs])).toContain('default');
  expect(() => list(tlsArgs)).toThrow();
});

test('Temporal UI shows the Commission the decoded input through its back-office session; a CCA or nobody sees it encrypted', async () => {
  const [web1] = state.webUrls as [string];
  // A French operator: its mails go to the French CCA, apart from the Belgian flows of the next test.
  const operator = await newOperator({ db } as TestStack, 'production', 'FR');
  const [applicant] = await people(db, 'codec', 1);
  // The message is personal data: only the encrypted input carries it (not the workflow id, not a search attribute).
  const message = `Codec check ${Math.random().toString(36).slice(2, 12)}`;
  const response = await call(
    web1,
    'POST',
    '/api/environments/production/authorisation-requests',
    { kind: 'OPERATOR', organisationIds: [operator.id], message },
    applicant!.auth,
  );
  expect(response.status).toBe(202);
  const request = response.body.requests[0] as { workflowId: string };
  const browser = await launchBrowser();
  try {
    const encryptedText = /YmluYXJ5L2VuY3J5cHRlZA|binary\/encrypted/;
    // The UI shows the payloads as they are until the codec's answer arrives: await what this account should see.
    const decodedPage = (body: string) => body.includes(message) && !encryptedText.test(body);
    const encryptedPage = (body: string) => encryptedText.test(body);
    /** Signs into the back-office (none: no session at all), then opens the request's workflow in Temporal UI. */
    const inputAs = async (email: string | undefined, seen: (body: string) => boolean) => {
      const context = await browser.newContext({ viewport: { width: 1440, height: 1200 } });
      const page = await context.newPage();
      if (email) {
        await page.goto(`${web1}/admin/login`);
        await page.fill('input[name="email"]', email);
        await page.fill('input[name="password"]', DEMO_PASSWORD);
        await Promise.all([page.waitForURL(`${web1}/admin`), page.click('form button')]);
      }
      const decodes: number[] = [];
      page.on('response', (r) => {
        if (r.url().endsWith('/admin/codec/decode') && r.request().method() === 'POST') decodes.push(r.status());
      });
      await page.goto(`${state.uiUrl}/namespaces/default/workflows/${encodeURIComponent(request.workflowId)}`);
      // The input once the UI has asked the codec and shows its answer (decoded, or left encrypted).
      const text = await eventually(
        async () => (decodes.length > 0 ? page.locator('body').innerText() : ''),
        seen,
        120_000,
      ).catch(async () => page.locator('body').innerText());
      await screenshot(page, `temporal-ui-input-${email ?? 'nobody'}`);
      await context.close();
      return {
        decoded: text.includes(message),
        // The encoding, shown as it is or in base64 (`binary/encrypted`).
        encrypted: /binary\/encrypted|YmluYXJ5L2VuY3J5cHRlZA/.test(text),
        decodes,
      };
    };
    const commission = await inputAs('commission@example.eu', decodedPage);
    expect(commission).toMatchObject({ decoded: true, encrypted: false });
    expect(commission.decodes).toContain(200);
    const cca = await inputAs('cca-be@example.eu', encryptedPage);
    expect(cca).toMatchObject({ decoded: false, encrypted: true });
    expect(cca.decodes.every((status) => status === 403)).toBe(true);
    const nobody = await inputAs(undefined, encryptedPage);
    expect(nobody).toMatchObject({ decoded: false, encrypted: true });
    expect(nobody.decodes.every((status) => status === 401)).toBe(true);
  } finally {
    await browser.close();
  }
});

/** Rows, audit events and mails of the flows: each exactly once, in its final status. */
async function expectEachOnce(ids: string[], rejected: Set<string>, applicants: Caller[], authority: Caller) {
  const rows = await db.authorisationRequest.findMany({
    where: { accountId: { in: applicants.map((a) => a.accountId) } },
  });
  expect(rows).toHaveLength(FLOWS);
  for (const row of rows) expect(row.status).toBe(rejected.has(row.id) ? 'REJECTED' : 'EXPIRED');
  const audit = await auditCounts(db, ids);
  for (const id of ids) {
    const { REMINDER_SENT = 0, ...events } = audit.get(id) ?? {};
    expect(events).toEqual({ REQUEST_SUBMITTED: 1, [rejected.has(id) ? 'REQUEST_REJECTED' : 'REQUEST_EXPIRED']: 1 });
    expect(REMINDER_SENT).toBeLessThanOrEqual(1);
  }
  const outbox = await db.mailOutbox.findMany({
    where: { OR: ids.map((id) => ({ idempotencyKey: { startsWith: `request:${id}:` } })) },
  });
  expect(outbox.every((m) => m.status === 'SENT')).toBe(true);
  const keys = (kind: string) =>
    outbox.filter((m) => m.idempotencyKey.split(':')[2] === kind).map((m) => m.idempotencyKey.split(':')[1]);
  expect(keys('received').sort()).toEqual([...ids].sort());
  expect(keys('rejected').sort()).toEqual([...rejected].sort());
  expect(keys('expired').sort()).toEqual(ids.filter((id) => !rejected.has(id)).sort());
  const reminded = ids.filter((id) => (audit.get(id)?.REMINDER_SENT ?? 0) === 1);
  expect(keys('reminder').sort()).toEqual(reminded.sort());
  for (const applicant of applicants) expect(readMails(mailDir(), applicant.email)).toHaveLength(1);
  expect(readMails(mailDir(), authority.email)).toHaveLength(FLOWS + reminded.length);
}

test(`a history node and a worker SIGKILLed with ${FLOWS} flows in flight: shards move, every flow completes once`, async () => {
  const startedAt = Date.now();
  const [web1, web2] = state.webUrls as [string, string];
  const authority = await belgianAuthority(db);
  const operator = await newOperator({ db } as TestStack);
  const applicants = await people(db, 'cluster', FLOWS);
  // Half the requests through each web process, the decisions likewise.
  const requests = [
    ...(await requestToJoin(web1, applicants.slice(0, FLOWS / 2), operator.id, 10)),
    ...(await requestToJoin(web2, applicants.slice(FLOWS / 2), operator.id, 10)),
  ];
  const ids = requests.map((r) => r.id);
  const rejected = new Set(ids.filter((_, i) => i % 2 === 0));
  const decisions = inParallel([...rejected], 8, (id, i) =>
    callUntilAnswered(
      i % 2 === 0 ? web1 : web2,
      'POST',
      `/api/approvals/${id}/decision`,
      { decision: 'REJECT', reason: 'Not known to the company' },
      authority.auth,
    ),
  );
  await eventually(
    () => db.authorisationRequest.count({ where: { id: { in: ids }, status: 'REJECTED' } }),
    (n) => n >= 10,
  );
  expect(
    await db.authorisationRequest.count({ where: { id: { in: ids }, status: 'REQUESTED' } }),
  ).toBeGreaterThanOrEqual(200);

  // SIGKILL: no shutdown, no hand-over. One history node and one app worker.
  const [history1, history2, worker1] = [node('history-1'), node('history-2'), node('worker-1')];
  const killedAt = Date.now();
  process.kill(history1.pid, 'SIGKILL');
  process.kill(worker1.pid, 'SIGKILL');
  const owners = await eventually(
    () => readShardOwners(pg),
    (map) => map.size === CLUSTER_SETTINGS.historyShards && [...map.values()].every((o) => o === history2.identity),
    120_000,
  );
  figures.failover = `${((Date.now() - killedAt) / 1000).toFixed(1)} s (shards moved)`;
  expect(owners.size).toBe(CLUSTER_SETTINGS.historyShards);

  for (const answer of await decisions) {
    expect(answer.status === 200 ? answer.body : answer.body.error).toEqual(
      answer.status === 200 ? { status: 'REJECTED' } : expect.objectContaining({ code: 'ALREADY_DECIDED' }),
    );
  }
  const closed = await eventually(
    () =>
      closedWorkflows(
        temporal,
        requests.map((r) => r.workflowId),
      ),
    (all) => all.every((w) => w.status === 'COMPLETED'),
    300_000,
  );
  for (const [i, workflow] of closed.entries()) {
    expect(workflow.result).toEqual({ requestId: ids[i], status: rejected.has(ids[i]!) ? 'REJECTED' : 'EXPIRED' });
  }

  await expectEachOnce(ids, rejected, applicants, authority);
  figures.flows = `${((Date.now() - startedAt) / 1000).toFixed(0)} s`;
});

/** Requests a service opens through the workflow contract (the typed client's way), left waiting for a decision. */
async function openWaiting(applicants: Caller[], organisationId: string) {
  return inParallel(applicants, 4, (applicant) => {
    const input: AuthorisationRequestInput = {
      environment: 'production',
      kind: 'OPERATOR',
      type: 'ATTACH',
      accountId: applicant.accountId,
      organisationId,
      // Far beyond the deploy: these wait for their decision whatever the machine's load.
      reminderAfterMs: 3_600_000,
      expiresAfterMs: 7_200_000,
    };
    return temporal.workflow.executeUpdateWithStart(requestViewUpdate, {
      startWorkflowOperation: new WithStartWorkflowOperation(WorkflowType.authorisationRequest, {
        workflowId: authorisationWorkflowId('production', applicant.accountId, organisationId),
        taskQueue: TASK_QUEUE,
        args: [input],
        workflowIdConflictPolicy: 'USE_EXISTING',
      }),
    });
  });
}

/** The run statuses of a workflow id, oldest first, once visibility lists `count` runs none of them RUNNING. */
async function runsOf(workflowId: string, count: number) {
  const list = async () => {
    const runs = [];
    for await (const run of temporal.workflow.list({ query: `WorkflowId = '${workflowId}'` })) runs.push(run);
    return runs.sort((a, b) => a.startTime.getTime() - b.startTime.getTime()).map((r) => r.status.name);
  };
  return eventually(list, (runs) => runs.length >= count && !runs.includes('RUNNING'), 60_000);
}

test('a rolling restart onto a changed workflow: waiting requests and kept roles finish right, new ones take the new code', async () => {
  const startedAt = Date.now();
  const [web1, web2] = state.webUrls as [string, string];
  const authority = await belgianAuthority(db);
  const operator = await newOperator({ db } as TestStack);
  const applicants = await people(db, 'deploy', 16);
  const [keptBy, waitingBy, freshBy] = [applicants.slice(0, 4), applicants.slice(4, 12), applicants.slice(12)];
  const decide = (id: string, i: number, body: unknown = { decision: 'APPROVE' }) =>
    callUntilAnswered(i % 2 ? web2 : web1, 'POST', `/api/approvals/${id}/decision`, body, authority.auth);

  // Version A (the code the cluster started with): roles approved and kept, requests waiting for their decision.
  const kept = await requestToJoin(web1, keptBy, operator.id, 4);
  for (const answer of await inParallel(kept, 4, (r, i) => decide(r.id, i)))
    expect(answer.body).toEqual({ status: 'VALID' });
  const waiting = await openWaiting(waitingBy, operator.id);

  // The deploy: version B's bundle where the workers load theirs, then SIGHUP. Half the waiting requests are decided
  // while the workers go one by one, through both web processes: two at once, two once worker-1 runs B beside
  // worker-2 still on A.
  fs.writeFileSync(bundlePath, (await nextBundle).code);
  const before = state.nodes.filter((n) => n.name.startsWith('worker-')).map((n) => n.pid);
  const restartAt = Date.now();
  script.kill('SIGHUP');
  const during = inParallel(waiting.slice(0, 2), 2, (r, i) => decide(r.id, i));
  await eventually(
    async () => output.includes('worker-1 restarted'),
    (mixed) => mixed,
    300_000,
  );
  const mixed = inParallel(waiting.slice(2, 4), 2, (r, i) => decide(r.id, i));
  await eventually(
    async () => output.match(/Workers restarted in/g)?.length ?? 0,
    (n) => n >= 1,
    300_000,
  );
  figures.rollingRestart = `${((Date.now() - restartAt) / 1000).toFixed(0)} s`;
  state = JSON.parse(fs.readFileSync(path.join(dataDir, 'temporal-cluster', 'stack.json'), 'utf8')) as StackState;
  const after = state.nodes.filter((n) => n.name.startsWith('worker-'));
  expect(after).toHaveLength(CLUSTER_SETTINGS.workerProcesses);
  for (const worker of after)
    expect([worker.name, ours(worker.pid), before.includes(worker.pid)]).toEqual([worker.name, true, false]);
  for (const answer of [...(await during), ...(await mixed)]) expect(answer.body).toEqual({ status: 'VALID' });

  // On version B: the other waiting requests approved, the kept roles suspended, new requests approved.
  for (const answer of await inParallel(waiting.slice(4), 4, (r, i) => decide(r.id, i)))
    expect(answer.body).toEqual({ status: 'VALID' });
  const suspend = (r: { id: string }, i: number) =>
    callUntilAnswered(
      i % 2 ? web2 : web1,
      'POST',
      `/api/approvals/${r.id}/role-action`,
      { action: 'SUSPEND', reason: 'Deploy' },
      authority.auth,
    );
  for (const answer of await inParallel(kept, 4, suspend)) expect(answer.body).toEqual({ status: 'SUSPENDED' });
  const fresh = await requestToJoin(web2, freshBy, operator.id, 4);
  for (const answer of await inParallel(fresh, 4, (r, i) => decide(r.id, i)))
    expect(answer.body).toEqual({ status: 'VALID' });

  // Every role deleted by its applicant: each chain ends DELETED.
  const all = [...kept, ...waiting, ...fresh];
  const by = new Map(applicants.map((a, i) => [all[i]!.id, a]));
  await inParallel(all, 4, async (r, i) => {
    const roles = `/api/environments/production/roles/${r.id}`;
    const answer = await callUntilAnswered(i % 2 ? web2 : web1, 'DELETE', roles, undefined, by.get(r.id)!.auth);
    expect(answer.body).toEqual({ status: 'DELETED' });
    expect(await temporal.workflow.getHandle(r.workflowId).result()).toEqual({ requestId: r.id, status: 'DELETED' });
  });

  // B's change shows: kept roles and requests decided on B continue as new at that step; requests begun on B keep
  // one run. Requests decided during the restart met A or B.
  const renewed = ['CONTINUED_AS_NEW', 'COMPLETED'];
  for (const r of [...kept, ...waiting.slice(4)])
    expect([r.id, await runsOf(r.workflowId, 2)]).toEqual([r.id, renewed]);
  for (const r of fresh) expect([r.id, await runsOf(r.workflowId, 1)]).toEqual([r.id, ['COMPLETED']]);
  for (const r of waiting.slice(0, 4)) expect([['COMPLETED'], renewed]).toContainEqual(await runsOf(r.workflowId, 1));

  // One audit event per step, none lost or doubled by the restart.
  const audit = await auditCounts(
    db,
    all.map((r) => r.id),
  );
  for (const r of all) {
    const { REMINDER_SENT = 0, ...events } = audit.get(r.id) ?? {};
    const steps = { REQUEST_SUBMITTED: 1, REQUEST_APPROVED: 1, ROLE_DELETED: 1 };
    expect([r.id, events]).toEqual([r.id, kept.includes(r) ? { ...steps, ROLE_SUSPENDED: 1 } : steps]);
    expect(REMINDER_SENT).toBeLessThanOrEqual(1);
  }
  figures.deploy = `${((Date.now() - startedAt) / 1000).toFixed(0)} s`;
});
