// Decisions and role actions over real HTTP, through the request workflows on the real Temporal dev server:
// who may decide what (domain/approver-routing.ts), four eyes, one decision, reasons, administrators and the audit trail.
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { createApprovalUseCases } from '../api/use-cases/approvals';
import { decideUpdate } from '../domain/contracts';
import { canTransition } from '../domain/request-status';
import { call } from './support/http';
import { eventually, readMails } from './support/mail';
import { newOperator, seededId } from './support/organisations';
import { demoApprovers, newPerson, type Person } from './support/people';
import { startTestStack, type TestStack } from './support/stack';

let stack: TestStack;
let approvers: Awaited<ReturnType<typeof demoApprovers>>;

beforeAll(async () => {
  stack = await startTestStack();
  approvers = await demoApprovers(stack);
});
afterAll(async () => {
  await stack?.stop();
});

async function requestPost(person: Person, kind: string, organisationId: string, environment = 'production') {
  const response = await call(
    stack.baseUrl,
    'POST',
    `/api/environments/${environment}/authorisation-requests`,
    { kind, organisationIds: [organisationId] },
    person.auth,
  );
  expect(response.status).toBe(202);
  return response.body.requests[0] as { id: string; workflowId: string; organisationId: string; status: string };
}
const decide = (approver: Person, requestId: string, body: unknown) =>
  call(stack.baseUrl, 'POST', `/api/approvals/${requestId}/decision`, body, approver.auth);
const roleAction = (actor: Person, requestId: string, body: unknown) =>
  call(stack.baseUrl, 'POST', `/api/approvals/${requestId}/role-action`, body, actor.auth);
const detail = (person: Person, requestId: string, environment = 'production') =>
  call(
    stack.baseUrl,
    'GET',
    `/api/environments/${environment}/authorisation-requests/${requestId}`,
    undefined,
    person.auth,
  );

test('the Belgian CCA approves and the applicant is mailed; the French CCA may not; one decision only; a rejection needs a reason', async () => {
  const { ccaBe, ccaFr, commission } = approvers;
  const operator = await newOperator(stack);
  const anna = await newPerson(stack, 'anna');
  const request = await requestPost(anna, 'OPERATOR', operator.id);

  const french = await decide(ccaFr, request.id, { decision: 'APPROVE' });
  expect(french.status).toBe(403);
  expect(french.body.error.code).toBe('NOT_ENTITLED');
  expect((await decide(commission, request.id, { decision: 'APPROVE' })).body.error.code).toBe('NOT_ENTITLED');

  const noReason = await decide(ccaBe, request.id, { decision: 'REJECT' });
  expect(noReason.status).toBe(400);
  expect(noReason.body.error).toMatchObject({ code: 'VALIDATION_FAILED', fields: { reason: expect.any(String) } });
  // The workflow's validator refuses it too, whoever calls it.
  const claims = await createApprovalUseCases({ db: stack.db, temporal: stack.temporal }).claimsOf(
    ccaBe.accountId,
    'production',
  );
  expect(claims).toMatchObject({ nationalAuthorityOf: ['BE'], commission: false });
  const direct = stack.temporal.workflow
    .getHandle(request.workflowId)
    .executeUpdate(decideUpdate, { args: [{ decision: 'REJECT', reason: '  ', approver: claims }] });
  await expect(direct).rejects.toBeInstanceOf(WorkflowUpdateFailedError);
  await expect(direct).rejects.toMatchObject({ cause: { type: 'REASON_REQUIRED' } });

  const approved = await decide(ccaBe, request.id, { decision: 'APPROVE' });
  expect(approved.status).toBe(200);
  expect(approved.body).toEqual({ status: 'VALID' });
  const mail = await eventually(
    () => readMails(stack.mailDir, anna.email),
    (m) => m.length > 0,
  );
  expect(mail[0]!.subject).toContain('approved');
  expect(mail[0]!.text).toContain(operator.name);

  const second = await decide(ccaBe, request.id, { decision: 'REJECT', reason: 'Changed my mind' });
  expect(second.status).toBe(409);
  expect(second.body.error.code).toBe('ALREADY_DECIDED');

  const roles = await call(stack.baseUrl, 'GET', '/api/environments/production/roles', undefined, anna.auth);
  expect(roles.body.counts).toEqual({ REQUESTED: 0, SUSPENDED: 0, VALID: 1 });
  // The first person approved into an organisation without an administrator becomes its administrator.
  expect(roles.body.roles[0]).toMatchObject({ id: request.id, status: 'VALID', isAdministrator: true });
  const history = (await detail(anna, request.id)).body.history;
  expect(history.map((h: any) => [h.action, h.actor, h.toStatus])).toEqual([
    ['REQUEST_SUBMITTED', 'applicant', 'REQUESTED'],
    ['REQUEST_APPROVED', 'national authority', 'VALID'],
  ]);
});

