// The production topology (lib/cluster-stack.ts, as `npm run cluster` runs it): a Temporal cluster of separate
// processes on PostgreSQL behind a mutual-TLS frontend, two web and two worker processes. One history node and one
// worker are SIGKILLed with 240 flows in flight: the shards move, every flow completes, nothing happens twice.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { createDb, type Db } from '../../lib/db';
import { CLUSTER_SETTINGS } from '../../lib/cluster-settings';
import { startClusterStack, type ClusterStack } from '../../lib/cluster-stack';
import { resolveTemporalCli } from '../../lib/local-temporal';
import { clientTls, portsOf } from '../../lib/temporal-cluster';
import { connectTemporalClient, createPayloadCodec } from '../../lib/temporal-connection';
import { seedReferenceData } from '../../prisma/seed';
import { buildWorkflowBundle } from '../../worker/worker';
import {
  auditCounts,
  belgianAuthority,
  callUntilAnswered,
  closedWorkflows,
  inParallel,
  people,
  requestToJoin,
} from '../faults/support';
import { freePort } from '../support/free-port';
import { eventually, readMails } from '../support/mail';
import { newOperator } from '../support/organisations';
import type { TestStack } from '../support/stack';

const FLOWS = 240;
const figures: Record<string, string> = {};
let stack: ClusterStack;
let db: Db;
let temporal: Client;
let dataDir: string;
const mailDir = () => path.join(dataDir, 'mail');

const isFree = (port: number) =>
  new Promise<boolean>((resolve) => {
    const server = net.createServer().once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });

/** A frontend port whose whole block (every Temporal process's ports) is free, below Temporal's SMALLINT limit. */
async function freeFrontendPort(historyNodes: number): Promise<number> {
  for (;;) {
    const base = 20_000 + 2 * Math.floor(Math.random() * 5_000);
    const ports = [
      ...(['frontend', 'matching', 'worker'] as const).flatMap((r) => Object.values(portsOf(base, r))),
      ...Array.from({ length: historyNodes }, (_, i) => Object.values(portsOf(base, 'history', i))).flat(),
    ];
    if ((await Promise.all(ports.map(isFree))).every(Boolean)) return base;
  }
}

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'traces-cluster-'));
  const bundle = await buildWorkflowBundle();
  const bundlePath = path.join(dataDir, 'workflow-bundle.js');
  fs.writeFileSync(bundlePath, bundle.code);
  const webPort = 20_000 + Math.floor(Math.random() * 10_000);
  const started = Date.now();
  stack = await startClusterStack({
    dataDir,
    postgresPort: await freePort(),
    namespace: 'default',
    historyNodes: CLUSTER_SETTINGS.historyNodes,
    webProcesses: 2,
    workerProcesses: 2,
    frontendPort: await freeFrontendPort(CLUSTER_SETTINGS.historyNodes),
    uiPort: await freePort(),
    webPort: (await isFree(webPort)) && (await isFree(webPort + 1)) ? webPort : await freePort(),
    appEnv: {
      MAIL_DIR: mailDir(),
      CAPTCHA_PROVIDER: 'none',
      LOG_LEVEL: 'warn',
      WORKFLOW_BUNDLE_PATH: bundlePath,
      // Reminders after 4 s, expiry after 90 s: the decisions get through first, the expiries outlive both kills.
      APPROVAL_REMINDER_AFTER: '4s',
      APPROVAL_EXPIRES_AFTER: '90s',
      LIMIT_REGISTRATION_PER_IP: '100000/1h',
      LIMIT_LOGIN_PER_IP: '100000/15m',
    },
    seed: seedReferenceData,
    log: (line) => process.stderr.write(`[cluster] ${line}\n`),
  });
  figures.bringUp = `${Math.round((Date.now() - started) / 1000)} s`;
  db = createDb(stack.databaseUrl);
  temporal = await connectTemporalClient({
    address: stack.temporal.address,
    tls: clientTls(stack.temporal.tls),
    namespace: 'default',
    codec: createPayloadCodec({ dataDir }),
  });
}, 900_000);

afterAll(async () => {
  process.stderr.write(`[cluster] figures: ${JSON.stringify(figures)}\n`);
  await temporal?.connection.close();
  await db?.$disconnect();
  await stack?.stop();
  // Every process of the stack is gone: nothing keeps the data folder open.
  for (const node of [...(stack?.temporal.nodes ?? []), ...(stack?.apps ?? [])]) {
    expect([node.name, node.process.exitCode !== null || node.process.signalCode !== null]).toEqual([node.name, true]);
  }
  fs.rmSync(dataDir, { recursive: true, force: true });
}, 120_000);

test('only clients with a certificate of the cluster reach the frontend; the CLI with its own does', async () => {
  const { address, tls } = stack.temporal;
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

test(`a history node and a worker SIGKILLed with ${FLOWS} flows in flight: shards move, every flow completes once`, async () => {
  const startedAt = Date.now();
  const [web1, web2] = stack.webUrls as [string, string];
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
  ).toBeGreaterThanOrEqual(100);
  const inFlight = await db.authorisationRequest.count({ where: { id: { in: ids }, status: 'REQUESTED' } });
  figures.inFlightAtKill = String(inFlight + (FLOWS - inFlight - rejected.size > 0 ? 0 : 0));

  // SIGKILL: no shutdown, no hand-over. One history node and one app worker.
  const history1 = stack.temporal.nodes.find((n) => n.name === 'history-1')!;
  const history2 = stack.temporal.nodes.find((n) => n.name === 'history-2')!;
  const worker1 = stack.apps.find((a) => a.name === 'worker-1')!;
  const killedAt = Date.now();
  history1.process.kill('SIGKILL');
  worker1.process.kill('SIGKILL');
  const owners = await eventually(
    () => stack.temporal.shardOwners(),
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
  figures.flows = `${((Date.now() - startedAt) / 1000).toFixed(0)} s`;
});
