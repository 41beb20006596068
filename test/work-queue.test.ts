// The approvers' work queue and organisation administrators over real HTTP, through the request workflows on the real
// Temporal dev server and PostgreSQL: assignment (in and out of scope), the queue lists and their keyset paging,
// decisions by someone other than the assignee, members and administrator rights with the last-administrator race,
// and the typed client obeying the same rules.
import crypto from 'node:crypto';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { createApprovalUseCases } from '../api/use-cases/approvals';
import { connectTracesClient, type TracesClient } from '../client';
import { call } from './support/http';
import { newOperator, seededId } from './support/organisations';
import { demoApprovers, newPerson, type Person } from './support/people';
import { startTestStack, type TestStack } from './support/stack';

let stack: TestStack;
let approvers: Awaited<ReturnType<typeof demoApprovers>>;
let traces: TracesClient;
/** A second officer of the Belgian national authority, made one through a real request the Commission approved. */
let colleague: Person;

const claimsOf = (person: Person) =>
  createApprovalUseCases({ db: stack.db, temporal: stack.temporal }).claimsOf(person.accountId, 'production');

async function requestPost(person: Person, kind: string, organisationId: string) {
  const response = await call(
    stack.baseUrl,
    'POST',
    '/api/environments/production/authorisation-requests',
    { kind, organisationIds: [organisationId] },
    person.auth,
  );
  expect(response.status).toBe(202);
  return response.body.requests[0] as { id: string; workflowId: string; organisationId: string };
}
const decide = (approver: Person, requestId: string, body: unknown) =>
  call(stack.baseUrl, 'POST', `/api/approvals/${requestId}/decision`, body, approver.auth);
const assign = (actor: Person, requestId: string, body: unknown) =>
  call(stack.baseUrl, 'POST', `/api/approvals/${requestId}/assignee`, body, actor.auth);
const queue = (actor: Person, query: string) =>
  call(stack.baseUrl, 'GET', `/api/approvals?${query}`, undefined, actor.auth);
const detail = (person: Person, requestId: string) =>
  call(
    stack.baseUrl,
    'GET',
    `/api/environments/production/authorisation-requests/${requestId}`,
    undefined,
    person.auth,
  );
const members = (person: Person, organisationId: string) =>
  call(
    stack.baseUrl,
    'GET',
    `/api/environments/production/organisations/${organisationId}/members`,
    undefined,
    person.auth,
  );
const rights = (actor: Person, method: 'PUT' | 'DELETE', organisationId: string, accountId: string) =>
  call(
    stack.baseUrl,
    method,
    `/api/environments/production/organisations/${organisationId}/administrators/${accountId}`,
    undefined,
    actor.auth,
  );

beforeAll(async () => {
  stack = await startTestStack();
  approvers = await demoApprovers(stack);
  traces = await connectTracesClient({
    address: process.env.TEMPORAL_ADDRESS!,
    payloadEncryptionKeys: process.env.PAYLOAD_ENCRYPTION_KEYS!,
    taskQueue: stack.taskQueue,
  });
  colleague = await newPerson(stack, 'officer');
  const beCca = seededId('production', 'AUTHORITY', 'BE-CCA', 'BE');
  const post = await requestPost(colleague, 'AUTHORITY', beCca);
  expect((await decide(approvers.commission, post.id, { decision: 'APPROVE' })).status).toBe(200);
});
afterAll(async () => {
  await traces?.close();
  await stack?.stop();
});

