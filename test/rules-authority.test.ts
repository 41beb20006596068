// No channel bypasses the rules: a forged Update (self-made claims, or a payload in clear from a client without the
// codec), the typed client, a role action on an open request, and requests of different kinds sent at one moment.
import crypto from 'node:crypto';
import { Client, Connection, WorkflowUpdateFailedError } from '@temporalio/client';
import { connectTracesClient, type TracesClient } from '../client';
import {
  applicantWithdrewSignal,
  decideUpdate,
  operatorCreationWorkflowId,
  requestStatusQuery,
  roleActionUpdate,
  SearchAttr,
  WorkflowType,
  type ApproverClaims,
} from '../domain/contracts';
import type { RoleKind } from '../domain/enums';
import { LIVE_STATUSES } from '../domain/status-machine';
import { foldForSearch } from '../domain/search-text';
import * as workflows from '../workflows';
import { call } from './support/http';
import { eventually } from './support/mail';
import { newOperator } from './support/organisations';
import { demoApprovers, newPerson, type Person } from './support/people';
import { startTestStack, type TestStack } from './support/stack';

let stack: TestStack;
let approvers: Awaited<ReturnType<typeof demoApprovers>>;
let traces: TracesClient;
let plain: Client;

beforeAll(async () => {
  stack = await startTestStack();
  approvers = await demoApprovers(stack);
  traces = await connectTracesClient({
    address: process.env.TEMPORAL_ADDRESS!,
    payloadEncryptionKeys: process.env.PAYLOAD_ENCRYPTION_KEYS!,
    taskQueue: stack.taskQueue,
  });
  plain = new Client({ connection: await Connection.connect({ address: process.env.TEMPORAL_ADDRESS! }) });
});
afterAll(async () => {
  await traces?.close();
  await plain?.connection.close();
  await stack?.stop();
});

/** A new ACTIVE organisation of the kind in production (Belgian), straight into the directory. */
async function organisationOf(kind: RoleKind) {
  if (kind === 'OPERATOR') return newOperator(stack);
  const name = `Fixture ${kind} ${crypto.randomUUID().slice(0, 8)}`;
  return stack.db.organisation.create({
    data: {
      environment: 'production',
      kind,
      status: 'ACTIVE',
      name,
      countryCode: 'BE',
      street: 'Teststraat 1',
      postcode: '1000',
      city: 'Brussel',
      searchText: foldForSearch(name),
      authorityRoleCode: kind === 'AUTHORITY' ? 'BCP' : null,
    },
  });
}

/** The "Create a new operator" form, unique each time. */
const operatorForm = () => ({
  name: `Rules Operator ${crypto.randomUUID().slice(0, 8)}`,
  country: 'BE',
  street: `Kerkstraat ${crypto.randomInt(1, 1_000_000)}`,
  postcode: '9000',
  city: 'Gent',
  activities: [{ section: 'FLEGT', activityType: 'FLEGT_TIMBER_IMPORT' }],
  phone: '+32 9 123 45 67',
  confirmNotDuplicate: true,
});

const ask = (person: Person, kind: RoleKind, organisationId: string) =>
  call(
    stack.baseUrl,
    'POST',
    '/api/environments/production/authorisation-requests',
    { kind, organisationIds: [organisationId] },
    person.auth,
  );

async function openRequest(person: Person) {
  const response = await ask(person, 'OPERATOR', (await newOperator(stack)).id);
  expect(response.status).toBe(202);
  return response.body.requests[0] as { id: string; workflowId: string };
}

/** The status in the database, the workflow's query and its RequestStatus search attribute. */
async function statusEverywhere(requestId: string, workflowId: string) {
  const handle = stack.temporal.workflow.getHandle(workflowId);
  const row = await stack.db.authorisationRequest.findUniqueOrThrow({ where: { id: requestId } });
  const described = await handle.describe();
  return {
    db: row.status,
    query: (await handle.query(requestStatusQuery)).status,
    search: described.typedSearchAttributes.get(SearchAttr.requestStatus),
  };
}