test('two decisions at the same moment: one wins, the other is ALREADY_DECIDED', async () => {
  const ines = await newPerson(stack, 'ines');
  const request = await requestPost(ines, 'OPERATOR', (await newOperator(stack)).id);
  const answers = await Promise.all([
    decide(approvers.ccaBe, request.id, { decision: 'APPROVE' }),
    decide(approvers.ccaBe, request.id, { decision: 'REJECT', reason: 'Not known here' }),
  ]);
  expect(answers.map((a) => a.status).sort()).toEqual([200, 409]);
  const winner = answers.find((a) => a.status === 200)!.body.status;
  expect(answers.find((a) => a.status === 409)!.body.error.code).toBe('ALREADY_DECIDED');
  expect((await detail(ines, request.id)).body.status).toBe(winner);
  expect(
    await stack.db.auditEvent.count({
      where: { requestId: request.id, action: { in: ['REQUEST_APPROVED', 'REQUEST_REJECTED'] } },
    }),
  ).toBe(1);
});

test('a rejection with its reason ends the request and tells the applicant why', async () => {
  const bert = await newPerson(stack, 'bert');
  const request = await requestPost(bert, 'OPERATOR', (await newOperator(stack)).id);
  const rejected = await decide(approvers.ccaBe, request.id, {
    decision: 'REJECT',
    reason: 'You do not work for this company',
  });
  expect(rejected.body).toEqual({ status: 'REJECTED' });
  expect(await stack.temporal.workflow.getHandle(request.workflowId).result()).toEqual({
    requestId: request.id,
    status: 'REJECTED',
  });
  const mail = await eventually(
    () => readMails(stack.mailDir, bert.email),
    (m) => m.length > 0,
  );
  expect(mail[0]!.subject).toContain('rejected');
  expect(mail[0]!.text).toContain('Reason: You do not work for this company');
  const late = await decide(approvers.ccaBe, request.id, { decision: 'APPROVE' });
  expect(late.status).toBe(409);
  expect(late.body.error.code).toBe('ALREADY_DECIDED');
  expect((await decide(approvers.ccaFr, request.id, { decision: 'APPROVE' })).status).toBe(403);
});

test('nobody decides their own request, not even an approver or an administrator of the organisation', async () => {
  const { ccaBe } = approvers;
  // The Belgian CCA would decide a request to a Belgian BCP, but not their own.
  const own = await requestPost(ccaBe, 'AUTHORITY', seededId('production', 'AUTHORITY', 'BE0001', 'BE'));
  const refused = await decide(ccaBe, own.id, { decision: 'APPROVE' });
  expect(refused.status).toBe(403);
  expect(refused.body.error.code).toBe('NOT_ENTITLED');
  // Claims as administrator of the organisation, national authority and Commission at once: still the applicant.
  const update = stack.temporal.workflow.getHandle(own.workflowId).executeUpdate(decideUpdate, {
    args: [
      {
        decision: 'APPROVE',
        approver: {
          accountId: ccaBe.accountId,
          administratorOf: [own.organisationId],
          nationalAuthorityOf: ['BE'],
          commission: true,
        },
      },
    ],
  });
  await expect(update).rejects.toMatchObject({ cause: { type: 'NOT_ENTITLED' } });
  expect((await detail(ccaBe, own.id)).body.status).toBe('REQUESTED');
  const withdrawn = await call(
    stack.baseUrl,
    'DELETE',
    `/api/environments/production/roles/${own.id}`,
    undefined,
    ccaBe.auth,
  );
  expect(withdrawn.body).toEqual({ status: 'WITHDRAWN' });
});

