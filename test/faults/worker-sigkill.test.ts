// The worker process is killed (SIGKILL: no drain, tasks lost mid-way) while 240 authorisation requests are in flight,
// being reminded, rejected and expiring, and another is started: every flow completes, each row and each mail once.
import { processesWithEnv, startChildApp, type ChildApp } from '../support/child-app';
import { eventually, readMails } from '../support/mail';
import { newOperator } from '../support/organisations';
import { startTestStack, type TestStack } from '../support/stack';
import {
  auditCounts,
  belgianAuthority,
  callUntilAnswered,
  closedWorkflows,
  inParallel,
  people,
  requestToJoin,
} from './support';

const FLOWS = 240;

let stack: TestStack;
const workers: ChildApp[] = [];

beforeAll(async () => {
  // Reminders after 4 s, expiry after 60 s: the expiries fall to the second worker, after every decision got through
  // (the replacement starts, replays 240 workflows and takes the decisions the first one lost, well within that).
  stack = await startTestStack({ worker: false, approvalReminderAfterMs: 4_000, approvalExpiresAfterMs: 60_000 });
});
afterAll(async () => {
  for (const worker of workers) await worker.kill('SIGKILL');
  await stack?.stop();
});

async function startWorker(): Promise<ChildApp> {
  const worker = startChildApp({
    ROLE: 'worker',
    TEMPORAL_TASK_QUEUE: stack.taskQueue,
    MAIL_DIR: stack.mailDir,
    DATA_DIR: stack.mailDir,
    PUBLIC_URL: 'http://traces.test',
    WORKFLOW_BUNDLE_PATH: process.env.TEST_WORKFLOW_BUNDLE!,
  });
  workers.push(worker);
  await worker.waitFor('TRACES onboarding is up');
  return worker;
}

test(`a worker killed with ${FLOWS} flows in flight is replaced: all complete, no mail or row twice`, async () => {
  const authority = await belgianAuthority(stack.db);
  const operator = await newOperator(stack);
  const applicants = await people(stack.db, 'sigkill', FLOWS);
  const first = await startWorker();

  const requests = await requestToJoin(stack.baseUrl, applicants, operator.id, 20);
  const ids = requests.map((r) => r.id);
  const rejected = new Set(ids.slice(0, FLOWS / 2));

  // The national authority rejects half of them; the worker dies while those decisions are under way.
  const decisions = inParallel([...rejected], 10, (id) =>
    callUntilAnswered(
      stack.baseUrl,
      'POST',
      `/api/approvals/${id}/decision`,
      { decision: 'REJECT', reason: 'Not known to the company' },
      authority.auth,
    ),
  );
  await eventually(
    () => stack.db.authorisationRequest.count({ where: { id: { in: ids }, status: 'REJECTED' } }),
    (n) => n >= 10,
  );
  const waiting = await stack.db.authorisationRequest.count({ where: { id: { in: ids }, status: 'REQUESTED' } });
  expect(waiting).toBeGreaterThanOrEqual(200);
  expect(await first.kill('SIGKILL')).toBeNull();
  expect(processesWithEnv('TEMPORAL_TASK_QUEUE', stack.taskQueue)).toEqual([]);
  await startWorker();

  // Every decision gets its answer: REJECTED, or ALREADY_DECIDED for a retry of one that went through (never an expiry).
  for (const answer of await decisions) {
    expect(answer.status === 200 ? answer.body : answer.body.error).toEqual(
      answer.status === 200
        ? { status: 'REJECTED' }
        : expect.objectContaining({
            code: 'ALREADY_DECIDED',
            message: expect.stringMatching(/^The request is already (REJECTED|being decided)$/),
          }),
    );
  }
  const workflowIds = requests.map((r) => r.workflowId);
  const closed = await eventually(
    () => closedWorkflows(stack.temporal, workflowIds),
    (all) => all.every((w) => w.status === 'COMPLETED'),
    240_000,
  );
  for (const [i, workflow] of closed.entries()) {
    expect(workflow.result).toEqual({ requestId: ids[i], status: rejected.has(ids[i]!) ? 'REJECTED' : 'EXPIRED' });
  }

  // Rows: one request per person, in its final status, each audit event once, no role.
  const rows = await stack.db.authorisationRequest.findMany({
    where: { accountId: { in: applicants.map((a) => a.accountId) } },
  });
  expect(rows).toHaveLength(FLOWS);
  for (const row of rows) expect(row.status).toBe(rejected.has(row.id) ? 'REJECTED' : 'EXPIRED');
  expect(await stack.db.role.count({ where: { requestId: { in: ids } } })).toBe(0);
  const audit = await auditCounts(stack.db, ids);
  for (const id of ids) {
    const { REMINDER_SENT = 0, ...events } = audit.get(id) ?? {};
    expect(events).toEqual({ REQUEST_SUBMITTED: 1, [rejected.has(id) ? 'REQUEST_REJECTED' : 'REQUEST_EXPIRED']: 1 });
    expect(REMINDER_SENT).toBeLessThanOrEqual(1);
  }

  // Mails: each sent once (outbox key unique and SENT), and each inbox holds exactly what was sent to it.
  const outbox = await stack.db.mailOutbox.findMany({
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
  for (const applicant of applicants) expect(readMails(stack.mailDir, applicant.email)).toHaveLength(1);
  expect(readMails(stack.mailDir, authority.email)).toHaveLength(FLOWS + reminded.length);
});