describe('the workflow does not trust the claims it is sent', () => {
  test("a decide Update with self-made claims of the Belgian CCA, encrypted like the API's: NOT_ENTITLED, still REQUESTED", async () => {
    const anna = await newPerson(stack, 'anna');
    const mallory = await newPerson(stack, 'mallory');
    const request = await openRequest(anna);
    const forged: ApproverClaims = {
      accountId: mallory.accountId,
      nationalAuthorityOf: ['BE'],
      administratorOf: [],
      commission: true,
    };
    const sent = stack.temporal.workflow.getHandle(request.workflowId).executeUpdate(decideUpdate, {
      args: [{ decision: 'APPROVE', approver: forged }],
    });
    await expect(sent).rejects.toBeInstanceOf(WorkflowUpdateFailedError);
    await expect(sent).rejects.toMatchObject({ cause: { type: 'NOT_ENTITLED' } });
    const role = traces.authorisationRequest(
      'production',
      anna.accountId,
      (await stack.db.authorisationRequest.findUniqueOrThrow({ where: { id: request.id } })).organisationId,
    );
    await expect(role.roleAction('SUSPEND', forged, 'forged')).rejects.toMatchObject({
      cause: { type: 'INVALID_TRANSITION' },
    });
    expect(await statusEverywhere(request.id, request.workflowId)).toEqual({
      db: 'REQUESTED',
      query: 'REQUESTED',
      search: 'REQUESTED',
    });
    expect(await stack.db.role.count({ where: { requestId: request.id } })).toBe(0);
    // The real approver still decides it.
    const approved = await call(
      stack.baseUrl,
      'POST',
      `/api/approvals/${request.id}/decision`,
      { decision: 'APPROVE' },
      approvers.ccaBe.auth,
    );
    expect(approved.body).toEqual({ status: 'VALID' });
  });

  test('the same Update in clear from an SDK client without the codec is refused; the request stays REQUESTED', async () => {
    const anna = await newPerson(stack, 'anna');
    const mallory = await newPerson(stack, 'mallory');
    const request = await openRequest(anna);
    const forged: ApproverClaims = {
      accountId: mallory.accountId,
      nationalAuthorityOf: ['BE'],
      administratorOf: [],
      commission: true,
    };
    const sent = plain.workflow.getHandle(request.workflowId).executeUpdate(decideUpdate, {
      args: [{ decision: 'APPROVE', approver: forged }],
    });
    await expect(sent).rejects.toThrow();
    expect(await statusEverywhere(request.id, request.workflowId)).toEqual({
      db: 'REQUESTED',
      query: 'REQUESTED',
      search: 'REQUESTED',
    });
    // The workflow is not stuck on it: the real approver decides next.
    const rejected = await call(
      stack.baseUrl,
      'POST',
      `/api/approvals/${request.id}/decision`,
      { decision: 'REJECT', reason: 'Not known here' },
      approvers.ccaBe.auth,
    );
    expect(rejected.body).toEqual({ status: 'REJECTED' });
  });
});