test('an approver takes a request, hands it to a colleague who may decide it; strangers and colleagues out of scope are refused', async () => {
  const { ccaBe, ccaFr } = approvers;
  const anna = await newPerson(stack, 'anna');
  const request = await requestPost(anna, 'OPERATOR', (await newOperator(stack)).id);

  const mine = await assign(ccaBe, request.id, { accountId: ccaBe.accountId });
  expect(mine.status).toBe(200);
  expect(mine.body).toEqual({ requestId: request.id, assigneeAccountId: ccaBe.accountId });
  const assignedToMe = await queue(ccaBe, 'assignee=me&limit=100');
  expect(assignedToMe.status).toBe(200);
  const item = assignedToMe.body.items.find((i: { id: string }) => i.id === request.id);
  expect(item).toMatchObject({ status: 'REQUESTED', assignee: { accountId: ccaBe.accountId } });
  expect(item.applicant).toMatchObject({ accountId: anna.accountId, firstName: 'anna' });
  const unassigned = await queue(ccaBe, 'assignee=none&limit=100');
  expect(unassigned.body.items.map((i: { id: string }) => i.id)).not.toContain(request.id);

  // Someone who may not decide it may not assign it, to anybody.
  const stranger = await assign(ccaFr, request.id, { accountId: ccaFr.accountId });
  expect(stranger.status).toBe(403);
  expect(stranger.body.error.code).toBe('NOT_ENTITLED');
  // The assignee must be entitled too: not the French authority, not the applicant.
  for (const outOfScope of [ccaFr, anna]) {
    const refused = await assign(ccaBe, request.id, { accountId: outOfScope.accountId });
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('ASSIGNEE_NOT_ENTITLED');
  }
  // The French authority never sees it in its queue.
  expect((await queue(ccaFr, 'limit=100')).body.items.map((i: { id: string }) => i.id)).not.toContain(request.id);

  expect((await assign(ccaBe, request.id, { accountId: colleague.accountId })).status).toBe(200);
  const theirs = await queue(colleague, 'assignee=me');
  expect(theirs.body.items.map((i: { id: string }) => i.id)).toContain(request.id);
  expect((await queue(ccaBe, 'assignee=me&limit=100')).body.items.map((i: { id: string }) => i.id)).not.toContain(
    request.id,
  );

  // Someone other than the assignee may still decide; the audit trail keeps whose queue it was in.
  expect((await decide(ccaBe, request.id, { decision: 'APPROVE' })).status).toBe(200);
  const approval = await stack.db.auditEvent.findFirstOrThrow({
    where: { requestId: request.id, action: 'REQUEST_APPROVED' },
  });
  expect(approval).toMatchObject({
    actorAccountId: ccaBe.accountId,
    details: { assigneeAccountId: colleague.accountId },
  });
  const history = (await detail(anna, request.id)).body;
  expect(history.assignee).toMatchObject({ accountId: colleague.accountId });
  expect(
    history.history.map((h: { action: string; assigneeAccountId?: string }) => [h.action, h.assigneeAccountId]),
  ).toEqual([
    ['REQUEST_SUBMITTED', undefined],
    ['REQUEST_ASSIGNED', ccaBe.accountId],
    ['REQUEST_ASSIGNED', colleague.accountId],
    ['REQUEST_APPROVED', colleague.accountId],
  ]);
  // A decided request leaves the queue: it can no longer be assigned.
  const late = await assign(ccaBe, request.id, { accountId: null });
  expect(late.status).toBe(409);
  expect(late.body.error.code).toBe('ALREADY_DECIDED');
});

test('unassigning, and the bad inputs of assignment and of the queue get codes', async () => {
  const bert = await newPerson(stack, 'bert');
  const request = await requestPost(bert, 'OPERATOR', (await newOperator(stack)).id);
  const { ccaBe } = approvers;
  expect((await assign(ccaBe, request.id, { accountId: ccaBe.accountId })).status).toBe(200);
  const none = await assign(ccaBe, request.id, { accountId: null });
  expect(none.body).toEqual({ requestId: request.id, assigneeAccountId: null });
  expect((await queue(ccaBe, 'assignee=none&limit=100')).body.items.map((i: { id: string }) => i.id)).toContain(
    request.id,
  );

  for (const body of [{}, { accountId: 'nobody' }, { accountId: ccaBe.accountId, extra: 1 }]) {
    const bad = await assign(ccaBe, request.id, body);
    expect([bad.status, bad.body.error.code]).toEqual([400, 'VALIDATION_FAILED']);
  }
  expect((await assign(ccaBe, crypto.randomUUID(), { accountId: null })).status).toBe(404);
  for (const query of ['assignee=you', 'status=OPEN', 'limit=0', 'limit=x', 'cursor=not-a-cursor', 'page=2']) {
    const bad = await queue(ccaBe, query);
    expect([query, bad.status, bad.body.error.code]).toEqual([query, 400, 'VALIDATION_FAILED']);
  }
  // Someone who decides nothing has an empty queue.
  expect((await queue(bert, '')).body).toEqual({ items: [], nextCursor: null });
});