test("a request to a national authority: the Commission or that authority's administrator decides, never another country's", async () => {
  const { ccaBe, ccaFr, commission } = approvers;
  const chloe = await newPerson(stack, 'chloe');
  const toFrance = await requestPost(chloe, 'AUTHORITY', seededId('production', 'AUTHORITY', 'FR-CCA', 'FR'));
  const belgian = await decide(ccaBe, toFrance.id, { decision: 'APPROVE' });
  expect(belgian.status).toBe(403);
  expect(belgian.body.error.code).toBe('NOT_ENTITLED');
  expect((await decide(commission, toFrance.id, { decision: 'APPROVE' })).body).toEqual({ status: 'VALID' });
  expect((await detail(chloe, toFrance.id)).body.history.at(-1)).toMatchObject({
    action: 'REQUEST_APPROVED',
    actor: 'commission',
  });

  const dries = await newPerson(stack, 'dries');
  const toBelgium = await requestPost(dries, 'AUTHORITY', seededId('production', 'AUTHORITY', 'BE-CCA', 'BE'));
  expect((await decide(ccaFr, toBelgium.id, { decision: 'APPROVE' })).status).toBe(403);
  expect((await decide(ccaBe, toBelgium.id, { decision: 'APPROVE' })).body).toEqual({ status: 'VALID' });
  const history = (await detail(dries, toBelgium.id)).body;
  expect(history.isAdministrator).toBe(false);
  expect(history.history.at(-1)).toMatchObject({ action: 'REQUEST_APPROVED', actor: 'administrator' });
});

test('an administrator approves a colleague, suspends and reactivates the role; each step is in the audit trail', async () => {
  const operator = await newOperator(stack);
  const first = await newPerson(stack, 'first');
  const firstRequest = await requestPost(first, 'OPERATOR', operator.id);
  expect((await decide(approvers.ccaBe, firstRequest.id, { decision: 'APPROVE' })).body.status).toBe('VALID');

  const colleague = await newPerson(stack, 'colleague');
  const request = await requestPost(colleague, 'OPERATOR', operator.id);
  // The administrator hears of it like the national authority does.
  await eventually(
    () => readMails(stack.mailDir, first.email).filter((m) => m.subject.includes('waits for your decision')),
    (m) => m.length > 0,
  );
  expect((await decide(first, request.id, { decision: 'APPROVE' })).body).toEqual({ status: 'VALID' });
  expect((await detail(colleague, request.id)).body.isAdministrator).toBe(false);

  // The colleague is no administrator: they cannot suspend the administrator, nor reactivate themselves.
  expect((await roleAction(colleague, firstRequest.id, { action: 'SUSPEND' })).status).toBe(403);
  const suspended = await roleAction(first, request.id, { action: 'SUSPEND', reason: 'Left on leave' });
  expect(suspended.body).toEqual({ status: 'SUSPENDED' });
  expect(
    (await call(stack.baseUrl, 'GET', '/api/environments/production/roles', undefined, colleague.auth)).body.counts,
  ).toEqual({ REQUESTED: 0, SUSPENDED: 1, VALID: 0 });
  const self = await roleAction(colleague, request.id, { action: 'REACTIVATE' });
  expect(self.status).toBe(403);
  expect((await roleAction(first, request.id, { action: 'SUSPEND' })).body.error.code).toBe('INVALID_TRANSITION');
  expect((await roleAction(first, request.id, { action: 'REACTIVATE', reason: 'Back at work' })).body).toEqual({
    status: 'VALID',
  });

  const history = (await detail(colleague, request.id)).body.history;
  expect(history.map((h: any) => [h.action, h.actor, h.fromStatus, h.toStatus, h.reason])).toEqual([
    ['REQUEST_SUBMITTED', 'applicant', null, 'REQUESTED', null],
    ['REQUEST_APPROVED', 'administrator', 'REQUESTED', 'VALID', null],
    ['ROLE_SUSPENDED', 'administrator', 'VALID', 'SUSPENDED', 'Left on leave'],
    ['ROLE_REACTIVATED', 'administrator', 'SUSPENDED', 'VALID', 'Back at work'],
  ]);
  const events = await stack.db.auditEvent.findMany({
    where: { requestId: request.id, action: { startsWith: 'ROLE_' } },
  });
  expect(events.every((e) => e.actorAccountId === first.accountId && e.workflowId === request.workflowId)).toBe(true);

  // The person deletes their own role: DELETED, and the workflow ends.
  const deleted = await call(
    stack.baseUrl,
    'DELETE',
    `/api/environments/production/roles/${request.id}`,
    undefined,
    colleague.auth,
  );
  expect(deleted.body).toEqual({ status: 'DELETED' });
  expect(await stack.temporal.workflow.getHandle(request.workflowId).result()).toEqual({
    requestId: request.id,
    status: 'DELETED',
  });
  expect((await stack.db.role.findUniqueOrThrow({ where: { requestId: request.id } })).status).toBe('DELETED');
  expect((await roleAction(first, request.id, { action: 'REACTIVATE' })).body.error.code).toBe('INVALID_TRANSITION');
});

