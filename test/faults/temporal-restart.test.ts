// The Temporal dev server (persisted in its SQLite file) is stopped and started again while authorisation requests
// wait for their reminder and decision: the worker and the API reconnect by themselves, the reminders' timers fire,
// and every request is decided and its flow completes, each row and mail once. The test has its own dev server.
import fs from 'node:fs';
import path from 'node:path';
import { freePort } from '../support/free-port';
import { call } from '../support/http';
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
  startTemporalProcess,
  type ServerProcess,
} from './support';

const REQUESTS = 30;

let stack: TestStack;
let temporal: ServerProcess;
let dataDir: string;
let port: number;
const sharedTemporalAddress = process.env.TEMPORAL_ADDRESS;
const startTemporal = () => startTemporalProcess(dataDir, port);

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(process.env.TEST_DATA_DIR!, 'temporal-restart-'));
  port = await freePort();
  temporal = await startTemporal();
  // The stack (API and worker in this process) uses this test's Temporal server.
  process.env.TEMPORAL_ADDRESS = temporal.url;
  stack = await startTestStack({ approvalReminderAfterMs: 12_000, approvalExpiresAfterMs: 3_600_000 });
});
afterAll(async () => {
  await stack?.stop();
  process.env.TEMPORAL_ADDRESS = sharedTemporalAddress;
  await temporal?.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

test('Temporal restarted while requests wait: the worker and API reconnect, all are decided and complete', async () => {
  const authority = await belgianAuthority(stack.db);
  const operator = await newOperator(stack);
  const applicants = await people(stack.db, 'restart', REQUESTS);
  const requests = await requestToJoin(stack.baseUrl, applicants, operator.id, 10);
  const ids = requests.map((r) => r.id);
  await eventually(
    () => stack.db.authorisationRequest.count({ where: { id: { in: ids }, expiresAt: { not: null } } }),
    (n) => n === REQUESTS,
  );

  await temporal.stop();
  await eventually(
    () => call(stack.baseUrl, 'GET', '/health'),
    (r) => r.status === 503 && r.body.temporal === 'unreachable',
  );
  // Nothing was reminded yet: the reminders' timers are in the stopped server's file.
  expect(await stack.db.authorisationRequest.count({ where: { id: { in: ids }, reminderSentAt: { not: null } } })).toBe(
    0,
  );
  temporal = await startTemporal();
  await eventually(
    () => call(stack.baseUrl, 'GET', '/health'),
    (r) => r.status === 200,
    60_000,
  );

  // The timers survived the restart: every request is reminded (the worker reconnected on its own).
  await eventually(
    () => stack.db.authorisationRequest.count({ where: { id: { in: ids }, reminderSentAt: { not: null } } }),
    (n) => n === REQUESTS,
    60_000,
  );
  const approved = new Set(ids.slice(0, REQUESTS / 2));
  await inParallel(requests, 5, async (request, i) => {
    const decided = await callUntilAnswered(
      stack.baseUrl,
      'POST',
      `/api/approvals/${request.id}/decision`,
      approved.has(request.id) ? { decision: 'APPROVE' } : { decision: 'REJECT', reason: 'Not known to the company' },
      authority.auth,
    );
    expect(decided.body).toEqual({ status: approved.has(request.id) ? 'VALID' : 'REJECTED' });
    if (approved.has(request.id)) {
      const deleted = await callUntilAnswered(
        stack.baseUrl,
        'DELETE',
        `/api/environments/production/roles/${request.id}`,
        undefined,
        applicants[i]!.auth,
      );
      expect(deleted.body).toEqual({ status: 'DELETED' });
    }
  });

  const closed = await eventually(
    () =>
      closedWorkflows(
        stack.temporal,
        requests.map((r) => r.workflowId),
      ),
    (all) => all.every((w) => w.status === 'COMPLETED'),
    120_000,
  );
  expect(closed.map((w) => (w.result as { status: string }).status)).toEqual(
    ids.map((id) => (approved.has(id) ? 'DELETED' : 'REJECTED')),
  );
  const audit = await auditCounts(stack.db, ids);
  for (const id of ids) {
    expect(audit.get(id)).toEqual(
      approved.has(id)
        ? { REQUEST_SUBMITTED: 1, REMINDER_SENT: 1, REQUEST_APPROVED: 1, ROLE_DELETED: 1 }
        : { REQUEST_SUBMITTED: 1, REMINDER_SENT: 1, REQUEST_REJECTED: 1 },
    );
  }
  await eventually(
    () =>
      stack.db.mailOutbox.count({
        where: { OR: ids.map((id) => ({ idempotencyKey: { startsWith: `request:${id}:` } })), status: 'SENT' },
      }),
    (n) => n === REQUESTS * 3,
  );
  for (const applicant of applicants) expect(readMails(stack.mailDir, applicant.email)).toHaveLength(1);
  expect(readMails(stack.mailDir, authority.email)).toHaveLength(REQUESTS * 2);
});