test('the queue pages by keyset, oldest first, without gaps or repeats', async () => {
  const ids: string[] = [];
  for (const label of ['p1', 'p2', 'p3', 'p4', 'p5']) {
    const person = await newPerson(stack, label);
    const request = await requestPost(person, 'OPERATOR', (await newOperator(stack)).id);
    expect((await assign(approvers.ccaBe, request.id, { accountId: colleague.accountId })).status).toBe(200);
    ids.push(request.id);
  }
  const seen: string[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const page: Awaited<ReturnType<typeof queue>> = await queue(
      colleague,
      `assignee=me&limit=2${cursor ? `&cursor=${cursor}` : ''}`,
    );
    expect(page.status).toBe(200);
    expect(page.body.items.length).toBeLessThanOrEqual(2);
    seen.push(...page.body.items.map((i: { id: string }) => i.id));
    cursor = page.body.nextCursor;
    pages += 1;
  } while (cursor && pages < 10);
  expect(seen).toEqual(ids);
  expect(pages).toBe(3);
});

test('members and administrator rights: granted and removed by Updates, audited; the last administrator stays', async () => {
  const { ccaBe, ccaFr } = approvers;
  const organisation = await newOperator(stack);
  const alice = await newPerson(stack, 'alice');
  const bob = await newPerson(stack, 'bob');
  const first = await requestPost(alice, 'OPERATOR', organisation.id);
  expect((await decide(ccaBe, first.id, { decision: 'APPROVE' })).status).toBe(200);
  const second = await requestPost(bob, 'OPERATOR', organisation.id);
  // Alice, its first member, administers it and decides Bob's request.
  expect((await decide(alice, second.id, { decision: 'APPROVE' })).status).toBe(200);

  const listed = await members(alice, organisation.id);
  expect(listed.status).toBe(200);
  expect(
    listed.body.members.map((m: { accountId: string; isAdministrator: boolean; status: string }) => [
      m.accountId,
      m.status,
      m.isAdministrator,
    ]),
  ).toEqual([
    [alice.accountId, 'VALID', true],
    [bob.accountId, 'VALID', false],
  ]);
  expect(listed.body.members[0].since).toEqual(expect.any(String));
  expect((await members(ccaBe, organisation.id)).status).toBe(200);
  for (const outsider of [ccaFr, bob]) {
    const refused = await members(outsider, organisation.id);
    expect([refused.status, refused.body.error.code]).toEqual([403, 'NOT_ENTITLED']);
    expect((await rights(outsider, 'PUT', organisation.id, outsider.accountId)).status).toBe(403);
  }

  const granted = await rights(alice, 'PUT', organisation.id, bob.accountId);
  expect(granted.status).toBe(200);
  expect(granted.body).toEqual({ accountId: bob.accountId, isAdministrator: true });
  expect((await members(bob, organisation.id)).status).toBe(200);
  // Alice steps down; Bob, now the only administrator, cannot.
  expect((await rights(alice, 'DELETE', organisation.id, alice.accountId)).body).toEqual({
    accountId: alice.accountId,
    isAdministrator: false,
  });
  const last = await rights(bob, 'DELETE', organisation.id, bob.accountId);
  expect([last.status, last.body.error.code]).toEqual([409, 'LAST_ADMINISTRATOR']);
  // Nor can the national authority leave the organisation without one.
  expect((await rights(ccaBe, 'DELETE', organisation.id, bob.accountId)).body.error.code).toBe('LAST_ADMINISTRATOR');

  const audited = await stack.db.auditEvent.findMany({
    where: { entityType: 'Role', requestId: { in: [first.id, second.id] } },
    orderBy: { id: 'asc' },
  });
  expect(audited.map((e) => [e.action, e.actorAccountId, e.actor])).toEqual([
    ['ADMINISTRATOR_GRANTED', alice.accountId, 'administrator'],
    ['ADMINISTRATOR_REMOVED', alice.accountId, 'applicant'],
  ]);

  expect((await rights(alice, 'PUT', organisation.id, crypto.randomUUID())).status).toBe(403);
  expect((await rights(bob, 'PUT', organisation.id, crypto.randomUUID())).status).toBe(404);
  expect((await rights(bob, 'PUT', organisation.id, 'nobody')).status).toBe(404);
  expect((await members(bob, crypto.randomUUID())).status).toBe(404);
  expect((await members(bob, 'not-an-id')).status).toBe(404);
});