test('the use-cases the back-office calls: decide and changeRole answer the status or throw the ApiError', async () => {
  const approvals = createApprovalUseCases({ db: stack.db, temporal: stack.temporal });
  const emma = await newPerson(stack, 'emma');
  const request = await requestPost(emma, 'OPERATOR', (await newOperator(stack)).id);
  await expect(
    approvals.decide({ requestId: request.id, actorAccountId: approvers.ccaFr.accountId, decision: 'APPROVE' }),
  ).rejects.toMatchObject({ status: 403, code: 'NOT_ENTITLED' });
  expect(
    await approvals.decide({ requestId: request.id, actorAccountId: approvers.ccaBe.accountId, decision: 'APPROVE' }),
  ).toEqual({ status: 'VALID' });
  expect(
    await approvals.changeRole({
      requestId: request.id,
      actorAccountId: approvers.ccaBe.accountId,
      action: 'SUSPEND',
      reason: 'Audit',
    }),
  ).toEqual({ status: 'SUSPENDED' });
  // Deleting someone else's role needs a reason, which the applicant is mailed.
  await expect(
    approvals.changeRole({ requestId: request.id, actorAccountId: approvers.ccaBe.accountId, action: 'DELETE' }),
  ).rejects.toMatchObject({
    status: 400,
    code: 'VALIDATION_FAILED',
    fieldErrors: { reason: { code: 'REASON_REQUIRED' } },
  });
  expect(
    await approvals.changeRole({
      requestId: request.id,
      actorAccountId: approvers.ccaBe.accountId,
      action: 'DELETE',
      reason: 'Left the company',
    }),
  ).toEqual({ status: 'DELETED' });
  const mails = await eventually(
    () => readMails(stack.mailDir, emma.email),
    (m) => m.length >= 3,
  );
  expect(mails.map((m) => m.subject)).toEqual(
    expect.arrayContaining([
      expect.stringContaining('approved'),
      expect.stringContaining('suspended'),
      expect.stringContaining('deleted'),
    ]),
  );
  expect(mails.find((m) => m.subject.includes('suspended'))!.text).toContain('Reason: Audit');
  expect(mails.find((m) => m.subject.includes('deleted'))!.text).toContain('Reason: Left the company');
  await expect(
    approvals.changeRole({ requestId: request.id, actorAccountId: approvers.ccaBe.accountId, action: 'REACTIVATE' }),
  ).rejects.toMatchObject({ status: 409, code: 'INVALID_TRANSITION' });
});

test('the status machine (domain/request-status.ts): REQUESTED → VALID | REJECTED | EXPIRED | WITHDRAWN; VALID ⇄ SUSPENDED; any → DELETED', () => {
  for (const to of ['VALID', 'REJECTED', 'EXPIRED', 'WITHDRAWN', 'DELETED'] as const)
    expect(canTransition('REQUESTED', to)).toBe(true);
  expect(canTransition('REQUESTED', 'SUSPENDED')).toBe(false);
  expect(canTransition('VALID', 'SUSPENDED')).toBe(true);
  expect(canTransition('SUSPENDED', 'VALID')).toBe(true);
  expect(canTransition('VALID', 'REJECTED')).toBe(false);
  expect(canTransition('REJECTED', 'VALID')).toBe(false);
  for (const from of ['VALID', 'SUSPENDED', 'REJECTED', 'EXPIRED', 'WITHDRAWN'] as const)
    expect(canTransition(from, 'DELETED')).toBe(true);
  expect(canTransition('DELETED', 'VALID')).toBe(false);
});