test("a withdrawal signal sent straight to a new operator's workflow withdraws nothing: the authority still decides it", async () => {
  const bert = await newPerson(stack, 'bert');
  const created = await call(
    stack.baseUrl,
    'POST',
    '/api/environments/production/operators',
    operatorForm(),
    bert.auth,
  );
  expect(created.status).toBe(202);
  const operator = created.body.operator as { id: string; creationRequestId: string };
  const creation = plain.workflow.getHandle(operatorCreationWorkflowId('production', operator.id));
  await eventually(
    () =>
      creation.describe().then(
        (d) => d.status.name,
        () => 'NOT_STARTED',
      ),
    (status) => status === 'RUNNING',
  );
  await creation.signal(applicantWithdrewSignal);
  // The worker has acted on the signal: after it, an activity completed and a workflow task after that.
  await eventually(
    async () => (await creation.fetchHistory()).events ?? [],
    (events) => {
      const signalled = events.findIndex((e) => e.workflowExecutionSignaledEventAttributes);
      const activity = events.findIndex((e, i) => i > signalled && e.activityTaskCompletedEventAttributes);
      return (
        signalled >= 0 && activity > 0 && events.some((e, i) => i > activity && e.workflowTaskCompletedEventAttributes)
      );
    },
  );
  const approved = await call(
    stack.baseUrl,
    'POST',
    `/api/approvals/${operator.creationRequestId}/decision`,
    { decision: 'APPROVE' },
    approvers.ccaBe.auth,
  );
  expect(approved.body).toEqual({ status: 'VALID' });
  expect((await stack.db.organisation.findUniqueOrThrow({ where: { id: operator.id } })).status).toBe('ACTIVE');
});

test('REACTIVATE is no approval: a role action on an open request (also one to a new operator) is refused', async () => {
  const anna = await newPerson(stack, 'anna');
  const request = await openRequest(anna);
  const reactivate = await call(
    stack.baseUrl,
    'POST',
    `/api/approvals/${request.id}/role-action`,
    { action: 'REACTIVATE' },
    approvers.ccaBe.auth,
  );
  expect(reactivate.status).toBe(409);
  expect(reactivate.body.error.code).toBe('INVALID_TRANSITION');
  const claims = {
    accountId: approvers.ccaBe.accountId,
    nationalAuthorityOf: ['BE'],
    administratorOf: [],
    commission: false,
  };
  await expect(
    stack.temporal.workflow.getHandle(request.workflowId).executeUpdate(roleActionUpdate, {
      args: [{ action: 'REACTIVATE', actor: claims }],
    }),
  ).rejects.toMatchObject({ cause: { type: 'INVALID_TRANSITION' } });
  expect(await statusEverywhere(request.id, request.workflowId)).toEqual({
    db: 'REQUESTED',
    query: 'REQUESTED',
    search: 'REQUESTED',
  });

  const bert = await newPerson(stack, 'bert');
  const created = await call(
    stack.baseUrl,
    'POST',
    '/api/environments/production/operators',
    operatorForm(),
    bert.auth,
  );
  expect(created.status).toBe(202);
  const attach = created.body.request as { id: string; workflowId: string };
  for (const action of ['REACTIVATE', 'SUSPEND']) {
    const refused = await call(
      stack.baseUrl,
      'POST',
      `/api/approvals/${attach.id}/role-action`,
      { action, reason: 'x' },
      approvers.ccaBe.auth,
    );
    expect(refused.status).toBe(409);
  }
  const early = await call(
    stack.baseUrl,
    'POST',
    `/api/approvals/${attach.id}/decision`,
    { decision: 'APPROVE' },
    approvers.ccaBe.auth,
  );
  expect(early.body.error.code).toBe('OPERATOR_NOT_ACTIVE');
  expect(await statusEverywhere(attach.id, attach.workflowId)).toEqual({
    db: 'REQUESTED',
    query: 'REQUESTED',
    search: 'REQUESTED',
  });
  expect(await stack.db.role.count({ where: { requestId: attach.id } })).toBe(0);
});