test('two administrators removing each other at the same moment never leave the organisation without one', async () => {
  const organisation = await newOperator(stack);
  const [alice, bob] = [await newPerson(stack, 'alice'), await newPerson(stack, 'bob')];
  expect(
    (await decide(approvers.ccaBe, (await requestPost(alice, 'OPERATOR', organisation.id)).id, { decision: 'APPROVE' }))
      .status,
  ).toBe(200);
  expect(
    (await decide(alice, (await requestPost(bob, 'OPERATOR', organisation.id)).id, { decision: 'APPROVE' })).status,
  ).toBe(200);
  const administrators = () =>
    stack.db.role.count({ where: { organisationId: organisation.id, isAdministrator: true, status: 'VALID' } });

  for (let round = 0; round < 3; round++) {
    // Both administrators again, then each removes the other at once.
    for (const [by, whom] of [
      [alice, bob],
      [bob, alice],
    ] as const) {
      if ((await administrators()) < 2) await rights(by, 'PUT', organisation.id, whom.accountId);
    }
    expect(await administrators()).toBe(2);
    const answers = await Promise.all([
      rights(alice, 'DELETE', organisation.id, bob.accountId),
      rights(bob, 'DELETE', organisation.id, alice.accountId),
    ]);
    const statuses = answers.map((a) => a.status).sort();
    expect(statuses[0]).toBe(200);
    // The second finds itself no longer administrator, or the organisation about to have none.
    expect([403, 409]).toContain(statuses[1]);
    expect(await administrators()).toBe(1);
  }
});

test('the typed client assigns and manages rights under the same rules, checked in PostgreSQL', async () => {
  const { ccaBe, ccaFr } = approvers;
  const clara = await newPerson(stack, 'clara');
  const organisation = await newOperator(stack);
  const request = await requestPost(clara, 'OPERATOR', organisation.id);
  const handle = traces.authorisationRequest('production', clara.accountId, organisation.id);
  const [beClaims, colleagueClaims, frClaims] = await Promise.all([
    claimsOf(ccaBe),
    claimsOf(colleague),
    claimsOf(ccaFr),
  ]);

  expect(await handle.assign(colleague.accountId, beClaims, colleagueClaims)).toEqual({
    assigneeAccountId: colleague.accountId,
  });
  expect((await stack.db.authorisationRequest.findUniqueOrThrow({ where: { id: request.id } })).assigneeId).toBe(
    colleague.accountId,
  );
  // Forged claims get past the workflow's early check, not past the activity reading the posts.
  const forged = { ...frClaims, nationalAuthorityOf: ['BE'] };
  const outOfScope = handle.assign(ccaFr.accountId, beClaims, forged);
  await expect(outOfScope).rejects.toBeInstanceOf(WorkflowUpdateFailedError);
  await expect(outOfScope).rejects.toMatchObject({ cause: { type: 'ASSIGNEE_NOT_ENTITLED' } });
  await expect(handle.assign(null, forged)).rejects.toMatchObject({ cause: { type: 'NOT_ENTITLED' } });
  await expect(handle.assign(null, frClaims)).rejects.toMatchObject({ cause: { type: 'NOT_ENTITLED' } });
  await expect(handle.askQuestion('Which activities?', frClaims)).rejects.toMatchObject({
    cause: { type: 'NOT_ENTITLED' },
  });
  await expect(handle.answerQuestion(clara.accountId, 'Nothing was asked')).rejects.toMatchObject({
    cause: { type: 'NO_OPEN_QUESTION' },
  });
  const asked = await handle.askQuestion('Which activities?', beClaims);
  await expect(handle.answerQuestion(ccaBe.accountId, 'Not mine to answer')).rejects.toMatchObject({
    cause: { type: 'NOT_ENTITLED' },
  });
  expect(await handle.answerQuestion(clara.accountId, 'Timber imports')).toMatchObject({
    questionId: asked.questionId,
  });
  expect(await stack.db.requestQuestion.findUniqueOrThrow({ where: { id: asked.questionId } })).toMatchObject({
    text: 'Which activities?',
    answer: 'Timber imports',
    askedById: ccaBe.accountId,
  });

  expect((await decide(ccaBe, request.id, { decision: 'APPROVE' })).status).toBe(200);
  const self = await claimsOf(clara);
  await expect(handle.setAdministrator(false, self)).rejects.toMatchObject({ cause: { type: 'LAST_ADMINISTRATOR' } });
  await expect(handle.setAdministrator(true, self)).rejects.toMatchObject({ cause: { type: 'NOT_ENTITLED' } });
  expect(await handle.setAdministrator(true, beClaims)).toEqual({ isAdministrator: true });
});
