// Replay of authorisationRequestWorkflow and operatorCreationWorkflow histories against the current workflow bundle,
// so that a change which breaks determinism fails here. The histories under test/histories/ were recorded from real
// runs of the scenarios below (payloads decoded, so that they replay without the run's encryption key); after an
// intended, versioned change record them again with `RECORD_HISTORIES=1 npx jest test/replay-authorisation.test.ts`.
// The next deploy's code (a renewal of every kept role, test/role-renewal.test.ts) replays them and its own runs.
import fs from 'node:fs';
import path from 'node:path';
import { Worker } from '@temporalio/worker';
import { WithStartWorkflowOperation } from '@temporalio/client';
import {
  authorisationWorkflowId,
  operatorCreationWorkflowId,
  requestViewUpdate,
  WorkflowType,
} from '../domain/contracts';
import { bundleWith, NEXT_DEPLOY } from './faults/workflow-bundle';
import { decodePayloads, historyFromText, historyToText } from './support/history';
import { call } from './support/http';
import { newOperator, seededId } from './support/organisations';
import { demoApprovers, newPerson, type Person } from './support/people';
import { startTestStack, type TestStack } from './support/stack';

const HISTORIES = path.join(__dirname, 'histories');
const RECORD = process.env.RECORD_HISTORIES === '1';
const bundle = () => ({ code: fs.readFileSync(process.env.TEST_WORKFLOW_BUNDLE!, 'utf8') });

let stack: TestStack;
let approvers: Awaited<ReturnType<typeof demoApprovers>>;

beforeAll(async () => {
  stack = await startTestStack({ approvalReminderAfterMs: 1_000, approvalExpiresAfterMs: 2_500 });
  approvers = await demoApprovers(stack);
});
afterAll(async () => {
  await stack?.stop();
});

const committed = () =>
  fs.existsSync(HISTORIES)
    ? fs
        .readdirSync(HISTORIES)
        .filter((f) => f.endsWith('.json') && !f.startsWith('registration-'))
        .sort()
    : [];

describe('committed histories replay against the current code', () => {
  test('both workflow types are covered', () => {
    const files = committed();
    expect(files.some((f) => f.startsWith('authorisation-'))).toBe(true);
    expect(files.some((f) => f.startsWith('operator-creation-'))).toBe(true);
  });

  const files = committed();
  if (files.length) {
    test.each(files)('%s', async (file) => {
      const history = historyFromText(fs.readFileSync(path.join(HISTORIES, file), 'utf8'));
      await Worker.runReplayHistory({ workflowBundle: bundle() }, history, file);
    });
  }
});

describe('the next deploy (test/faults/workflow-bundle.ts, NEXT_DEPLOY) replays the histories of both versions', () => {
  // Runs recorded by the current code and runs renewed by the next deploy (test/role-renewal.test.ts).
  const nextDir = path.join(HISTORIES, 'next-deploy');
  const files = [...committed(), ...fs.readdirSync(nextDir).map((f) => path.join('next-deploy', f))];
  let next: { code: string };
  beforeAll(async () => {
    next = await bundleWith(NEXT_DEPLOY);
  }, 120_000);
  test('the next deploy has histories of its own', () => {
    expect(files.filter((f) => f.startsWith('next-deploy')).length).toBeGreaterThanOrEqual(3);
  });
  test.each(files)('%s', async (file) => {
    const history = historyFromText(fs.readFileSync(path.join(HISTORIES, file), 'utf8'));
    await Worker.runReplayHistory({ workflowBundle: next }, history, file);
  });
});

async function ask(person: Person, organisationId: string) {
  const response = await call(
    stack.baseUrl,
    'POST',
    '/api/environments/production/authorisation-requests',
    { kind: 'OPERATOR', organisationIds: [organisationId], message: 'Replay scenario' },
    person.auth,
  );
  expect(response.status).toBe(202);
  return response.body.requests[0] as { id: string; workflowId: string };
}
const decide = (approver: Person, requestId: string, body: unknown) =>
  call(stack.baseUrl, 'POST', `/api/approvals/${requestId}/decision`, body, approver.auth);
const roleAction = (approver: Person, requestId: string, action: string) =>
  call(
    stack.baseUrl,
    'POST',
    `/api/approvals/${requestId}/role-action`,
    { action, reason: 'Replay scenario' },
    approver.auth,
  );

