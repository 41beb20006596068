// Questions to the applicant over real HTTP, on a stack whose requests expire after a few seconds: the applicant is
// mailed, answers through the API, the expiry clock stands still while the question waits, and both texts are in the
// request's timeline and audit trail but never in clear in the workflow's history or its search attributes.
import { type temporal } from '@temporalio/proto';
import { createLogger } from '../lib/logger';
import { call } from './support/http';
import { eventually, readMails } from './support/mail';
import { newOperator } from './support/organisations';
import { demoApprovers, newPerson, type Person } from './support/people';
import { startTestStack, type TestStack } from './support/stack';

const EXPIRES_AFTER_MS = 8_000;
let stack: TestStack;
let approvers: Awaited<ReturnType<typeof demoApprovers>>;
/** Every log line of the web process and the worker of this file (at debug level). */
const logLines: string[] = [];

beforeAll(async () => {
  stack = await startTestStack({
    approvalExpiresAfterMs: EXPIRES_AFTER_MS,
    approvalReminderAfterMs: 3_600_000,
    logger: createLogger('debug', {}, { write: (line: string) => void logLines.push(line) }),
  });
  approvers = await demoApprovers(stack);
});
afterAll(async () => {
  await stack?.stop();
});

async function requestPost(person: Person, organisationId: string) {
  const response = await call(
    stack.baseUrl,
    'POST',
    '/api/environments/production/authorisation-requests',
    { kind: 'OPERATOR', organisationIds: [organisationId] },
    person.auth,
  );
  expect(response.status).toBe(202);
  return response.body.requests[0] as { id: string; workflowId: string };
}
const ask = (approver: Person, requestId: string, body: unknown) =>
  call(stack.baseUrl, 'POST', `/api/approvals/${requestId}/questions`, body, approver.auth);
const answer = (person: Person, requestId: string, body: unknown, environment = 'production') =>
  call(
    stack.baseUrl,
    'POST',
    `/api/environments/${environment}/authorisation-requests/${requestId}/answers`,
    body,
    person.auth,
  );
const detail = (person: Person, requestId: string) =>
  call(
    stack.baseUrl,
    'GET',
    `/api/environments/production/authorisation-requests/${requestId}`,
    undefined,
    person.auth,
  );
const statusOf = async (requestId: string) =>
  (await stack.db.authorisationRequest.findUniqueOrThrow({ where: { id: requestId } })).status;

/** The history as text, every byte field read as UTF-8: what a person browsing the server's data would see. */
function historyText(history: temporal.api.history.v1.IHistory): string {
  const plain = (value: unknown): unknown => {
    if (value instanceof Uint8Array) return Buffer.from(value).toString('utf8');
    if (Array.isArray(value)) return value.map(plain);
    if (value && typeof value === 'object')
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plain(v)]));
    return value;
  };
  return JSON.stringify(plain(history));
}

test('a waiting question stops the expiry clock; the answer starts it again with the waited time added', async () => {
  const [anna, bert] = [await newPerson(stack, 'anna'), await newPerson(stack, 'bert')];
  const [asked, silent] = [
    await requestPost(anna, (await newOperator(stack)).id),
    await requestPost(bert, (await newOperator(stack)).id),
  ];
  const question = 'Which plants do you import timber from?';
  const posted = await ask(approvers.ccaBe, asked.id, { text: `  ${question} ` });
  expect(posted.status).toBe(201);
  expect(posted.body).toMatchObject({ id: expect.any(String), text: question, answer: null, answeredAt: null });

  // The request nobody asked about expires on time; the one with a waiting question does not.
  await eventually(
    () => statusOf(silent.id),
    (s) => s === 'EXPIRED',
    EXPIRES_AFTER_MS + 20_000,
  );
  const before = await stack.db.authorisationRequest.findUniqueOrThrow({ where: { id: asked.id } });
  expect(before.status).toBe('REQUESTED');
  expect(before.expiresAt!.getTime()).toBeLessThan(Date.now());

  const mail = await eventually(
    () => readMails(stack.mailDir, anna.email),
    (m) => m.length > 0,
  );
  expect(mail[0]!.subject).toContain('question');
  expect(mail[0]!.text).toContain(question);
  expect(mail[0]!.text).toContain('/environments/production/roles');
  const roles = await call(stack.baseUrl, 'GET', '/api/environments/production/roles', undefined, anna.auth);
  expect(roles.body.roles[0].waitingQuestion).toMatchObject({ id: posted.body.id, text: question });

  const answered = await answer(anna, asked.id, { text: 'Oak from Slavonia.' });
  expect(answered.status).toBe(201);
  expect(answered.body).toMatchObject({ id: posted.body.id, answer: 'Oak from Slavonia.' });
  // The deadline moved by the time the question waited (at least until the other request expired).
  const waitedMs = new Date(answered.body.answeredAt).getTime() - new Date(posted.body.askedAt).getTime();
  const after = await stack.db.authorisationRequest.findUniqueOrThrow({ where: { id: asked.id } });
  expect(after.expiresAt!.getTime() - before.expiresAt!.getTime()).toBeGreaterThanOrEqual(waitedMs - 1_000);
  expect(after.expiresAt!.getTime()).toBeGreaterThan(Date.now());
  // The clock runs again: the request expires at its new deadline.
  await eventually(
    () => statusOf(asked.id),
    (s) => s === 'EXPIRED',
    EXPIRES_AFTER_MS + 20_000,
  );
  expect(Date.now()).toBeGreaterThanOrEqual(after.expiresAt!.getTime() - 1_000);
});

