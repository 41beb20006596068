// Fixtures of the fault tests: many people with API sessions (written straight into the database: a login per person
// would spend scrypt's deliberate 0.3 s each), the demo approvers, bounded parallelism, and facts read back.
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import path from 'node:path';
import type { Client } from '@temporalio/client';
import type { Db } from '../../lib/db';
import { newToken, sha256Hex } from '../../lib/secrets';
import { seedDemoApprovers } from '../../prisma/seed';
import { call, type JsonResponse } from '../support/http';

export interface Caller {
  accountId: string;
  email: string;
  auth: { authorization: string };
}

/** A live API session of the account, as POST /api/sessions would have issued it. */
export async function sessionFor(db: Db, accountId: string): Promise<{ authorization: string }> {
  const token = newToken();
  await db.session.create({
    data: { accountId, tokenHash: sha256Hex(token), expiresAt: new Date(Date.now() + 3_600_000) },
  });
  return { authorization: `Bearer ${token}` };
}

/** `count` ACTIVE people, each with a session. */
export async function people(db: Db, label: string, count: number): Promise<Caller[]> {
  const tag = crypto.randomUUID().slice(0, 8);
  const rows = Array.from({ length: count }, (_, i) => ({
    id: crypto.randomUUID(),
    firstName: label,
    lastName: `Person ${i + 1}`,
    email: `${label}.${tag}.${i + 1}@agri.example.be`,
    status: 'ACTIVE' as const,
    activatedAt: new Date(),
  }));
  await db.account.createMany({ data: rows });
  return Promise.all(rows.map(async (r) => ({ accountId: r.id, email: r.email, auth: await sessionFor(db, r.id) })));
}

/** The national authority of Belgium (demo approver cca-be@example.eu) with a session. */
export async function belgianAuthority(db: Db): Promise<Caller> {
  await seedDemoApprovers(db, `Demo-${crypto.randomBytes(6).toString('hex')}-9!`);
  const account = await db.account.findUniqueOrThrow({ where: { email: 'cca-be@example.eu' } });
  return { accountId: account.id, email: account.email, auth: await sessionFor(db, account.id) };
}

/** Each applicant asks to join `operatorId` as an operator in production, `concurrency` at a time (202 each). */
export async function requestToJoin(baseUrl: string, applicants: Caller[], operatorId: string, concurrency: number) {
  return inParallel(applicants, concurrency, async (applicant) => {
    const response = await call(
      baseUrl,
      'POST',
      '/api/environments/production/authorisation-requests',
      { kind: 'OPERATOR', organisationIds: [operatorId] },
      applicant.auth,
    );
    if (response.status !== 202)
      throw new Error(`request refused: ${response.status} ${JSON.stringify(response.body)}`);
    return response.body.requests[0] as { id: string; workflowId: string };
  });
}

/** Runs `operation` over `items`, at most `concurrency` at a time, and returns the results in order. */
export async function inParallel<T, R>(
  items: T[],
  concurrency: number,
  operation: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, items.length) }, async () => {
      while (next < items.length) {
        const index = next++;
        results[index] = await operation(items[index]!, index);
      }
    }),
  );
  return results;
}

/**
 * An API call as a careful client makes it during an outage: a 503 is retried (it promises "try again shortly"), and
 * a retried decision that finds its own earlier attempt done gets 409 ALREADY_DECIDED.
 */
export async function callUntilAnswered<T = any>(
  baseUrl: string,
  method: string,
  path: string,
  body: unknown,
  headers: Record<string, string>,
): Promise<JsonResponse<T>> {
  const deadline = Date.now() + 240_000;
  for (;;) {
    const response = await call<T>(baseUrl, method, path, body, headers).catch(() => undefined);
    if (response && response.status !== 503) return response;
    if (Date.now() > deadline) throw new Error(`${method} ${path} still unanswered: ${JSON.stringify(response?.body)}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** The final state of each workflow: its status in Temporal and the result it returned. */
export async function closedWorkflows(temporal: Client, workflowIds: string[]) {
  return inParallel(workflowIds, 10, async (workflowId) => {
    const handle = temporal.workflow.getHandle(workflowId);
    const { status } = await handle.describe();
    return { workflowId, status: status.name, result: status.name === 'COMPLETED' ? await handle.result() : undefined };
  });
}

/** How often each audit action was written per request: exactly-once shows as 1 everywhere. */
export async function auditCounts(db: Db, requestIds: string[]): Promise<Map<string, Record<string, number>>> {
  const events = await db.auditEvent.groupBy({
    by: ['requestId', 'action'],
    where: { requestId: { in: requestIds } },
    _count: true,
  });
  const counts = new Map<string, Record<string, number>>();
  for (const e of events) counts.set(e.requestId!, { ...counts.get(e.requestId!), [e.action]: e._count });
  return counts;
}

export interface ServerProcess {
  /** postgresql://… for PostgreSQL, host:port for Temporal. */
  url: string;
  /** Stops the server (its connections are cut) and waits until it is down; its data stays. */
  stop(): Promise<void>;
}

/** PostgreSQL in `dataDir` on `port`, in a process of its own (test/faults/postgres-process.ts). */
export const startPostgresProcess = (dataDir: string, port: number) =>
  startServerProcess('postgres-process.ts', dataDir, port);

/** The Temporal dev server persisted in `dataDir` on `port`, in a process of its own (test/faults/temporal-process.ts). */
export const startTemporalProcess = (dataDir: string, port: number) =>
  startServerProcess('temporal-process.ts', dataDir, port);

function startServerProcess(script: string, dataDir: string, port: number): Promise<ServerProcess> {
  const root = path.resolve(__dirname, '..', '..');
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, script), dataDir, String(port)], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let output = '';
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const url = /^ready (\S+)$/m.exec(output)?.[1];
      if (url) {
        child.stdout!.off('data', onData);
        child.stdout!.resume();
        resolve({
          url,
          stop: async () => {
            child.kill('SIGTERM');
            await exited;
          },
        });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.once('exit', (code) => reject(new Error(`${script} exited (${code}):\n${output.slice(-2000)}`)));
  });
}