test('the typed client obeys the same rules: another kind of role is refused, forged claims decide nothing', async () => {
  const carla = await newPerson(stack, 'carla');
  const operator = await newOperator(stack);
  const base = {
    environment: 'production' as const,
    accountId: carla.accountId,
    type: 'ATTACH' as const,
    reminderAfterMs: 86_400_000,
    expiresAfterMs: 2 * 86_400_000,
  };
  const view = await traces.requestAuthorisation({ ...base, kind: 'OPERATOR', organisationId: operator.id });
  expect(view.status).toBe('REQUESTED');
  const body = await organisationOf('CONTROL_BODY');
  await expect(
    traces.requestAuthorisation({ ...base, kind: 'CONTROL_BODY', organisationId: body.id }),
  ).rejects.toMatchObject({ cause: { type: 'ROLE_KIND_CONFLICT' } });
  // A kind that does not match the organisation, or an operator-creation request started on its own.
  const other = await organisationOf('AUTHORITY');
  await expect(
    traces.requestAuthorisation({ ...base, kind: 'OPERATOR', organisationId: other.id }),
  ).rejects.toMatchObject({ cause: { type: 'VALIDATION_FAILED' } });
  const started = await traces.startAuthorisationRequest({
    ...base,
    kind: 'OPERATOR',
    type: 'OPERATOR_CREATION',
    organisationId: (await newOperator(stack)).id,
  });
  await expect(started.view()).rejects.toMatchObject({ cause: { type: 'VALIDATION_FAILED' } });

  const forged = {
    accountId: carla.accountId,
    nationalAuthorityOf: ['BE'],
    administratorOf: [operator.id],
    commission: true,
  };
  await expect(
    traces.authorisationRequest('production', carla.accountId, operator.id).decide('APPROVE', forged),
  ).rejects.toMatchObject({ cause: { type: 'NOT_ENTITLED' } });
  const stranger = { ...forged, accountId: approvers.ccaFr.accountId };
  await expect(
    traces.authorisationRequest('production', carla.accountId, operator.id).decide('APPROVE', stranger),
  ).rejects.toMatchObject({ cause: { type: 'NOT_ENTITLED' } });
  expect(
    (await stack.db.authorisationRequest.findMany({ where: { accountId: carla.accountId } })).map((r) => r.status),
  ).toEqual(['REQUESTED']);
});

describe('one kind of role per person and environment, whatever arrives at the same moment', () => {
  const KINDS: RoleKind[] = ['OPERATOR', 'CONTROL_BODY', 'AUTHORITY'];

  async function liveKinds(accountId: string): Promise<string[]> {
    const rows = await stack.db.authorisationRequest.findMany({
      where: { accountId, environment: 'production', status: { in: [...LIVE_STATUSES] } },
      select: { kind: true },
    });
    return [...new Set(rows.map((r) => r.kind))];
  }

  test.each([2, 3])(
    '25 trials of %i kinds sent at once over HTTP: one accepted, the others ROLE_KIND_CONFLICT',
    async (count) => {
      for (let trial = 0; trial < 25; trial++) {
        const person = await newPerson(stack, `race${count}`);
        const organisations = await Promise.all(KINDS.slice(0, count).map(organisationOf));
        const answers = await Promise.all(organisations.map((o) => ask(person, o.kind, o.id)));
        expect(answers.map((a) => a.status).sort()).toEqual([202, ...Array(count - 1).fill(409)]);
        for (const refused of answers.filter((a) => a.status === 409))
          expect(refused.body.error.code).toBe('ROLE_KIND_CONFLICT');
        expect(await liveKinds(person.accountId)).toHaveLength(1);
      }
    },
  );

  test('25 trials of a new operator and another kind at once: never two kinds live', async () => {
    for (let trial = 0; trial < 25; trial++) {
      const person = await newPerson(stack, 'raceop');
      const body = await organisationOf(trial % 2 ? 'CONTROL_BODY' : 'AUTHORITY');
      const answers = await Promise.all([
        call(stack.baseUrl, 'POST', '/api/environments/production/operators', operatorForm(), person.auth),
        ask(person, body.kind, body.id),
      ]);
      expect(answers.map((a) => a.status).sort()).toEqual([202, 409]);
      expect(answers.find((a) => a.status === 409)!.body.error.code).toBe('ROLE_KIND_CONFLICT');
      expect(await liveKinds(person.accountId)).toHaveLength(1);
    }
  });
});

test("the workflow types the worker registers are the contract's constants", async () => {
  const registered = Object.keys(workflows);
  expect(registered.sort()).toEqual(Object.values(WorkflowType).sort());
});