/** Assigned, asked a question, answered, then expired (the clock stood still meanwhile). */
async function queueScenario(): Promise<string> {
  const { ccaBe } = approvers;
  const applicant = await newPerson(stack, 'replay');
  const request = await ask(applicant, (await newOperator(stack)).id);
  const post = (path: string, body: unknown, who: Person) => call(stack.baseUrl, 'POST', path, body, who.auth);
  expect((await post(`/api/approvals/${request.id}/assignee`, { accountId: ccaBe.accountId }, ccaBe)).status).toBe(200);
  expect((await post(`/api/approvals/${request.id}/questions`, { text: 'Replay question' }, ccaBe)).status).toBe(201);
  const answers = `/api/environments/production/authorisation-requests/${request.id}/answers`;
  expect((await post(answers, { text: 'Replay answer' }, applicant)).status).toBe(201);
  return request.workflowId;
}

/** A second member granted administrator rights, removed from them by the first, then deleting their own role. */
async function rightsScenario(): Promise<string> {
  const { ccaBe } = approvers;
  const organisation = await newOperator(stack);
  const [first, second] = [await newPerson(stack, 'replay'), await newPerson(stack, 'replay')];
  expect((await decide(ccaBe, (await ask(first, organisation.id)).id, { decision: 'APPROVE' })).status).toBe(200);
  const request = await ask(second, organisation.id);
  expect((await decide(ccaBe, request.id, { decision: 'APPROVE' })).status).toBe(200);
  const rights = (method: string, who: Person) =>
    call(
      stack.baseUrl,
      method,
      `/api/environments/production/organisations/${organisation.id}/administrators/${second.accountId}`,
      undefined,
      who.auth,
    );
  expect((await rights('PUT', ccaBe)).body.isAdministrator).toBe(true);
  expect((await rights('DELETE', first)).body.isAdministrator).toBe(false);
  const roles = `/api/environments/production/roles/${request.id}`;
  expect((await call(stack.baseUrl, 'DELETE', roles, undefined, second.auth)).body.status).toBe('DELETED');
  return request.workflowId;
}