test('questions and answers are in the timeline and audit trail, never in clear in the history; refusals have codes', async () => {
  const { ccaBe, ccaFr } = approvers;
  const chloe = await newPerson(stack, 'chloe');
  const request = await requestPost(chloe, (await newOperator(stack)).id);
  const none = await answer(chloe, request.id, { text: 'Nobody asked' });
  expect([none.status, none.body.error.code]).toEqual([409, 'NO_OPEN_QUESTION']);
  const stranger = await ask(ccaFr, request.id, { text: 'Anything?' });
  expect([stranger.status, stranger.body.error.code]).toEqual([403, 'NOT_ENTITLED']);
  for (const body of [{}, { text: '   ' }, { text: 'x'.repeat(2001) }, { text: 'ok', extra: true }, { text: 7 }]) {
    const bad = await ask(ccaBe, request.id, body);
    expect([bad.status, bad.body.error.code]).toEqual([400, 'VALIDATION_FAILED']);
    expect((await answer(chloe, request.id, body)).status).toBe(400);
  }

  const secret = `Is your EORI BE${Date.now()}?`;
  expect((await ask(ccaBe, request.id, { text: secret })).status).toBe(201);
  const again = await ask(ccaBe, request.id, { text: 'And another thing' });
  expect([again.status, again.body.error.code]).toEqual([409, 'QUESTION_WAITING']);
  // Only the applicant answers; anyone else does not learn the request exists here.
  expect((await answer(ccaBe, request.id, { text: 'I answer for her' })).status).toBe(404);
  expect((await answer(chloe, request.id, { text: 'x' }, 'training')).status).toBe(404);
  expect((await answer(chloe, request.id, { text: 'x' }, 'nowhere')).body.error.code).toBe('UNKNOWN_ENVIRONMENT');
  const reply = `Yes, BE${Date.now()}-reply`;
  expect((await answer(chloe, request.id, { text: reply })).status).toBe(201);

  const view = (await detail(ccaBe, request.id)).body;
  expect(view.questions).toEqual([
    expect.objectContaining({ text: secret, answer: reply, answeredAt: expect.any(String) }),
  ]);
  const questionId = view.questions[0].id;
  expect(view.history.map((h: { action: string; questionId?: string }) => [h.action, h.questionId])).toEqual([
    ['REQUEST_SUBMITTED', undefined],
    ['QUESTION_ASKED', questionId],
    ['QUESTION_ANSWERED', questionId],
  ]);
  expect((await detail(chloe, request.id)).body.questions[0].text).toBe(secret);
  const audit = await stack.db.auditEvent.findMany({ where: { requestId: request.id }, orderBy: { id: 'asc' } });
  expect(audit.map((e) => [e.action, e.actor, e.actorAccountId])).toEqual([
    ['REQUEST_SUBMITTED', 'applicant', chloe.accountId],
    ['QUESTION_ASKED', 'national authority', ccaBe.accountId],
    ['QUESTION_ANSWERED', 'applicant', chloe.accountId],
  ]);
  // The texts live in RequestQuestion only: not in the audit rows, not in clear in the workflow history.
  const audited = JSON.stringify(audit, (_k, v: unknown) => (typeof v === 'bigint' ? String(v) : v));
  expect(audited).not.toContain(secret);
  expect(audited).not.toContain(reply);
  const history = await stack.temporal.workflowService.getWorkflowExecutionHistory({
    namespace: 'default',
    execution: { workflowId: request.workflowId },
  });
  const text = historyText(history.history!);
  expect(text).toContain('askQuestion');
  expect(text).not.toContain(secret.slice(0, 20));
  expect(text).not.toContain(reply.slice(0, 12));
  expect(logLines.length).toBeGreaterThan(0);
  expect(logLines.join('\n')).not.toContain(secret);
  expect(logLines.join('\n')).not.toContain(reply);
});