/** The main paths, run for real; returns the closed workflows by history name. */
async function runScenarios(): Promise<Record<string, string>> {
  const { ccaBe } = approvers;
  const runs: Record<string, string> = {};

  const approved = await ask(await newPerson(stack, 'replay'), (await newOperator(stack)).id);
  expect((await decide(ccaBe, approved.id, { decision: 'APPROVE' })).body.status).toBe('VALID');
  expect((await roleAction(ccaBe, approved.id, 'SUSPEND')).body.status).toBe('SUSPENDED');
  expect((await roleAction(ccaBe, approved.id, 'REACTIVATE')).body.status).toBe('VALID');
  expect((await roleAction(ccaBe, approved.id, 'DELETE')).body.status).toBe('DELETED');
  // Since the applicant is mailed the reason of a suspension or deletion by someone else (a patched step), this path
  // has a second history, and a third since the reactivation is mailed too (another patched step); the ones recorded
  // before still replay.
  runs['authorisation-approved-suspended-reactivated-deleted-all-mailed'] = approved.workflowId;

  // A request of another kind than the person's live one, started past the API's early check (as the typed client
  // does): the recording refuses it and the workflow ends at once.
  const oneKind = await newPerson(stack, 'replay');
  await ask(oneKind, (await newOperator(stack)).id);
  const authority = seededId('production', 'AUTHORITY', 'BE0001', 'BE');
  const input = {
    environment: 'production' as const,
    kind: 'AUTHORITY' as const,
    type: 'ATTACH' as const,
    accountId: oneKind.accountId,
    organisationId: authority,
    reminderAfterMs: 1_000,
    expiresAfterMs: 2_500,
  };
  await expect(
    stack.temporal.workflow.executeUpdateWithStart(requestViewUpdate, {
      startWorkflowOperation: new WithStartWorkflowOperation(WorkflowType.authorisationRequest, {
        workflowId: authorisationWorkflowId('production', oneKind.accountId, authority),
        taskQueue: stack.taskQueue,
        args: [input],
        workflowIdConflictPolicy: 'USE_EXISTING',
      }),
    }),
  ).rejects.toMatchObject({ cause: { type: 'ROLE_KIND_CONFLICT' } });
  runs['authorisation-refused-role-kind'] = authorisationWorkflowId('production', oneKind.accountId, authority);

  const rejected = await ask(await newPerson(stack, 'replay'), (await newOperator(stack)).id);
  expect((await decide(ccaBe, rejected.id, { decision: 'REJECT', reason: 'Unknown to the company' })).body.status).toBe(
    'REJECTED',
  );
  runs['authorisation-rejected'] = rejected.workflowId;

  const withdrawer = await newPerson(stack, 'replay');
  const withdrawn = await ask(withdrawer, (await newOperator(stack)).id);
  expect(
    (
      await call(
        stack.baseUrl,
        'DELETE',
        `/api/environments/production/roles/${withdrawn.id}`,
        undefined,
        withdrawer.auth,
      )
    ).body.status,
  ).toBe('WITHDRAWN');
  runs['authorisation-withdrawn'] = withdrawn.workflowId;

  runs['authorisation-assigned-questioned-answered-expired'] = await queueScenario();
  runs['authorisation-administrator-granted-removed-deleted'] = await rightsScenario();

  runs['authorisation-reminded-expired'] = (
    await ask(await newPerson(stack, 'replay'), (await newOperator(stack)).id)
  ).workflowId;

  const form = (name: string) => ({
    name,
    country: 'BE',
    street: 'Kaai 1',
    postcode: '8000',
    city: 'Brugge',
    confirmNotDuplicate: true,
    activities: [{ section: 'FLEGT', activityType: 'FLEGT_TIMBER_IMPORT' }],
    website: 'www.replay.example.be',
  });
  const creator = await newPerson(stack, 'replay');
  const created = (
    await call(
      stack.baseUrl,
      'POST',
      '/api/environments/production/operators',
      form('Replay Timber Approved'),
      creator.auth,
    )
  ).body;
  expect((await decide(ccaBe, created.operator.creationRequestId, { decision: 'APPROVE' })).body.status).toBe('VALID');
  expect((await decide(ccaBe, created.request.id, { decision: 'APPROVE' })).body.status).toBe('VALID');
  expect(
    (
      await call(
        stack.baseUrl,
        'DELETE',
        `/api/environments/production/roles/${created.request.id}`,
        undefined,
        creator.auth,
      )
    ).body.status,
  ).toBe('DELETED');
  runs['authorisation-new-operator-approved-deleted'] = created.request.workflowId;
  runs['operator-creation-approved'] = operatorCreationWorkflowId('production', created.operator.id);

  const refused = (
    await call(
      stack.baseUrl,
      'POST',
      '/api/environments/production/operators',
      form('Replay Timber Rejected'),
      await newPerson(stack, 'replay').then((p) => p.auth),
    )
  ).body;
  expect(
    (await decide(ccaBe, refused.operator.creationRequestId, { decision: 'REJECT', reason: 'Not a real company' })).body
      .status,
  ).toBe('REJECTED');
  runs['authorisation-new-operator-rejected'] = refused.request.workflowId;
  runs['operator-creation-rejected'] = operatorCreationWorkflowId('production', refused.operator.id);

  runs['operator-creation-expired'] = operatorCreationWorkflowId(
    'production',
    (
      await call(
        stack.baseUrl,
        'POST',
        '/api/environments/production/operators',
        form('Replay Timber Expired'),
        await newPerson(stack, 'replay').then((p) => p.auth),
      )
    ).body.operator.id,
  );

  for (const workflowId of Object.values(runs)) await stack.temporal.workflow.getHandle(workflowId).result();
  return runs;
}

test(`fresh runs of the main paths replay${RECORD ? ' (and are recorded into test/histories)' : ''}`, async () => {
  const runs = await runScenarios();
  for (const [name, workflowId] of Object.entries(runs)) {
    const raw = await stack.temporal.workflow.getHandle(workflowId).fetchHistory();
    const history = await decodePayloads(raw, stack.codec);
    const text = historyToText(history);
    await Worker.runReplayHistory({ workflowBundle: bundle() }, historyFromText(text), name);
    if (RECORD) {
      fs.mkdirSync(HISTORIES, { recursive: true });
      fs.writeFileSync(path.join(HISTORIES, `${name}.json`), `${text}\n`);
    }
  }
  expect(Object.keys(runs)).toHaveLength(12);
});
